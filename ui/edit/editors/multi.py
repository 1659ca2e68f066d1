"""The inspector for several cues at once: a field finished here is set on all of them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cues.base import Cue, CueError
from ui.edit.editors.common import FIELD_OF, CommonFields, EditContext

DIFFERS = "(differs)"


def _differs_item(combo: QComboBox, differs: bool) -> None:
    """A choice list's first item reads "(differs)" (and is chosen) while the cues differ."""
    has = combo.count() > 0 and combo.itemData(0) is None
    if differs and not has:
        combo.insertItem(0, DIFFERS, None)
    elif not differs and has:
        combo.removeItem(0)
    if differs:
        combo.setCurrentIndex(0)


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
            "change here is set on all of them, and only that field; (differs) marks a field "
            "whose value is not the same on all of them."
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
        """Shows each field's value where every cue has the same, and "(differs)" where not."""
        first = self.cues[0]
        shared = {
            name
            for name in FIELD_OF.values()
            if all(getattr(cue, name) == getattr(first, name) for cue in self.cues)
        }
        common = self.common
        common.fill(first)
        for column, name in FIELD_OF.items():
            attribute = {"cue": "number", "continue": "continue_mode"}.get(column, column)
            widget = getattr(common, attribute)
            differs = name not in shared
            if column == "continue":
                _differs_item(widget, differs)
            elif column == "armed":
                widget.setTristate(differs)
                if differs:
                    widget.setCheckState(Qt.CheckState.PartiallyChecked)
            elif isinstance(widget, QComboBox):
                line = widget.lineEdit()
                if line is not None:
                    line.setPlaceholderText(DIFFERS if differs else "")
                if differs:
                    widget.setCurrentText("")
            elif isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setPlaceholderText(DIFFERS if differs else "")
                if differs:
                    widget.clear()
        self._shown = {column: self._raw(column) for column in FIELD_OF}

    def _raw(self, column: str) -> Any:
        """A field's value, or None while it still shows "(differs)" (untouched)."""
        if column == "continue" and self.common.continue_mode.currentData() is None:
            return None
        if column == "armed" and self.common.armed.checkState() == Qt.CheckState.PartiallyChecked:
            return None
        try:
            return self.common.value(column)
        except CueError:
            return None

    def _committed(self, column: str) -> None:
        self.common.rows.show(column, "")
        if self._raw(column) is None and column in ("continue", "armed"):
            return  # still "(differs)": nothing to set
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
                common = self.common
                if problem := (common.check_target(cue.type, value, cue.id)
                               or common.check_size(cue, value)):  # fmt: skip
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
