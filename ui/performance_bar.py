"""The performance at the right of the menu bar: its name, kind, scheduled start and caller,
changeable at any time from show mode (the report's header reads them).

A performance starts with the first GO or mark (the engine makes it, named from its kind and the
date); until then the bar says so, and what is chosen here is given to it as it starts.
Nothing here takes the keyboard for long: the name, the scheduled start and the caller are typed
in one line that closes on Return or Esc (or when it loses focus) and hands focus back, so the
next Space is a GO again; the kind is a menu, which lets Space and Esc through to show mode
(ui.menus.ShowKeys), and the menu also opens the line for the scheduled start and the caller.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
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
from showdesk.showfile import ShowFile

NOT_STARTED = "starts at first GO"
# What the line asks for each field it edits.
PROMPTS = {
    "name": "performance name; Return keeps it, Esc cancels",
    "scheduled": "scheduled start, HH:MM (empty: the show's usual curtain); Return keeps it",
    "called_by": "who calls the show; Return keeps it, Esc cancels",
}


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
        self.scheduled: float | None = None  # its own scheduled start (wall time)
        self.called_by = ""
        self.editing = "name"  # the field the line is open for
        self.wanted: dict[str, str] = {}  # chosen before the performance started, as typed
        self.name_button = QToolButton(self)
        self.name_button.setObjectName("performance-name")
        self.name_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.name_button.clicked.connect(self.open_name)
        self.name_button.setMaximumWidth(320)
        self.name_line = _NameLine(self)
        self.name_line.setObjectName("performance-name-line")
        self.name_line.hide()
        self.kind_button = QToolButton(self)
        self.kind_button.setObjectName("performance-kind")
        self.kind_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.kind_button.setToolTip(
            "what this run is (it is reported as such), its scheduled start and who calls it"
        )
        self.kind_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.kind_menu = QMenu(self.kind_button)
        if keys is not None:
            self.kind_menu.installEventFilter(keys)
        for kind in KINDS:
            self.kind_menu.addAction(kind).triggered.connect(
                lambda _=False, k=kind: self.set_kind(k)
            )
        self.kind_menu.addSeparator()
        self.scheduled_action = self.kind_menu.addAction("")
        self.scheduled_action.triggered.connect(lambda: self.open_later("scheduled"))
        self.called_by_action = self.kind_menu.addAction("")
        self.called_by_action.triggered.connect(lambda: self.open_later("called_by"))
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
            self.id, self.name, self.scheduled, self.called_by = None, "", None, ""
            self.kind = str(self.wanted.get("kind") or event.get("kind") or "rehearsal")
            self._show()
        elif kind == "performance":
            self.id = int(event["performance"])
            self.name, self.kind = str(event.get("name", "")), str(event.get("kind", ""))
            if self.wanted:
                wanted, self.wanted = self.wanted, {}
                self._write(wanted)
            self._show()

    # -- what the caller changes ------------------------------------------------------------

    def open_name(self) -> None:
        self.open_field("name")

    def open_later(self, field: str) -> None:
        """From the menu: the line opens once the menu has closed (else it takes the focus)."""
        QTimer.singleShot(0, lambda: self.open_field(field))

    def open_field(self, field: str) -> None:
        self.editing = field
        self.name_line.setPlaceholderText(PROMPTS[field])
        self.name_line.setText(self._current(field))
        self.name_button.hide()
        self.name_line.show()
        self.name_line.setFocus()
        self.name_line.selectAll()

    def close_name(self, keep: bool) -> None:
        typed = self.name_line.text().strip()
        self.name_line.hide()
        self.name_button.show()
        self.give_back()
        field = self.editing
        # A name cannot be emptied; a scheduled start or a caller can (back to none).
        if keep and (typed or field != "name") and typed != self._current(field):
            self.change(field, typed)

    def _current(self, field: str) -> str:
        """The field as the line shows it: what was chosen before the start, or the file's."""
        if field in self.wanted:
            return self.wanted[field]
        if field == "scheduled":
            return time.strftime("%H:%M", time.localtime(self.scheduled)) if self.scheduled else ""
        return str(getattr(self, field))

    def rename(self, name: str) -> None:
        self.change("name", name)

    def set_kind(self, kind: str) -> None:
        self.change("kind", kind)

    def change(self, field: str, value: str) -> None:
        """One field changed: written now, or kept for the performance's start, after the
        same check `showdesk performances --set` makes (its sentence when refused)."""
        if self.id is not None:
            self._write({field: value})
            return
        if field == "scheduled":
            # The report's package is imported on the first change, not with the window.
            from showdesk.report.details import parse_scheduled

            try:
                parse_scheduled(value, time.time())
            except ShowdeskError as exc:
                self.tell(f"the performance was not changed: {exc}", False)
                return
        self.wanted[field] = value
        if field == "kind":
            self.kind = value
        self._show()

    def _write(self, changes: dict[str, str]) -> None:
        assert self.id is not None
        from showdesk.report.details import set_details

        try:
            with ShowFile.open(self.path) as show:
                # Listed already: its GO or mark was logged with it, before it was announced.
                changed = set_details(show, str(self.id), changes)
        except ShowdeskError as exc:
            self.tell(f"the performance was not changed: {exc}", False)
            return
        self.name, self.kind = changed.name, changed.kind
        self.scheduled, self.called_by = changed.scheduled, changed.called_by
        self._show()

    def _show(self) -> None:
        self.kind_button.setText(f"{self.kind} ▾")
        scheduled, caller = self._current("scheduled"), self._current("called_by")
        self.scheduled_action.setText(f"Scheduled start: {scheduled or 'the usual curtain'}…")
        self.called_by_action.setText(f"Called by: {caller or 'nobody named'}…")
        said = [
            f"scheduled {scheduled}" if scheduled else "",
            f"called by {caller}" if caller else "",
        ]
        self.name_button.setToolTip(
            "the performance's name: click to change it"
            + "".join(f"; {part}" for part in said if part)
        )
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
