"""Every write edit mode makes: to the show file at once, then onto the undo stack.

Each method writes one user action in one transaction and pushes one `FileEdit` whose undo and
redo apply that action's own change to the file as it is then (so what another writer did
meanwhile survives). A refused write raises ShowdeskError and pushes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QUndoStack

from cues.base import Cue
from showdesk.sheet import Sheet, import_sheet
from showdesk.showfile import Department, ShowFile
from ui.edit import ops
from ui.edit.commands import FileEdit

Landed = Callable[[str | None], None]  # told after an undo or redo: None, or why it failed


class Writes:
    def __init__(self, show: ShowFile, stack: QUndoStack, landed: Landed) -> None:
        self.show = show
        self.stack = stack
        self.landed = landed

    def _push(self, text: str, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        self.stack.push(FileEdit(text, undo, redo, self.landed))

    def cues(self, text: str, list_name: str, before: list[Cue], after: list[Cue]) -> None:
        """One edit of a cue list, from `before` (the file as it is) to `after`."""
        self.show.sync_cues(after, list_name)

        def write(old: list[Cue], new: list[Cue]) -> Callable[[], None]:
            def run() -> None:
                with self.show.transaction():
                    now = self.show.cues(list_name)
                    self.show.sync_cues(ops.rebase(now, old, new), list_name)

            return run

        self._push(text, write(after, before), write(before, after))

    def patch(self, text: str, patch: dict[str, str]) -> None:
        """The patch made exactly `patch` (undo and redo touch only the names this changed)."""
        before = self.show.patch()

        def write(old: dict[str, str], new: dict[str, str]) -> Callable[[], None]:
            def run() -> None:
                with self.show.transaction():
                    now = self.show.patch()
                    for name in old:
                        if name not in new and name in now:
                            self.show.remove_destination(name)
                    for name, url in new.items():
                        if old.get(name) != url:
                            self.show.set_destination(name, url)

            return run

        write(before, patch)()
        self._push(text, write(patch, before), write(before, patch))

    def departments(
        self, text: str, departments: list[Department], renames: dict[str, str]
    ) -> None:
        """The departments made exactly these; renamed codes carry their cues along."""
        before = self.show.departments()
        back = {new: old for old, new in renames.items()}
        self.show.set_departments(departments, renames)
        self._push(
            text,
            lambda: self.show.set_departments(before, back),
            lambda: self.show.set_departments(departments, renames),
        )

    def setting(self, key: str, value: Any) -> None:
        """One show setting changed (ShowdeskError, and nothing written, if it is refused)."""
        before = getattr(self.show.settings(), key)
        self.show.set_setting(key, value)
        self._push(
            f"change {key}",
            lambda: self.show.set_setting(key, before),
            lambda: self.show.set_setting(key, value),
        )

    def import_sheet(self, path: Path) -> Sheet:
        """A CSV sheet imported whole (SheetError listing every bad row, and nothing, if not)."""
        lists_before = {name: self.show.cues(name) for name in self.show.cue_lists()}
        depts_before = self.show.departments()
        sheet = import_sheet(self.show, path)
        lists_after = {name: self.show.cues(name) for name in sheet.lists}
        depts_after = self.show.departments()

        def write(
            old: dict[str, list[Cue]], new: dict[str, list[Cue]], depts: list[Department]
        ) -> Callable[[], None]:
            def run() -> None:
                with self.show.transaction():
                    for name in sheet.lists:
                        now = self.show.cues(name)
                        wanted = ops.rebase(now, old.get(name, []), new.get(name, []))
                        self.show.sync_cues(wanted, name)
                    self.show.set_departments(depts)

            return run

        self._push(
            f"import {path.name}",
            write(lists_after, lists_before, depts_before),
            write(lists_before, lists_after, depts_after),
        )
        return sheet
