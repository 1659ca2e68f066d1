"""A performance driven through the real `showdesk run` process (marks, notes typed into the
engine and added from another process with `showdesk note`), then `showdesk report` as a
process: the PDF opens and its text (poppler's pdftotext) holds the times, the GO timeline and
the notes; the CSV parses; the HTML carries its chart."""

from __future__ import annotations

import csv
import email
import email.message
import email.policy
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from showdesk.report.words import tod
from showdesk.showfile import ShowFile
from tests.e2e.test_run import chain_show, engine

SCRIPT = [
    "mark house_open",
    "mark show_up",
    "go",
    '{"command": "note", "text": "LX 1 flickered on the GO", "dept": "LX", "severity": "issue"}',
    'mark hold "late audience"',
    "mark hold_end",
    "mark interval",
    "mark act 2",
    "go 3",
    "go",  # nothing standing by after the last cue: rejected
    "mark bogus",  # an error event, not a mark
]


# No display and no QT_QPA_PLATFORM: the PDF writer must choose offscreen on its own.
HEADLESS = {k: v for k, v in os.environ.items()
            if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}  # fmt: skip


def showdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "showdesk", *args], capture_output=True,
                          text=True, timeout=60, env=HEADLESS)  # fmt: skip


@pytest.fixture(scope="module")
def performed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    path = tmp_path_factory.mktemp("report") / "tempest.showdesk"
    chain_show(path, 9, count=3, post_wait=0.0)
    with ShowFile.open(path) as show:
        show.set_setting("name", "The Tempest")
        show.set_setting("min_go_interval", 0)
    printed: list[dict[str, Any]] = []
    with engine(path, "--performance", "Preview 3", "--kind", "preview") as proc:
        assert proc.stdin is not None
        assert proc.stdout is not None
        proc.stdin.write("\n".join(SCRIPT) + "\n")
        proc.stdin.flush()
        while not any(e["event"] == "error" for e in printed):  # the last command is done
            printed.append(json.loads(proc.stdout.readline()))
        side = showdesk("note", str(path), "Stage door left open", "--dept", "SM")
        assert side.returncode == 0, side.stderr
        proc.stdin.write("mark show_down\n")
        proc.stdin.close()
        printed += [json.loads(line) for line in proc.stdout.read().splitlines()]
        assert proc.wait(timeout=30) == 0
    return path, printed


def marks(printed: list[dict[str, Any]]) -> dict[str, float]:
    return {e["mark"] + str(e.get("act", "")): e["wall"] for e in printed if e["event"] == "mark"}


def test_the_engine_logs_marks_and_refuses_a_bad_one(
    performed: tuple[Path, list[dict[str, Any]]],
) -> None:
    _, printed = performed
    assert list(marks(printed)) == ["house_open", "show_up", "hold", "hold_end", "interval",
                                    "act2", "show_down"]  # fmt: skip
    (error,) = [e for e in printed if e["event"] == "error"]
    assert "mark takes one of house_open, show_up" in error["message"]
    assert printed[0]["kind"] == "preview"


def test_the_pdf_opens_and_holds_times_gos_and_notes(
    performed: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    path, printed = performed
    pdf = tmp_path / "report.pdf"
    done = showdesk("report", str(path), "--for", "crew", "--format", "pdf", "-o", str(pdf))
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines())
    assert fields["Title"].strip() == "Show report: The Tempest: Preview 3"
    assert "A4" in fields["Page size"]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    at = marks(printed)
    for expected in ("The Tempest", "Preview 3", "preview", "House open", "Act 1", "Interval 1",
                     "Act 2", "Show down", "late audience", "GO timeline (2 GO, 1 rejected)",
                     "LX 1 flickered on the GO", "Stage door left open", "Lighting",
                     "Stage management", tod(at["house_open"]), tod(at["show_down"])):  # fmt: skip
        assert expected in text, expected
    gos = [e for e in printed if e["event"] == "go"]
    assert [g["cue"] for g in gos] == ["1", "3"]
    for go in gos:
        assert tod(go["wall"]) in text
    assert "REJECTED" in text
    assert "Commands the engine refused" in text
    assert "mark bogus" in text


