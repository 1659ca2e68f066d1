"""How the report writes times, lengths and sources. Times of day are the computer's local time."""

from __future__ import annotations

import time


def tod(wall: float | None) -> str:
    """Time of day, `19:32:04`."""
    return "" if wall is None else time.strftime("%H:%M:%S", time.localtime(wall))


def hm(wall: float | None) -> str:
    """Time of day to the minute, `19:30`."""
    return "" if wall is None else time.strftime("%H:%M", time.localtime(wall))


def day(wall: float) -> str:
    """A date, `2026-11-26`."""
    return time.strftime("%Y-%m-%d", time.localtime(wall))


def hms(seconds: float | None) -> str:
    """A duration, `1:05:12` (whole seconds)."""
    if seconds is None:
        return ""
    whole = round(seconds)
    sign = "-" if whole < 0 else ""
    hours, rest = divmod(abs(whole), 3600)
    return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"


def against(seconds: float | None) -> str:
    """A difference, `+0:04:10` longer, `-0:01:02` shorter, `same`."""
    if seconds is None:
        return ""
    if round(seconds) == 0:
        return "same"
    return ("+" if seconds > 0 else "") + hms(seconds)


def show_clock(seconds: float | None) -> str:
    """Show time, `0:42:10.3` (tenths)."""
    if seconds is None:
        return ""
    tenths = round(seconds * 10)
    hours, rest = divmod(tenths // 10, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}.{tenths % 10}"


def late(ms: float | None) -> str:
    return "" if ms is None else f"{ms:.2f} ms"


def lateness(seconds: float) -> str:
    """A start against its scheduled time, in words: `7 min 12 s late`, `on time`."""
    whole = round(seconds)
    if whole == 0:
        return "on time"
    minutes, secs = divmod(abs(whole), 60)
    parts = ([f"{minutes} min"] if minutes else []) + ([f"{secs} s"] if secs else [])
    return " ".join(parts) + (" late" if whole > 0 else " early")


def mode_text(mode: str) -> str:
    return "live" if mode == "live" else "offline (nothing sent)"


def source_text(source: str) -> str:
    """Where a command came from, for people: `the keyboard`, `OSC from 10.0.0.4:53001`."""
    words = {"key": "the keyboard", "button": "a button in the app", "command": "a typed command",
             "app": "the app", "": "an unknown source"}  # fmt: skip
    if source in words:
        return words[source]
    kind, _, where = source.partition(" ")
    if kind in ("osc", "midi", "msc"):
        if where.startswith("tcp "):
            return f"{kind.upper()} over TCP from {where[4:]}"
        return f"{kind.upper()} from {where}" if where else kind.upper()
    return source
