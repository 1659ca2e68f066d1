"""The cue list in show mode: read-only, the standby row the one strong highlight, the cues after
it kept in view.

A clicked row gets a thin outline, not a fill: a selection must never look like the cue standing
by, nor hide a running row's colour. The caller's current row follows the playhead, so after a GO
the outline is not left on a cue that has gone.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from cues.base import Cue
from ui.models import CueTableModel
from ui.row_paint import RowLook, RowPainter
from ui.theme import Theme

COLUMN_PADDING = 10  # px beside the widest text of a fixed column
LOOK_AHEAD = 3  # cues after the standby row that stay in view
OPTIONAL = (6, 7, 8, 9)  # Pre, Dur, Post, Cont.: shown when some cue of the show has one
# Given up, in this order, while the name column would be narrower than NAME_ROOM characters
# (a narrow window, or the doctor panel beside the show): the running panel shows a cue's
# progress, and the Type is the least a caller reads out.
SPARED = (10, 4)  # Progress, Type
NAME_ROOM = 14
# What a fixed column's text is made from, by column: cues alike in it read the same there.
_RAW: dict[int, Callable[[Cue], object]] = {
    3: lambda cue: cue.dept,
    4: lambda cue: cue.type.name,
    6: lambda cue: cue.pre_wait,
    7: lambda cue: cue.duration,
    8: lambda cue: cue.post_wait,
    9: lambda cue: cue.continue_mode,
}
STATE_TEXTS = ("► STANDBY", "◕ post-wait", "⊘ DISARMED", "⚠ BROKEN", "❚❚ paused", "↘ stopping")


class CueTable(QTableView):
    def __init__(self, model: CueTableModel, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.setModel(model)
        self.cue_model = model
        # No selection fill at all: the current row is outlined in paintEvent.
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAutoScroll(False)  # the view scrolls to the playhead itself (follow)
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setMinimumSectionSize(24)
        self.setColumnHidden(5, True)  # the destination: the rig strip shows them
        self._widths: dict[int, int] = {}  # each fixed column's fitted width
        self._texts: dict[int, set[str]] | None = None  # what each fixed column can show
        self._rows = RowPainter(self)
        model.modelReset.connect(self._cues_changed)
        self.set_scale(1.0)

    def set_scale(self, scale: float) -> None:
        """Row height and column widths for the table's font (it scales with the window)."""
        self.cue_model.set_bold(self.font())
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.fit_columns()

    def _cues_changed(self) -> None:
        self._texts = None
        self.fit_columns()

    def column_texts(self) -> dict[int, set[str]]:
        """The texts each fixed column can show for this show, once per load (not again for
        each font size). Only one cue of each distinct value is formatted: formatting every
        cell of a 5,000-cue show took 30-60 ms of the window's start."""
        if self._texts is None:
            model, cues = self.cue_model, self.cue_model.cues
            texts: dict[int, set[str]] = {}
            for column, value in _RAW.items():
                ones = {value(cue): cue for cue in cues}  # one cue of each distinct value
                texts[column] = {model.display(cue, column) for cue in ones.values()}
            # Thousands of cue numbers: only the longest few can be the widest.
            numbers = sorted(cues, key=lambda cue: len(cue.number) + 2 * bool(cue.parent))
            texts[1] = {model.display(cue, 1) for cue in numbers[-20:]}
            longest = max((cue.number for cue in cues), key=len, default="")
            texts[0] = set(STATE_TEXTS)
            texts[10] = {f"0:00.0 → {longest}"}
            self._texts = texts
        return self._texts

    def fit_columns(self) -> None:
        """Each column as wide as the widest text it can show for this show, in bold (the
        standby row's), so that row is cut nowhere; the name column takes what is left."""
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        model = self.cue_model
        for column, shown in self.column_texts().items():
            heading = str(model.headerData(column, Qt.Orientation.Horizontal, 0))
            width = max(metrics.horizontalAdvance(text) for text in [heading, *shown])
            # The item's own margins are 6 px; 4 more keeps the bold text clear of the grid.
            # (More went to waste: at 1366x768 the standby row's name was cut to "Break mu…".)
            self.setColumnWidth(column, width + COLUMN_PADDING)
            self._widths[column] = width + COLUMN_PADDING  # (a hidden column's width reads 0)
            if column in OPTIONAL:  # a time no cue of this show has: its room goes to the name
                self.setColumnHidden(column, shown <= {""})
        self._make_room()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._make_room()

    def _make_room(self) -> None:
        """Hides the SPARED columns, in order, while the names would be cut short."""
        wanted = self.fontMetrics().averageCharWidth() * NAME_ROOM
        fixed = sum(
            self.columnWidth(c)
            for c in range(self.cue_model.columnCount())
            if c != 2 and c not in SPARED and not self.isColumnHidden(c)
        )
        room = self.viewport().width() - fixed
        for column in reversed(SPARED):  # the last given up is the first kept
            keep = room - self._widths.get(column, 0) >= wanted
            self.setColumnHidden(column, not keep)
            if keep:
                self.setColumnWidth(column, self._widths.get(column, 0))
                room -= self._widths.get(column, 0)

    # -- the playhead ----------------------------------------------------------------------

    def follow(self, row: int) -> None:
        """Keeps the standby row and the LOOK_AHEAD cues after it in view, with the cue before
        it (the one just gone) above it when there is room."""
        count = self.cue_model.rowCount()
        if not 0 <= row < count:
            return
        first, last = self._fully_visible()
        wanted = min(row + LOOK_AHEAD, count - 1)
        if first < 0 or row - 1 < first or wanted > last:
            self.scrollTo(self.cue_model.index(max(0, row - 1), 0),
                          QAbstractItemView.ScrollHint.PositionAtTop)  # fmt: skip
        old = self.currentIndex().row()
        self.selectionModel().setCurrentIndex(
            self.cue_model.index(row, 1), self.selectionModel().SelectionFlag.NoUpdate
        )
        self._update_rows(old, row)

    def _fully_visible(self) -> tuple[int, int]:
        height = self.viewport().height()
        first = self.rowAt(0)
        if first >= 0 and self.rowViewportPosition(first) < 0:
            first += 1
        last = self.rowAt(height - 1)
        if last < 0:
            last = self.cue_model.rowCount() - 1
        elif self.rowViewportPosition(last) + self.rowHeight(last) > height:
            last -= 1
        return first, last

    # -- the outline -----------------------------------------------------------------------

    def currentChanged(
        self,
        current: QModelIndex | QPersistentModelIndex,
        previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().currentChanged(current, previous)
        self._update_rows(previous.row(), current.row())

    def _update_rows(self, *rows: int) -> None:
        for row in rows:
            if row >= 0:
                top = self.rowViewportPosition(row)
                self.viewport().update(0, top - 2, self.viewport().width(), self.rowHeight(row) + 4)

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        self._rows.paint(event.rect(), self._look, self.cue_model.bold_font(), self._progress,
                         self._outline)  # fmt: skip

    def _look(self, row: int) -> RowLook:
        model = self.cue_model
        cue = model.cues[row]

        def cell(column: int) -> tuple[str, QColor | None]:
            brush = model.foreground(cue, column)
            return model.display(cue, column), None if brush is None else brush.color()

        return cue, model.background(cue), cue.id == model.playhead, cell

    def _progress(self, painter: QPainter, cue: Cue, column: int, cell: QRect) -> None:
        """The Progress column's bar, under its text (the text carries the meaning)."""
        if column == self.cue_model.PROGRESS:
            fraction = self.cue_model.fraction(cue, time.perf_counter())
            if fraction is not None:
                bar = QRect(cell.x(), cell.bottom() - 4, int(cell.width() * fraction), 5)
                painter.fillRect(bar, QColor(self.theme.ok))

    def _outline(self, painter: QPainter) -> None:
        """The current row's thin outline (the selection in show mode)."""
        row = self.currentIndex().row()
        if row < 0:
            return
        top = self.rowViewportPosition(row)
        if top + self.rowHeight(row) < 0 or top > self.viewport().height():
            return
        pen = QPen(QColor(self.theme.accent))
        pen.setWidth(2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(1, top + 1, self.viewport().width() - 3, self.rowHeight(row) - 2)
