"""The report laid out: HTML (light, for print and mail; the PDF writer prints the same HTML),
Markdown and CSV, from the header and sections of sections.py.

The HTML keeps to what both a browser and Qt's QTextDocument (the PDF writer) render: tables
with a header row, inline styles for what must not wrap, the chart as an SVG `data:` image.
"""

from __future__ import annotations

import base64
import csv
import html
import io
from collections.abc import Iterator, Sequence

from showdesk.report.chart import chart_svg, chart_text
from showdesk.report.model import Report
from showdesk.report.sections import (
    Cell,
    Flagged,
    Header,
    Section,
    header,
    history_rows,
    incident_rows,
    sections,
    time_rows,
)
from showdesk.report.words import hms, late, show_clock, tod

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

# -- HTML ----------------------------------------------------------------------------------

CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; color: #111; background: #fff;
       font-size: 9pt; margin: 1.5em; }
h1 { font-size: 17pt; margin: 0 0 0.1em 0; }
h2 { font-size: 13pt; margin: 1.1em 0 0.3em 0; border-bottom: 1px solid #888; }
h3 { font-size: 11pt; margin: 0.8em 0 0.2em 0; }
h2, h3 { page-break-after: avoid; break-after: avoid; }
table { margin: 0.2em 0 0.5em 0; width: 100%; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th { background-color: #dcdcdc; text-align: left; }
th, td { padding: 2px 5px; vertical-align: top; overflow-wrap: anywhere; word-break: break-word; }
img { max-width: 100%; height: auto; }
.sub { font-size: 11pt; margin: 0 0 0.4em 0; }
.facts td { padding: 0 12px 0 0; }
.curtain { font-size: 10pt; font-weight: bold; margin: 0.5em 0; }
.critical { color: #a00000; font-weight: bold; }
.issue { color: #8a4b00; font-weight: bold; }
.rejected { color: #a00000; }
.this { font-weight: bold; }
.none, .remark { color: #444; font-style: italic; }
"""
NOWRAP = ' style="white-space: nowrap"'
# Every other row shaded, no cell borders: as readable as ruled cells, and Qt lays out a table
# with collapsed borders about three times slower (a 1,000-GO timeline: 2.2 s against 0.7 s).
SHADE = ' bgcolor="#efefef"'


def _html_cell(cell: Cell) -> str:
    """The text of a cell; its row's class makes a flagged one stand out."""
    if isinstance(cell, Flagged):
        return f"<b>{html.escape(cell.flag)}</b>: {html.escape(cell.text)}"
    return html.escape(cell)


def _html_table(s: Section) -> str:
    """A table as wide as the page; only the `wide` columns wrap (the others are times and
    short words), so nothing runs past the margin."""
    out = [
        '<table width="100%" border="0" cellspacing="0" cellpadding="3">',
        "<thead><tr>" + "".join(
            f"<th{'' if i in s.wide else NOWRAP}>{html.escape(h)}</th>"
            for i, h in enumerate(s.headings)
        ) + "</tr></thead><tbody>",
    ]  # fmt: skip
    for i, row in enumerate(s.rows):
        cls = f' class="{s.classes[i]}"' if s.classes and s.classes[i] else ""
        cells = "".join(
            f"<td{'' if col in s.wide else NOWRAP}>{_html_cell(c)}</td>"
            for col, c in enumerate(row)
        )
        out.append(f"<tr{cls}{SHADE if i % 2 else ''}>{cells}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _html_chart(report: Report) -> str:
    svg = chart_svg(report)
    if svg is None:
        return '<p class="none">No performance has both show up and show down marked yet.</p>'
    data = base64.b64encode(svg.encode()).decode("ascii")
    width, height = (svg.split(f'{key}="', 1)[1].split('"', 1)[0] for key in ("width", "height"))
    return (f'<p><img src="data:image/svg+xml;base64,{data}" width="{width}" height="{height}" '
            'alt="run time of each performance: acts, intervals and holds"></p>')  # fmt: skip


def _html_section(report: Report, s: Section) -> list[str]:
    out = [f"<h{s.level}>{html.escape(s.title)}</h{s.level}>"]
    if s.remark:
        out.append(f'<p class="remark">{html.escape(s.remark)}</p>')
    if s.chart:
        out.append(_html_chart(report))
    if s.rows:
        out.append(_html_table(s))
    elif s.items:
        out.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in s.items) + "</ul>")
    elif s.empty:
        out.append(f'<p class="none">{html.escape(s.empty)}</p>')
    return out


def _html_header(h: Header) -> list[str]:
    out = [f"<h1>{html.escape(h.title)}</h1>", f'<p class="sub">{html.escape(h.subtitle)}</p>']
    if h.facts:
        rows = "".join(f"<tr><td{NOWRAP}><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td>"
                       "</tr>" for k, v in h.facts)  # fmt: skip
        out.append(
            f'<table class="facts" border="0" cellspacing="0" cellpadding="1">{rows}</table>'
        )
    out.append(f'<p class="curtain">{html.escape(h.curtain)}</p>')
    return out


def render_html(report: Report, audience: str = "producer") -> str:
    h = header(report, audience)
    body = _html_header(h)
    for section in sections(report, audience):
        body += _html_section(report, section)
    title = f"Show report: {h.title}: {report.performance.name}"
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


def _md_section(report: Report, s: Section) -> list[str]:
    out = [f"{'#' * s.level} {s.title}", ""]
    if s.remark:
        out += [s.remark, ""]
    if s.chart:
        text = chart_text(report)
        out += ["```", *text, "```", ""] if text else []
    if s.rows:
        out += _md_table(s.headings, s.rows)
    elif s.items:
        out += [*(f"- {item}" for item in s.items), ""]
    elif s.empty:
        out += [s.empty, ""]
    return out


def render_md(report: Report, audience: str = "producer") -> str:
    h = header(report, audience)
    out = [f"# {h.title}: {report.performance.name}", "", h.subtitle, ""]
    out += [f"- **{k}:** {v}" for k, v in h.facts] + ([""] if h.facts else [])
    out += [f"**{h.curtain}**", ""]
    for section in sections(report, audience):
        out += _md_section(report, section)
    return "\n".join(out)


# -- CSV -----------------------------------------------------------------------------------


def csv_rows(report: Report) -> Iterator[dict[str, str]]:
    """One row per fact, every row with the same columns (CSV_COLUMNS). The CSV is the record
    to keep, so it holds every fact whatever the audience."""

    def row(section: str, wall: float | None = None, show_time: float | None = None,
            **fields: str | None) -> dict[str, str]:  # fmt: skip
        if wall is not None:
            fields["time"], fields["show_time"] = tod(wall), show_clock(show_time)
        return {column: fields.get(column) or "" for column in CSV_COLUMNS} | {"section": section}

    perf, d = report.performance, report.details
    yield row("performance", time=tod(perf.started), item=perf.name,
              detail=f"production={d.production}; kind={perf.kind}; date={report.date}; "
              f"mode={perf.mode}; list={perf.list}")  # fmt: skip
    for what, value in header(report, "crew").facts:
        yield row("detail", item=what, detail=value)
    if d.scheduled is not None:
        yield row("detail", item="Scheduled", time=tod(d.scheduled))
    for what, start, end, length, average, difference in time_rows(report):
        extra = f"; average before {average} ({difference})" if average else ""
        yield row("times", item=what, time=start, duration=length,
                  detail=(f"to {end}" if end else "") + extra)  # fmt: skip
    for h in report.times.holds:
        yield row("hold", h.start, h.show_time, duration=hms(h.duration), detail=h.reason,
                  item="before curtain" if h.before_curtain else "")  # fmt: skip
    for event, text in incident_rows(report, "crew"):
        yield row("incident", event.wall, event.show_time, detail=text)
    for g in report.gos:
        if g.rejected is not None:
            yield row("go_rejected", g.wall, g.show_time, detail=f"source={g.source}; {g.rejected}")
            continue
        state = "; disarmed" if g.disarmed else f"; broken: {g.broken}" if g.broken else ""
        yield row("go", g.wall, g.show_time, cue=g.cue, item=g.name,
                  detail=f"source={g.source}; late={late(g.late_ms)}{state}")  # fmt: skip
    for b in report.broken:
        yield row("broken", b.wall, b.show_time, cue=b.cue, item=b.name, detail=b.reason)
    for r in report.refused:
        yield row("refused", r.wall, r.show_time, item=r.text, department=r.field("dept"),
                  detail=r.reason)  # fmt: skip
    for e in report.output_errors:
        yield row("output_error", e.wall, e.show_time, cue=e.cue, item=e.destination,
                  detail=f"{e.what}: {e.message}")  # fmt: skip
    for tc in report.timecodes:
        lasted = None if tc.end_wall is None else hms(tc.end_wall - tc.at.wall)
        yield row("timecode", tc.at.wall, tc.at.show_time, cue=tc.cue, item=tc.destination,
                  duration=lasted, detail=f"name={tc.name}; from={tc.start_tc}; "
                  f"to={tc.end_tc}; fps={tc.fps}; ended={tc.ended}; "
                  f"locates={len(tc.segments)}; quarter_frames={tc.sent}; "
                  f"failed={tc.failed}; late={late(tc.late_ms)}")  # fmt: skip
    for dept, notes in report.notes_by_department():
        for n in notes:
            yield row("note", n.wall, n.show_time, cue=n.cue or n.standing_by, department=dept,
                      severity=n.severity, item=f"note {n.id}", detail=n.text)  # fmt: skip
    for name, kind, date, up, run, acts, this in history_rows(report):
        yield row("history", time=date, item=name, duration=run,
                  detail=f"kind={kind}; up={up}; acts={acts}"
                  + ("; this performance" if this else ""))  # fmt: skip


def render_csv(report: Report, audience: str = "producer") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(csv_rows(report))
    return out.getvalue()
