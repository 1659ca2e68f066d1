"""The edit table's columns: which are shown (right-click a heading to hide or show one; the
choice is remembered), and widths that fit the table's width, so nothing scrolls sideways.

The short columns are as wide as their contents (measured on the rows in view and 100 more);
Name, Message, Call and Notes share what is left (Name the most), each cut short with its whole
text in a tooltip. The table never scrolls sideways: the cue number stays in view.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from ui.edit.model import COLUMNS, HIDDEN_AT_FIRST, HIDEABLE, STRETCH
from ui.prefs import remember, text_list

SETTING = "edit/hidden-columns"
NAMES = [name for name, _ in COLUMNS]
SHARES = {"name": 3.0, "message": 2.0, "call": 1.5, "notes": 2.0}  # of the width left over
NARROWEST = 48


def hidden_columns() -> list[str]:
    return [name for name in text_list(SETTING, list(HIDDEN_AT_FIRST)) if name in HIDEABLE]


class Columns(QObject):
    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(36)
        header.setResizeContentsPrecision(100)  # a 1000-cue show measured whole took 0.5 s
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.viewport().installEventFilter(self)  # a new width: share it out again
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._menu)
        for name in hidden_columns():
            table.setColumnHidden(NAMES.index(name), True)

    def fit(self) -> None:
        """The short columns as wide as their contents; the long ones share the rest."""
        for index, name in enumerate(NAMES):
            if name not in STRETCH and not self.table.isColumnHidden(index):
                self.table.resizeColumnToContents(index)
        self.spread()

    def spread(self) -> None:
        """Shares the width the short columns leave among the long ones, by SHARES."""
        shown = [(i, n) for i, n in enumerate(NAMES) if not self.table.isColumnHidden(i)]
        fixed = sum(self.table.columnWidth(i) for i, n in shown if n not in STRETCH)
        long = [(i, n) for i, n in shown if n in STRETCH]
        if not long:
            return
        left = self.table.viewport().width() - fixed
        total = sum(SHARES[n] for _, n in long)
        widths = [max(NARROWEST, int(left * SHARES[n] / total)) for _, n in long]
        widths[0] += max(0, left - sum(widths))  # what rounding left over goes to Name
        for (index, _), width in zip(long, widths, strict=True):
            self.table.setColumnWidth(index, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.spread()
        return False

    def set_shown(self, name: str, shown: bool) -> None:
        self.table.setColumnHidden(NAMES.index(name), not shown)
        hidden = [n for n in HIDEABLE if self.table.isColumnHidden(NAMES.index(n))]
        remember(SETTING, hidden or "")
        self.fit()

    def _menu(self, where: QPoint) -> None:
        menu = QMenu(self.table)
        for name, heading in COLUMNS:
            if name not in HIDEABLE:
                continue
            action = menu.addAction(heading)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(NAMES.index(name)))
            action.toggled.connect(lambda on, n=name: self.set_shown(n, on))
        menu.popup(self.table.horizontalHeader().mapToGlobal(where))
