"""The inspector's building blocks: the fields every cue has, and the editor of one cue.

An editor never writes: when a field is finished (Enter, leaving it, choosing from a list) it
builds the whole cue again. If anything is wrong, the reason appears under the field it belongs
to and nothing leaves the editor; if the cue is valid and changed, `edited` carries it to the
view, which writes it to the file as one undoable edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cues.base import COLOUR_NAMES, ContinueMode, Cue, CueError, CueType
from showdesk.errors import ShowdeskError
from showdesk.patch import parse_url, wrong_kind
from showdesk.timefmt import parse_seconds
from ui.edit.fields import ErrorLabel, FormRows, NoteLabel, notes_edit, seconds_text

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

    def numbers(self, but: str = "") -> list[Cue]:
        return [cue for cue in self.cues if cue.number and cue.id != but]


class PayloadEditor(QWidget):
    """The part of the inspector particular to one cue type. Subclasses fill `form`.

    `text()` is the payload as the sheet cell writes it (the type's own parser reads it back);
    `checks()` may name a sub-field that is wrong before the whole text is parsed.
    """

    changed = Signal()

    def __init__(self, kind: CueType, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.rows = FormRows(self.form)

    def set_payload(self, payload: Any) -> None:
        raise NotImplementedError

    def text(self) -> str:
        raise NotImplementedError

    def checks(self) -> dict[str, str]:
        """Sub-field -> reason, for what can be told apart before parsing (none by default)."""
        return {}

    def show_error(self, column: str, reason: str) -> bool:
        return self.rows.show(column, reason)

    def clear_errors(self) -> None:
        self.rows.clear()


class MessageLine(PayloadEditor):
    """A payload written as the text of its sheet cell: any text the type's parser accepts.

    Typed editors put fields beside it that write this text for you; a message one of them
    cannot show (a device profile's `@eos ...`, say) still edits here, as text.
    """

    line_label = ""  # the message row's label, when the type's column name would mislead

    def __init__(self, kind: CueType, parent: QWidget | None = None) -> None:
        super().__init__(kind, parent)
        self.line = QLineEdit()
        self.line.setObjectName("message")
        self.line.setPlaceholderText(kind.summary)
        self.rows.add(kind.column, self.line_label or kind.column.capitalize(), self.line)
        self.line.editingFinished.connect(self._typed)
        self._filling = False

    def set_payload(self, payload: Any) -> None:
        self.line.setText(payload.text())
        self.fill(payload)

    def text(self) -> str:
        return self.line.text()

    def fill(self, payload: Any) -> None:
        """Shows a parsed payload in the typed fields (none here)."""

    def compose(self) -> str | None:
        """The text the typed fields write, or None while they are not finished."""
        return None

    def _typed(self) -> None:
        try:
            payload = self.kind.parse(self.line.text())
        except CueError:
            payload = None
        if payload is not None:
            self._filling = True
            try:
                self.fill(payload)
            finally:
                self._filling = False
        self.changed.emit()

    def field_done(self) -> None:
        """A typed field was finished: write the message from the fields, then check it."""
        if self._filling:
            return
        text = self.compose()
        if text is not None:
            self.line.setText(text)
        self.changed.emit()


class NoPayload(PayloadEditor):
    """Memo, wait and the control cues: everything they mean is in the common fields."""

    def __init__(self, kind: CueType, parent: QWidget | None = None) -> None:
        super().__init__(kind, parent)
        self.hide()

    def set_payload(self, payload: Any) -> None:
        pass

    def text(self) -> str:
        return ""


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
        self.armed = QCheckBox("armed (a disarmed cue keeps its timing but does nothing)")
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


# Cue field name for each form column.
FIELD_OF = {
    "cue": "number", "name": "name", "target": "target", "pre_wait": "pre_wait",
    "duration": "duration", "post_wait": "post_wait", "continue": "continue_mode",
    "armed": "armed", "dept": "dept", "call": "call", "colour": "colour", "notes": "notes",
}  # fmt: skip


class CueEditor(QWidget):
    """The inspector of one cue: the common fields, then its type's own fields."""

    edited = Signal(object)  # a valid, changed Cue

    payload_class: Callable[[CueType], PayloadEditor] = MessageLine

    def __init__(self, cue: Cue, context: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cue = cue
        self.kind = cue.type
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{self.kind.name.upper()}</b> cue — {self.kind.summary}")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.general_error = ErrorLabel()
        self.general_error.setObjectName("error-general")
        layout.addWidget(self.general_error)
        self.common = CommonFields(context)
        self.common.show_kind(self.kind)
        self.payload = type(self).payload_class(self.kind)
        box = QGroupBox(f"{self.kind.name.upper()} {self.kind.column}")
        QVBoxLayout(box).addWidget(self.payload)
        layout.addWidget(box)
        if isinstance(self.payload, NoPayload):
            box.hide()
        cue_box = QGroupBox("Cue")
        QVBoxLayout(cue_box).addWidget(self.common)
        layout.addWidget(cue_box)
        layout.addStretch(1)
        self.common.fill(cue)
        self.payload.set_payload(cue.payload)
        self.common.committed.connect(lambda _: self.commit())
        self.payload.changed.connect(self.commit)

    def show_error(self, column: str, reason: str) -> None:
        """Shows a refusal beside its field (at the top when the form has no such field)."""
        if not (self.payload.show_error(column, reason) or self.common.rows.show(column, reason)):
            self.general_error.show_error(f"{column}: {reason}")

    def clear_errors(self) -> None:
        self.common.rows.clear()
        self.payload.clear_errors()
        self.general_error.show_error("")

    def build(self) -> Cue | None:
        """The cue the fields describe, or None after showing every reason it is not valid."""
        self.clear_errors()
        errors: dict[str, str] = dict(self.payload.checks())
        values: dict[str, Any] = {}
        for column, name in FIELD_OF.items():
            try:
                values[name] = self.common.value(column)
            except CueError as exc:
                errors[exc.field] = exc.reason
        if self.kind.target == "none":
            values["target"] = ""
        if self.kind.duration != "timed":
            values["duration"] = 0.0
        try:
            values["payload"] = self.kind.parse(self.payload.text())
        except CueError as exc:
            errors.setdefault(exc.field, exc.reason)
        dept = values.get("dept")
        if dept and dept != self.cue.dept:
            errors.setdefault("dept", self.common.check_dept(dept))
        number = values.get("number")
        if number and any(c.number == number for c in self.common.context.numbers(self.cue.id)):
            errors["cue"] = f"number {number} is already used by another cue"
        if "target" in values:
            problem = self.common.check_target(self.kind, values["target"], self.cue.id)
            if problem:
                errors["target"] = problem
        errors = {column: reason for column, reason in errors.items() if reason}
        if not errors:
            try:
                return replace(self.cue, **values)
            except CueError as exc:
                errors[exc.field] = exc.reason
        for column, reason in errors.items():
            self.show_error(column, reason)
        return None

    def commit(self) -> None:
        cue = self.build()
        if cue is not None and cue != self.cue:
            self.edited.emit(cue)

    def refresh(self, cue: Cue) -> None:
        """Shows the cue as the file now has it (after an edit, an undo, a reload)."""
        if cue == self.cue:
            return
        self.cue = cue
        self.clear_errors()
        self.common.show_kind(self.kind)
        self.common.fill(cue)
        self.payload.set_payload(cue.payload)


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
