"""Hypothesis strategies for valid payloads and valid `Cue`s of every registered cue type.

Shared with other tests (the CSV round trip reuses `cues_of_any_type()`), so every strategy here
builds only what the model accepts. The value ranges are written out from the specifications
(OSC 1.0, MIDI 1.0, MSC 1.1), not read from the code under test, so that a wrong limit in the
code shows up as a failure rather than being copied into the test.

By default text fields hold what a spreadsheet cell can carry back unchanged: no whitespace
around them and lower-case hex colours (the sheet reader strips cells and lower-cases colours).
`cues_of_any_type(exotic=True)` adds what the model and the database keep but a sheet does not.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from cues.base import COLOUR_NAMES, ContinueMode, Cue, CueType
from cues.fade import FadeRamp
from cues.group import GroupSettings
from cues.limits import MAX_SECONDS
from cues.midi import MidiMessages
from cues.msc import FORMATS, MscCommand
from cues.mtc import frame_time, frames_per_day
from cues.osc import OscMessage
from cues.registry import cue_types
from cues.simple import Nothing
from cues.timecode import FPS, TimecodeOut

FLOAT32_MAX = struct.unpack(">f", b"\x7f\x7f\xff\xff")[0]
INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)

# Text a person could type: no surrogates (a UTF-8 file cannot hold them), no control
# characters but tabs and line breaks (a cue refuses a NUL or an escape).
_CHARS = st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r")


def one_line_text(*, stripped: bool = True, max_size: int = 30) -> st.SearchStrategy[str]:
    """Text with no line break in it (names, numbers, targets, departments)."""
    text = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=max_size)
    return text.map(str.strip) if stripped else text


def any_text(*, stripped: bool = True, max_size: int = 60) -> st.SearchStrategy[str]:
    """Text that may run over several lines (notes, calls)."""
    text = st.text(_CHARS, max_size=max_size)
    return text.map(str.strip) if stripped else text


def cue_numbers() -> st.SearchStrategy[str]:
    """Cue numbers as people write them: `12`, `12.5`, `A3`, or anything else on one line."""
    return st.one_of(
        st.from_regex(r"[0-9]{1,4}(\.[0-9]{1,2})?", fullmatch=True),
        st.from_regex(r"[A-Z]{0,2}[0-9]{1,3}[a-z]?", fullmatch=True),
        one_line_text().filter(bool),
    )


def seconds(max_value: float = MAX_SECONDS) -> st.SearchStrategy[float]:
    return st.one_of(
        st.just(0.0),
        st.floats(min_value=0.0, max_value=max_value, allow_nan=False, allow_infinity=False),
    )


# --- OSC ----------------------------------------------------------------------------------------

# Printable ASCII without the space, including '"' and '\\' (which the text form must quote).
_ADDRESS_CHARS = st.characters(min_codepoint=0x21, max_codepoint=0x7E)


def osc_addresses() -> st.SearchStrategy[str]:
    part = st.text(_ADDRESS_CHARS, min_size=0, max_size=12).filter(lambda s: "/" not in s)
    return st.lists(part, min_size=1, max_size=4).map(lambda parts: "/" + "/".join(parts))


def osc_text() -> st.SearchStrategy[str]:
    """An OSC string: any text without NUL."""
    return st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\0"), max_size=30)


def _finite(min_value: float, max_value: float) -> st.SearchStrategy[float]:
    return st.floats(min_value, max_value, allow_nan=False, allow_infinity=False)


def osc_value(tag: str) -> st.SearchStrategy[Any]:
    """A value of the given type tag, as the payload stores it."""
    values: dict[str, st.SearchStrategy[Any]] = {
        "i": st.integers(*INT32),
        "h": st.integers(*INT64),
        "f": st.one_of(_finite(-FLOAT32_MAX, FLOAT32_MAX),
                       st.floats(width=32, allow_nan=False, allow_infinity=False)),
        "d": _finite(-math.inf, math.inf),
        "s": osc_text(),
        "S": osc_text(),
        "c": st.characters(exclude_categories=("Cs",), exclude_characters="\0"),
    }  # fmt: skip
    return values.get(tag, st.none())


OSC_TAGS = "ihfdsScTFNI"


def osc_args() -> st.SearchStrategy[tuple[tuple[str, Any], ...]]:
    arg = st.sampled_from(OSC_TAGS).flatmap(lambda tag: st.tuples(st.just(tag), osc_value(tag)))
    return st.lists(arg, max_size=6).map(tuple)


def osc_messages() -> st.SearchStrategy[OscMessage]:
    return st.builds(OscMessage, osc_addresses(), osc_args())


# --- Fade ---------------------------------------------------------------------------------------


def fade_ramps() -> st.SearchStrategy[FadeRamp]:
    def ramp(tag: str) -> st.SearchStrategy[FadeRamp]:
        return st.builds(
            FadeRamp,
            osc_addresses(),
            st.just(tag),
            osc_value(tag),
            osc_value(tag),
            st.one_of(st.just(40.0), st.sampled_from([1.0, 25.0, 1000.0]),
                      st.floats(0, 1000, exclude_min=True)),
            st.sampled_from(["linear", "s"]),
        )  # fmt: skip

    return st.sampled_from("ihfd").flatmap(ramp)


# --- MIDI ---------------------------------------------------------------------------------------

_DATA7 = st.integers(0, 127)
_CHANNEL = st.integers(0, 15)
# Every mido message type with its fields and their ranges (MIDI 1.0), in mido's field order.
MIDI_FIELDS: dict[str, tuple[tuple[str, st.SearchStrategy[Any]], ...]] = {
    "note_off": (("channel", _CHANNEL), ("note", _DATA7), ("velocity", _DATA7)),
    "note_on": (("channel", _CHANNEL), ("note", _DATA7), ("velocity", _DATA7)),
    "polytouch": (("channel", _CHANNEL), ("note", _DATA7), ("value", _DATA7)),
    "control_change": (("channel", _CHANNEL), ("control", _DATA7), ("value", _DATA7)),
    "program_change": (("channel", _CHANNEL), ("program", _DATA7)),
    "aftertouch": (("channel", _CHANNEL), ("value", _DATA7)),
    "pitchwheel": (("channel", _CHANNEL), ("pitch", st.integers(-8192, 8191))),
    "sysex": (("data", st.lists(_DATA7, min_size=1, max_size=8)),),
    "quarter_frame": (("frame_type", st.integers(0, 7)), ("frame_value", st.integers(0, 15))),
    "songpos": (("pos", st.integers(0, 16383)),),
    "song_select": (("song", _DATA7),),
    "tune_request": (),
    "clock": (),
    "start": (),
    "continue": (),
    "stop": (),
    "active_sensing": (),
    "reset": (),
}


def _field_text(name: str, value: Any) -> str:
    if name == "data":
        return f"data=({','.join(str(byte) for byte in value)})"
    return f"{name}={value}"


def midi_message_text() -> st.SearchStrategy[str]:
    """One MIDI message in mido's canonical text form (every field, in mido's order)."""

    def message(kind: str) -> st.SearchStrategy[str]:
        names = [name for name, _ in MIDI_FIELDS[kind]]
        values = st.tuples(*(strategy for _, strategy in MIDI_FIELDS[kind]))
        return values.map(
            lambda vs: " ".join(
                [kind, *(_field_text(n, v) for n, v in zip(names, vs, strict=True))]
            )
        )

    return st.sampled_from(sorted(MIDI_FIELDS)).flatmap(message)


def midi_messages() -> st.SearchStrategy[MidiMessages]:
    return st.lists(midi_message_text(), min_size=1, max_size=4).map(
        lambda texts: MidiMessages(tuple(texts))
    )


# --- MSC ----------------------------------------------------------------------------------------

FRAMES_PER_SECOND = {"24": 24, "25": 25, "29.97": 30, "30": 30}


def msc_q_numbers() -> st.SearchStrategy[str]:
    return st.from_regex(r"[0-9]{1,5}(\.[0-9]{1,3}){0,2}", fullmatch=True)


def msc_times(fps: str) -> st.SearchStrategy[str]:
    """`HH:MM:SS:FF[.ff]`, in range for the frame rate, sometimes without leading zeros."""
    return st.builds(
        lambda h, m, s, f, ff, pad: (
            (f"{h:02d}:{m:02d}:{s:02d}:{f:02d}" if pad else f"{h}:{m}:{s}:{f}")
            + ("" if ff is None else f".{ff:02d}")
        ),
        st.integers(0, 23),
        st.integers(0, 59),
        st.integers(0, 59),
        st.integers(0, FRAMES_PER_SECOND[fps] - 1),
        st.none() | st.integers(0, 99),
        st.booleans(),
    )


# MSC 1.1: what each command carries, and what it must carry.
_Q_COMMANDS = ("GO", "STOP", "RESUME", "LOAD", "GO_OFF", "GO/JAM_CLOCK")
_LIST_ONLY = ("STANDBY_+", "STANDBY_-", "SEQUENCE_+", "SEQUENCE_-", "START_CLOCK", "STOP_CLOCK",
              "ZERO_CLOCK", "MTC_CHASE_ON", "MTC_CHASE_OFF")  # fmt: skip
_NO_DATA = ("ALL_OFF", "RESTORE", "RESET")


@st.composite
def msc_commands(draw: st.DrawFn) -> MscCommand:
    command = draw(
        st.sampled_from(
            (*_Q_COMMANDS, *_LIST_ONLY, *_NO_DATA, "TIMED_GO", "SET", "FIRE", "SET_CLOCK",
             "OPEN_CUE_LIST", "CLOSE_CUE_LIST", "OPEN_CUE_PATH", "CLOSE_CUE_PATH")
        )
    )  # fmt: skip
    fps = draw(st.sampled_from(sorted(FRAMES_PER_SECOND)))
    kwargs: dict[str, Any] = {
        "device": draw(st.integers(0, 127)),
        "format": draw(st.sampled_from(sorted(FORMATS))),
        "fps": fps,
    }
    if command in (*_Q_COMMANDS, "TIMED_GO"):
        depth = draw(st.integers(0, 3))  # cue, then list, then path: each needs the one before
        for name in ("cue", "list", "path")[:depth]:
            kwargs[name] = draw(msc_q_numbers())
    if command in (*_LIST_ONLY, "SET_CLOCK") and draw(st.booleans()):
        kwargs["list"] = draw(msc_q_numbers())
    if command in ("OPEN_CUE_LIST", "CLOSE_CUE_LIST"):
        kwargs["list"] = draw(msc_q_numbers())
    if command in ("OPEN_CUE_PATH", "CLOSE_CUE_PATH"):
        kwargs["path"] = draw(msc_q_numbers())
    if command in ("TIMED_GO", "SET_CLOCK") or (command == "SET" and draw(st.booleans())):
        kwargs["time"] = draw(msc_times(fps))
    if command == "SET":
        kwargs["control"] = draw(st.integers(0, 0x3FFF))
        kwargs["value"] = draw(st.integers(0, 0x3FFF))
    if command == "FIRE":
        kwargs["macro"] = draw(st.integers(0, 127))
    return MscCommand(command, **kwargs)


@st.composite
def timecode_outs(draw: st.DrawFn) -> TimecodeOut:
    """Any start time that exists at any of the four rates (drop frame skips some labels)."""
    fps = draw(st.sampled_from(sorted(FPS)))
    index = draw(st.integers(0, frames_per_day(FPS[fps]) - 1))
    hours, minutes, seconds, frames = frame_time(index, FPS[fps])
    return TimecodeOut(f"{hours:02}:{minutes:02}:{seconds:02}:{frames:02}", fps)


# --- Group and the cues that carry nothing ------------------------------------------------------


def group_settings() -> st.SearchStrategy[GroupSettings]:
    return st.one_of(
        st.sampled_from(["timeline", "start-first-and-enter", "start-first", "playlist", "random"])
        .map(GroupSettings),
        st.just(GroupSettings("playlist", loop=True)),
    )  # fmt: skip


def nothing() -> st.SearchStrategy[Nothing]:
    return st.just(Nothing())


# --- Per type, and whole cues -------------------------------------------------------------------

PAYLOADS: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
    OscMessage: osc_messages,
    FadeRamp: fade_ramps,
    MidiMessages: midi_messages,
    MscCommand: msc_commands,
    GroupSettings: group_settings,
    Nothing: nothing,
    TimecodeOut: timecode_outs,
}


def payloads_for(kind: CueType) -> st.SearchStrategy[Any]:
    """Valid payloads of a cue type; KeyError for a type this module does not know yet."""
    try:
        return PAYLOADS[kind.payload]()
    except KeyError:
        raise KeyError(
            f"no strategy for {kind.name} payloads ({kind.payload.__name__}): add one to "
            "tests/unit/cues/strategies.py"
        ) from None


def colours(*, exotic: bool = False) -> st.SearchStrategy[str]:
    hex_colour = st.from_regex(r"#[0-9a-fA-F]{6}" if exotic else r"#[0-9a-f]{6}", fullmatch=True)
    return st.one_of(st.just(""), st.sampled_from(COLOUR_NAMES), hex_colour)


def department_codes() -> st.SearchStrategy[str]:
    """One-word department codes, in any script."""
    return one_line_text().filter(lambda text: not any(ch.isspace() for ch in text))


def cues_of_type(kind: CueType, *, exotic: bool = False) -> st.SearchStrategy[Cue]:
    """Valid cues of one type, with parent=None."""
    stripped = not exotic
    if kind.target == "none":
        target: st.SearchStrategy[str] = st.just("")
    elif kind.target == "cue":
        target = cue_numbers()
    else:
        target = st.one_of(st.sampled_from(["console", "qlab", "x32"]), one_line_text())
    return st.builds(
        Cue,
        type=st.just(kind),
        payload=payloads_for(kind),
        id=st.uuids().map(lambda u: u.hex),
        number=st.one_of(st.just(""), cue_numbers()),
        name=one_line_text(stripped=stripped),
        target=target,
        pre_wait=seconds(),
        # A fade at up to 1000 Hz sends at most MAX_FADE_STEPS values in 360 s.
        duration=(seconds(300.0) if kind.name == "fade" else seconds())
        if kind.duration == "timed"
        else st.just(0.0),
        post_wait=seconds(),
        continue_mode=st.sampled_from(list(ContinueMode)),
        armed=st.booleans(),
        dept=st.one_of(st.sampled_from(["", "LX", "SND", "VID"]), department_codes()),
        call=any_text(stripped=stripped),
        notes=any_text(stripped=stripped),
        colour=colours(exotic=exotic),
        parent=st.none(),
    )


def cues_of_any_type(*, exotic: bool = False) -> st.SearchStrategy[Cue]:
    """Valid cues of every registered type, with parent=None (see the module's docstring)."""
    kinds = list(cue_types().values())
    return st.sampled_from(kinds).flatmap(lambda kind: cues_of_type(kind, exotic=exotic))
