"""MIDI Time Code: the full-frame SysEx that locates a receiver, and quarter-frame messages.

Full frame: `F0 7F <device> 01 01 hr mn sc fr F7`, where `hr = 0 rr hhhhh` carries the frame rate
in bits 5-6 (`00` 24 fps, `01` 25, `10` 29.97 drop-frame, `11` 30). Quarter frames: `F1 0nnn dddd`,
pieces 0-7: frames low/high nibble, seconds low/high, minutes low/high, hours low, rate and hours
high (docs: ../shared/brief/protocols.md).

A running timecode counts frames: `frame_index` turns a time into a count of frames since
midnight and `frame_time` turns it back, both honouring 29.97 drop-frame (frames 0 and 1 are
skipped at the start of every minute except every tenth). `quarter_frame` is one piece of the
time at a frame count; the timecode cue (cues/timecode.py) sends them on its schedule.
"""

from __future__ import annotations

import re
from fractions import Fraction

RATES = {"24": 0b00, "25": 0b01, "29.97": 0b10, "30": 0b11}
ALL_CALL = 0x7F
_TIME = re.compile(r"(\d{1,2}):(\d{1,2}):(\d{1,2})[:;.](\d{1,2})", re.ASCII)
# Frames a second as counted in the time (29.97 drop-frame counts 30 and skips labels), and as
# they pass in real time.
NOMINAL = {"24": 24, "25": 25, "29.97": 30, "30": 30}
REAL_RATE = {"24": Fraction(24), "25": Fraction(25), "29.97": Fraction(30000, 1001),
             "30": Fraction(30)}  # fmt: skip
_DF_TEN_MINUTES = 10 * 60 * 30 - 9 * 2  # 17982 frames in ten drop-frame minutes
_DF_MINUTE = 60 * 30 - 2  # 1798 frames in a minute that drops two labels


def parse_time(text: str, fps: str = "30") -> tuple[int, int, int, int]:
    """`HH:MM:SS:FF` (`;` before the frames also read, as drop-frame is often written)."""
    if fps not in RATES:
        raise ValueError(f"fps must be one of {', '.join(RATES)}, got {fps!r}")
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise ValueError(f"time must be HH:MM:SS:FF, got {text!r}")
    hours, minutes, seconds, frames = (int(g) for g in match.groups())
    limit = 30 if fps == "29.97" else int(fps)
    if hours > 23 or minutes > 59 or seconds > 59 or frames >= limit:
        raise ValueError(f"time {text!r} is out of range at {fps} fps")
    if fps == "29.97" and frames < 2 and seconds == 0 and minutes % 10:
        raise ValueError(f"time {text!r} does not exist in 29.97 drop-frame (frames 0-1 skipped)")
    return hours, minutes, seconds, frames


def full_frame(text: str, fps: str = "30", device: int = ALL_CALL) -> bytes:
    """The full-frame SysEx for `HH:MM:SS:FF` at `fps`, to `device` (127 = all-call)."""
    time = parse_time(text, fps)
    if isinstance(device, bool) or not isinstance(device, int) or not 0 <= device <= 0x7F:
        raise ValueError(f"device must be a whole number from 0 to 127, got {device!r}")
    return full_frame_at(frame_index(time, fps), fps, device)


def quarter_frames(text: str, fps: str = "30") -> bytes:
    """The eight quarter-frame messages (`F1 0nnn dddd`) that spell out one time."""
    index = frame_index(parse_time(text, fps), fps)
    return b"".join(quarter_frame(index, fps, piece) for piece in range(8))


def frames_per_day(fps: str) -> int:
    """How many frames from 00:00:00:00 to the next midnight, where the time wraps."""
    if fps == "29.97":
        return 24 * 6 * _DF_TEN_MINUTES
    return 24 * 3600 * NOMINAL[fps]


def frame_index(time: tuple[int, int, int, int], fps: str) -> int:
    """The number of frames from 00:00:00:00 to `time` (hours, minutes, seconds, frames)."""
    hours, minutes, seconds, frames = time
    total_minutes = 60 * hours + minutes
    index = (total_minutes * 60 + seconds) * NOMINAL[fps] + frames
    if fps == "29.97":
        index -= 2 * (total_minutes - total_minutes // 10)  # labels skipped so far
    return index


def frame_time(index: int, fps: str) -> tuple[int, int, int, int]:
    """The time (hours, minutes, seconds, frames) `index` frames after midnight, wrapping at
    24 hours."""
    index %= frames_per_day(fps)
    if fps == "29.97":
        tens, rest = divmod(index, _DF_TEN_MINUTES)
        skipped = 18 * tens + (2 * ((rest - 2) // _DF_MINUTE) if rest > 1 else 0)
        index += skipped
    nominal = NOMINAL[fps]
    seconds, frames = divmod(index, nominal)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return hours, minutes, seconds, frames


def time_text(time: tuple[int, int, int, int], fps: str = "30") -> str:
    """`HH:MM:SS:FF`, with `;` before the frames in drop-frame as it is usually written."""
    hours, minutes, seconds, frames = time
    return f"{hours:02}:{minutes:02}:{seconds:02}{';' if fps == '29.97' else ':'}{frames:02}"


def full_frame_at(index: int, fps: str, device: int = ALL_CALL) -> bytes:
    """The full-frame SysEx for the time `index` frames after midnight."""
    hours, minutes, seconds, frames = frame_time(index, fps)
    hour_byte = RATES[fps] << 5 | hours
    return bytes((0xF0, 0x7F, device, 0x01, 0x01, hour_byte, minutes, seconds, frames, 0xF7))


def quarter_frame(index: int, fps: str, piece: int) -> bytes:
    """Quarter-frame message `piece` (0-7) of the time `index` frames after midnight."""
    hours, minutes, seconds, frames = frame_time(index, fps)
    value = (frames, seconds, minutes, RATES[fps] << 5 | hours)[piece >> 1]
    return bytes((0xF1, piece << 4 | (value >> 4 if piece & 1 else value & 0x0F)))
