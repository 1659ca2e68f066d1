"""The show report as PDF, through Qt's own PDF writer (QTextDocument printed to QPdfWriter).

The core builds the report and its HTML headless (showdesk/report/); only this module touches
Qt, and `showdesk report --format pdf` imports it lazily. It works without a display: with no
X11 or Wayland display it uses Qt's offscreen platform.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

if TYPE_CHECKING:
    from showdesk.report.model import Report


def _application() -> QGuiApplication:
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([])


def document(html: str) -> QTextDocument:
    """The report's HTML as a Qt text document (light theme, as printed)."""
    _application()
    doc = QTextDocument()
    doc.setDefaultFont(QFont("DejaVu Sans", 9))
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    return doc


def write_pdf(html: str, path: Path, report: Report | None = None) -> None:
    """Writes the report's HTML to `path` as an A4 PDF with page numbers."""
    app = _application()
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setCreator("showdesk")
    if report is not None:
        writer.setTitle(f"Show report: {report.show}: {report.performance.name}")
    doc = document(html)
    doc.print_(writer)
    del writer  # finishes the file
    app.processEvents()
