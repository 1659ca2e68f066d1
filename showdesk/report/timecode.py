"""Timecode cues in the report: each run of one, from the `timecode` events the engine logs.

The engine logs a running timecode by segment, not by quarter frame (docs/protocol.md,
Timecode): `locate` when a full frame goes out (the start, and each resume) with its lateness,
`error` at a segment's first failed send, and `paused`, `stopped` or `completed` when the
segment ends, with the quarter frames sent and failed and the worst lateness. A *run* is one
cue's timecode from its start to its stop or end, its pauses included.

What reaches the report: each run (the crew's table), each segment whose sends failed (an
incident, and the crew's output errors) and each segment that went out a frame or more late,
at its locate or after (an incident): a receiver chasing it showed the wrong frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from showdesk.report.words import late

FAILED = "timecode failed"  # an output error's `what`, for a timecode's failed sends
CUE_ENDS = ("stopped", "completed", "idle")  # cue states after which a timecode is not running


@dataclass(frozen=True)
class At:
    """When something happened, as the report's tables stamp it."""

    wall: float
    show_time: float


@dataclass
class Segment:
    """From a locate to the next pause, stop or end; counts are None until the end is logged."""

    at: At
    tc: str
    locate_late_ms: float | None
    sent: int | None = None
    failed: int | None = None
    late_ms_max: float | None = None
    ended: str = ""  # paused, stopped, completed; "" while it runs
    end_tc: str = ""
    end_wall: float | None = None
    error: str = ""  # the first failed send's reason
    error_at: At | None = None


@dataclass
class TimecodeRun:
    cue: str | None
    name: str
    destination: str
    fps: str
    segments: list[Segment] = field(default_factory=list)

    @property
    def at(self) -> At:
        return self.segments[0].at

    @property
    def start_tc(self) -> str:
        return self.segments[0].tc

    @property
    def end_tc(self) -> str:
        return self.segments[-1].end_tc

    @property
    def ended(self) -> str:
        """stopped or completed; paused or running if the log ends before it did."""
        return self.segments[-1].ended or "running"

    @property
    def end_wall(self) -> float | None:
        return self.segments[-1].end_wall

    @property
    def sent(self) -> int:
        return sum(s.sent or 0 for s in self.segments)

    @property
    def failed(self) -> int:
        return sum(s.failed or 0 for s in self.segments)

    @property
    def late_ms(self) -> float | None:
        """The worst lateness of any of its sends, locates included."""
        seen = [s.locate_late_ms for s in self.segments] + [s.late_ms_max for s in self.segments]
        return max((v for v in seen if v is not None), default=None)

    @property
    def frame_ms(self) -> float:
        rate = float(self.fps.removesuffix("df") or 0)
        return 1000 / rate if rate > 0 else float("inf")

    def label(self) -> str:
        """`cue 15 (Video sync) to MTC`."""
        named = f" ({self.name})" if self.name else ""
        return f"cue {self.cue or '?'}{named} to {self.destination}"


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def timecode_runs(events: list[dict[str, Any]]) -> list[TimecodeRun]:
    """Every run of a timecode cue in the log, in the order they started."""
    runs: list[TimecodeRun] = []
    running: dict[str, TimecodeRun] = {}  # by cue id: the runs not yet stopped or ended
    for e in events:
        key, state = str(e.get("id") or e.get("cue")), e.get("state")
        if e["event"] == "cue" and state in CUE_ENDS and key in running:
            # Stopped while paused: the engine logged the segment's end at the pause.
            last = running.pop(key).segments[-1]
            last.ended, last.end_wall = "stopped", float(e["wall"])
        if e["event"] != "timecode":
            continue
        at = At(float(e["wall"]), float(e["show_time"]))
        run = running.get(key)
        if run is None:
            run = TimecodeRun(e.get("cue"), str(e.get("name") or ""),
                              str(e.get("destination") or ""), str(e.get("fps") or ""))  # fmt: skip
            running[key] = run
            runs.append(run)
        tc = str(e.get("tc") or "")
        if state == "locate" or not run.segments or run.segments[-1].ended:
            late_ms = _number(e.get("late_ms")) if state == "locate" else None
            run.segments.append(Segment(at, tc, late_ms))
        segment = run.segments[-1]
        if state in ("locate", "error") and e.get("ok") is not True and e.get("error"):
            if not segment.error:
                segment.error, segment.error_at = str(e["error"]), at
        elif state in ("paused", "stopped", "completed"):
            segment.sent = int(e.get("quarter_frames") or 0)
            segment.failed = int(e.get("failed") or 0)
            segment.late_ms_max = _number(e.get("late_ms_max"))
            segment.ended, segment.end_tc, segment.end_wall = state, tc, at.wall
            if state != "paused":
                del running[key]
    return runs


def incidents(run: TimecodeRun) -> list[tuple[At, str]]:
    """A run's failed segments, and its segments a frame or more late, as sentences."""
    out: list[tuple[At, str]] = []
    frame = f"a frame or more at {run.fps} fps"
    for s in run.segments:
        if s.error_at is not None:
            failed = f"{_failed(s)} failed" if s.failed else "failed"
            out.append((s.error_at, f"Timecode of {run.label()}: {failed} ({s.error})"))
        if s.locate_late_ms is not None and s.locate_late_ms >= run.frame_ms:
            out.append((s.at, f"Timecode of {run.label()} located {late(s.locate_late_ms)} late "
                              f"at {s.tc} ({frame})"))  # fmt: skip
        elif s.late_ms_max is not None and s.late_ms_max >= run.frame_ms:
            out.append((s.at, f"Timecode of {run.label()} from {s.tc} ran up to "
                              f"{late(s.late_ms_max)} late ({frame})"))  # fmt: skip
    return out


def _failed(s: Segment) -> str:
    return f"{s.failed or 0:,} of {(s.sent or 0) + (s.failed or 0):,} quarter frames"


def failures(run: TimecodeRun) -> list[tuple[At, str]]:
    """Each segment's failed sends, in a line: `not connected (250 of 250 quarter frames)`."""
    out = []
    for s in run.segments:
        if s.error_at is not None:
            out.append((s.error_at, s.error + (f" ({_failed(s)})" if s.failed else "")))
    return out


def summary(run: TimecodeRun) -> str:
    """`01:00:00:00 to 01:02:13:07 at 25 fps, stopped (resumed once)`; `running` when the log
    ends before it did."""
    resumed = len(run.segments) - 1
    again = {0: "", 1: " (resumed once)", 2: " (resumed twice)"}
    to = f" to {run.end_tc}" if run.end_tc else ""
    ended = run.ended + again.get(resumed, f" (resumed {resumed} times)")
    return f"{run.start_tc}{to} at {run.fps} fps, {ended}"
