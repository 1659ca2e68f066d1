"""Show mode's busiest tables drawn by the view itself, a row at a time.

Through Qt's item delegates every cell of a repaint costs about ten calls from Qt into the Python
model (the index's checks, then each role in turn), and a GO repaints the cue list and the log:
on a busy machine that was most of the window's time between Space and the row showing the cue
started. Drawn here, a row costs one look-up and a few paint calls, with the same look as the
delegates give (the same fill, text margins, elision, bold, grid and selection); the models keep
answering `data()` for tooltips, tests and anything else that asks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

TEXT_FLAGS = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine
ELISIONS_KEPT = 4096  # (text, room, bold) -> as shown; a long show scrolled through starts again

# A row's look: the item it shows, its fill (None: the table's own), whether it is bold, and
# what a cell of it shows, asked only for the columns in sight: (text, colour or None for the
# table's own).
RowLook = tuple[Any, QBrush | None, bool, Callable[[int], tuple[str, QColor | None]]]
# Drawn over a cell after its text (the cue list's progress bar): painter, item, column, cell.
Extra = Callable[[QPainter, Any, int, QRect], None]


class RowPainter:
    def __init__(self, view: QTableView) -> None:
        self.view = view
        self._elisions: dict[tuple[str, int, bool], str] = {}  # for these fonts:
        self._fonts: tuple[QFont, QFont] | None = None
        # The item delegates' text margin: the style's focus frame margin, and one more pixel.
        self.margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1

    def paint(
        self,
        area: QRect,
        look: Callable[[int], RowLook],
        bold: QFont,
        extra: Extra | None = None,
        over: Callable[[QPainter], None] | None = None,
    ) -> None:
        """Draws the rows that meet `area`, then `over` (the cue list's outline). The painter
        is ended whatever happens: one left open would break every later paint of the window
        (where a delegate's error cost one blank cell)."""
        painter = QPainter(self.view.viewport())
        try:
            self._rows(painter, area, look, bold, extra)
            if over is not None:
                over(painter)
        finally:
            painter.end()

    def _rows(
        self,
        painter: QPainter,
        area: QRect,
        look: Callable[[int], RowLook],
        bold: QFont,
        extra: Extra | None,
    ) -> None:
        view = self.view
        model = view.model()
        count = model.rowCount()
        first = view.rowAt(area.top())
        if first < 0:
            return  # below the last row: nothing but the table's own background
        last = view.rowAt(area.bottom())
        last = count - 1 if last < 0 else last  # (the rows from `first` on end in sight)
        columns = []
        for column in range(model.columnCount()):
            left, width = view.columnViewportPosition(column), view.columnWidth(column)
            visible = width > 0 and not view.isColumnHidden(column)
            if visible and left <= area.right() and left + width > area.left():
                columns.append((column, left, width))
        palette = view.palette()
        text = palette.color(QPalette.ColorRole.Text)
        fonts, metrics = (view.font(), bold), (view.fontMetrics(), QFontMetrics(bold))
        if fonts != self._fonts:  # the window was resized: its texts scale
            self._elisions.clear()
            self._fonts = fonts
        selection: QItemSelectionModel | None = view.selectionModel()
        if selection is not None and not selection.hasSelection():
            selection = None  # (asking each row costs more than drawing it)
        grid = self._grid()
        for row in range(first, last + 1):
            top, height = view.rowViewportPosition(row), view.rowHeight(row)
            item, fill, strong, cells = look(row)
            colour = None
            if selection is not None and selection.isRowSelected(row):
                fill = palette.brush(QPalette.ColorRole.Highlight)
                colour = palette.color(QPalette.ColorRole.HighlightedText)
            painter.setFont(fonts[strong])
            for column, left, width in columns:
                cell = QRect(left, top, width - 1, height - 1)  # the grid takes a pixel
                if fill is not None:
                    painter.fillRect(cell, fill)
                shown, own = cells(column)
                if shown:
                    painter.setPen(colour or own or text)
                    room = cell.adjusted(self.margin, 0, -self.margin, 0)
                    elided = self._elided(shown, room.width(), strong, metrics[strong])
                    painter.drawText(room, TEXT_FLAGS, elided)
                if extra is not None:
                    extra(painter, item, column, cell)
            painter.setPen(grid)
            painter.drawLine(area.left(), top + height - 1, area.right(), top + height - 1)
        bottom = min(area.bottom(), view.rowViewportPosition(last) + view.rowHeight(last) - 1)
        for _column, left, width in columns:
            painter.drawLine(left + width - 1, area.top(), left + width - 1, bottom)

    def _grid(self) -> QColor:
        """The grid's colour as the view's own painting takes it: the style's (the style
        sheet's `gridline-color`), so it follows a change of theme at once."""
        option = QStyleOptionViewItem()
        option.initFrom(self.view)
        hint = self.view.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option,
                                           self.view)  # fmt: skip
        return QColor.fromRgba(hint & 0xFFFFFFFF)

    def _elided(self, text: str, room: int, bold: bool, metrics: QFontMetrics) -> str:
        key = (text, room, bold)
        elided = self._elisions.get(key)
        if elided is None:
            if len(self._elisions) > ELISIONS_KEPT:
                self._elisions.clear()
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            self._elisions[key] = elided
        return elided
