"""The inspector of one cue: its type's own fields (a payload editor) and the common fields.

An editor never writes: when a field is finished (Enter, leaving it, choosing from a list) it
builds the whole cue again. If anything is wrong, the reason appears under the field it belongs
to and nothing leaves the editor; if the cue is valid and changed, `edited` carries it to the
view, which writes it to the file as one undoable edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cues.base import Cue, CueError, CueType
from ui.edit.editors.common import FIELD_OF, CommonFields, EditContext
from ui.edit.fields import ErrorLabel, FormRows

__all__ = ["CueEditor", "EditContext", "MessageLine", "NoPayload", "PayloadEditor"]


class PayloadEditor(QWidget):
    """The part of the inspector particular to one cue type. Subclasses fill `form`.

    `text()` is the payload as the sheet cell writes it (the type's own parser reads it back);
    `checks()` may name a sub-field that is wrong before the whole text is parsed.
    """

    changed = Signal()
    # The field that bounds, with the cue's duration, how much the cue sends (a fade's rate):
    # a rate too high for the duration is refused under it when it was the field just edited.
    duration_bound = ""

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

    def _line(self, column: str, label: str, placeholder: str) -> QLineEdit:
        """A typed text field, in a row of its own, that writes the message when finished."""
        edit = QLineEdit()
        edit.setObjectName(column)
        edit.setPlaceholderText(placeholder)
        edit.editingFinished.connect(self.field_done)
        self.rows.add(column, label, edit)
        return edit

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
        self.payload_edited = False  # whether the last finished field was the payload's
        self.common.committed.connect(lambda _: self.commit(payload=False))
        self.payload.changed.connect(lambda: self.commit(payload=True))

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
        checks = self.payload.checks()
        errors: dict[str, str] = dict(checks)
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
            if not checks:  # else a typed field already says why, under itself
                errors[exc.field] = exc.reason
        else:
            errors.update(self._sends_problem(values))
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
                cue = replace(self.cue, **values)
            except CueError as exc:
                errors[exc.field] = exc.reason
            else:
                if not (problem := self._size_problem(cue)):
                    return cue
                # Under the field that made it too big: the message, or the target just chosen.
                errors[self.kind.column if cue.payload != self.cue.payload else "target"] = problem
        for column, reason in errors.items():
            self.show_error(column, reason)
        return None

    def _sends_problem(self, values: dict[str, Any]) -> dict[str, str]:
        """A payload bounded by its duration (a fade's values): the field to refuse it under."""
        check = getattr(values["payload"], "check_duration", None)
        if check is None or "duration" not in values:
            return {}
        try:
            check(values["duration"])
        except ValueError as exc:
            bound = self.payload.duration_bound
            return {bound if bound and self.payload_edited else "duration": str(exc)}
        return {}

    def _size_problem(self, cue: Cue) -> str:
        """A message too big for its destination, when this edit made it so: a cue already
        too big (its destination re-patched) still takes a new name; `check` names it."""
        if (cue.payload, cue.target) == (self.cue.payload, self.cue.target):
            return ""
        return self.common.check_size(cue, cue.target)

    def commit(self, payload: bool = False) -> None:
        self.payload_edited = payload
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
