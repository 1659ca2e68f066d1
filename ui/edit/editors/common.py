"""The fields every cue has (number, name, target, times ...), shared by both inspectors.

`CommonFields` reads each field into the value a `Cue` holds, or a CueError naming the field;
`EditContext` is what the fields need to know about the show (patch, departments, cues).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from cues.base import COLOUR_NAMES, ContinueMode, Cue, CueError, CueType
from showdesk.engine.broken import largest_packet
from showdesk.errors import ShowdeskError
from showdesk.patch import parse_url, size_problem, wrong_kind
from showdesk.timefmt import parse_seconds
from ui.edit.fields import FormRows, NoteLabel, notes_edit, seconds_text

TIME_FIELDS = ("pre_wait", "duration", "post_wait")
CONTINUE_LABELS = {
    ContinueMode.NONE: "no (wait for GO)",
    ContinueMode.AUTO_CONTINUE: "auto-continue (after post-wait)",
    ContinueMode.AUTO_FOLLOW: "auto-follow (when it ends)",
}


@dataclass
class EditContext:
    """What an editor needs to know about the show around the cue it edits."""

    patch: dict[str, str] = field(default_factory=dict)
    departments: list[str] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    midi_backend: str = ""  # the show's setting (the patch's MIDI port picker asks it)

    def numbers(self, but: str = "") -> list[Cue]:
        return [cue for cue in self.cues if cue.number and cue.id != but]


class CommonFields(QWidget):
    """The fields every cue has. `committed(column)` when one is finished."""

    committed = Signal(str)

    def __init__(self, context: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.rows = FormRows(form)
        self.number = self._line("cue", "Number")
        self.name = self._line("name", "Name")
        self.target = QComboBox()
        self.target.setEditable(True)
        self.target.setObjectName("target")
        self.rows.add("target", "Target", self.target)
        self.target_note = NoteLabel()
        form.addRow("", self.target_note)
        self.target.activated.connect(lambda _: self.committed.emit("target"))
        line = self.target.lineEdit()
        assert line is not None
        line.editingFinished.connect(lambda: self.committed.emit("target"))
        self.pre_wait = self._line("pre_wait", "Pre-wait")
        self.duration = self._line("duration", "Duration")
        self.post_wait = self._line("post_wait", "Post-wait")
        for edit in (self.pre_wait, self.duration, self.post_wait):
            edit.setPlaceholderText("0  (seconds, or 1:30)")
        self.continue_mode = QComboBox()
        self.continue_mode.setObjectName("continue")
        for mode, label in CONTINUE_LABELS.items():
            self.continue_mode.addItem(label, mode.value)
        self.rows.add("continue", "Continue", self.continue_mode)
        self.continue_mode.activated.connect(lambda _: self.committed.emit("continue"))
        self.armed = QCheckBox("armed")
        self.armed.setToolTip("a disarmed cue keeps its timing but does nothing")
        self.armed.setObjectName("armed")
        self.rows.add("armed", "Armed", self.armed)
        self.armed.clicked.connect(lambda _: self.committed.emit("armed"))
        self.dept = self._combo("dept", "Department", ["", *context.departments])
        self.call = self._line("call", "Call")
        self.colour = self._combo("colour", "Colour", ["", *COLOUR_NAMES])
        self.notes, watcher = notes_edit()
        self.notes.setObjectName("notes")
        self.rows.add("notes", "Notes", self.notes)
        watcher.left.connect(lambda: self.committed.emit("notes"))

    def _line(self, column: str, label: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(column)
        self.rows.add(column, label, edit)
        edit.editingFinished.connect(lambda: self.committed.emit(column))
        return edit

    def _combo(self, column: str, label: str, items: list[str]) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setObjectName(column)
        combo.addItems(items)
        self.rows.add(column, label, combo)
        combo.activated.connect(lambda _: self.committed.emit(column))
        line = combo.lineEdit()
        assert line is not None
        line.editingFinished.connect(lambda: self.committed.emit(column))
        return combo

    def show_kind(self, kind: CueType | None) -> None:
        """Shows only the fields this type uses (all of them for several types at once)."""
        self.rows.set_visible("target", kind is None or kind.target != "none")
        self.rows.set_visible("duration", kind is None or kind.duration == "timed")
        if kind is not None and kind.target == "cue":
            choices = [f"{cue.number}" for cue in self.context.numbers()]
        else:
            choices = list(self.context.patch)
        self.target.clear()
        self.target.addItems(["", *choices])

    def fill(self, cue: Cue) -> None:
        self.number.setText(cue.number)
        self.name.setText(cue.name)
        self.target.setCurrentText(cue.target)
        self.pre_wait.setText(seconds_text(cue.pre_wait))
        self.duration.setText(seconds_text(cue.duration))
        self.post_wait.setText(seconds_text(cue.post_wait))
        self.continue_mode.setCurrentIndex(self.continue_mode.findData(cue.continue_mode.value))
        self.armed.setChecked(cue.armed)
        self.dept.setCurrentText(cue.dept)
        self.call.setText(cue.call)
        self.colour.setCurrentText(cue.colour)
        self.notes.setPlainText(cue.notes)

    def value(self, column: str) -> Any:
        """The value of one field as the Cue holds it; CueError if it cannot be read."""
        if column in TIME_FIELDS:
            text = getattr(self, column).text().strip()
            try:
                return parse_seconds(text) if text else 0.0
            except ValueError as exc:
                raise CueError(column, str(exc)) from None
        if column == "continue":
            return ContinueMode(self.continue_mode.currentData())
        if column == "armed":
            return self.armed.isChecked()
        if column == "notes":
            return self.notes.toPlainText()
        if column == "cue":
            return self.number.text().strip()
        if column == "colour":
            return self.colour.currentText().strip().lower()
        widget = getattr(self, column)
        text = widget.currentText() if isinstance(widget, QComboBox) else widget.text()
        return str(text).strip()

    def check_dept(self, code: str) -> str:
        """Why a cue cannot be put in this department ("" when it can)."""
        if code in self.context.departments:
            return ""
        return f"{code} is not a department of this show; add it under Departments first"

    def check_target(self, kind: CueType, target: str, cue_id: str) -> str:
        """Why the target cannot be used (empty when it can); notes an unpatched destination."""
        self.target_note.show_error("")
        if kind.target == "cue":
            numbers = {cue.number for cue in self.context.numbers(but=cue_id)}
            if not target:
                return f"a {kind.name} cue needs the number of the cue it acts on"
            if target not in numbers:
                return f"there is no cue numbered {target!r} in this list"
        if kind.target == "destination" and target:
            url = self.context.patch.get(target)
            if url is None:
                self.target_note.show_error(
                    f"{target} is not in the patch yet: add it in Patch before the show"
                )
                return ""
            try:
                return wrong_kind(kind, target, parse_url(url))
            except ShowdeskError as exc:
                return str(exc)
        return ""

    def check_size(self, cue: Cue, target: str) -> str:
        """Why the cue's largest packet cannot go to `target` (a UDP datagram's limit), as
        `check` and the sheet import say it ("" when it can, or when the target says why not)."""
        url = self.context.patch.get(target) if cue.type.target == "destination" else None
        try:
            endpoint = parse_url(url) if url else None
        except ShowdeskError:
            return ""  # check_target refuses the destination itself
        return size_problem(endpoint, largest_packet(cue)) if endpoint else ""


# Cue field name for each form column.
FIELD_OF = {
    "cue": "number", "name": "name", "target": "target", "pre_wait": "pre_wait",
    "duration": "duration", "post_wait": "post_wait", "continue": "continue_mode",
    "armed": "armed", "dept": "dept", "call": "call", "colour": "colour", "notes": "notes",
}  # fmt: skip
