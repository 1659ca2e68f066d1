"""The MIDI cue's inspector: one message a line, with channels 1-16 as people count them.

The stored text is mido's, with channels 0-15; this editor adds one going in and takes one off
coming out, so `note_on channel=1` here is what a console's MIDI channel 1 receives.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from cues.base import CueType
from cues.midi import MidiMessages
from ui.edit.editors.base import CueEditor, MessageLine
from ui.edit.fields import FocusOutFilter

_CHANNEL = re.compile(r"\bchannel=(\S+)")


def to_people(message: str) -> str:
    return _CHANNEL.sub(lambda m: f"channel={int(m.group(1)) + 1}", message)


def from_people(line: str) -> str:
    def shift(match: re.Match[str]) -> str:
        word = match.group(1)
        if not word.isdigit() or not 1 <= int(word) <= 16:
            raise ValueError(f"channel is 1 to 16, got {word!r}")
        return f"channel={int(word) - 1}"

    return _CHANNEL.sub(shift, line)


class MidiFields(MessageLine):
    line_label = "As stored (0-15)"

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
        try:
            return "; ".join(from_people(line) for line in self._lines())
        except ValueError:
            return None  # checks() names the line; the message is left as it was

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
