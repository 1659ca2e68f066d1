"""The show report of one performance, as data: built from the run log and the notes.

Everything here is read from the show file; nothing is written. The renderers (render.py, and
ui/report_pdf.py for PDF) only lay this out.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from showdesk.errors import ShowdeskError
from showdesk.notes import Note, Performance, performances, query_notes
from showdesk.showfile import ShowFile

# `output` events in these states are faults the report lists (the engine reports a
# destination's state when it changes); anything else (live, offline ...) is not a fault.
OUTPUT_FAULTS = ("unreachable", "erroring", "missing port", "missing_port", "error", "failed")


@dataclass(frozen=True)
class Span:
    """An act or an interval: from `start` to `end` (wall times; `end` None if never marked)."""

    label: str
    start: float
    end: float | None

    @property
    def duration(self) -> float | None:
        return None if self.end is None else self.end - self.start


@dataclass(frozen=True)
class Hold:
    start: float
    end: float | None  # the next mark after it (None: never released)
    reason: str
    show_time: float

    @property
    def duration(self) -> float | None:
        return None if self.end is None else self.end - self.start


@dataclass
class Times:
    house_open: float | None = None
    show_up: float | None = None
    show_down: float | None = None
    acts: list[Span] = field(default_factory=list)
    intervals: list[Span] = field(default_factory=list)
    holds: list[Hold] = field(default_factory=list)

    @property
    def total(self) -> float | None:
        """Run time: show up to show down, intervals and holds included."""
        if self.show_up is None or self.show_down is None:
            return None
        return self.show_down - self.show_up

    @property
    def playing(self) -> float | None:
        """The acts alone (intervals left out)."""
        durations = [act.duration for act in self.acts]
        if not durations or any(d is None for d in durations):
            return None
        return sum(d for d in durations if d is not None)


@dataclass(frozen=True)
class Go:
    wall: float
    show_time: float
    cue: str | None
    name: str
    source: str
    late_ms: float | None  # the latest send of what this GO started (None: nothing sent)
    rejected: str | None = None  # the reason, for a GO that did nothing


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
class Refused:
    """A command the engine refused (an `error` event): a typo, a cue that is not there."""

    wall: float
    show_time: float
    command: str
    message: str


@dataclass(frozen=True)
class HistoryRow:
    performance: Performance
    times: Times
    this: bool


@dataclass
class Report:
    show: str
    performance: Performance
    times: Times
    gos: list[Go]
    broken: list[Broken]
    output_errors: list[OutputError]
    notes: list[Note]  # struck notes left out
    struck: int
    history: list[HistoryRow]
    departments: dict[str, str] = field(default_factory=dict)  # code -> name
    refused: list[Refused] = field(default_factory=list)

    @property
    def date(self) -> str:
        return time.strftime("%A %d %B %Y", time.localtime(self.performance.started))

    def notes_by_department(self) -> list[tuple[str, list[Note]]]:
        groups: dict[str, list[Note]] = {}
        for note in self.notes:
            groups.setdefault(note.dept, []).append(note)
        known = list(self.departments)  # the show's own order; unknown codes, then general
        order = sorted(groups, key=lambda d: (d == "", d not in known,
                                              known.index(d) if d in known else 0, d))  # fmt: skip
        return [(dept, groups[dept]) for dept in order]


def _events(show: ShowFile, perf: Performance, kinds: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    sql = "SELECT detail FROM events WHERE performance_id = ?"
    args: list[Any] = [perf.id]
    if kinds:
        sql += f" AND kind IN ({', '.join('?' for _ in kinds)})"
        args += kinds
    return [json.loads(row[0]) for row in show.db.execute(sql + " ORDER BY id", args)]


def times_of(marks: list[dict[str, Any]]) -> Times:
    """Up, down, acts, intervals and holds from a performance's `mark` events, in order.

    Show up opens act 1; `act N` closes what is open (an act, an interval) and opens act N;
    `interval` closes the act and opens an interval; show down closes everything. A hold lasts
    until the next mark of any kind (`hold_end` is a mark that does only that).
    """
    times = Times()
    act: tuple[int, float] | None = None
    interval: float | None = None
    hold: dict[str, Any] | None = None

    def close(at: float) -> None:
        nonlocal act, interval
        if act is not None:
            times.acts.append(Span(f"Act {act[0]}", act[1], at))
            act = None
        if interval is not None:
            times.intervals.append(Span(f"Interval {len(times.intervals) + 1}", interval, at))
            interval = None

    for mark in marks:
        kind, wall = mark.get("mark"), float(mark["wall"])
        if hold is not None:
            times.holds.append(Hold(hold["wall"], wall, hold.get("text", ""), hold["show_time"]))
            hold = None
        if kind == "house_open" and times.house_open is None:
            times.house_open = wall
        elif kind == "show_up":
            if times.show_up is None:
                times.show_up = wall
            if act is None and interval is None:
                act = (1, wall)
        elif kind == "act":
            number = int(mark.get("act", 1))
            if act is not None and act[0] == number:
                continue  # "act 1" just after "show up": the same act
            close(wall)
            act = (number, wall)
            if times.show_up is None:
                times.show_up = wall
        elif kind == "interval":
            close(wall)
            interval = wall
        elif kind == "hold":
            hold = mark
        elif kind == "show_down":
            close(wall)
            times.show_down = wall
    if hold is not None:
        times.holds.append(Hold(hold["wall"], None, hold.get("text", ""), hold["show_time"]))
    if act is not None:
        times.acts.append(Span(f"Act {act[0]}", act[1], None))
    if interval is not None:
        times.intervals.append(Span(f"Interval {len(times.intervals) + 1}", interval, None))
    return times


def performance_times(show: ShowFile, perf: Performance) -> Times:
    return times_of(_events(show, perf, ("mark",)))


def timeline(events: list[dict[str, Any]]) -> tuple[list[Go], list[Broken], list[OutputError]]:
    """Every GO (accepted or rejected), every cue that broke, every output error."""
    gos: list[Go] = []
    broken: list[Broken] = []
    errors: list[OutputError] = []
    failed_sends: set[tuple[Any, Any]] = set()
    current: dict[str, Any] | None = None  # the last accepted GO and the latest of its sends

    def finish() -> None:
        if current is not None:
            gos.append(Go(**current))

    for e in events:
        kind = e["event"]
        if kind == "go":
            finish()
            current = {
                "wall": e["wall"],
                "show_time": e["show_time"],
                "cue": e.get("cue"),
                "name": e.get("name") or "",
                "source": e.get("source", ""),
                "late_ms": None,
            }
        elif kind == "go_rejected":
            gos.append(
                Go(
                    e["wall"],
                    e["show_time"],
                    None,
                    "",
                    e.get("source", ""),
                    None,
                    rejected=e.get("reason") or "rejected",
                )
            )
        elif kind == "sent":
            late = e.get("late_ms")
            if current is not None and late is not None:
                current["late_ms"] = max(late, current["late_ms"] or late)
            if e.get("ok") is False:
                failed_sends.add((e.get("id"), e.get("scheduled")))
                errors.append(
                    OutputError(
                        e["wall"],
                        e["show_time"],
                        e.get("destination", ""),
                        "send failed",
                        e.get("error") or "",
                        e.get("cue"),
                    )
                )
        elif kind == "output":
            state = str(e.get("state", ""))
            if state in OUTPUT_FAULTS:
                destination = e.get("destination") or e.get("output") or e.get("name") or ""
                message = e.get("error") or e.get("reason") or e.get("message") or ""
                errors.append(
                    OutputError(
                        e["wall"],
                        e["show_time"],
                        str(destination),
                        state,
                        str(message),
                        e.get("cue"),
                    )
                )
        elif kind == "cue" and e.get("state") == "broken":
            broken.append(
                Broken(
                    e["wall"],
                    e["show_time"],
                    e.get("cue"),
                    e.get("name") or "",
                    e.get("reason") or "broken",
                )
            )
    finish()
    gos.sort(key=lambda go: go.wall)
    return gos, broken, errors


def error_count(show: ShowFile, perf: Performance) -> int:
    """Output errors, and cues that broke for another reason than a failed send."""
    _, broken, errors = timeline(_events(show, perf, ("sent", "output", "cue")))
    sends = {(e.cue, e.message) for e in errors if e.what == "send failed"}
    return len(errors) + sum(1 for b in broken if (b.cue, b.reason) not in sends)


def build_report(show: ShowFile, perf: Performance) -> Report:
    events = _events(show, perf)
    times = times_of([e for e in events if e["event"] == "mark"])
    gos, broken, errors = timeline(events)
    notes = query_notes(show, performance=perf)
    history = [
        HistoryRow(p, times if p.id == perf.id else performance_times(show, p), p.id == perf.id)
        for p in performances(show)
        if p.id <= perf.id
    ]
    return Report(
        show=show.settings().name,
        performance=perf,
        times=times,
        gos=gos,
        broken=broken,
        output_errors=errors,
        notes=[n for n in notes if not n.struck],
        struck=sum(1 for n in notes if n.struck),
        history=history,
        departments={d.code: d.name for d in show.departments()},
        refused=[
            Refused(e["wall"], e["show_time"], str(e.get("command", "")), str(e.get("message", "")))
            for e in events
            if e["event"] == "error"
        ],
    )


def require_show_with_performances(show: ShowFile) -> None:
    if not performances(show):
        raise ShowdeskError(
            f"{show.path} has no performances yet: run the show (showdesk run) to make one"
        )
