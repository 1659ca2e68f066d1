"""Where the PDF report's pages break (ui/report_pages.py), where it is hardest: a note longer
than a page, a paragraph and an item of a list longer than a page. Read back with `pdftotext
-bbox`: every word once, in order, none above the top margin (a line of the page before, clipped
away, would be), and the table's header again above the rest of the row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from showdesk.notes import find_performance
from showdesk.report import build_report
from showdesk.report.output import report_bytes
from showdesk.showfile import ShowFile
from tests.gui.test_report_pdf import MM, Word, lines, words
from tests.showlog import at, log, make_tempest, mark
from ui.report_pdf import pdf

TOP = 15 * MM


def numbered(count: int, tag: str) -> str:
    """`count` numbered words, each with a few words after it: a text many lines long."""
    return " ".join(f"{tag}{k:03d} lorem ipsum dolor sit" for k in range(count))


def in_order(found: list[Word], tag: str) -> list[int]:
    """The numbers of the numbered words, in reading order (page, then line, then across)."""
    ordered = sorted(found, key=lambda w: (w.page, round(w.y1), w.x0))
    return [int(w.text[len(tag) :]) for w in ordered if re.fullmatch(rf"{tag}\d{{3}}", w.text)]


@pytest.fixture(scope="module")
def long_note(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "tempest.showdesk"
    make_tempest(path)
    events = [mark(0, "house_open"), mark(1800, "show_up")]
    for n in range(1, 41):
        events.append(at(1800 + n * 60.0, "go", cue=str(n), id=f"c{n}", name=f"Cue {n}",
                         source="key"))  # fmt: skip
    events.append(at(2000, "note", text="A short note first.", dept="LX", severity="info",
                     cue=None, standing_by="4", running=[]))  # fmt: skip
    events.append(at(2100, "note", text=numbered(400, "n"), dept="LX", severity="issue",
                     cue=None, standing_by="5", running=[]))  # fmt: skip
    events.append(mark(5000, "show_down"))
    log(path, "Preview 1", events)
    return path


@pytest.mark.parametrize("audience", ["producer", "crew"])
def test_a_note_longer_than_a_page_runs_on_under_the_header_with_every_word_once(
    qapp: object, long_note: Path, tmp_path: Path, audience: str
) -> None:
    with ShowFile.open(long_note) as show:
        report = build_report(show, find_performance(show, "last"))
    out = tmp_path / "report.pdf"
    out.write_bytes(report_bytes(report, audience, "pdf"))
    found, _, _ = words(out)
    assert in_order(found, "n") == list(range(400))
    assert [w for w in found if w.y0 < TOP - 0.5] == []
    pages = sorted({w.page for w in found if re.fullmatch(r"n\d{3}", w.text)})
    assert len(pages) >= 2  # it does not fit one page
    for page in pages[1:]:  # the notes' header first, then the note's next line
        assert lines(found, page)[0] == "time show time cue severity note"
        assert re.fullmatch(r"((lorem|ipsum|dolor|sit|n\d{3}) ?)+", lines(found, page)[1])


def test_a_paragraph_and_an_item_of_a_list_longer_than_a_page_run_on_with_every_word_once(
    qapp: object, tmp_path: Path
) -> None:
    html = (f"<html><body><h2>Remarks</h2><p>{numbered(500, 'p')}</p>"
            f"<h2>Items</h2><ul><li>A short item.</li><li>{numbered(500, 'q')}</li></ul>"
            "<p>The end.</p></body></html>")  # fmt: skip
    out = tmp_path / "long.pdf"
    out.write_bytes(pdf(html, "long", "a footer"))
    found, _, _ = words(out)
    assert in_order(found, "p") == list(range(500))
    assert in_order(found, "q") == list(range(500))
    assert [w for w in found if w.y0 < TOP - 0.5] == []
    assert " ".join(w.text for w in found).count("The end.") == 1
