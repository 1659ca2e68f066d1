"""The MIDI trigger map: a note, a controller or a program change on a channel does a command.

Stored in the show's `midi_triggers` setting as a JSON list, one object a trigger:
`{"message": "note", "channel": 1, "number": 60, "action": "go"}`, `"cue": "12"` for an action on
one cue. Channels are 1-16, as people count them (the bytes carry 0-15). What fires:

- `note`: a note-on with a velocity above 0 (a note-on at velocity 0 is a note-off);
- `cc`: a control change to 64 or more (a pedal or button press; its release sends 0);
- `program`: a program change to that number.

Actions: `go` (the cue standing by, or with `cue`, that cue: `go N`), `start` (needs `cue`),
`stop`, `pause`, `resume` (everything, or with `cue`, that cue) and `panic`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from showdesk.errors import ShowFileError

MESSAGES = {"note": 0x90, "cc": 0xB0, "program": 0xC0}
ACTIONS = ("go", "start", "stop", "pause", "resume", "panic")
_NAMES = {"note": "note", "cc": "CC", "program": "program change"}
_NEEDS_CUE = {"start"}
_TAKES_CUE = {"go", "start", "stop", "pause", "resume"}


@dataclass(frozen=True)
class Trigger:
    message: str  # note | cc | program
    channel: int  # 1-16
    number: int  # the note, controller or program, 0-127
    action: str
    cue: str = ""

    def __post_init__(self) -> None:
        if self.message not in MESSAGES:
            raise ValueError(f"a trigger's message is note, cc or program, not {self.message!r}")
        for name, low, high in (("channel", 1, 16), ("number", 0, 127)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValueError(f"a trigger's {name} is {low}-{high}, not {value!r}")
        if self.action not in ACTIONS:
            raise ValueError(f"a trigger's action is one of {', '.join(ACTIONS)}, "
                             f"not {self.action!r}")  # fmt: skip
        if not isinstance(self.cue, str) or any(ch.isspace() for ch in self.cue):
            raise ValueError(f"a trigger's cue is one cue number, not {self.cue!r}")
        if self.action in _NEEDS_CUE and not self.cue:
            raise ValueError(f"a {self.action} trigger needs the cue it starts")
        if self.cue and self.action not in _TAKES_CUE:
            raise ValueError(f"a {self.action} trigger takes no cue")

    @property
    def key(self) -> tuple[int, int]:
        """(status byte, number): what an incoming message is looked up by."""
        return MESSAGES[self.message] | (self.channel - 1), self.number

    def command(self) -> str:
        """The engine command line it does."""
        return f"{self.action} {self.cue}".strip()

    def text(self) -> str:
        """For people: `note 60, channel 1 → go 12`."""
        return f"{self.heard()} → {self.command()}"

    def heard(self) -> str:
        return f"{_NAMES[self.message]} {self.number}, channel {self.channel}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.cue:
            del data["cue"]
        return data

    @classmethod
    def from_json(cls, data: Any) -> Trigger:
        if not isinstance(data, dict):
            raise ValueError(f"a trigger is an object, not {data!r}")
        known = {"message", "channel", "number", "action", "cue"}
        if extra := sorted(set(data) - known):
            raise ValueError(f"a trigger has no {', '.join(map(str, extra))}")
        missing = sorted(k for k in known - {"cue"} if k not in data)
        if missing:
            raise ValueError(f"a trigger needs {', '.join(missing)}")
        return cls(**data)


def heard(message: bytes) -> Trigger | None:
    """What a trigger for this message would listen to (the action left as `go`), or None for
    messages a trigger cannot be: Learn fills a row of the map from it."""
    if len(message) < 2:
        return None
    status, kind = message[0], message[0] & 0xF0
    name = {0x90: "note", 0xB0: "cc", 0xC0: "program"}.get(kind)
    if name is None or (kind == 0x90 and (len(message) < 3 or message[2] == 0)):
        return None
    return Trigger(name, (status & 0x0F) + 1, message[1], "go")


class TriggerMap:
    """The triggers of a show, looked up by what arrives."""

    def __init__(self, triggers: Iterable[Trigger]) -> None:
        self.triggers = list(triggers)
        self._by_key: dict[tuple[int, int], Trigger] = {}
        for trigger in self.triggers:
            self._by_key.setdefault(trigger.key, trigger)  # the first of duplicates wins

    def match(self, message: bytes) -> Trigger | None:
        if len(message) < 2:
            return None
        kind = message[0] & 0xF0
        if kind == 0x90 and (len(message) < 3 or message[2] == 0):
            return None  # note-on at velocity 0: a note-off
        if kind == 0xB0 and (len(message) < 3 or message[2] < 64):
            return None  # a controller's release
        if kind not in (0x90, 0xB0, 0xC0):
            return None
        return self._by_key.get((message[0], message[1]))


def parse_triggers(value: Any) -> list[Trigger]:
    """The triggers in a stored `midi_triggers` value; ShowFileError says which one is wrong."""
    if not isinstance(value, list | tuple):
        raise ShowFileError(f"midi_triggers is a list of triggers, got {value!r}")
    out = []
    for position, item in enumerate(value, 1):
        try:
            out.append(Trigger.from_json(item))
        except (TypeError, ValueError) as exc:
            raise ShowFileError(f"midi_triggers, trigger {position}: {exc}") from None
    return out


def check_triggers(value: Any) -> tuple[dict[str, Any], ...]:
    """The value to store: each trigger checked and written the one way."""
    return tuple(trigger.to_json() for trigger in parse_triggers(value))
