"""Small widgets show mode is built from: labels that never resize their panel.

A show-mode label has a fixed number of lines: a text too long for its width is cut with an
ellipsis and the whole of it goes in the tooltip, so a long message never widens a column or
pushes the GO button (the layout stays where the caller's hands learned it).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QStyle, QStyleOption, QWidget


def panel(parent: QWidget | None = None) -> QFrame:
    frame = QFrame(parent)
    frame.setObjectName("panel")
    return frame


def label(text: str = "", name: str = "", parent: QWidget | None = None) -> QLabel:
    widget = QLabel(text, parent)
    if name:
        widget.setObjectName(name)
    return widget


class ElidedLabel(QLabel):
    """A label of `lines` lines whose size never depends on its text.

    `text()` is the whole text; each line is drawn cut to the width with "…", and the tooltip
    carries the whole text when something was cut.
    """

    def __init__(
        self,
        text: str = "",
        name: str = "",
        parent: QWidget | None = None,
        lines: int = 1,
        shrink: float = 1.0,
    ) -> None:
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self.lines = lines
        # The smallest share of its font a too-long text may be drawn in before it is cut: for a
        # text the caller must read whole (a hold's reason), not one whose end may go.
        self.shrink = shrink
        self.setTextFormat(Qt.TextFormat.PlainText)  # rich text costs 0.2 s on first use
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def setText(self, text: str) -> None:
        if text != self.text():
            super().setText(text)
            self.setToolTip(text if text else "")

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        height = self.fontMetrics().lineSpacing() * self.lines + margins.top() + margins.bottom()
        return QSize(40, height)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def heightForWidth(self, width: int) -> int:
        return self.sizeHint().height()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        self.drawFrame(painter)
        rect = self.contentsRect()
        font = self.drawn_font()
        metrics = QFontMetrics(font)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setFont(font)
        spacing = metrics.lineSpacing()
        texts = self.text().split("\n")[: self.lines]
        block = spacing * len(texts)
        top = rect.top() + max(0, (rect.height() - block) // 2)
        horizontal = self.alignment() & Qt.AlignmentFlag.AlignHorizontal_Mask
        for n, line in enumerate(texts):
            shown = metrics.elidedText(line, Qt.TextElideMode.ElideRight, rect.width())
            row = rect.adjusted(0, 0, 0, 0)
            row.setTop(top + n * spacing)
            row.setHeight(spacing)
            painter.drawText(row, int(horizontal | Qt.AlignmentFlag.AlignVCenter), shown)
        painter.end()

    def drawn_font(self) -> QFont:
        """The label's font, made smaller (down to `shrink` of it) while a line is too long."""
        font = self.font()
        lines, room = self.text().split("\n"), self.contentsRect().width()
        smaller, scale = QFont(font), 1.0
        while (
            scale > self.shrink
            and font.pointSizeF() > 0
            and max(QFontMetrics(smaller).horizontalAdvance(line) for line in lines) > room
        ):
            scale = max(self.shrink, scale - 0.05)
            smaller.setPointSizeF(font.pointSizeF() * scale)
        return smaller

    def is_cut(self) -> bool:
        """Whether some line does not fit, even made smaller (the tooltip has it whole)."""
        width = self.contentsRect().width()
        metrics = QFontMetrics(self.drawn_font())
        return any(metrics.horizontalAdvance(line) > width for line in self.text().split("\n"))


class ChipLabel(QLabel):
    """A framed label in a colour of its own (a department), drawn here rather than styled: a
    style sheet change re-polishes and re-lays out the panel, on every GO."""

    def __init__(self, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.colour = QColor()
        self.setContentsMargins(12, 4, 12, 4)

    def set_chip(self, text: str, colour: str) -> None:
        self.colour = QColor(colour)
        self.setText(text)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.text():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.colour)
        pen.setWidth(2)
        painter.setPen(pen)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 4, 4)
        painter.setFont(self.font())
        painter.drawText(self.contentsRect(), int(Qt.AlignmentFlag.AlignCenter), self.text())
        painter.end()