def test_the_producer_reads_times_and_sentences_and_gets_them_by_mail(
    performed: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    path, _ = performed
    eml = tmp_path / "report.eml"
    done = showdesk("report", str(path), "--email", "-o", str(eml), "--to", "producer@example.org",
                    "--from", "Sam Ortiz <sm@example.org>")  # fmt: skip
    assert done.returncode == 0, done.stderr
    mail = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert (mail["To"], mail["From"], mail["X-Unsent"]) == (
        "producer@example.org", "Sam Ortiz <sm@example.org>", "1"
    )  # fmt: skip
    assert mail["Subject"].startswith("Show report: The Tempest, Preview 3 (")
    assert isinstance(mail, email.message.EmailMessage)
    body = mail.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert text.startswith("# The Tempest: Preview 3")
    assert "The bogus mark was not recorded: mark takes one of" in text
    assert "GO timeline" not in text  # the producer's report
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_filename() == "The Tempest - Preview 3 - show report.pdf"
    pdf = tmp_path / "attached.pdf"
    pdf.write_bytes(attachment.get_content())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "The bogus mark was not recorded" in " ".join(text.split())


def test_the_csv_parses_and_agrees_with_the_events(
    performed: tuple[Path, list[dict[str, Any]]],
) -> None:
    path, printed = performed
    done = showdesk("report", str(path), "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    gos = [e for e in printed if e["event"] == "go"]
    assert [(r["time"], r["cue"]) for r in rows if r["section"] == "go"] == [
        (tod(g["wall"]), g["cue"]) for g in gos
    ]
    times = {r["item"]: r["time"] for r in rows if r["section"] == "times"}
    at = marks(printed)
    assert times["House open"] == tod(at["house_open"])
    assert times["Show up"] == tod(at["show_up"])
    assert times["Act 2"] == tod(at["act2"])
    notes = [(r["department"], r["severity"], r["detail"]) for r in rows if r["section"] == "note"]
    assert notes == [("LX", "issue", "LX 1 flickered on the GO"),
                     ("SM", "info", "Stage door left open")]  # fmt: skip
    (performance,) = [r for r in rows if r["section"] == "performance"]
    assert performance["item"] == "Preview 3"


def test_the_html_and_the_performances_table(
    performed: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    path, _ = performed
    html = tmp_path / "report.html"
    assert showdesk("report", str(path), "--format", "html", "-o", str(html)).returncode == 0
    text = html.read_text()
    assert text.startswith("<!DOCTYPE html>")
    assert html.stat().st_mode & 0o644 == 0o644  # readable, like any file the user writes
    assert 'src="data:image/svg+xml;base64,' in text
    table = showdesk("performances", str(path)).stdout.splitlines()
    assert table[1].split()[:3] == ["1", "Preview", "3"]
    assert table[1].split()[-4:] == ["2", "1", "2", "0"]  # acts, holds, notes, errors


def test_a_run_is_a_rehearsal_unless_live_or_told(
    performed: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    path = tmp_path / "kinds.showdesk"
    chain_show(path, 9, count=1)
    for args in ([], ["--live"]):
        with engine(path, *args) as proc:
            proc.communicate("go\n", timeout=30)
        assert proc.returncode == 0
    with ShowFile.open(path) as show:
        rows = [(r["kind"], r["mode"]) for r in show.db.query("SELECT * FROM performances")]
    assert rows == [("rehearsal", "rehearsal"), ("performance", "live")]
    with ShowFile.open(performed[0]) as show:  # --kind preview, offline
        rows = [(r["kind"], r["mode"]) for r in show.db.query("SELECT * FROM performances")]
    assert rows == [("preview", "rehearsal")]
