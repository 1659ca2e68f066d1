"""What the report says, for whom, whatever the format: the header and the sections in order.

Two audiences read a show report. The producer (the default) reads the times against the
schedule and against earlier performances, the holds and why, the incidents, the notes by
department, and refused commands that lost something, as sentences. The crew reads all of that
and the GO timeline with its lateness and sources, the output errors, the cues that broke and
every refused command with its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from showdesk.report.model import Report, measures
from showdesk.report.timecode import FAILED as TIMECODE_FAILED
from showdesk.report.timecode import incidents as timecode_incidents
from showdesk.report.timecode import summary as timecode_summary
from showdesk.report.timeline import Go, Incident
from showdesk.report.words import (
    against,
    day,
    hm,
    hms,
    late,
    lateness,
    mode_text,
    show_clock,
    source_text,
    tod,
)


class Flagged(NamedTuple):
    """A cell that opens with a word to stand out: `REJECTED: too soon`."""

    flag: str
    text: str


Cell = str | Flagged


@dataclass(frozen=True)
class Section:
    """One part of the report: a heading (`level` 2, or 3 for a part of the one before) over a
    table (`headings`, `rows`), or over `items` (sentences, a list), or over `empty`, said when
    there is nothing (None: the section is left out then). `classes[i]` is what stands out
    about row i (rejected, a note's severity, this performance); `wide` are the columns of free
    text, which wrap (the others are short and never do). `remark` is a sentence before the
    table; `chart` puts the run-time chart there."""

    title: str
    headings: tuple[str, ...] = ()
    rows: Sequence[tuple[Cell, ...]] = ()
    level: int = 2
    classes: Sequence[str] = ()
    empty: str | None = None
    wide: tuple[int, ...] = ()
    remark: str = ""
    items: Sequence[str] = ()
    chart: bool = False

    @property
    def said(self) -> bool:
        return bool(self.rows or self.items or self.chart or self.empty is not None)


@dataclass(frozen=True)
class Header:
    title: str  # the production
    subtitle: str  # the performance, its kind and date
    facts: list[tuple[str, str]]  # (label, value): company, venue, stage manager ...
    curtain: str  # the curtain in a sentence: scheduled against actual, the hold before it


class Stamped(Protocol):
    @property
    def wall(self) -> float: ...
    @property
    def show_time(self) -> float | None: ...


AT = ("time", "show time")


def _at(event: Stamped) -> tuple[str, str]:
    return tod(event.wall), show_clock(event.show_time)


def dept_name(report: Report, code: str) -> str:
    return report.departments.get(code, code) if code else "General"


def header(report: Report, audience: str) -> Header:
    d, perf = report.details, report.performance
    facts = [("Company", d.company), ("Venue", d.venue), ("Stage manager", d.stage_manager),
             ("Called by", d.called_by),
             ("Run", f"{mode_text(perf.mode)}, cue list {perf.list}"),
             ("Report for", "the producer" if audience == "producer" else "the crew"),
             ("Log", f"{report.damaged} damaged row(s) could not be read and are left out"
              if report.damaged else "")]  # fmt: skip
    return Header(d.production, f"{perf.name} · {perf.kind} · {report.date}",
                  [(k, v) for k, v in facts if v], curtain_sentence(report))  # fmt: skip


def curtain_sentence(report: Report) -> str:
    """`Scheduled 19:30; up 19:37:12, 7 min 12 s late, after a hold of 0:05:00 (late audience).
    Down 21:50:02.`"""
    t, scheduled = report.times, report.details.scheduled
    parts = []
    if scheduled is not None:
        parts.append(f"Scheduled {hm(scheduled)}")
    if t.show_up is None:
        parts.append("show up was not marked")
    else:
        up = f"up {tod(t.show_up)}"
        if report.late_by is not None:
            up += f", {lateness(report.late_by)}"
        before = [h for h in t.holds if h.before_curtain]
        if before:
            held = sum(h.duration or 0.0 for h in before)
            reasons = "; ".join(h.reason for h in before if h.reason) or "no reason given"
            up += f", after a hold of {hms(held)} ({reasons})"
        parts.append(up)
    text = "; ".join(parts)
    text = text[0].upper() + text[1:] + "."
    if t.show_down is not None:
        text += f" Down {tod(t.show_down)}; run time {hms(t.total)}."
    return text


def time_rows(report: Report) -> list[tuple[str, ...]]:
    """(what, from, to, length, average of earlier, difference) for the times table."""
    t, average = report.times, report.averages()
    mine = measures(t, report.details.scheduled)
    rows: list[tuple[str, ...]] = []

    def compared(label: str, what: str, start: str, end: str, length: str) -> tuple[str, ...]:
        if label not in average or label not in mine:
            return (what, start, end, length, "", "")
        return (
            what,
            start,
            end,
            length,
            hms(average[label]),
            against(mine[label] - average[label]),
        )

    if t.house_open is not None:
        rows.append(("House open", tod(t.house_open), "", "", "", ""))
    if report.details.scheduled is not None:
        rows.append(("Scheduled curtain", hm(report.details.scheduled), "", "", "", ""))
    if t.show_up is not None:
        label, late_by = "Curtain against scheduled", report.late_by
        before, difference = "", ""
        if late_by is not None and label in average:
            before, difference = lateness(average[label]), against(late_by - average[label])
        rows.append(("Show up", tod(t.show_up), "", "" if late_by is None else lateness(late_by),
                     before, difference))  # fmt: skip
    rows += [compared(s.label, s.label, tod(s.start), tod(s.end), hms(s.duration))
             for s in t.spans()]  # fmt: skip
    if t.show_down is not None:
        rows.append(("Show down", tod(t.show_down), "", "", "", ""))
    total = hms(t.total) if t.total is not None else "not marked"
    rows.append(compared("Total run (up to down)", "Total run (up to down)", tod(t.show_up),
                         tod(t.show_down), total))  # fmt: skip
    if t.playing is not None and t.intervals:
        rows.append(compared("Acts alone", "Acts alone", "", "", hms(t.playing)))
    if t.holds:
        rows.append(compared("Holds", f"Holds ({len(t.holds)})", "", "", hms(t.held)))
    return rows


def history_rows(report: Report) -> list[tuple[str, ...]]:
    """(performance, kind, date, up, run time, acts, this?) for every performance up to this."""
    rows: list[tuple[str, ...]] = []
    for row in report.history:
        perf, t = row.performance, row.times
        acts = " / ".join(hms(a.duration) for a in t.acts if a.duration is not None)
        run = hms(t.total) if t.total is not None else "not marked"
        rows.append((perf.name, perf.kind, day(perf.started), tod(t.show_up), run, acts,
                     "this one" if row.this else ""))  # fmt: skip
    return rows


def incident_text(incident: Incident) -> str:
    """`PANIC from the keyboard (standing by 12; running 11, 11.5)`."""
    text = f"{incident.what} from {source_text(incident.source)}"
    context = []
    if incident.standing_by:
        context.append(f"standing by {incident.standing_by}")
    if incident.running:
        context.append(f"running {', '.join(incident.running)}")
    if incident.paused_for is not None:
        context.append(f"paused {hms(incident.paused_for)}")
    return text + (f" ({'; '.join(context)})" if context else "")


def incident_rows(report: Report, audience: str) -> list[tuple[Stamped, str]]:
    """Show-control commands, cues that broke and timecodes that failed or ran late, in order;
    for the producer, a destination's other output errors in one line."""
    rows: list[tuple[Stamped, str]] = [(i, incident_text(i)) for i in report.incidents]
    rows += [(b, f"Cue {b.cue or '?'}{f' ({b.name})' if b.name else ''} broke: {b.reason}")
             for b in report.broken]  # fmt: skip
    rows += [row for run in report.timecodes for row in timecode_incidents(run)]
    if audience == "producer":
        by_destination: dict[str, list[Stamped]] = {}
        sends = [e for e in report.output_errors if e.what != TIMECODE_FAILED]  # said above
        for e in sends:
            by_destination.setdefault(e.destination, []).append(e)
        for destination, errors in by_destination.items():
            first = next(e for e in sends if e.destination == destination)
            why = first.message or first.what
            if len(errors) == 1:
                said = f"Output {destination}: 1 error at {tod(first.wall)}"
            else:
                said = (f"Output {destination}: {len(errors)} errors from {tod(first.wall)} "
                        f"to {tod(errors[-1].wall)}")  # fmt: skip
            rows.append((first, f"{said} ({why})"))
    return sorted(rows, key=lambda r: r[0].wall)


def sections(report: Report, audience: str = "producer") -> list[Section]:
    """The report's sections in order, for `audience` (producer or crew); those with nothing to
    say and no `empty` sentence are left out."""
    crew = audience == "crew"
    holds = report.times.holds
    incidents = incident_rows(report, audience)
    every = [
        Section("Run time at a glance", chart=True, remark=CAPTION),
        Section("Times", ("", "from", "to", "length", "average before", "difference"),
                time_rows(report), remark=_average_remark(report)),
        Section("Holds", (*AT, "length", "reason"),
                [(tod(h.start), show_clock(h.show_time),
                  hms(h.duration) if h.duration is not None else "not released",
                  h.reason or "no reason given") for h in holds],
                level=3, wide=(3,)),
        Section(f"Incidents ({len(incidents)})", (*AT, "what happened"),
                [(*_at(event), text) for event, text in incidents],
                empty="No panic, stop all, pause, reset, broken cue or timecode fault.",
                wide=(2,)),
    ]  # fmt: skip
    if crew:
        every += _crew_sections(report)
    every += _notes(report)
    if crew:
        every.append(Section(f"Commands the engine refused ({len(report.refused)})",
                             (*AT, "command", "source", "reason"),
                             [(*_at(r), r.text or "(none: the engine's own error)",
                               r.source, r.reason) for r in report.refused],
                             empty="The engine refused no command.", wide=(2, 4)))  # fmt: skip
    else:
        matter = [r for r in report.refused if r.matters]
        every.append(Section("Refused commands",
                             items=[f"{tod(r.wall)} (show {show_clock(r.show_time)}): "
                                    + r.sentence(report.departments.get(r.field("dept"), ""))
                                    for r in matter]))  # fmt: skip
    history = history_rows(report)
    this = ["this" if r[-1] else "" for r in history]
    every.append(Section("Run time against earlier performances",
                         ("performance", "kind", "date", "up", "run time", "acts", ""), history,
                         classes=this, wide=(0, 5)))  # fmt: skip
    return [s for s in every if s.said]


CAPTION = ("Each bar runs from the scheduled curtain (or the first hold, or show up, if "
           "earlier) to show down; its figure is the run time, show up to show down.")  # fmt: skip


TIMECODE_REMARK = ("Sent and failed count MTC quarter frames (four a frame); the worst late is "
                   "the latest of its sends, its locates included.")  # fmt: skip


def _average_remark(report: Report) -> str:
    earlier = report.earlier()
    if not earlier:
        return ""
    return (f"Average before: the {len(earlier)} earlier performance(s) brought up and down "
            "(techs left out); the difference is this one's length against it.")  # fmt: skip


def _crew_sections(report: Report) -> list[Section]:
    gos, runs = report.gos, report.timecodes
    accepted = sum(1 for g in gos if g.rejected is None)

    def name(g: Go) -> Cell:
        if g.rejected is not None:
            return Flagged("REJECTED", g.rejected)
        if g.broken is not None:
            return Flagged("BROKEN", f"{g.name}: {g.broken}" if g.name else g.broken)
        if g.disarmed:
            return Flagged("DISARMED", f"{g.name} (nothing sent)" if g.name else "nothing sent")
        return g.name

    return [
        Section(f"GO timeline ({accepted} GO, {len(gos) - accepted} rejected)",
                (*AT, "cue", "name", "source", "late"),
                [(*_at(g), g.cue or "", name(g), g.source, late(g.late_ms)) for g in gos],
                classes=["rejected" if g.rejected or g.broken else "" for g in gos],
                empty="No GO in this performance.", wide=(3, 4)),
        Section("Cues that broke", (*AT, "cue", "name", "why"),
                [(*_at(b), b.cue or "", b.name, b.reason) for b in report.broken],
                level=3, wide=(3, 4)),
        Section(f"Output errors ({len(report.output_errors)})",
                (*AT, "destination", "what", "cue", "message"),
                [(*_at(e), e.destination, e.what, e.cue or "", e.message)
                 for e in report.output_errors],
                empty="No output errors.", wide=(2, 5)),
        Section(f"Timecode ({len(runs)} run{'' if len(runs) == 1 else 's'})",
                (*AT, "cue", "destination", "timecode", "sent", "failed", "worst late"),
                [(*_at(r.at), f"{r.cue or '?'} {r.name}".strip(), r.destination,
                  timecode_summary(r), f"{r.sent:,}", f"{r.failed:,}", late(r.late_ms))
                 for r in runs],
                classes=["rejected" if r.failed else "" for r in runs], wide=(2, 3, 4),
                remark=TIMECODE_REMARK),
    ]  # fmt: skip


def _notes(report: Report) -> list[Section]:
    remark = f"{report.struck} struck note(s) are not shown." if report.struck else ""
    out = [Section(f"Notes ({len(report.notes)})", empty="No notes." if not report.notes else "",
                   remark=remark)]  # fmt: skip
    for dept, notes in report.notes_by_department():
        out.append(Section(dept_name(report, dept), (*AT, "cue", "severity", "note"),
                           [(*_at(n), _cue_context(n.cue, n.standing_by), n.severity, n.text)
                            for n in notes],
                           classes=[n.severity if n.severity != "info" else "" for n in notes],
                           level=3, wide=(2, 4)))  # fmt: skip
    return out


def _cue_context(about: str | None, standing_by: str | None) -> str:
    parts = []
    if about:
        parts.append(f"about {about}")
    if standing_by:
        parts.append(f"sb {standing_by}" if about else f"standing by {standing_by}")
    return ", ".join(parts)
