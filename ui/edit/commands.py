"""Undo: one QUndoCommand per user action, holding the state before and after it.

The edit is written to the file *before* the command is pushed (so a refused edit never reaches
the stack); the push's first `redo()` therefore writes nothing. Undo and redo write the stored
state back with the same one-transaction methods, so the file follows the stack exactly.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from showdesk.errors import ShowdeskError

Write = Callable[[], None]


class FileEdit(QUndoCommand):
    """An edit already written; `undo` and `redo` write the before and after states."""

    def __init__(
        self,
        text: str,
        undo: Write,
        redo: Write,
        landed: Callable[[str | None], None],
    ) -> None:
        super().__init__(text)
        self._undo = undo
        self._redo = redo
        self._landed = landed
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._write(self._redo)

    def undo(self) -> None:
        self._write(self._undo)

    def _write(self, write: Write) -> None:
        # Qt calls this from C++: an exception would be printed, not seen. Report it in place.
        try:
            write()
        except ShowdeskError as exc:
            # The file changed under this step (another writer took a number, say): nothing
            # was written, and the step leaves the stack rather than claim a state it lacks.
            self.setObsolete(True)
            self._landed(f"could not {self.text()}: {exc}; that step is no longer undoable")
            return
        self._landed(None)
