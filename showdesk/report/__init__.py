"""The show report: one performance's times, GOs, errors and notes, against earlier runs.

`build_report` reads it from the show file; `render_html`, `render_md` and `render_csv` lay it
out headless. PDF is `ui/report_pdf.py` (Qt's own PDF writer), reached by the CLI only when PDF
is asked for, so the core never imports Qt.
"""

from showdesk.report.model import Report, build_report, error_count, performance_times, times_of
from showdesk.report.render import render_csv, render_html, render_md

__all__ = [
    "Report",
    "build_report",
    "error_count",
    "performance_times",
    "render_csv",
    "render_html",
    "render_md",
    "times_of",
]
