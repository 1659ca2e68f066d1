"""A report as the bytes of a file, in any format, and written whole or not at all.

HTML, Markdown and CSV are made here. PDF is made by a writer another package registers in the
`showdesk.report_writers` entry-point group (the app registers Qt's, `ui.report_pdf:pdf`): the
core never imports the app, and a core installed without Qt says so instead of failing.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import cast

from showdesk.errors import ShowdeskError
from showdesk.report.eml import email_message
from showdesk.report.model import AUDIENCES, Report
from showdesk.report.render import render_csv, render_html, render_md

FORMATS = ("pdf", "html", "csv", "md", "eml")
SUFFIXES = {"pdf": ".pdf", "html": ".html", "csv": ".csv", "md": ".md", "eml": ".eml"}
WRITERS = "showdesk.report_writers"
# A PDF writer: (the report's HTML, the document's title, the footer line) -> the PDF's bytes.
PdfWriter = Callable[[str, str, str], bytes]


def pdf_writer() -> PdfWriter:
    found = entry_points(group=WRITERS, name="pdf")
    if not found:
        raise ShowdeskError(
            "no PDF writer is installed (the app's Qt part registers one): write HTML, "
            "Markdown or CSV instead, or install showdesk with PySide6"
        )
    return cast(PdfWriter, next(iter(found)).load())


def title_of(report: Report) -> str:
    return f"Show report: {report.show}: {report.performance.name}"


def pdf_of(report: Report, audience: str, writer: PdfWriter | None = None) -> bytes:
    footer = f"{report.show} · {report.performance.name} · {report.date}"
    return (writer or pdf_writer())(render_html(report, audience), title_of(report), footer)


def report_bytes(
    report: Report, audience: str, fmt: str, *, to: tuple[str, ...] = (), sender: str = ""
) -> bytes:
    """The report for `audience` as a file of format `fmt` (FORMATS). `eml` is a mail ready to
    open in a mail client: the Markdown report as its text, the PDF attached; nothing is sent."""
    if audience not in AUDIENCES:
        raise ShowdeskError(f"a report is for {' or '.join(AUDIENCES)}, not {audience!r}")
    if fmt == "pdf":
        return pdf_of(report, audience)
    if fmt == "eml":
        markdown = render_md(report, audience)
        return email_message(report, markdown, pdf_of(report, audience), to=to, sender=sender)
    render = {"html": render_html, "csv": render_csv, "md": render_md}.get(fmt)
    if render is None:
        raise ShowdeskError(f"a report is written as {', '.join(FORMATS)}, not {fmt!r}")
    return render(report, audience).encode("utf-8")


def write_atomically(target: Path, data: bytes) -> None:
    """Writes beside the target, then renames: a failed write leaves nothing behind."""
    if target.is_dir():
        raise ShowdeskError(f"{target} is a folder; give a file name for the report")
    if not target.parent.is_dir():
        raise ShowdeskError(f"there is no folder {target.parent} to write the report in")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as an ordinary new file (mkstemp makes it private)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
