"""The show report: one performance's times, incidents, GOs, errors and notes, against the
schedule and earlier runs, for the producer or the crew.

`build_report` reads it from the show file; `render_html`, `render_md` and `render_csv` lay it
out headless; `output.report_bytes` makes any format, PDF through the writer the app registers
(entry-point group `showdesk.report_writers`), so the core never imports Qt.
"""

from showdesk.report.marks import times_of
from showdesk.report.model import AUDIENCES, Report, build_report, performance_times
from showdesk.report.render import render_csv, render_html, render_md

__all__ = [
    "AUDIENCES",
    "Report",
    "build_report",
    "performance_times",
    "render_csv",
    "render_html",
    "render_md",
    "times_of",
]
