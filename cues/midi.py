"""The MIDI cue: one or more MIDI messages, in mido's text form, to a MIDI destination.

Text form: `program_change channel=0 program=4`, several messages separated by `;`. Channels are
0-15 here, as mido writes them (people see 1-16 in the app).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

import mido

from cues.base import CueType, JSONDict
from cues.device import expand, is_command


def canonical(text: str) -> str:
    """The message in mido's own spelling, or ValueError naming what is wrong."""
    try:
        message = mido.Message.from_str(text.strip())
    except (ValueError, TypeError, LookupError) as exc:
        raise ValueError(f"{text.strip()!r} is not a MIDI message ({exc})") from None
    return str(mido.format_as_string(message, include_time=False))


@dataclass(frozen=True)
class MidiMessages:
    messages: tuple[str, ...]
    device_command: str = ""  # the `@device command ...` these messages were made from, if any

    def __post_init__(self) -> None:
        if not self.messages:
            raise ValueError("a MIDI cue needs at least one message, e.g. note_on note=60")
        object.__setattr__(self, "messages", tuple(canonical(m) for m in self.messages))

    @classmethod
    def parse(cls, text: str) -> Self:
        if is_command(text):
            made = expand(text, "midi")
            return cls(made.midi, made.command)
        return cls(tuple(part for part in text.split(";") if part.strip()))

    def text(self) -> str:
        return self.device_command or self.message_text()

    def message_text(self) -> str:
        """The messages themselves, even when the cue was written as a command."""
        return "; ".join(self.messages)

    def bytes(self) -> bytes:
        """The messages as they go on the wire, one after another."""
        return b"".join(bytes(mido.Message.from_str(m).bytes()) for m in self.messages)

    def to_json(self) -> JSONDict:
        data: JSONDict = {"messages": list(self.messages)}
        if self.device_command:
            data["device_command"] = self.device_command
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        messages = tuple(str(m) for m in data["messages"])
        return cls(messages, str(data.get("device_command", "")))


MIDI = CueType(
    name="midi",
    payload=MidiMessages,
    summary="Sends MIDI messages in mido's text form, several separated by `;`.",
    target="destination",
    sends=frozenset({"midi"}),
)
