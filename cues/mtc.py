"""MIDI Time Code: the full-frame SysEx that locates a receiver, and quarter-frame messages.

Full frame: `F0 7F <device> 01 01 hr mn sc fr F7`, where `hr = 0 rr hhhhh` carries the frame rate
in bits 5-6 (`00` 24 fps, `01` 25, `10` 29.97 drop-frame, `11` 30). Quarter frames: `F1 0nnn dddd`,
pieces 0-7: frames low/high nibble, seconds low/high, minutes low/high, hours low, rate and hours
high (docs: ../shared/brief/protocols.md).
"""

from __future__ import annotations

import re

RATES = {"24": 0b00, "25": 0b01, "29.97": 0b10, "30": 0b11}
ALL_CALL = 0x7F
_TIME = re.compile(r"(\d{1,2}):(\d{1,2}):(\d{1,2})[:;.](\d{1,2})", re.ASCII)


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
    hours, minutes, seconds, frames = parse_time(text, fps)
    if isinstance(device, bool) or not isinstance(device, int) or not 0 <= device <= 0x7F:
        raise ValueError(f"device must be a whole number from 0 to 127, got {device!r}")
    hour_byte = RATES[fps] << 5 | hours
    return bytes((0xF0, 0x7F, device, 0x01, 0x01, hour_byte, minutes, seconds, frames, 0xF7))


def quarter_frames(text: str, fps: str = "30") -> bytes:
    """The eight quarter-frame messages (`F1 0nnn dddd`) that spell out one time."""
    hours, minutes, seconds, frames = parse_time(text, fps)
    hour_byte = RATES[fps] << 5 | hours
    values = (frames, seconds, minutes, hour_byte)
    nibbles = [nibble for v in values for nibble in (v & 0x0F, v >> 4)]
    return b"".join(bytes((0xF1, piece << 4 | data)) for piece, data in enumerate(nibbles))
