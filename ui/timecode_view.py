"""Running timecodes as show mode shows them: the time a timecode cue is at now, and its log line.

The engine logs a timecode by segment (docs/protocol.md): a `timecode` event `locate` gives the
time sent at a deadline, `paused` the time it held, `stopped` and `completed` its end. Between
those the time is counted here from the locate's scheduled moment at the cue's real frame rate,
so the running panel shows it frame by frame without a message per frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cues.mtc import REAL_RATE, frame_index, frame_time, parse_time, time_text
from cues.timecode import FPS


@dataclass
class _Running:
    frame: int  # frames since midnight at `since`
    rate: str  # as cues/mtc.py names it
    since: float | None  # local perf_counter time of that frame; None while held


class TimecodeClocks:
    """Where each timecode cue's time is, from the engine's `timecode` events."""

    def __init__(self) -> None:
        self._cues: dict[str, _Running] = {}

    def apply(self, event: dict[str, Any], local: Callable[[float], float]) -> None:
        """Takes in one engine event (others are ignored); `local` maps engine time to ours."""
        if event.get("event") != "timecode" or not isinstance(event.get("id"), str):
            return
        cue_id, state = event["id"], event.get("state")
        if state in ("stopped", "completed"):
            self._cues.pop(cue_id, None)
            return
        rate = FPS.get(str(event.get("fps")))
        if rate is None or state not in ("locate", "paused"):
            return
        try:
            frame = frame_index(parse_time(str(event.get("tc")), rate), rate)
        except ValueError:
            return  # not a time this app can read: show no timecode rather than a wrong one
        since = None
        if state == "locate":  # when that frame began: the locate may go out a quarter into it
            quarter = int(event.get("quarter") or 0) / (4 * REAL_RATE[rate])
            since = local(float(event.get("scheduled") or 0.0)) - float(quarter)
        self._cues[cue_id] = _Running(frame, rate, since)

    def text(self, cue_id: str, now: float) -> str | None:
        """`HH:MM:SS:FF` the cue is at (held while paused), or None if it is not running."""
        running = self._cues.get(cue_id)
        if running is None:
            return None
        frame = running.frame
        if running.since is not None:
            frame += max(0, math.floor((now - running.since) * REAL_RATE[running.rate]))
        return time_text(frame_time(frame, running.rate), running.rate)


def timecode_line(event: dict[str, Any]) -> str:
    """The log's line for a `timecode` event."""
    state, where = event.get("state"), f"{event.get('destination')} ← MTC"
    tc, fps = event.get("tc"), event.get("fps")
    if state == "locate":
        offline = "  (captured, rehearsal)" if event.get("offline") else ""
        failed = "" if event.get("ok", True) else f"  FAILED: {event.get('error')}"
        return f"{where} locate {tc} at {fps} fps{offline}{failed}"
    if state == "error":
        return f"{where} at {tc}: FAILED: {event.get('error')} (counted from here on)"
    failed = f", {event.get('failed')} failed" if event.get("failed") else ""
    return (f"{where} {state} at {tc}: {event.get('quarter_frames')} quarter frames{failed}, "
            f"worst {event.get('late_ms_max')} ms late")  # fmt: skip
