"""The MSC cue: one MIDI Show Control 1.1 command to a MIDI destination.

Text form: `COMMAND [cue=N] [list=N] [path=N] [device=ID] [format=NAME]`, for example
`GO cue=12.5 list=1 device=1 format=lighting`. TIMED_GO and SET_CLOCK take `time=HH:MM:SS:FF[.ff]`
(`fps=24|25|29.97|30`, default 30); SET takes `control=N value=N` (14-bit each) and may take a time;
FIRE takes `macro=N` (0-127). Device defaults to 127 (all-call), format to lighting.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Self

from cues.base import CueType, JSONDict
from cues.device import expand, is_command
from cues.text import parse_options, split_words

COMMANDS: dict[str, int] = {
    "GO": 0x01, "STOP": 0x02, "RESUME": 0x03, "TIMED_GO": 0x04, "LOAD": 0x05, "SET": 0x06,
    "FIRE": 0x07, "ALL_OFF": 0x08, "RESTORE": 0x09, "RESET": 0x0A, "GO_OFF": 0x0B,
    "GO/JAM_CLOCK": 0x10, "STANDBY_+": 0x11, "STANDBY_-": 0x12, "SEQUENCE_+": 0x13,
    "SEQUENCE_-": 0x14, "START_CLOCK": 0x15, "STOP_CLOCK": 0x16, "ZERO_CLOCK": 0x17,
    "SET_CLOCK": 0x18, "MTC_CHASE_ON": 0x19, "MTC_CHASE_OFF": 0x1A, "OPEN_CUE_LIST": 0x1B,
    "CLOSE_CUE_LIST": 0x1C, "OPEN_CUE_PATH": 0x1D, "CLOSE_CUE_PATH": 0x1E,
}  # fmt: skip
# Spellings people type for the commands whose names hold punctuation.
ALIASES = {
    "GO_JAM_CLOCK": "GO/JAM_CLOCK", "STANDBY_PLUS": "STANDBY_+", "STANDBY_MINUS": "STANDBY_-",
    "SEQUENCE_PLUS": "SEQUENCE_+", "SEQUENCE_MINUS": "SEQUENCE_-",
}  # fmt: skip

FORMATS: dict[str, int] = {
    "lighting": 0x01, "moving_lights": 0x02, "colour_changers": 0x03, "strobes": 0x04,
    "lasers": 0x05, "chasers": 0x06, "sound": 0x10, "music": 0x11, "cd_players": 0x12,
    "eprom_playback": 0x13, "audio_tape": 0x14, "intercoms": 0x15, "amplifiers": 0x16,
    "audio_effects": 0x17, "equalisers": 0x18, "machinery": 0x20, "rigging": 0x21, "flys": 0x22,
    "lifts": 0x23, "turntables": 0x24, "trusses": 0x25, "robots": 0x26, "animation": 0x27,
    "floats": 0x28, "breakaways": 0x29, "barges": 0x2A, "video": 0x30, "video_tape": 0x31,
    "video_cassette": 0x32, "video_disc": 0x33, "video_switchers": 0x34, "video_effects": 0x35,
    "video_char_generators": 0x36, "video_still_stores": 0x37, "video_monitors": 0x38,
    "projection": 0x40, "film_projectors": 0x41, "slide_projectors": 0x42,
    "video_projectors": 0x43, "dissolvers": 0x44, "shutter_controls": 0x45,
    "process_control": 0x50, "hydraulic_oil": 0x51, "h2o": 0x52, "co2": 0x53,
    "compressed_air": 0x54, "natural_gas": 0x55, "fog": 0x56, "smoke": 0x57, "cracked_haze": 0x58,
    "pyro": 0x60, "fireworks": 0x61, "explosions": 0x62, "flame": 0x63, "smoke_pots": 0x64,
    "all": 0x7F,
}  # fmt: skip
FORMAT_NAMES = {code: name for name, code in FORMATS.items()}

# Which fields each command carries (MSC 1.1). Q = cue number, list, path, in that order.
_CUE_COMMANDS = {"GO", "STOP", "RESUME", "LOAD", "GO_OFF", "GO/JAM_CLOCK", "TIMED_GO"}
_LIST_COMMANDS = {
    "STANDBY_+", "STANDBY_-", "SEQUENCE_+", "SEQUENCE_-", "START_CLOCK", "STOP_CLOCK",
    "ZERO_CLOCK", "MTC_CHASE_ON", "MTC_CHASE_OFF", "SET_CLOCK", "OPEN_CUE_LIST", "CLOSE_CUE_LIST",
}  # fmt: skip
_TIMED = {"TIMED_GO", "SET_CLOCK"}
FPS = {"24": 0b00, "25": 0b01, "29.97": 0b10, "30": 0b11}
ALL_CALL = 0x7F
MAX_LENGTH = 128
# ASCII digits only: `\d` alone also matches other scripts' digits, which MSC cannot carry.
_Q_NUMBER = re.compile(r"\d+(\.\d+)*", re.ASCII)
_TIME = re.compile(r"(\d{1,2}):(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,3}))?", re.ASCII)


@dataclass(frozen=True)
class MscCommand:
    command: str
    cue: str = ""
    list: str = ""
    path: str = ""
    device: int = ALL_CALL
    format: str = "lighting"
    time: str = ""  # HH:MM:SS:FF[.ff]: TIMED_GO, SET_CLOCK, optional for SET
    fps: str = "30"
    control: int | None = None  # SET
    value: int | None = None  # SET
    macro: int | None = None  # FIRE

    def __post_init__(self) -> None:
        for name in ("command", "cue", "list", "path", "format", "time", "fps"):
            if not isinstance(getattr(self, name), str):  # a stored payload can hold anything
                raise ValueError(f"{name} must be text, got {getattr(self, name)!r}")
        command = ALIASES.get(self.command.upper(), self.command.upper())
        if command not in COMMANDS:
            raise ValueError(f"unknown MSC command {self.command!r}")
        object.__setattr__(self, "command", command)
        if self.format.lower() not in FORMATS:
            raise ValueError(f"unknown MSC command format {self.format!r}")
        object.__setattr__(self, "format", self.format.lower())
        _check_int("device", self.device, 0, 0x7F)
        self._check_fields()
        if len(self.encode()) > MAX_LENGTH:
            raise ValueError(f"an MSC message is at most {MAX_LENGTH} bytes")

    def _check_fields(self) -> None:
        cmd = self.command
        given = {f.name for f in fields(self) if _is_set(self, f.name)}
        allowed = {"command", "device", "format", "fps"}
        if cmd in _CUE_COMMANDS:
            allowed |= {"cue", "list", "path"}
        if cmd in _LIST_COMMANDS:
            allowed.add("list")
        if cmd in {"OPEN_CUE_PATH", "CLOSE_CUE_PATH"}:
            allowed.add("path")
        if cmd in _TIMED or cmd == "SET":
            allowed.add("time")
        if cmd == "SET":
            allowed |= {"control", "value"}
        if cmd == "FIRE":
            allowed.add("macro")
        if extra := sorted(given - allowed):
            raise ValueError(f"{cmd} does not take {', '.join(extra)}")
        required = {
            "TIMED_GO": ("time",), "SET_CLOCK": ("time",), "SET": ("control", "value"),
            "FIRE": ("macro",), "OPEN_CUE_LIST": ("list",), "CLOSE_CUE_LIST": ("list",),
            "OPEN_CUE_PATH": ("path",), "CLOSE_CUE_PATH": ("path",),
        }.get(cmd, ())  # fmt: skip
        if missing := [name for name in required if name not in given]:
            raise ValueError(f"{cmd} needs {', '.join(missing)}")
        if self.path and not self.list and cmd in _CUE_COMMANDS:
            raise ValueError("a path needs a list (MSC fields are cue, list, path in order)")
        if self.list and not self.cue and cmd in _CUE_COMMANDS:
            raise ValueError("a list needs a cue (MSC fields are cue, list, path in order)")
        for name in ("cue", "list", "path"):
            number = getattr(self, name)
            if number and not _Q_NUMBER.fullmatch(number):
                raise ValueError(f"{name} must be digits with '.' between parts, got {number!r}")
        if self.fps not in FPS:
            raise ValueError(f"fps must be one of {', '.join(FPS)}, got {self.fps!r}")
        if self.time:
            _time_bytes(self.time, self.fps)
        _check_int("control", self.control, 0, 0x3FFF)
        _check_int("value", self.value, 0, 0x3FFF)
        _check_int("macro", self.macro, 0, 0x7F)

    def encode(self) -> bytes:
        """The SysEx message, F0 to F7, as MSC 1.1 lays it out."""
        data = bytearray()
        if self.command in {"TIMED_GO", "SET_CLOCK"}:
            data += _time_bytes(self.time, self.fps)
        if self.command == "SET":
            assert self.control is not None
            assert self.value is not None
            for number in (self.control, self.value):
                data += bytes((number & 0x7F, number >> 7))
            if self.time:
                data += _time_bytes(self.time, self.fps)
        elif self.command == "FIRE":
            assert self.macro is not None
            data.append(self.macro)
        elif self.command in _CUE_COMMANDS:
            numbers = [self.cue, self.list, self.path]
            while numbers and not numbers[-1]:
                numbers.pop()
            data += b"\x00".join(n.encode("ascii") for n in numbers)
        elif self.command in _LIST_COMMANDS:
            data += self.list.encode("ascii")
        else:  # OPEN_CUE_PATH, CLOSE_CUE_PATH, or a command with no data
            data += self.path.encode("ascii")
        head = bytes((0xF0, 0x7F, self.device, 0x02, FORMATS[self.format], COMMANDS[self.command]))
        return head + bytes(data) + b"\xf7"

    @classmethod
    def parse(cls, text: str) -> Self:
        if is_command(text):
            expand(text, "msc")  # no profile makes MSC cues: this says which type to use
        words = split_words(text)
        if not words:
            raise ValueError("an MSC cue needs a command, e.g. GO cue=1 list=1")
        options = parse_options(words[1:], _OPTION_NAMES)
        kwargs: dict[str, Any] = {k: v for k, v in options.items() if k in _TEXT_OPTIONS}
        for name in ("control", "value", "macro"):
            if name in options:
                kwargs[name] = _parse_int(name, options[name])
        if "device" in options:
            device = options["device"].lower()
            kwargs["device"] = ALL_CALL if device == "all" else _parse_int("device", device)
        return cls(words[0], **kwargs)

    def text(self) -> str:
        words = [self.command]
        for f in fields(self):
            if f.name != "command" and _is_set(self, f.name):
                words.append(f"{f.name}={getattr(self, f.name)}")
        return " ".join(words)

    def to_json(self) -> JSONDict:
        return {f.name: getattr(self, f.name) for f in fields(self) if _is_set(self, f.name)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(**data)


_OPTION_NAMES = ("cue", "list", "path", "device", "format", "time", "fps", "control", "value",
                 "macro")  # fmt: skip
_TEXT_OPTIONS = {"cue", "list", "path", "format", "time", "fps"}
_DEFAULTS = {f.name: f.default for f in fields(MscCommand)}


def _is_set(command: MscCommand, name: str) -> bool:
    return name == "command" or getattr(command, name) != _DEFAULTS[name]


def _parse_int(name: str, text: str) -> int:
    try:
        return int(text, 16) if text.lower().startswith("0x") else int(text)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {text!r}") from None


def _check_int(name: str, value: int | None, low: int, high: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")


def _time_bytes(text: str, fps: str) -> bytes:
    """`hr mn sc fr ff`, with the frame rate in bits 5-6 of the hour byte."""
    match = _TIME.fullmatch(text)
    if not match:
        raise ValueError(f"time must be HH:MM:SS:FF or HH:MM:SS:FF.ff, got {text!r}")
    hours, minutes, seconds, frames = (int(g) for g in match.groups()[:4])
    subframes = int(match.group(5) or 0)
    frame_limit = 30 if fps == "29.97" else int(fps)
    if hours > 23 or minutes > 59 or seconds > 59 or frames >= frame_limit or subframes > 99:
        raise ValueError(f"time {text!r} is out of range at {fps} fps")
    return bytes((FPS[fps] << 5 | hours, minutes, seconds, frames, subframes))


MSC = CueType(
    name="msc",
    payload=MscCommand,
    summary="Sends one MIDI Show Control command: `COMMAND [cue=N] [list=N] [path=N] "
    "[device=ID] [format=NAME]`.",
    target="destination",
    sends=frozenset({"midi"}),
)
