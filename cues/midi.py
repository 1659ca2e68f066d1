"""The MIDI cue: one or more MIDI messages to a MIDI destination.

Text form (a sheet cell, the inspector, the log): mido's text form with MIDI channels as people,
consoles and QLab count them, 1-16: `program_change channel=1 program=4`, several messages
separated by `;`. A message without a channel is on channel 1. Stored form (`to_json`): mido's own
canonical text, channels 0-15 as mido and the wire count them (`program_change channel=0 ...`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from cues.base import CueType, JSONDict
from cues.device import expand, is_command

_CHANNEL = re.compile(r"(?<![\w=])channel=(\S*)")
CHANNELS = "MIDI channels are 1-16, as consoles and QLab count them"


def canonical(text: str) -> str:
    """The message in mido's own spelling (channels 0-15), or ValueError naming what is wrong."""
    # mido here, not with the module: every cue type is loaded with any show, and a show without
    # MIDI cues (in the app, the engine) need not import it (10-15 ms of each start).
    import mido

    _each_field_once(text)
    try:
        message = mido.Message.from_str(text.strip())
    except (ValueError, TypeError, LookupError) as exc:
        raise ValueError(f"{text.strip()!r} is not a MIDI message ({exc})") from None
    return str(mido.format_as_string(message, include_time=False))


def _each_field_once(text: str) -> None:
    keys = [word.partition("=")[0] for word in text.split() if "=" in word]
    for key in keys:  # mido keeps the last of `channel=1 channel=2` without a word
        if keys.count(key) > 1:
            raise ValueError(f"{text.strip()!r} gives {key} twice")


def from_people(text: str) -> str:
    """One message as people write it (channels 1-16) in mido's canonical form (0-15)."""
    _each_field_once(text)  # before the channels shift: the message quotes what was written

    def shift(match: re.Match[str]) -> str:
        word = match.group(1)
        if not (word.isdigit() and 1 <= int(word) <= 16):
            # A sheet written before channels counted from 1 says channel=0 for the first.
            hint = " (channel=1 is the first; add 1 to a sheet that counts from 0)"
            raise ValueError(f"{text.strip()!r}: {CHANNELS}, got channel={word}"
                             f"{hint if word == '0' else ''}")  # fmt: skip
        return f"channel={int(word) - 1}"

    mido_text = _CHANNEL.sub(shift, text)
    try:
        return canonical(mido_text)
    except ValueError as exc:  # quote what the person wrote, not the shifted text
        reason = str(exc).split(" is not a MIDI message ", 1)[-1]
        raise ValueError(f"{text.strip()!r} is not a MIDI message {reason}") from None


def to_people(message: str) -> str:
    """A message in mido's form (channels 0-15) as people read it (channels 1-16)."""
    return _CHANNEL.sub(lambda m: f"channel={int(m.group(1)) + 1}", message)


@dataclass(frozen=True)
class MidiMessages:
    messages: tuple[str, ...]  # mido's canonical text, channels 0-15
    device_command: str = ""  # the `@device command ...` these messages were made from, if any

    def __post_init__(self) -> None:
        if not self.messages:
            raise ValueError("a MIDI cue needs at least one message, e.g. note_on note=60")
        object.__setattr__(self, "messages", tuple(canonical(m) for m in self.messages))

    @classmethod
    def parse(cls, text: str) -> Self:
        """Messages as people write them (channels 1-16), or a device command."""
        if is_command(text):
            made = expand(text, "midi")
            return cls(made.midi, made.command)
        return cls(tuple(from_people(part) for part in text.split(";") if part.strip()))

    def text(self) -> str:
        return self.device_command or self.message_text()

    def message_text(self) -> str:
        """The messages themselves as people read them (channels 1-16), even when the cue was
        written as a command."""
        return "; ".join(to_people(m) for m in self.messages)

    def bytes(self) -> bytes:
        """The messages as they go on the wire, one after another."""
        import mido

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
    summary="Sends MIDI messages in mido's text form with channels 1-16, several separated by `;`.",
    target="destination",
    sends=frozenset({"midi"}),
)
