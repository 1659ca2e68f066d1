"""The show report of one performance, as data: built from the run log, the notes and the show
details.

Everything here is read from the show file; nothing is written. The renderers (render.py, and
a PDF writer registered by the app) only lay this out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from showdesk.errors import ShowdeskError
from showdesk.logrows import readable
from showdesk.notes import Note, Performance, performances, query_notes
from showdesk.report.details import Details, details_of, scheduled_start
from showdesk.report.marks import Times, times_of
from showdesk.report.refused import Refused, refused_of
from showdesk.report.timecode import TimecodeRun
from showdesk.report.timeline import Broken, Go, Incident, OutputError, Timeline, timeline
from showdesk.showfile import ShowFile

AUDIENCES = ("producer", "crew")
# Kinds of performance that are not run straight through, so not a measure of a run time.
STOP_START = ("tech",)


@dataclass(frozen=True)
class HistoryRow:
    performance: Performance
    times: Times
    this: bool
    scheduled: float | None = None


@dataclass
class Report:
    details: Details
    performance: Performance
    times: Times
    line: Timeline
    notes: list[Note]  # struck notes left out
    struck: int
    history: list[HistoryRow]  # every performance up to this one, oldest first
    departments: dict[str, str] = field(default_factory=dict)  # code -> name
    refused: list[Refused] = field(default_factory=list)
    damaged: int = 0  # rows of the log that could not be read as events (left out)

    @property
    def show(self) -> str:
        return self.details.production

    @property
    def gos(self) -> list[Go]:
        return self.line.gos

    @property
    def broken(self) -> list[Broken]:
        return self.line.broken

    @property
    def output_errors(self) -> list[OutputError]:
        return self.line.output_errors

    @property
    def incidents(self) -> list[Incident]:
        return self.line.incidents

    @property
    def timecodes(self) -> list[TimecodeRun]:
        return self.line.timecodes

    @property
    def date(self) -> str:
        return time.strftime("%A %d %B %Y", time.localtime(self.performance.started))

    @property
    def late_by(self) -> float | None:
        """Actual curtain (show up) against scheduled; negative when it went up early."""
        if self.details.scheduled is None or self.times.show_up is None:
            return None
        return self.times.show_up - self.details.scheduled

    def notes_by_department(self) -> list[tuple[str, list[Note]]]:
        groups: dict[str, list[Note]] = {}
        for note in self.notes:
            groups.setdefault(note.dept, []).append(note)
        known = list(self.departments)  # the show's own order; unknown codes, then general
        order = sorted(groups, key=lambda d: (d == "", d not in known,
                                              known.index(d) if d in known else 0, d))  # fmt: skip
        return [(dept, groups[dept]) for dept in order]

    def earlier(self) -> list[HistoryRow]:
        """The performances before this one that measure a run: brought up and down, and not
        of a stop-and-start kind (a tech)."""
        return [r for r in self.history if not r.this and r.times.total is not None
                and r.performance.kind not in STOP_START]  # fmt: skip

    def averages(self) -> dict[str, float]:
        """The earlier performances' average of each time the times table shows (an act, an
        interval, the run, the acts alone, the holds, the late start), where they had it."""
        seen: dict[str, list[float]] = {}
        for row in self.earlier():
            for label, value in measures(row.times, row.scheduled).items():
                seen.setdefault(label, []).append(value)
        return {label: fmean(values) for label, values in seen.items()}


def measures(times: Times, scheduled: float | None) -> dict[str, float]:
    """A performance's lengths by the times table's labels (only those it has)."""
    out = {s.label: s.duration for s in times.spans() if s.duration is not None}
    if times.total is not None:
        out["Total run (up to down)"] = times.total
    if times.playing is not None and times.intervals:
        out["Acts alone"] = times.playing
    if scheduled is not None and times.show_up is not None:
        out["Curtain against scheduled"] = times.show_up - scheduled
    out["Holds"] = times.held
    return out


def _events(show: ShowFile, perf: Performance, kinds: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return _read(show, perf, kinds)[0]


def _read(
    show: ShowFile, perf: Performance, kinds: tuple[str, ...] = ()
) -> tuple[list[dict[str, Any]], int]:
    """The performance's events (of `kinds`, or all) and how many rows could not be read."""
    sql = "SELECT detail FROM events WHERE performance_id = ?"
    args: list[Any] = [perf.id]
    if kinds:
        sql += f" AND kind IN ({', '.join('?' for _ in kinds)})"
        args += kinds
    return readable(row[0] for row in show.db.execute(sql + " ORDER BY id", args))


def performance_times(show: ShowFile, perf: Performance) -> Times:
    return times_of(_events(show, perf, ("mark",)))


def performance_timeline(show: ShowFile, perf: Performance) -> Timeline:
    kinds = ("go", "go_rejected", "sent", "output", "cue", "timecode")
    return timeline(_events(show, perf, kinds))


def build_report(show: ShowFile, perf: Performance) -> Report:
    events, damaged = _read(show, perf)
    times = times_of([e for e in events if e["event"] == "mark"])
    notes = query_notes(show, performance=perf)
    settings = show.settings()
    history = [
        HistoryRow(
            p,
            times if p.id == perf.id else performance_times(show, p),
            p.id == perf.id,
            scheduled_start(p, settings.curtain),
        )
        for p in performances(show)
        if p.id <= perf.id
    ]
    return Report(
        details=details_of(settings, perf),
        performance=perf,
        times=times,
        line=timeline(events),
        notes=[n for n in notes if not n.struck],
        struck=sum(1 for n in notes if n.struck),
        history=history,
        departments={d.code: d.name for d in show.departments()},
        refused=refused_of(events),
        damaged=damaged,
    )


def require_show_with_performances(show: ShowFile) -> None:
    if not performances(show):
        raise ShowdeskError(
            f"{show.path} has no performances yet: run the show (showdesk run) to make one"
        )
