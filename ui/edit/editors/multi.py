"""The inspector for several cues at once: a field finished here is set on all of them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cues.base import Cue, CueError
from ui.edit.editors.common import FIELD_OF, CommonFields, EditContext


class MultiEditor(QWidget):
    """Several cues at once: a field finished here is set on every selected cue."""

    field_edited = Signal(str, object)  # Cue field name, value

    def __init__(self, cues: list[Cue], context: EditContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.cues = cues
        layout = QVBoxLayout(self)
        kinds = {cue.type.name for cue in cues}
        title = QLabel(
            f"<b>{len(cues)} cues selected</b> ({', '.join(sorted(kinds))}): a field you "
            "change here is set on all of them; blank fields differ between them."
        )
        title.setWordWrap(True)
        layout.addWidget(title)
        self.common = CommonFields(context)
        # Show a field only when every selected cue has it (a duration for timed cues only).
        shapes = {(cue.type.target, cue.type.duration) for cue in cues}
        self.common.show_kind(cues[0].type if len(shapes) == 1 else None)
        if len(shapes) > 1:
            self.common.rows.set_visible("target", all(t != "none" for t, _ in shapes)
                                         and len({t for t, _ in shapes}) == 1)  # fmt: skip
            self.common.rows.set_visible("duration", all(d == "timed" for _, d in shapes))
        self.common.rows.set_visible("cue", False)  # numbers are set with Renumber
        layout.addWidget(self.common)
        layout.addStretch(1)
        self._fill_shared()
        self.common.committed.connect(self._committed)

    def _fill_shared(self) -> None:
        first = self.cues[0]
        shared = {
            name
            for name in FIELD_OF.values()
            if all(getattr(cue, name) == getattr(first, name) for cue in self.cues)
        }
        self.common.fill(first)
        for column, name in FIELD_OF.items():
            if name in shared or column in ("armed", "continue"):
                continue
            widget = getattr(self.common, "number" if column == "cue" else column)
            if isinstance(widget, QComboBox):
                widget.setCurrentText("")
            elif isinstance(widget, QLineEdit):
                widget.setText("")
                widget.setPlaceholderText("(differs)")
            else:
                widget.setPlainText("")
        self._shown = {column: self._raw(column) for column in FIELD_OF}

    def _raw(self, column: str) -> Any:
        try:
            return self.common.value(column)
        except CueError:
            return None

    def _committed(self, column: str) -> None:
        self.common.rows.show(column, "")
        try:
            value = self.common.value(column)
        except CueError as exc:
            self.common.rows.show(column, exc.reason)
            return
        if value == self._shown.get(column):
            return  # untouched (a mixed field left blank stays mixed)
        if column == "dept" and value and (problem := self.common.check_dept(value)):
            self.common.rows.show(column, problem)
            return
        if column == "target":
            for cue in self.cues:
                if problem := self.common.check_target(cue.type, value, cue.id):
                    self.common.rows.show(column, f"{cue.label}: {problem}")
                    return
        self.field_edited.emit(FIELD_OF[column], value)

    @property
    def ids(self) -> set[str]:
        return {cue.id for cue in self.cues}

    def refresh(self, cues: list[Cue]) -> None:
        """Shows the cues as the file now has them."""
        if cues == self.cues:
            return
        self.cues = cues
        self.common.rows.clear()
        self._fill_shared()

    def show_error(self, column: str, reason: str) -> None:
        if not self.common.rows.show(column, reason):
            self.common.rows.show("name", f"{column}: {reason}")
