"""The PDF report of a long, untidy performance read back with poppler's `pdftotext -bbox`:
every word inside the page's printable area and once only, no heading left as the last line of a
page, each row of a table on one page, and the refused commands' reasons and the refused note's
text there in every format."""

from __future__ import annotations

import csv
import email
import email.message
import email.policy
import io
import re
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

from showdesk.notes import find_performance
from showdesk.report import build_report
from showdesk.report.model import Report
from showdesk.report.output import report_bytes
from showdesk.report.render import render_md
from showdesk.report.sections import sections
from showdesk.report.words import show_clock
from showdesk.showfile import ShowFile
from tests.showlog import LONG, make_tempest, stress

MM = 72 / 25.4  # pdftotext's coordinates are points
PRINTABLE = 10 * MM  # no printer needs a wider unprinted edge than this
TOP = 15 * MM  # the top margin of ui/report_pdf.py: no text above it
FOOT = 20 * MM  # the bottom margin of ui/report_pdf.py: only the footer lies below it


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def words(pdf: Path) -> tuple[list[Word], float, float]:
    """Every word of the PDF with its box, and the page's width and height (points)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    width, height = (float(v) for v in re.search(r'<page width="([\d.]+)" height="([\d.]+)"',
                                                  out).groups())  # type: ignore[union-attr]  # fmt: skip
    found = []
    for number, page in enumerate(out.split("<page ")[1:], start=1):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">(.*?)</word>', page):  # fmt: skip
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            found.append(Word(number, x0, y0, x1, y1, unescape(m.group(5))))
    return found, width, height


def lines(found: list[Word], page: int) -> list[str]:
    """The page's lines of text above the footer, top to bottom."""
    rows: dict[int, list[Word]] = {}
    for w in found:
        if w.page == page:
            rows.setdefault(round(w.y1), []).append(w)
    return [" ".join(w.text for w in sorted(row, key=lambda w: w.x0))
            for _, row in sorted(rows.items())]  # fmt: skip


@pytest.fixture(scope="module")
def untidy(tmp_path_factory: pytest.TempPathFactory) -> Report:
    path = tmp_path_factory.mktemp("pdf") / "tempest.showdesk"
    make_tempest(path)
    stress(path)
    with ShowFile.open(path) as show:
        return build_report(show, find_performance(show, "last"))


@pytest.fixture(scope="module")
def pdfs(qapp: object, untidy: Report, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The untidy performance's PDF for each audience."""
    folder = tmp_path_factory.mktemp("pdfs")
    for audience in ("producer", "crew"):
        (folder / f"{audience}.pdf").write_bytes(report_bytes(untidy, audience, "pdf"))
    return {audience: folder / f"{audience}.pdf" for audience in ("producer", "crew")}


@pytest.mark.parametrize("audience", ["producer", "crew"])
def test_every_word_is_on_the_page_and_no_heading_ends_a_page(
    untidy: Report, pdfs: dict[str, Path], audience: str
) -> None:
    found, width, height = words(pdfs[audience])
    pages = max(w.page for w in found)
    assert pages >= (
        6 if audience == "crew" else 2
    )  # 200 GOs and 40 refused commands do not fit less
    outside = [w for w in found if w.x0 < PRINTABLE or w.x1 > width - PRINTABLE
               or w.y0 < PRINTABLE or w.y1 > height - PRINTABLE]  # fmt: skip
    assert outside == []
    # Above the top margin would be a line of the page before, clipped away but in the file.
    assert [w for w in found if w.y0 < TOP - 0.5] == []
    headings = {s.title for s in sections(untidy, audience)}
    text = " ".join(w.text for w in found)
    assert [h for h in headings if h not in text] == []  # every section, to the last, is drawn
    for page in range(1, pages + 1):
        body = [w for w in found if w.page == page and w.y1 < height - FOOT]
        last = lines(body, page)[-1]
        assert last not in headings, f"page {page} ends with the heading {last!r}"
        footer = lines([w for w in found if w.page == page and w.y1 >= height - FOOT], page)
        assert footer == [f"The Tempest · Preview 4 · Thursday 26 November 2026 page {page} "
                          f"of {pages}"]  # fmt: skip


@pytest.mark.parametrize("audience", ["producer", "crew"])
def test_each_row_is_on_one_page_and_each_go_is_there_once(
    untidy: Report, pdfs: dict[str, Path], audience: str
) -> None:
    found, _, _ = words(pdfs[audience])
    for n in range(0, 30, 6):  # the notes three paragraphs long: a row of a dozen lines
        starts = [w.page for w in found if w.text == show_clock(2150 + 300 * n)]
        ends = [w.page for i, w in enumerate(found[:-1])
                if w.text == "Note" and found[i + 1].text == f"{n}:"]  # fmt: skip
        assert len(starts) == len(ends) == 1, n
        assert starts == ends, f"note {n} begins on page {starts[0]} and ends on {ends[0]}"
    text = " ".join(w.text for w in found)
    markdown = report_bytes(untidy, audience, "md").decode()
    for n in range(1, 201):  # nothing lost, nothing drawn twice
        cue = re.compile(rf"\bCue {n}\b")
        assert len(cue.findall(text)) == len(cue.findall(markdown)), n


def test_refused_reasons_and_the_refused_notes_text_are_in_every_format(
    qapp: object, untidy: Report, tmp_path: Path
) -> None:
    reason = "there is no department 'VID' in this show (known: LX, SND, SM)"
    said = "Refused note 8: The follow spot operator on the bridge"
    for audience in ("producer", "crew"):
        pdf = tmp_path / "r.pdf"
        pdf.write_bytes(report_bytes(untidy, audience, "pdf"))
        text = " ".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                                       text=True, check=True).stdout.split())  # fmt: skip
        html = unescape(report_bytes(untidy, audience, "html").decode())
        md = report_bytes(untidy, audience, "md").decode()
        for name, content in (("pdf", text), ("html", html), ("md", md)):
            assert reason in content, (audience, name)
            assert said in content, (audience, name)
            assert '{"command"' not in content, (audience, name)  # never the JSON
    rows = list(csv.DictReader(io.StringIO(report_bytes(untidy, "crew", "csv").decode())))
    refused = [r for r in rows if r["section"] == "refused"]
    assert len(refused) == 40
    assert refused[0]["detail"] == reason
    assert refused[0]["item"].startswith("note (VID, issue): Refused note 0: " + LONG[:40])


def test_the_mail_has_the_markdown_as_its_text_and_the_pdf_attached(
    qapp: object, untidy: Report
) -> None:
    report = untidy
    mail = email.message_from_bytes(
        report_bytes(report, "producer", "eml", to=("p@example.org",)), policy=email.policy.default
    )
    assert isinstance(mail, email.message.EmailMessage)
    assert "From" not in mail  # the mail client fills it in
    assert mail["To"] == "p@example.org"
    body = mail.get_body(("plain",))
    assert body is not None
    assert body.get_content().replace("\r\n", "\n") == render_md(report, "producer")
    (pdf,) = list(mail.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_content().startswith(b"%PDF-")
