"""The show report as PDF: the report's HTML laid out by Qt's QTextDocument on A4 pages and
drawn onto a QPdfWriter, page by page.

Registered as the core's PDF writer (`showdesk.report_writers` entry point `pdf`), so the core
never imports this. The pages are laid out here rather than by `QTextDocument.print_()`, for
three things it does not do: a heading is kept on the page of its table's first rows (Qt has no
keep-with-next), a word too long for its cell breaks instead of running off the page, and the
footer names the report and the page. The SVG chart is drawn at the printer's resolution, not
the screen's. Works without a display (Qt's offscreen platform).
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
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextOption,
    QTextTable,
)
from PySide6.QtSvg import QSvgRenderer

RESOLUTION = 300  # dots per inch of the layout: text is placed as finely as the PDF shows it
MM = RESOLUTION / 25.4
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 15 * MM, 15 * MM, 20 * MM
FOOTER_BASELINE = 12 * MM  # from the page's foot: inside any printer's printable area
KEEP_ROWS = 2  # a heading stays with its table's header and this many rows
SVG_DATA = "data:image/svg+xml;base64,"


def _application() -> QGuiApplication:
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([])


def document(html: str, device: QPdfWriter, body: QSizeF) -> QTextDocument:
    """The report's HTML as a Qt text document laid out for `device` in pages of `body`. All is
    set before the HTML goes in: each of these set after it lays the document out again."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDocumentMargin(0)
    doc.setPageSize(body)
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
    """Lays the whole document out now. Qt lays out lazily, as far as it is asked about; the
    passes below change blocks as they read positions, and on a half-done layout that left the
    page count short (the report's last sections were never drawn)."""
    doc.documentLayout().blockBoundingRect(doc.lastBlock())


def _page(doc: QTextDocument, y: float) -> int:
    return int(y // doc.pageSize().height())


def _bottom_of_first_rows(doc: QTextDocument, items: list[QTextBlock | QTextFrame]) -> float:
    """Where what follows a heading must reach on its page: through any headings right after
    it, to the end of the first KEEP_ROWS rows of the table after them, or the paragraph."""
    layout, bottom = doc.documentLayout(), 0.0
    for item in items:
        if isinstance(item, QTextTable):
            row = min(item.rows() - 1, item.format().headerRowCount() + KEEP_ROWS - 1)
            ends = [item.cellAt(row, c).lastCursorPosition().block() for c in range(item.columns())]
            return max(bottom, *(layout.blockBoundingRect(b).bottom() for b in ends))
        if isinstance(item, QTextBlock):
            bottom = layout.blockBoundingRect(item).bottom()
            if item.text().strip() and item.blockFormat().headingLevel() == 0:
                return bottom  # a paragraph
    return bottom


def _top_level(doc: QTextDocument) -> list[QTextBlock | QTextFrame]:
    """The document's paragraphs and tables in order (not the paragraphs inside the tables)."""
    items: list[QTextBlock | QTextFrame] = []
    it = doc.rootFrame().begin()
    while not it.atEnd():
        frame = it.currentFrame()
        items.append(frame if frame is not None else it.currentBlock())
        it += 1
    return items


def keep_headings_with_tables(doc: QTextDocument) -> int:
    """Moves each heading whose table would start on the next page to that page; returns how
    many were moved."""
    layout, moved, quarter = doc.documentLayout(), 0, doc.pageSize().height() / 4
    items = _top_level(doc)
    for i, item in enumerate(items):
        if not isinstance(item, QTextBlock) or item.blockFormat().headingLevel() == 0:
            continue
        top = layout.blockBoundingRect(item).top()
        # Its first rows, or as much of them as a quarter of a page holds: a table whose first
        # row is a page-long note starts under its heading and runs on.
        end = min(_bottom_of_first_rows(doc, items[i + 1 :]), top + quarter)
        tops_page = abs(top - _page(doc, top) * doc.pageSize().height()) < 1
        if _page(doc, end - 1) > _page(doc, top) and not tops_page:
            breaking = QTextBlockFormat()
            breaking.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(item).mergeBlockFormat(breaking)
            moved += 1
    return moved


def split_blocks_at_pages(doc: QTextDocument) -> int:
    """Ends a paragraph where a page break falls inside it, so that no paragraph spans two
    pages; returns how many were split. Qt draws a paragraph's lines with the page's clip, but
    draws the last line above the clip too (clipped away, yet the PDF holds its text, found by
    search and by pdftotext at the top of the next page)."""
    layout, height, split = doc.documentLayout(), doc.pageSize().height(), 0
    while True:
        breaks = []  # where each paragraph that spans a page break crosses it
        block = doc.begin()
        while block.isValid():
            lines = block.layout()
            if lines.lineCount() > 1:
                offset = layout.blockBoundingRect(block).top() - lines.boundingRect().top()
                first = int((offset + lines.lineAt(0).y()) // height)
                crossing = next((lines.lineAt(i) for i in range(1, lines.lineCount())
                                 if int((offset + lines.lineAt(i).y()) // height) != first),
                                None)  # fmt: skip
                if crossing is not None:
                    breaks.append(block.position() + crossing.textStart())
            block = block.next()
        if not breaks:
            return split
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        for position in reversed(breaks):  # from the end: the positions before stay good
            cursor.setPosition(position)
            cursor.insertBlock()
        cursor.endEditBlock()
        _lay_out(doc)  # a paragraph longer than a page may cross the next break too
        split += len(breaks)


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
    doc = document(html, writer, body)
    _lay_out(doc)  # whole, before the passes (see _lay_out)
    keep_headings_with_tables(doc)
    _lay_out(doc)
    split_blocks_at_pages(doc)
    _lay_out(doc)
    painter = QPainter(writer)
    small = QFont("DejaVu Sans", 7)
    pages = doc.pageCount()
    for number in range(pages):
        if number:
            writer.newPage()
        painter.save()
        painter.translate(MARGIN_SIDE, MARGIN_TOP - number * body.height())
        page_rect = QRectF(0, number * body.height(), body.width(), body.height())
        painter.setClipRect(page_rect)
        context = QAbstractTextDocumentLayout.PaintContext()
        # Half a dot inside the page: a paragraph that ends, or a line that starts, exactly on
        # the page's edge belongs to the page beside it, and Qt would draw it (clipped) here.
        context.clip = page_rect.adjusted(0, 0.5, 0, -0.5)
        doc.documentLayout().draw(painter, context)
        painter.restore()
        painter.setFont(small)
        painter.setPen(QColor("#555555"))
        foot = QRectF(MARGIN_SIDE, page.height() - FOOTER_BASELINE - 6 * MM, body.width(), 6 * MM)
        painter.drawText(foot, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, footer)
        painter.drawText(foot, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                         f"page {number + 1} of {pages}")  # fmt: skip
    painter.end()
    del writer  # finishes the file
    app.processEvents()
    return bytes(buffer.data().data())
