"""Where the PDF report's pages break.

The report is laid out once, as one long page as wide as the paper's printable width, and then
cut into pages here: each page is a slice of that long page (and, on a page a table runs onto,
the table's header rows drawn again above it). Qt's own pagination moves a row or a heading by
laying out again everything after it, up to 0.6 s a time for a 1,000-row table; cutting a
finished layout costs nothing of the kind, and it can keep what Qt cannot keep together.

A page ends only between two *units*: a paragraph (an item of a list, a heading) and a row of
a table are each one unit, kept whole, unless taller than a page; then each line is one. A cut
never falls inside a *keep*: a heading with what follows it up to its table's header and first
rows (or a quarter page of it, so a first row a page long still starts under its heading), and
a table's header with its first row. A page that starts on a line inside a paragraph gets that
paragraph split there first (`split_paragraphs`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from PySide6.QtGui import (
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFrame,
    QTextTable,
)

KEEP_ROWS = 2  # a heading stays with its table's header and this many rows
EPSILON = 0.5  # dots: positions this close are the same place


@dataclass(frozen=True)
class Head:
    """A table's header rows, from the top of the first to the foot of the last."""

    top: float
    bottom: float


@dataclass(frozen=True)
class Unit:
    """A stretch of the layout a page break does not cut. `head`: the header of the table this
    is a body row (or part of a body row) of."""

    top: float
    bottom: float
    head: Head | None = None
    splits: tuple[int, ...] = ()  # where paragraphs must end for a page to start here


@dataclass(frozen=True)
class Slice:
    """The layout from `top` to `bottom`, drawn `at` that far below the page's top margin."""

    top: float
    bottom: float
    at: float
    splits: tuple[int, ...] = ()  # as its first unit's


def _top_level(doc: QTextDocument) -> list[QTextBlock | QTextFrame]:
    """The document's paragraphs and tables in order (not the paragraphs inside the tables)."""
    items: list[QTextBlock | QTextFrame] = []
    it = doc.rootFrame().begin()
    while not it.atEnd():
        frame = it.currentFrame()
        items.append(frame if frame is not None else it.currentBlock())
        it += 1
    return items


class Line(NamedTuple):
    """A line of text in the layout's coordinates; `start`: where it starts in the document,
    if it is not the first line of its paragraph."""

    top: float
    bottom: float
    start: int | None


def _lines(doc: QTextDocument, block: QTextBlock) -> list[Line]:
    rect = doc.documentLayout().blockBoundingRect(block)
    layout = block.layout()
    if layout.lineCount() == 0:
        return [Line(rect.top(), rect.bottom(), None)]
    offset = rect.top() - layout.boundingRect().top()
    out = []
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        top = offset + line.y()
        start = block.position() + line.textStart() if i else None
        out.append(Line(top, top + line.height(), start))
    return out


def _blocks(first: QTextBlock, last: QTextBlock) -> Iterator[QTextBlock]:
    block = first
    while block.isValid():
        yield block
        if block == last:
            return
        block = block.next()


class _Table:
    """A table's rows as measured: row r runs from `edges[r]` to `edges[r + 1]`. Cells are
    aligned to their top, so a row's content starts at its first cell's first line; the cell
    padding is half the gap between one row's content and the next."""

    def __init__(self, doc: QTextDocument, table: QTextTable) -> None:
        self.doc, self.table = doc, table
        layout = doc.documentLayout()
        tops = [
            layout.blockBoundingRect(table.cellAt(r, 0).firstCursorPosition().block()).top()
            for r in range(table.rows())
        ]
        first_bottom = self._content_bottom(0)
        if len(tops) > 1:
            pad = max(0.0, (tops[1] - first_bottom) / 2)
        else:  # one row: the cell's own padding, in CSS pixels of 1/96 inch
            padding = table.cellAt(0, 0).format().toTableCellFormat().topPadding()
            pad = padding * doc.documentLayout().paintDevice().logicalDpiY() / 96
        last_bottom = self._content_bottom(len(tops) - 1) if len(tops) > 1 else first_bottom
        self.edges = [t - pad for t in tops] + [last_bottom + pad]
        self.header = min(table.format().headerRowCount(), table.rows())

    def _content_bottom(self, row: int) -> float:
        layout = self.doc.documentLayout()
        return max(
            layout.blockBoundingRect(
                self.table.cellAt(row, c).lastCursorPosition().block()
            ).bottom()
            for c in range(self.table.columns())
        )

    def row_lines(self, row: int) -> list[Line]:
        out: list[Line] = []
        for c in range(self.table.columns()):
            cell = self.table.cellAt(row, c)
            first, last = cell.firstCursorPosition().block(), cell.lastCursorPosition().block()
            for block in _blocks(first, last):
                out += _lines(self.doc, block)
        return out

    def head(self) -> Head | None:
        return Head(self.edges[0], self.edges[self.header]) if self.header else None

    def end_of_row(self, row: int) -> float:
        return self.edges[min(row, self.table.rows() - 1) + 1]


def _line_units(lines: list[Line], top: float, bottom: float, head: Head | None) -> list[Unit]:
    """A stretch from `top` to `bottom` too tall for a page, cut where no line is cut: at the
    top of a line that no other line straddles (in a table row, lines of several cells)."""
    edges: list[tuple[float, tuple[int, ...]]] = [(top, ())]
    for y in sorted({line.top for line in lines}):
        if top + EPSILON < y < bottom - EPSILON and not any(
            line.top + EPSILON < y < line.bottom - EPSILON for line in lines
        ):
            starts = (line.start for line in lines if abs(line.top - y) < EPSILON)
            edges.append((y, tuple(start for start in starts if start is not None)))
    edges.append((bottom, ()))
    return [Unit(a, b, head, splits) for (a, splits), (b, _) in itertools.pairwise(edges)]


