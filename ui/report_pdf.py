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
from pathlib import Path

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


def document(html: str) -> QTextDocument:
    """The report's HTML as a Qt text document (light theme, as printed)."""
    _application()
    doc = QTextDocument()
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


def _sharp_charts(doc: QTextDocument, scale: float) -> None:
    """Renders each SVG image at the device's resolution (Qt would rasterise it at 96 dpi)."""
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                image_format = fmt.toImageFormat()
                name = image_format.name()
                if name.startswith(SVG_DATA):
                    renderer = QSvgRenderer(QByteArray(base64.b64decode(name[len(SVG_DATA) :])))
                    size = renderer.defaultSize()
                    image = QImage(round(size.width() * scale), round(size.height() * scale),
                                   QImage.Format.Format_RGB32)  # fmt: skip
                    image.fill(QColor("white"))
                    painter = QPainter(image)
                    renderer.render(painter)
                    painter.end()
                    doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
            it += 1
        block = block.next()


def _lay_out(doc: QTextDocument) -> None:
    """Lays the whole document out now. Qt lays out lazily, as far as it is asked about; the
    passes below change blocks as they read positions, and on a half-done layout that left the
    page count short (the report's last sections were never drawn)."""
    doc.documentLayout().blockBoundingRect(doc.lastBlock())


def _page(doc: QTextDocument, y: float) -> int:
    return int(y // doc.pageSize().height())


def _anchor(heading: QTextBlock) -> QTextBlock:
    """The last block that must share the heading's page: through any headings right after it,
    to the header and first KEEP_ROWS rows of the table that follows, or the paragraph."""
    block, last = heading.next(), heading
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            last, block = block, block.next()
            continue
        table: QTextTable | None = QTextCursor(block).currentTable()  # None: not in a table
        if table is None:
            return block if block.text().strip() else last
        wanted = min(table.rows() - 1, table.format().headerRowCount() + KEEP_ROWS - 1)
        while block.isValid():
            cell = table.cellAt(QTextCursor(block))
            if not cell.isValid() or cell.row() > wanted:
                break
            last, block = block, block.next()
        return last
    return last


def keep_headings_with_tables(doc: QTextDocument) -> int:
    """Moves each heading whose table would start on the next page to that page; returns how
    many were moved."""
    layout, moved, quarter = doc.documentLayout(), 0, doc.pageSize().height() / 4
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            top = layout.blockBoundingRect(block).top()
            # Its first rows, or as much of them as a quarter of a page holds: a table whose
            # first row is a page-long note starts under its heading and runs on.
            end = min(layout.blockBoundingRect(_anchor(block)).bottom(), top + quarter)
            tops_page = abs(top - _page(doc, top) * doc.pageSize().height()) < 1
            if _page(doc, end - 1) > _page(doc, top) and not tops_page:
                breaking = QTextBlockFormat()
                breaking.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(block).mergeBlockFormat(breaking)
                _lay_out(doc)
                moved += 1
        block = block.next()
    return moved


def split_blocks_at_pages(doc: QTextDocument) -> int:
    """Ends a paragraph where a page break falls inside it, so that no paragraph spans two
    pages; returns how many were split. Qt draws a paragraph's lines with the page's clip, but
    draws the last line above the clip too (clipped away, yet the PDF holds its text, found by
    search and by pdftotext at the top of the next page)."""
    layout, height, split = doc.documentLayout(), doc.pageSize().height(), 0
    block = doc.begin()
    while block.isValid():
        lines = block.layout()
        if lines.lineCount() > 1:
            offset = layout.blockBoundingRect(block).top() - lines.boundingRect().top()
            first = int((offset + lines.lineAt(0).y()) // height)
            for i in range(1, lines.lineCount()):
                line = lines.lineAt(i)
                if int((offset + line.y()) // height) != first:
                    cursor = QTextCursor(block)
                    cursor.setPosition(block.position() + line.textStart())
                    cursor.insertBlock()
                    _lay_out(doc)
                    split += 1
                    break
        block = block.next()
    return split


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
    doc = document(html)
    doc.documentLayout().setPaintDevice(writer)
    _sharp_charts(doc, RESOLUTION / 96)
    body = QSizeF(page.width() - 2 * MARGIN_SIDE, page.height() - MARGIN_TOP - MARGIN_BOTTOM)
    doc.setPageSize(body)
    doc.setDocumentMargin(0)
    _lay_out(doc)
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


def write_pdf(html: str, path: Path, title: str = "", footer: str = "") -> None:
    path.write_bytes(pdf(html, title, footer))


def write_png(html: str, path: Path, width: int = 900) -> None:
    """The report's HTML painted as one tall image, `width` pixels wide (for docs and checks)."""
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
