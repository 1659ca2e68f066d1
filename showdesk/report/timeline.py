"""What happened during a performance, from its run log: every GO, the cues that broke, the
output errors, the incidents (panic, stop all, pause all, resume all, reset) and the runs of
timecode cues (timecode.py).

The events are the engine's (docs/protocol.md): `go` (with `disarmed: true` for a disarmed cue
or `broken: REASON` for a broken one), `go_rejected`, `sent`, `output`, `cue` state changes, and
one event per show-control command (`panic`, `stop_all`, `pause_all`, `resume_all`, `reset`)
with the `source` it came from and what was standing by and running, and `timecode` (a
timecode's failed sends are output errors; its start's locate, a GO's lateness).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from showdesk.report.timecode import FAILED, TimecodeRun, failures, timecode_runs

# `output` events in these states are faults the report lists (the engine reports a
# destination's state when it changes); anything else (live, offline ...) is not a fault.
OUTPUT_FAULTS = ("unreachable", "erroring", "missing port", "missing_port", "error", "failed")
# The show-control commands' events, and what the report calls them.
CONTROL = {
    "panic": "PANIC",
    "stop_all": "Stop all",
    "pause_all": "Pause all",
    "resume_all": "Resume all",
    "reset": "Reset",
}


@dataclass(frozen=True)
class Go:
    wall: float
    show_time: float
    cue: str | None
    name: str
    source: str
    late_ms: float | None  # the latest send of what this GO started (None: nothing sent)
    rejected: str | None = None  # the reason, for a GO that did nothing
    disarmed: bool = False  # the cue was disarmed: it ran, and sent nothing
    broken: str | None = None  # the cue could not run: why


@dataclass(frozen=True)
class Broken:
    wall: float
    show_time: float
    cue: str | None
    name: str
    reason: str


@dataclass(frozen=True)
class OutputError:
    wall: float
    show_time: float
    destination: str
    what: str  # "send failed" or the output's state
    message: str
    cue: str | None


@dataclass(frozen=True)
class Incident:
    """A show-control command: panic, stop all, pause all, resume all, reset."""

    wall: float
    show_time: float
    kind: str  # a key of CONTROL
    source: str
    standing_by: str | None
    running: tuple[str, ...]
    paused_for: float | None = None  # a resume all: how long since the pause all before it

    @property
    def what(self) -> str:
        return CONTROL[self.kind]


@dataclass
class Timeline:
    gos: list[Go]
    broken: list[Broken]
    output_errors: list[OutputError]
    incidents: list[Incident]
    timecodes: list[TimecodeRun] = field(default_factory=list)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def timeline(events: list[dict[str, Any]]) -> Timeline:
    """Every GO (accepted or rejected), every cue that broke, every output error, every
    show-control command, in the order they happened."""
    gos: list[Go] = []
    broken: list[Broken] = []
    errors: list[OutputError] = []
    incidents: list[Incident] = []
    current: dict[str, Any] | None = None  # the last accepted GO and the latest of its sends
    paused: float | None = None
    runs = timecode_runs(events)
    starts = {(run.at.wall, run.cue) for run in runs}  # a start's locate, not a resume's

    def finish() -> None:
        if current is not None:
            gos.append(Go(**current))

    for e in events:
        kind = e["event"]
        at: dict[str, Any] = {"wall": float(e["wall"]), "show_time": float(e["show_time"])}
        if kind == "go":
            finish()
            why = e.get("broken")
            current = {
                **at,
                "cue": e.get("cue"),
                "name": _text(e.get("name")),
                "source": _text(e.get("source")),
                "late_ms": None,
                "disarmed": e.get("disarmed") is True,
                "broken": None if why in (None, False) else _text(why) or "broken",
            }
            if current["broken"] is not None:
                broken.append(Broken(**at, cue=current["cue"], name=current["name"],
                                     reason=current["broken"]))  # fmt: skip
        elif kind == "go_rejected":
            gos.append(Go(**at, cue=None, name="", source=_text(e.get("source")), late_ms=None,
                          rejected=_text(e.get("reason")) or "rejected"))  # fmt: skip
        elif kind == "sent":
            late = e.get("late_ms")
            if current is not None and late is not None:
                current["late_ms"] = max(late, current["late_ms"] or late)
            if e.get("ok") is False:
                errors.append(OutputError(**at, destination=_text(e.get("destination")),
                                          what="send failed", message=_text(e.get("error")),
                                          cue=e.get("cue")))  # fmt: skip
        elif kind == "timecode" and (at["wall"], e.get("cue")) in starts:
            late = e.get("late_ms")
            if current is not None and late is not None:
                current["late_ms"] = max(late, current["late_ms"] or late)
        elif kind == "output" and str(e.get("state", "")) in OUTPUT_FAULTS:
            where = e.get("destination") or e.get("output") or e.get("name")
            why = e.get("error") or e.get("reason") or e.get("message")
            errors.append(OutputError(**at, destination=_text(where), what=str(e["state"]),
                                      message=_text(why), cue=e.get("cue")))  # fmt: skip
        elif kind == "cue" and e.get("state") == "broken":
            broken.append(Broken(**at, cue=e.get("cue"), name=_text(e.get("name")),
                                 reason=_text(e.get("reason")) or "broken"))  # fmt: skip
        elif kind in CONTROL:
            paused_for = None
            if kind == "pause_all":
                paused = at["wall"]
            elif kind == "resume_all" and paused is not None:
                paused_for, paused = at["wall"] - paused, None
            running = e.get("running") or ()
            incidents.append(Incident(**at, kind=kind, source=_text(e.get("source")),
                                      standing_by=e.get("standing_by"),
                                      running=tuple(str(c) for c in running),
                                      paused_for=paused_for))  # fmt: skip
    finish()
    gos.sort(key=lambda go: go.wall)
    # A GO on a broken cue and the cue's own `broken` state say the same thing once.
    once = {(b.cue, b.reason, round(b.wall, 3)): b for b in broken}
    errors += [OutputError(at.wall, at.show_time, run.destination, FAILED, text, run.cue)
               for run in runs for at, text in failures(run)]  # fmt: skip
    errors.sort(key=lambda e: e.wall)
    return Timeline(gos, list(once.values()), errors, incidents, runs)


def error_count(line: Timeline) -> int:
    """Output errors, and cues that broke for another reason than a failed send."""
    sends = {(e.cue, e.message) for e in line.output_errors if e.what == "send failed"}
    return len(line.output_errors) + sum(1 for b in line.broken if (b.cue, b.reason) not in sends)