def _fitted(units: list[Unit], height: float) -> list[Unit]:
    """Each unit cut at every `height` if it is still taller (one line taller than a page: a
    picture), so that nothing is lost."""
    out = []
    for unit in units:
        top = unit.top
        while unit.bottom - top > height:
            out.append(Unit(top, top + height, unit.head))
            top += height
        out.append(Unit(top, unit.bottom, unit.head, unit.splits if top == unit.top else ()))
    return out


@dataclass
class Layout:
    """The units of a laid-out document, and the stretches a page must not break inside."""

    units: list[Unit]
    keeps: list[tuple[float, float]]


def measure(doc: QTextDocument, height: float) -> Layout:
    """The units and keeps of `doc`, laid out unpaginated, for pages `height` high."""
    units: list[Unit] = []
    keeps: list[tuple[float, float]] = []
    items = _top_level(doc)
    tables: dict[int, _Table] = {}

    def table_of(i: int) -> _Table:
        if i not in tables:
            table = items[i]
            assert isinstance(table, QTextTable)
            tables[i] = _Table(doc, table)
        return tables[i]

    for i, item in enumerate(items):
        if isinstance(item, QTextTable):
            t = table_of(i)
            head = t.head()
            if head is not None:
                units.append(Unit(head.top, head.bottom))
                if t.table.rows() > t.header:
                    keeps.append((head.top, t.end_of_row(t.header)))
            room = height - (head.bottom - head.top if head else 0.0)
            for r in range(t.header, t.table.rows()):
                top, bottom = t.edges[r], t.edges[r + 1]
                if bottom - top <= room:
                    units.append(Unit(top, bottom, head))
                else:  # taller than a page: it breaks between its lines
                    units += _fitted(_line_units(t.row_lines(r), top, bottom, head), room)
        elif isinstance(item, QTextFrame):  # not made by the report's HTML; kept whole
            rect = doc.documentLayout().frameBoundingRect(item)
            units += _fitted([Unit(rect.top(), rect.bottom())], height)
        elif item.text().strip():  # an empty paragraph draws nothing
            lines = _lines(doc, item)
            top, bottom = lines[0].top, lines[-1].bottom
            if bottom - top <= height:  # a paragraph, or an item of a list, is kept whole
                units.append(Unit(top, bottom))
            else:
                units += _fitted(_line_units(lines, top, bottom, None), height)
            if item.blockFormat().headingLevel():
                end = _kept_with(doc, items, i, bottom, table_of)
                keeps.append((top, min(end, top + height / 4)))
    return Layout(units, keeps)


def _kept_with(
    doc: QTextDocument,
    items: list[QTextBlock | QTextFrame],
    i: int,
    bottom: float,
    table_of: Callable[[int], _Table],
) -> float:
    """Where the heading `items[i]` (which ends at `bottom`) must reach on its page: through
    any headings after it, and a paragraph before a table (a remark on it), to the end of the
    table's header and first KEEP_ROWS rows, or to the end of the first other paragraph."""
    for n in range(i + 1, len(items)):
        item = items[n]
        if isinstance(item, QTextTable):
            t = table_of(n)
            return t.end_of_row(t.header + KEEP_ROWS - 1)
        if not isinstance(item, QTextBlock) or not item.text().strip():
            continue
        bottom = _lines(doc, item)[-1].bottom
        if item.blockFormat().headingLevel() == 0 and not _before_table(items, n):
            return bottom
    return bottom


def _before_table(items: list[QTextBlock | QTextFrame], n: int) -> bool:
    for item in items[n + 1 :]:
        if isinstance(item, QTextTable):
            return True
        if isinstance(item, QTextBlock) and item.text().strip():
            return False
    return False


def paginate(layout: Layout, height: float) -> list[list[Slice]]:
    """The pages: on each, the slices of the layout to draw, top to bottom."""
    units, pages = layout.units, []
    i = 0
    while i < len(units):
        first = units[i]
        slices, at = [], 0.0
        if first.head is not None and first.top > first.head.bottom + EPSILON:
            slices.append(Slice(first.head.top, first.head.bottom, 0.0))  # the header again
            at = first.head.bottom - first.head.top
        limit = first.top + height - at
        j = i
        while j + 1 < len(units) and units[j + 1].bottom <= limit + EPSILON:
            j += 1
        if j + 1 < len(units):
            # Back to the last place a page may end; if there is none on this page (a keep
            # taller than a page), the page is filled.
            k = j
            while k >= i and _kept(layout.keeps, units[k].bottom):
                k -= 1
            j = k if k >= i else j
        slices.append(Slice(first.top, units[j].bottom, at, first.splits))
        pages.append(slices)
        i = j + 1
    return pages


def _kept(keeps: list[tuple[float, float]], y: float) -> bool:
    return any(top + EPSILON < y < end - EPSILON for top, end in keeps)


def split_paragraphs(doc: QTextDocument, positions: list[int]) -> None:
    """Ends a paragraph at each of `positions` (the start of a line where a page starts).
    Qt draws a paragraph's lines with the page's clip, but draws the line above the clip too
    (clipped away, yet the PDF holds its text, found by search and by pdftotext at the top of
    the next page): a page that starts on a paragraph's first line has none above it."""
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    for position in sorted(positions, reverse=True):  # from the end: those before stay good
        cursor.setPosition(position)
        cursor.insertBlock()
        listed = cursor.block().textList()
        if listed is not None:  # the rest of a list item, not an item of its own: no bullet
            listed.remove(cursor.block())
            indented = QTextBlockFormat()
            indented.setIndent(listed.format().indent())
            cursor.mergeBlockFormat(indented)
    cursor.endEditBlock()
