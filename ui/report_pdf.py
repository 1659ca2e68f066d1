"""The show report as PDF: the report's HTML laid out by Qt's QTextDocument on A4 pages and
drawn onto a QPdfWriter, page by page.

Registered as the core's PDF writer (`showdesk.report_writers` entry point `pdf`), so the core
never imports this. The pages are made here rather than by `QTextDocument.print_()`, for what it
does not do: the document is laid out once, unpaginated, and cut into pages by report_pages.py,
which keeps a heading with its table's first rows and a table's row whole (Qt keeps neither,
and its pagination lays out again all that follows each row it moves); a word too long for its
cell breaks instead of running off the page; the footer names the report and the page. The SVG
chart is drawn at the printer's resolution, not the screen's. Works without a display (Qt's
offscreen platform).
"""

from __future__ import annotations

import base64
import os
import re

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextOption,
)
from PySide6.QtSvg import QSvgRenderer

from ui.report_pages import EPSILON, measure, paginate, split_paragraphs

RESOLUTION = 300  # dots per inch of the layout: text is placed as finely as the PDF shows it
MM = RESOLUTION / 25.4
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 15 * MM, 15 * MM, 20 * MM
FOOTER_BASELINE = 12 * MM  # from the page's foot: inside any printer's printable area
SVG_DATA = "data:image/svg+xml;base64,"


def _application() -> QGuiApplication:
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([])


def document(html: str, device: QPdfWriter, width: float) -> QTextDocument:
    """The report's HTML as a Qt text document laid out for `device` as one page `width` wide
    and as long as it needs (report_pages.py cuts it into pages). All is set before the HTML
    goes in: each of these set after it lays the document out again."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDocumentMargin(0)
    doc.setTextWidth(width)
    _sharp_charts(doc, html, device.resolution() / 96)
    font = QFont("DejaVu Sans", 9)
    # No "fl"/"fi" ligatures: text copied or extracted from the PDF reads as typed.
    font.setFeature(QFont.Tag("liga"), 0)
    font.setFeature(QFont.Tag("clig"), 0)
    doc.setDefaultFont(font)
    option = QTextOption()
    # A word longer than its cell (a long address, a token with no spaces) breaks where it must.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    doc.setHtml(html)
    return doc


def _sharp_charts(doc: QTextDocument, html: str, scale: float) -> None:
    """Renders each SVG image at the device's resolution (Qt would rasterise it at 96 dpi)."""
    for name in set(re.findall(r'src="(data:image/svg\+xml;base64,[^"]+)"', html)):
        renderer = QSvgRenderer(QByteArray(base64.b64decode(name[len(SVG_DATA) :])))
        size = renderer.defaultSize()
        image = QImage(round(size.width() * scale), round(size.height() * scale),
                       QImage.Format.Format_RGB32)  # fmt: skip
        image.fill(QColor("white"))
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)


def _lay_out(doc: QTextDocument) -> None:
    """Lays the whole document out now. Qt lays out lazily, as far as it is asked about, and
    the pages are measured from the whole of it."""
    doc.documentLayout().blockBoundingRect(doc.lastBlock())


def pdf(html: str, title: str = "", footer: str = "") -> bytes:
    """The report's HTML as an A4 PDF: its pages numbered, `footer` at the foot of each."""
    app = _application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(RESOLUTION)
    writer.setCreator("showdesk")
    writer.setTitle(title)
    page = writer.pageLayout().fullRectPixels(RESOLUTION)
    body = QSizeF(page.width() - 2 * MARGIN_SIDE, page.height() - MARGIN_TOP - MARGIN_BOTTOM)
    doc = document(html, writer, body.width())
    _lay_out(doc)
    pages = paginate(measure(doc, body.height()), body.height())
    for _ in range(3):  # a page that starts inside a paragraph: the paragraph is split there
        splits = [p for slices in pages for part in slices for p in part.splits]
        if not splits:
            break
        split_paragraphs(doc, splits)
        _lay_out(doc)
        pages = paginate(measure(doc, body.height()), body.height())
    painter = QPainter(writer)
    small = QFont("DejaVu Sans", 7)
    for number, slices in enumerate(pages):
        if number:
            writer.newPage()
        for part in slices:
            painter.save()
            painter.translate(MARGIN_SIDE, MARGIN_TOP + part.at - part.top)
            rect = QRectF(0, part.top, body.width(), part.bottom - part.top)
            painter.setClipRect(rect)
            context = QAbstractTextDocumentLayout.PaintContext()
            # Half a dot inside the slice: a line that ends, or starts, exactly on its edge
            # belongs to the slice beside it, and Qt would draw it (clipped) here too.
            context.clip = rect.adjusted(0, EPSILON, 0, -EPSILON)
            doc.documentLayout().draw(painter, context)
            painter.restore()
        painter.setFont(small)
        painter.setPen(QColor("#555555"))
        foot = QRectF(MARGIN_SIDE, page.height() - FOOTER_BASELINE - 6 * MM, body.width(), 6 * MM)
        painter.drawText(foot, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, footer)
        painter.drawText(foot, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                         f"page {number + 1} of {len(pages)}")  # fmt: skip
    painter.end()
    del writer  # finishes the file
    app.processEvents()
    return bytes(buffer.data().data())
