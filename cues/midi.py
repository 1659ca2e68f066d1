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

    def __post_init__(self) -> None:
        if not self.messages:
            raise ValueError("a MIDI cue needs at least one message, e.g. note_on note=60")
        object.__setattr__(self, "messages", tuple(canonical(m) for m in self.messages))

    @classmethod
    def parse(cls, text: str) -> Self:
        return cls(tuple(part for part in text.split(";") if part.strip()))

    def text(self) -> str:
        return "; ".join(self.messages)

    def bytes(self) -> bytes:
        """The messages as they go on the wire, one after another."""
        return b"".join(bytes(mido.Message.from_str(m).bytes()) for m in self.messages)

    def to_json(self) -> JSONDict:
        return {"messages": list(self.messages)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(tuple(str(m) for m in data["messages"]))


MIDI = CueType(
    name="midi",
    payload=MidiMessages,
    summary="Sends MIDI messages in mido's text form, several separated by `;`.",
    target="destination",
    sends=frozenset({"midi"}),
)
