"""The report laid out: HTML (light, for print and mail; Qt's PDF writer reads the same HTML),
Markdown and CSV. Times of day are the computer's local time."""

from __future__ import annotations

import base64
import csv
import html
import io
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from showdesk.report.model import Report

SEVERITY_ORDER = {"critical": 0, "issue": 1, "info": 2}
CSV_COLUMNS = (
    "section",
    "time",
    "show_time",
    "item",
    "cue",
    "department",
    "severity",
    "duration",
    "detail",
)


def tod(wall: float | None) -> str:
    """Time of day, `19:32:04`."""
    return "" if wall is None else time.strftime("%H:%M:%S", time.localtime(wall))


def hms(seconds: float | None) -> str:
    """A duration, `1:05:12` (whole seconds)."""
    if seconds is None:
        return ""
    whole = round(seconds)
    sign = "-" if whole < 0 else ""
    hours, rest = divmod(abs(whole), 3600)
    return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"


def show_clock(seconds: float | None) -> str:
    """Show time, `0:42:10.3` (tenths)."""
    if seconds is None:
        return ""
    tenths = round(seconds * 10)
    hours, rest = divmod(tenths // 10, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}.{tenths % 10}"


def late(ms: float | None) -> str:
    return "" if ms is None else f"{ms:.2f} ms"


def mode_text(mode: str) -> str:
    return "live" if mode == "live" else "offline (nothing sent)"


def dept_name(report: Report, code: str) -> str:
    return report.departments.get(code, code) if code else "General"


# -- the rows every format shares ----------------------------------------------------------


def time_rows(report: Report) -> list[tuple[str, str, str, str]]:
    """(what, from, to, duration) for the times table."""
    t = report.times
    rows = []
    if t.house_open is not None:
        rows.append(("House open", tod(t.house_open), "", ""))
    if t.show_up is not None:
        rows.append(("Show up", tod(t.show_up), "", ""))
    spans = sorted([*t.acts, *t.intervals], key=lambda s: s.start)
    rows += [(s.label, tod(s.start), tod(s.end), hms(s.duration)) for s in spans]
    if t.show_down is not None:
        rows.append(("Show down", tod(t.show_down), "", ""))
    rows.append(
        (
            "Total run (up to down)",
            tod(t.show_up),
            tod(t.show_down),
            hms(t.total) if t.total is not None else "not marked",
        )
    )
    if t.playing is not None and t.intervals:
        rows.append(("Acts alone", "", "", hms(t.playing)))
    held = [h.duration for h in t.holds if h.duration is not None]
    if t.holds:
        rows.append((f"Holds ({len(t.holds)})", "", "", hms(sum(held))))
    return rows


def history_rows(report: Report) -> list[tuple[str, str, str, str, str, str]]:
    """(performance, kind, date, run time, acts, this?) for every performance up to this one."""
    rows = []
    for row in report.history:
        perf, t = row.performance, row.times
        acts = " / ".join(hms(a.duration) for a in t.acts if a.duration is not None)
        rows.append(
            (
                perf.name,
                perf.kind,
                time.strftime("%Y-%m-%d %H:%M", time.localtime(perf.started)),
                hms(t.total) if t.total is not None else "not marked",
                acts,
                "this one" if row.this else "",
            )
        )
    return rows


def chart_svg(report: Report, width: int = 640) -> str | None:
    """Run time of each performance with one, as horizontal bars; None when none has one."""
    bars = [
        (r.performance.name, r.times.total, r.this)
        for r in report.history
        if r.times.total is not None
    ]
    if not bars:
        return None
    label_w, value_w, row_h, top = 200, 70, 24, 8
    longest = max(total for _, total, _ in bars if total is not None) or 1.0
    plot_w = width - label_w - value_w
    height = top * 2 + row_h * len(bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for i, (name, total, this) in enumerate(bars):
        y = top + i * row_h
        bar = max(1.0, plot_w * (total or 0) / longest)
        colour = "#1f4e99" if this else "#9db4d6"
        label = html.escape(name if len(name) <= 28 else name[:27] + "…")
        weight = ' font-weight="bold"' if this else ""
        parts += [
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" fill="#111"{weight}>'
            f"{label}</text>",
            f'<rect x="{label_w}" y="{y + 4}" width="{bar:.1f}" height="{row_h - 8}" '
            f'fill="{colour}"/>',
            f'<text x="{label_w + bar + 6:.1f}" y="{y + 16}" fill="#111"{weight}>'
            f"{hms(total)}</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)


# -- the sections every format draws ------------------------------------------------------


class Flagged(NamedTuple):
    """A cell that opens with a word to stand out: `REJECTED: too soon`."""

    flag: str
    text: str


Cell = str | Flagged


@dataclass(frozen=True)
class Section:
    """One part of the report, whatever the format: a heading (`level` 2, or 3 for a part of the
    one before) over a table, or over `empty`, the sentence said when there are no rows (None:
    the section is left out then). `classes[i]` is what stands out about row i (rejected, a
    note's severity, this performance), `groups[i]`, when set, a sub-heading before row i, and
    `free` the column of free text. `remark` is a sentence before the table. The HTML is the
    fuller report: it adds `tally` after the title and `aside` after the remark."""

    title: str
    headings: tuple[str, ...]
    rows: Sequence[tuple[Cell, ...]]
    level: int = 2
    classes: Sequence[str] = ()
    groups: Sequence[str | None] = ()
    empty: str | None = None
    free: int = -1
    tally: str = ""
    remark: str = ""
    aside: str = ""


def sections(report: Report) -> list[Section]:
    """The report's sections, in order, each with everything that is said about it (those left
    out when empty are not there)."""
    gos, holds = report.gos, report.times.holds
    accepted = sum(1 for g in gos if g.rejected is None)
    notes = [
        (dept, n, i == 0)
        for dept, in_dept in report.notes_by_department()
        for i, n in enumerate(in_dept)
    ]
    history = history_rows(report)
    at = ("time", "show time")  # the headings over _at(event)
    every = [
        Section("Times", ("", "from", "to", "duration"), time_rows(report)),
        Section(
            "Holds",
            (*at, "length", "reason"),
            [
                (
                    tod(h.start),
                    show_clock(h.show_time),
                    hms(h.duration) if h.duration is not None else "not released",
                    h.reason,
                )
                for h in holds
            ],
            level=3,
        ),
        Section(
            "GO timeline",
            (*at, "cue", "name", "source", "late"),
            [
                (
                    *_at(g),
                    g.cue or "",
                    g.name if g.rejected is None else Flagged("REJECTED", g.rejected),
                    g.source,
                    late(g.late_ms),
                )
                for g in gos
            ],
            classes=["rejected" if g.rejected else "" for g in gos],
            empty="No GO in this performance.",
            free=3,
            tally=f"{accepted} GO, {len(gos) - accepted} rejected",
        ),
        Section(
            "Cues that broke",
            (*at, "cue", "name", "why"),
            [(*_at(b), b.cue or "", b.name, b.reason) for b in report.broken],
            level=3,
        ),
        Section(
            "Commands the engine refused",
            (*at, "command", "why"),
            [(*_at(r), r.command, r.message) for r in report.refused],
            level=3,
        ),
        Section(
            "Output errors",
            (*at, "destination", "what", "cue", "message"),
            [
                (*_at(e), e.destination, e.what, e.cue or "", e.message)
                for e in report.output_errors
            ],
            empty="No output errors.",
            tally=str(len(report.output_errors)),
        ),
        Section(
            "Notes",
            (*at, "standing by", "severity", "note"),
            [
                (*_at(n), _cue_context(n.cue, n.standing_by), n.severity, n.text)
                for _, n, _ in notes
            ],
            classes=[n.severity if n.severity != "info" else "" for _, n, _ in notes],
            groups=[dept_name(report, d) if first else None for d, _, first in notes],
            empty="No notes.",
            tally=str(len(report.notes)),
            remark=f"{report.struck} struck note(s) are not shown" if report.struck else "",
            aside="showdesk notes lists them",
        ),
        Section(
            "Run time against earlier performances",
            ("performance", "kind", "date", "run time", "acts", ""),
            history,
            classes=["this" if r[-1] else "" for r in history],
            free=0,
        ),
    ]
    return [s for s in every if s.rows or s.empty is not None]


class Stamped(Protocol):
    """Anything that happened at a wall time and a show time (a GO, a note, an error)."""

    @property
    def wall(self) -> float: ...
    @property
    def show_time(self) -> float | None: ...


def _at(event: Stamped) -> tuple[str, str]:
    """When something happened: time of day and show time."""
    return tod(event.wall), show_clock(event.show_time)


def _cue_context(about: str | None, standing_by: str | None) -> str:
    parts = []
    if about:
        parts.append(f"about {about}")
    if standing_by:
        parts.append(standing_by if not about else f"sb {standing_by}")
    return ", ".join(parts)


# -- HTML ----------------------------------------------------------------------------------

CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; color: #111; background: #fff;
       font-size: 10pt; margin: 1.5em; }
h1 { font-size: 18pt; margin: 0 0 0.2em 0; }
h2 { font-size: 13pt; margin: 1.2em 0 0.3em 0; border-bottom: 1px solid #888; }
h3 { font-size: 11pt; margin: 0.8em 0 0.2em 0; }
table { border-collapse: collapse; margin: 0.2em 0 0.6em 0; }
th { background-color: #e6e6e6; text-align: left; }
th.group { background-color: #ffffff; font-size: 11pt; padding-top: 8px; }
th, td { border: 1px solid #999; padding: 3px 6px; vertical-align: top; }
.meta { color: #333; }
.critical { color: #a00000; font-weight: bold; }
.issue { color: #8a4b00; font-weight: bold; }
.rejected, .bad { color: #a00000; }
.this { font-weight: bold; }
.none { color: #555; font-style: italic; }
"""


NOWRAP = ' style="white-space: nowrap"'


def _table(
    headings: tuple[str, ...],
    rows: Sequence[tuple[Cell, ...]],
    classes: Sequence[str] = (),
    free: int = -1,
    groups: Sequence[str | None] = (),
) -> str:
    """A table; only column `free` wraps its text. `groups[i]`, when set, is a heading row put
    before row i, inside the table (so a page break cannot part it from its rows)."""
    free %= len(headings)
    wide = ' width="100%"' if len(headings) > 4 else ""
    out = [
        f'<table border="1" cellspacing="0" cellpadding="3"{wide}>',
        "<thead><tr>"
        + "".join(f"<th{NOWRAP}>{html.escape(h)}</th>" for h in headings)
        + "</tr></thead>",
    ]
    for i, row in enumerate(rows):
        if groups and groups[i]:
            out.append(f'<tr><th class="group" colspan="{len(headings)}">'
                       f"{html.escape(groups[i] or '')}</th></tr>")  # fmt: skip
        cls = classes[i] if classes and classes[i] else ""
        attr = f' class="{cls}"' if cls else ""
        cells = "".join(
            f"<td{'' if col == free else NOWRAP}>{html.escape(_html_cell(c))}</td>"
            for col, c in enumerate(row)
        )
        out.append(f"<tr{attr}>{cells}</tr>")
    out.append("</table>")
    return "\n".join(out)


def _html_cell(cell: Cell) -> str:
    """The text of a cell; its row's class makes a flagged one stand out."""
    return cell if isinstance(cell, str) else f"{cell.flag}: {cell.text}"


def _none(text: str) -> str:
    return f'<p class="none">{html.escape(text)}</p>'


def _html_section(s: Section) -> list[str]:
    title = f"{s.title} ({s.tally})" if s.tally else s.title
    out = [f"<h{s.level}>{html.escape(title)}</h{s.level}>"]
    if s.remark:
        out.append(_none(f"{s.remark} ({s.aside})." if s.aside else f"{s.remark}."))
    if s.rows:
        out.append(_table(s.headings, s.rows, s.classes, s.free, s.groups))
    elif s.empty is not None:
        out.append(_none(s.empty))
    return out


def render_html(report: Report) -> str:
    perf = report.performance
    title = f"Show report: {report.show}: {perf.name}"
    body = [
        f"<h1>{html.escape(report.show)}</h1>",
        f'<p class="meta"><b>{html.escape(perf.name)}</b> &middot; {html.escape(perf.kind)} '
        f"&middot; {html.escape(report.date)} &middot; {html.escape(mode_text(perf.mode))} "
        f"&middot; cue list {html.escape(perf.list)}</p>",
    ]
    for section in sections(report):
        body += _html_section(section)
    svg = chart_svg(report)  # under the last section, the run times
    if svg:
        data = base64.b64encode(svg.encode()).decode("ascii")
        height = svg.split('height="', 1)[1].split('"', 1)[0]
        body.append(
            f'<p><img src="data:image/svg+xml;base64,{data}" width="640" '
            f'height="{height}" alt="run time of each performance"></p>'
        )
    else:
        body.append(_none("No performance has both show up and show down marked yet."))
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


# -- Markdown ------------------------------------------------------------------------------


def _md_table(headings: tuple[str, ...], rows: Sequence[tuple[Cell, ...]]) -> list[str]:
    def cell(c: Cell) -> str:
        text = c if isinstance(c, str) else f"**{c.flag}**: {c.text}"
        return text.replace("|", "\\|").replace("\n", " ")

    return [
        "| " + " | ".join(headings) + " |",
        "|" + "---|" * len(headings),
        *("| " + " | ".join(cell(c) for c in row) + " |" for row in rows),
        "",
    ]


def _md_section(s: Section) -> list[str]:
    """The section; its groups are headings a level down, each over a table of its own."""
    out = [f"{'#' * s.level} {s.title}", ""]
    if s.remark:
        out += [f"{s.remark}.", ""]
    if not s.rows:
        return [*out, s.empty or "", ""]
    tables: list[tuple[str | None, list[tuple[Cell, ...]]]] = []
    for i, row in enumerate(s.rows):
        group = s.groups[i] if s.groups else None
        if group or not tables:
            tables.append((group, []))
        tables[-1][1].append(row)
    for group, rows in tables:
        if group:
            out += [f"{'#' * (s.level + 1)} {group}", ""]
        out += _md_table(s.headings, rows)
    return out


def render_md(report: Report) -> str:
    perf = report.performance
    out = [
        f"# {report.show}: {perf.name}",
        "",
        f"{perf.kind}, {report.date}, {mode_text(perf.mode)}, cue list {perf.list}",
        "",
    ]
    for section in sections(report):
        out += _md_section(section)
    return "\n".join(out)


# -- CSV -----------------------------------------------------------------------------------


def csv_rows(report: Report) -> Iterator[dict[str, str]]:
    """One row per fact, every row with the same columns (CSV_COLUMNS)."""

    def row(section: str, event: Stamped | None = None, **fields: str | None) -> dict[str, str]:
        if event is not None:
            fields["time"], fields["show_time"] = _at(event)
        return {column: fields.get(column) or "" for column in CSV_COLUMNS} | {"section": section}

    perf = report.performance
    yield row(
        "performance",
        time=tod(perf.started),
        item=perf.name,
        detail=f"show={report.show}; kind={perf.kind}; date={report.date}; "
        f"mode={mode_text(perf.mode)}; list={perf.list}",
    )
    for what, start, end, duration in time_rows(report):
        yield row(
            "times", item=what, time=start, duration=duration, detail=f"to {end}" if end else ""
        )
    for h in report.times.holds:
        yield row(
            "hold",
            time=tod(h.start),
            show_time=show_clock(h.show_time),
            duration=hms(h.duration),
            detail=h.reason,
        )
    for g in report.gos:
        if g.rejected is None:
            yield row(
                "go", g, cue=g.cue, item=g.name, detail=f"source={g.source}; late={late(g.late_ms)}"
            )
        else:
            yield row("go_rejected", g, detail=f"source={g.source}; {g.rejected}")
    for b in report.broken:
        yield row("broken", b, cue=b.cue, item=b.name, detail=b.reason)
    for r in report.refused:
        yield row("refused", r, item=r.command, detail=r.message)
    for e in report.output_errors:
        yield row("output_error", e, cue=e.cue, item=e.destination, detail=f"{e.what}: {e.message}")
    for dept, notes in report.notes_by_department():
        for n in notes:
            yield row(
                "note",
                n,
                cue=n.cue or n.standing_by,
                department=dept,
                severity=n.severity,
                item=f"note {n.id}",
                detail=n.text,
            )
    for name, kind, date, run, acts, this in history_rows(report):
        yield row(
            "history",
            time=date,
            item=name,
            duration=run,
            detail=f"kind={kind}; acts={acts}" + ("; this performance" if this else ""),
        )


def render_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(csv_rows(report))
    return out.getvalue()
