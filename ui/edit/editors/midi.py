"""The MIDI cue's inspector: one message a line, with channels 1-16 as people count them.

The message row above it is the same text as the sheet's cell (`;` between messages), also with
channels 1-16; a device command (`@sq scene scene=3`) is edited there.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from cues.base import CueType
from cues.midi import MidiMessages, from_people, to_people
from ui.edit.editors.base import CueEditor, MessageLine
from ui.edit.fields import FocusOutFilter


class MidiFields(MessageLine):
    def __init__(self, kind: CueType, parent: QWidget | None = None) -> None:
        super().__init__(kind, parent)
        self.messages = QPlainTextEdit()
        self.messages.setObjectName("messages")
        self.messages.setTabChangesFocus(True)
        self.messages.setFixedHeight(80)
        self.messages.setPlaceholderText(
            "one message a line, channels 1-16:\nprogram_change channel=1 program=4"
        )
        self._watch = FocusOutFilter(self.messages)
        self.messages.installEventFilter(self._watch)
        self._watch.left.connect(self.field_done)
        self.rows.add("messages", "Messages", self.messages)

    def fill(self, payload: Any) -> None:
        if isinstance(payload, MidiMessages):
            self.messages.setPlainText("\n".join(to_people(m) for m in payload.messages))

    def _lines(self) -> list[str]:
        return [line.strip() for line in self.messages.toPlainText().splitlines() if line.strip()]

    def compose(self) -> str | None:
        if self.checks():
            return None  # checks() names the line; the message is left as it was
        return "; ".join(self._lines())

    def show_error(self, column: str, reason: str) -> bool:
        # People edit the messages box, so the parser's reason belongs under it.
        return super().show_error("messages" if column == "message" else column, reason)

    def checks(self) -> dict[str, str]:
        for number, line in enumerate(self._lines(), start=1):
            try:
                from_people(line)
            except ValueError as exc:
                return {"messages": f"line {number}: {exc}"}
        return {}


class MidiEditor(CueEditor):
    payload_class = MidiFields
