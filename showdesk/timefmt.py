"""Times as people write them in cue sheets: `1.5`, `2:30`, `1:02:03.5` (all seconds)."""

from __future__ import annotations

import math
import re

from cues.limits import MAX_SECONDS, MAX_SECONDS_TEXT

_CLOCK = re.compile(r"(?:(\d+):)?(\d+):(\d+(?:\.\d*)?)")


def parse_seconds(text: str) -> float:
    """Seconds from `S`, `M:SS[.f]` or `H:MM:SS[.f]`; ValueError naming the problem."""
    text = text.strip()
    if ":" not in text:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):  # `nan` and `inf` parse as floats, but are not times
            raise ValueError(f"{text!r} is not a time (write 1.5, 2:30 or 1:02:03)")
        if value < 0:
            raise ValueError(f"a time is 0 seconds or more, got {text!r}")
    else:
        match = _CLOCK.fullmatch(text)
        if not match:
            raise ValueError(f"{text!r} is not a time (write 1.5, 2:30 or 1:02:03)")
        hours, minutes, seconds = match.groups()
        if float(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
            raise ValueError(f"{text!r} is not a time: minutes and seconds run from 0 to 59")
        value = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    if value > MAX_SECONDS:
        raise ValueError(f"{text!r} is too long: a time is at most {MAX_SECONDS_TEXT}")
    return value


def format_clock(seconds: float) -> str:
    """A time for people to read: `0.5`, `1:30`, `1:02:03.5` (to the millisecond)."""
    # Round once, to whole milliseconds, before splitting: rounding only the fraction turned
    # 59.9996 into "59" (the carry was lost).
    millis = round(abs(seconds) * 1000)
    sign = "-" if seconds < 0 and millis else ""
    whole, thousandths = divmod(millis, 1000)
    fraction = f".{thousandths:03d}".rstrip("0") if thousandths else ""
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}{fraction}"
    if minutes:
        return f"{sign}{minutes}:{secs:02d}{fraction}"
    return f"{sign}{secs}{fraction}"
