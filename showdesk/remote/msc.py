"""MIDI Show Control in: the SysEx bytes read, and the engine command each MSC command becomes.

`F0 7F <device> 02 <format> <command> <data> F7` (MSC 1.1). Cue, list and path are ASCII digits
and dots separated by 00; extra 00s are accepted, as the standard asks of a receiver. Every
command format is taken (lighting, sound, all-types ...). One cue list runs per engine, so a
list or path in a command is ignored (it shows in the log). What each command does:

| MSC | engine |
|---|---|
| GO (no cue) / GO cue | `go` / `go N` |
| STOP (no cue) / with a cue | `pause` / `pause N` (MSC's STOP halts; RESUME continues) |
| RESUME (no cue) / with a cue | `resume` / `resume N` |
| GO_OFF (no cue) / with a cue | `stop` / `stop N` |
| LOAD cue | `standby N` (ready to GO) |
| ALL_OFF | `panic` |
| RESET | `reset` |

Other commands (TIMED_GO, SET, FIRE ...) are refused with a reason, as is a cue number the list
does not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cues.msc import COMMANDS, FORMAT_NAMES

COMMAND_NAMES = {code: name for name, code in COMMANDS.items()}
ALL_CALL = 0x7F
_NUMBER = re.compile(rb"[0-9]+(\.[0-9]+)*")
# MSC command -> (engine command without a cue, with one); None where it cannot be.
ACTIONS: dict[str, tuple[str | None, str | None]] = {
    "GO": ("go", "go"),
    "STOP": ("pause", "pause"),  # halts, and RESUME continues (as ETC Eos reads it too)
    "GO_OFF": ("stop", "stop"),
    "RESUME": ("resume", "resume"),
    "LOAD": (None, "standby"),
    "ALL_OFF": ("panic", None),
    "RESET": ("reset", None),
}


class MscError(ValueError):
    """An MSC message that cannot be read or is not one showdesk takes."""


@dataclass(frozen=True)
class MscIn:
    device: int
    format: int
    command: str
    cue: str = ""
    list: str = ""
    path: str = ""

    def text(self) -> str:
        """For the log: `MSC GO cue 5 list 1 (lighting, device 127)`."""
        parts = [f"MSC {self.command}"]
        parts += [f"{name} {value}" for name, value in (("cue", self.cue), ("list", self.list),
                                                         ("path", self.path)) if value]  # fmt: skip
        fmt = FORMAT_NAMES.get(self.format, f"format {self.format:02X}")
        return f"{' '.join(parts)} ({fmt}, device {self.device})"

    def command_line(self) -> str:
        """The engine command (`go 5`, `panic` ...); MscError when showdesk does not take it."""
        action = ACTIONS.get(self.command)
        if action is None:
            raise MscError(f"showdesk does not take MSC {self.command}")
        bare, with_cue = action
        if self.cue:
            if with_cue is None:
                raise MscError(f"MSC {self.command} takes no cue")
            return f"{with_cue} {self.cue}"
        if bare is None:
            raise MscError(f"MSC {self.command} needs a cue number")
        return bare


def is_msc(message: bytes) -> bool:
    return len(message) >= 4 and message[0] == 0xF0 and message[1] == 0x7F and message[3] == 0x02


def decode_msc(message: bytes) -> MscIn:
    """An MSC message's fields (`is_msc` says whether it is one); MscError if it is broken."""
    if len(message) < 7 or message[-1] != 0xF7:
        raise MscError("an MSC message cut short")
    device, fmt, code = message[2], message[4], message[5]
    command = COMMAND_NAMES.get(code)
    if command is None:
        raise MscError(f"an unknown MSC command {code:02X}")
    if command not in ACTIONS:
        return MscIn(device, fmt, command)  # its data is not read: it is refused anyway
    fields = [f for f in message[6:-1].split(b"\x00") if f]
    for data in fields[:3]:
        if not _NUMBER.fullmatch(data):
            raise MscError(f"MSC {command}: {data[:16]!r} is not a cue number")
    numbers = [f.decode("ascii") for f in fields[:3]] + ["", "", ""]
    return MscIn(device, fmt, command, numbers[0], numbers[1], numbers[2])


def answers(device: int, ids: frozenset[int] | None) -> bool:
    """Whether a message to `device` is for this show (`ids` None answers every device)."""
    return device == ALL_CALL or ids is None or device in ids


def device_ids(setting: str) -> frozenset[int] | None:
    """The `msc_device` setting (`any`, or IDs separated by commas) as a set; None for any."""
    if setting.strip().lower() in ("", "any", "all"):
        return None
    return frozenset(int(word) for word in setting.split(",") if word.strip())
