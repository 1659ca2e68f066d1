"""The run-time chart: one bar per performance, its acts, intervals and holds in order, as SVG.

The same SVG goes into the HTML (a `data:` image) and the PDF (the PDF writer draws the HTML),
so the two cannot disagree. Colour is not the only signal: wide enough parts carry their name,
and the legend names each colour.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from showdesk.report.marks import Times
from showdesk.report.model import HistoryRow, Report
from showdesk.report.words import hms

WIDTH = 640
LABEL_W, VALUE_W, ROW_H, AXIS_H, LEGEND_H = 150, 64, 26, 20, 26
COLOURS = {"act": "#1f4e99", "interval": "#aebbd0", "hold": "#e08a00"}
INK = {"act": "#ffffff", "interval": "#111111", "hold": "#111111"}
MOST_BARS = 12  # this performance and the latest earlier ones


@dataclass(frozen=True)
class Part:
    kind: str  # act, interval, hold
    label: str
    start: float  # seconds from the bar's origin
    end: float


@dataclass(frozen=True)
class Bar:
    name: str
    this: bool
    parts: tuple[Part, ...]
    scheduled: float | None  # seconds from the origin, where the scheduled curtain falls
    total: float | None


def bar_of(row: HistoryRow) -> Bar | None:
    """A performance's bar, from its scheduled curtain (or its first hold or show up, if
    earlier) to show down; None when it was never brought up and down."""
    t: Times = row.times
    if t.show_up is None or t.show_down is None:
        return None
    first = [t.show_up, *(h.start for h in t.holds if h.before_curtain)]
    if row.scheduled is not None:
        first.append(row.scheduled)
    origin = min(first)
    parts = [Part("act" if s.label.startswith("Act") else "interval", s.label, s.start - origin,
                  (s.end if s.end is not None else t.show_down) - origin)
             for s in t.spans()]  # fmt: skip
    for h in t.holds:  # drawn last, over the act they stopped
        end = h.end if h.end is not None else t.show_down
        parts.append(Part("hold", "Hold", h.start - origin, max(end, h.start) - origin))
    scheduled = None if row.scheduled is None else row.scheduled - origin
    return Bar(row.performance.name, row.this, tuple(parts), scheduled, t.total)


def _step(extent: float) -> int:
    """Seconds between ticks: about six ticks on the axis."""
    for step in (300, 600, 900, 1800, 3600, 7200):
        if extent / step <= 7:
            return step
    return 14400


def chart_svg(report: Report) -> str | None:
    """The chart of this performance and the earlier ones (the latest MOST_BARS), or None when
    none of them was brought up and down."""
    rows = report.history[-MOST_BARS:]
    bars = [b for b in (bar_of(r) for r in rows) if b is not None]
    if not bars:
        return None
    extent = max(max((p.end for p in b.parts), default=0.0) for b in bars) or 1.0
    plot_w = WIDTH - LABEL_W - VALUE_W
    scale = plot_w / extent
    height = AXIS_H + ROW_H * len(bars) + LEGEND_H
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, sans-serif" font-size="11">',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    step = _step(extent)
    for tick in range(0, int(extent) + 1, step):
        x = LABEL_W + tick * scale
        out += [
            f'<line x1="{x:.1f}" y1="{AXIS_H - 4}" x2="{x:.1f}" '
            f'y2="{AXIS_H + ROW_H * len(bars)}" stroke="#d0d0d0" stroke-width="1"/>',
            f'<text x="{x:.1f}" y="{AXIS_H - 7}" text-anchor="middle" fill="#444">'
            f"{hms(tick)[:-3]}</text>",
        ]
    for i, bar in enumerate(bars):
        y = AXIS_H + i * ROW_H
        weight = ' font-weight="bold"' if bar.this else ""
        name = bar.name if len(bar.name) <= 22 else bar.name[:21] + "…"
        out.append(f'<text x="{LABEL_W - 6}" y="{y + 17}" text-anchor="end" fill="#111"{weight}>'
                   f"{html.escape(name)}</text>")  # fmt: skip
        labels = []
        for part in bar.parts:
            x, w = LABEL_W + part.start * scale, max(1.0, (part.end - part.start) * scale)
            fill = COLOURS[part.kind]
            out.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW_H - 8}" '
                       f'fill="{fill}" stroke="#ffffff" stroke-width="0.5"/>')  # fmt: skip
            if part.kind != "hold" and w >= 7 * len(part.label) + 6:
                labels.append(f'<text x="{x + w / 2:.1f}" y="{y + 17}" text-anchor="middle" '
                              f'fill="{INK[part.kind]}">{part.label}</text>')  # fmt: skip
        out += labels  # over the holds drawn across an act
        if bar.scheduled is not None:
            x = LABEL_W + bar.scheduled * scale
            out.append(f'<line x1="{x:.1f}" y1="{y + 1}" x2="{x:.1f}" y2="{y + ROW_H - 1}" '
                       'stroke="#a00000" stroke-width="2"/>')  # fmt: skip
        right = LABEL_W + max(p.end for p in bar.parts) * scale + 5
        out.append(f'<text x="{right:.1f}" y="{y + 17}" fill="#111"{weight}>{hms(bar.total)}'
                   "</text>")  # fmt: skip
    y = AXIS_H + ROW_H * len(bars) + 8
    x = float(LABEL_W)
    for kind, word in (("act", "Act"), ("interval", "Interval"), ("hold", "Hold")):
        out += [f'<rect x="{x:.1f}" y="{y}" width="14" height="12" fill="{COLOURS[kind]}"/>',
                f'<text x="{x + 18:.1f}" y="{y + 10}" fill="#111">{word}</text>']  # fmt: skip
        x += 30 + 7 * len(word)
    out += [f'<line x1="{x:.1f}" y1="{y - 1}" x2="{x:.1f}" y2="{y + 13}" stroke="#a00000" '
            'stroke-width="2"/>',
            f'<text x="{x + 6:.1f}" y="{y + 10}" fill="#111">Scheduled curtain</text>',
            "</svg>"]  # fmt: skip
    return "".join(out)


TEXT_W = 48
TEXT_MARKS = {"act": "█", "interval": "░", "hold": "▒"}


def chart_text(report: Report) -> list[str]:
    """The same bars in characters, for the Markdown report and the mail's text (█ act,
    ░ interval, ▒ hold, | the scheduled curtain); [] when there is none."""
    bars = [b for b in (bar_of(r) for r in report.history[-MOST_BARS:]) if b is not None]
    if not bars:
        return []
    extent = max(max(p.end for p in b.parts) for b in bars) or 1.0
    width = max(len(b.name[:22]) for b in bars)
    lines = []
    for bar in bars:
        cells = [" "] * TEXT_W
        for part in bar.parts:
            first = min(TEXT_W - 1, int(part.start / extent * TEXT_W))
            last = max(first + 1, round(part.end / extent * TEXT_W))
            cells[first:last] = TEXT_MARKS[part.kind] * (last - first)
        if bar.scheduled is not None:
            cells[min(TEXT_W - 1, int(bar.scheduled / extent * TEXT_W))] = "|"
        mark = "*" if bar.this else " "
        lines.append(f"{mark}{bar.name[:22]:<{width}}  {''.join(cells[:TEXT_W])}  {hms(bar.total)}")
    lines.append(f"  {'':<{width}}  █ act  ░ interval  ▒ hold  | scheduled curtain  * this one")
    return lines
