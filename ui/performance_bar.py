"""The performance at the right of the menu bar: its name and kind, changeable at any time from
show mode.

A performance starts with the first GO or mark (the engine makes it, named from its kind and the
date); until then the bar says so, and a name or kind chosen here is given to it as it starts.
Nothing here takes the keyboard for long: the name is typed in a line that closes on Return or
Esc (or when it loses focus) and hands focus back, so the next Space is a GO again; the kind is a
menu, which lets Space and Esc through to show mode (ui.menus.ShowKeys).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QToolButton,
    QWidget,
)

from showdesk.errors import ShowdeskError
from showdesk.notes import KINDS
from showdesk.report.details import set_details
from showdesk.showfile import ShowFile

NOT_STARTED = "starts at first GO"


class _NameLine(QLineEdit):
    def __init__(self, bar: PerformanceBar) -> None:
        super().__init__(bar)
        self.bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.bar.close_name(keep=False)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.bar.close_name(keep=True)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: Any) -> None:
        super().focusOutEvent(event)
        if self.isVisible():
            self.bar.close_name(keep=True)


class PerformanceBar(QWidget):
    """`path`: the show file; `give_back`: where focus goes after typing; `tell`: a message in
    place; `keys`: the filter that lets show-mode keys through a menu."""

    def __init__(
        self,
        path: Path,
        give_back: Callable[[], None],
        tell: Callable[[str, bool], None],
        keys: QObject | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.give_back = give_back
        self.tell = tell
        self.id: int | None = None
        self.name = ""
        self.kind = "rehearsal"
        self.wanted: dict[str, str] = {}  # chosen before the performance started
        self.name_button = QToolButton(self)
        self.name_button.setObjectName("performance-name")
        self.name_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.name_button.setToolTip("the performance's name: click to change it")
        self.name_button.clicked.connect(self.open_name)
        self.name_button.setMaximumWidth(320)
        self.name_line = _NameLine(self)
        self.name_line.setObjectName("performance-name-line")
        self.name_line.setPlaceholderText("performance name; Return keeps it, Esc cancels")
        self.name_line.hide()
        self.kind_button = QToolButton(self)
        self.kind_button.setObjectName("performance-kind")
        self.kind_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.kind_button.setToolTip("what this run is: it is reported as such")
        self.kind_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.kind_menu = QMenu(self.kind_button)
        if keys is not None:
            self.kind_menu.installEventFilter(keys)
        for kind in KINDS:
            self.kind_menu.addAction(kind).triggered.connect(
                lambda _=False, k=kind: self.set_kind(k)
            )
        self.kind_button.setMenu(self.kind_menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        label = QLabel("Performance:")
        label.setObjectName("dim")
        layout.addWidget(label)
        layout.addWidget(self.kind_button)
        layout.addWidget(self.name_button)
        layout.addWidget(self.name_line)
        self._show()

    # -- what the engine says --------------------------------------------------------------

    def apply(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "ready":
            self.id, self.name = None, ""
            self.kind = str(self.wanted.get("kind") or event.get("kind") or "rehearsal")
            self._show()
        elif kind == "performance":
            self.id = int(event["performance"])
            self.name, self.kind = str(event.get("name", "")), str(event.get("kind", ""))
            if self.wanted:
                wanted, self.wanted = self.wanted, {}
                self._write(wanted.get("name"), wanted.get("kind"))
            self._show()

    # -- what the caller changes ------------------------------------------------------------

    def open_name(self) -> None:
        self.name_line.setText(self.wanted.get("name") or self.name)
        self.name_button.hide()
        self.name_line.show()
        self.name_line.setFocus()
        self.name_line.selectAll()

    def close_name(self, keep: bool) -> None:
        typed = self.name_line.text().strip()
        self.name_line.hide()
        self.name_button.show()
        self.give_back()
        if keep and typed and typed != (self.wanted.get("name") or self.name):
            self.rename(typed)

    def rename(self, name: str) -> None:
        if self.id is None:
            self.wanted["name"] = name
            self._show()
        else:
            self._write(name, None)

    def set_kind(self, kind: str) -> None:
        if self.id is None:
            self.wanted["kind"] = kind
            self.kind = kind
            self._show()
        else:
            self._write(None, kind)

    def _write(self, name: str | None, kind: str | None) -> None:
        assert self.id is not None
        try:
            changes = {k: v for k, v in (("name", name), ("kind", kind)) if v is not None}
            with ShowFile.open(self.path) as show:
                # Listed already: its GO or mark was logged with it, before it was announced.
                changed = set_details(show, str(self.id), changes)
        except ShowdeskError as exc:
            self.tell(f"the performance was not changed: {exc}", False)
            return
        self.name, self.kind = changed.name, changed.kind
        self._show()

    def _show(self) -> None:
        self.kind_button.setText(f"{self.kind} ▾")
        if self.id is None:
            named = self.wanted.get("name")
            self.name_button.setText(f"{named} ({NOT_STARTED})" if named else NOT_STARTED)
        else:
            self.name_button.setText(self.name)
        # The menu bar lays its corner out at its minimum: keep the name whole (up to a point).
        self.name_button.setMinimumWidth(min(self.name_button.sizeHint().width(), 320))
        if isinstance(self.parentWidget(), QMenuBar) and self.isVisible():
            self.hide()  # a menu bar lays its corner out again when the corner is shown
            self.show()
