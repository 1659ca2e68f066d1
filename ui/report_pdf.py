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
    font = QFont("DejaVu Sans", 9)
    # No "fl"/"fi" ligatures: text copied or extracted from the PDF reads as typed.
    font.setFeature(QFont.Tag("liga"), 0)
    font.setFeature(QFont.Tag("clig"), 0)
    doc.setDefaultFont(font)
    doc.setHtml(html)
    return doc


def write_pdf(html: str, path: Path, report: Report | None = None) -> None:
    """Writes the report's HTML to `path` as an A4 PDF with page numbers."""
    app = _application()
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    # QTextDocument.print_ adds its own 2 cm margins inside the page.
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setCreator("showdesk")
    if report is not None:
        writer.setTitle(f"Show report: {report.show}: {report.performance.name}")
    doc = document(html)
    doc.print_(writer)
    del writer  # finishes the file
    app.processEvents()


def write_png(html: str, path: Path, width: int = 900) -> None:
    """The report's HTML painted as one tall image, `width` pixels wide (for docs and checks)."""
    from PySide6.QtGui import QColor, QImage, QPainter

    doc = document(html)
    doc.setDocumentMargin(24)
    doc.setTextWidth(width)
    image = QImage(width, int(doc.size().height()) + 1, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    doc.drawContents(painter)
    painter.end()
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")
