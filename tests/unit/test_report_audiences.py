"""What the producer and the crew read, from run logs written into a real show file by RunLog:
the curtain against the schedule, holds, incidents, undone marks, refused commands as sentences,
times against earlier performances. (The PDF and the mail: tests/gui/test_report_pdf.py.)"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from showdesk.cli import main
from showdesk.errors import ShowdeskError
from showdesk.notes import find_performance
from showdesk.report import build_report
from showdesk.report.model import Report
from showdesk.report.output import report_bytes
from showdesk.report.refused import refused_of
from showdesk.report.render import render_md
from showdesk.report.sections import curtain_sentence, time_rows
from showdesk.showfile import ShowFile
from tests.showlog import T0, at, log, make_tempest, mark

EVENTS: list[dict[str, Any]] = [
    mark(0, "house_open"),
    mark(1800, "hold", text="late audience at the box office"),
    mark(2040, "show_up"),  # 19:34:00: held 4 min, up 4 min late
    at(2041, "go", cue="1", id="c1", name="Cue 1", source="key"),
    at(2100, "go", cue="2", id="c2", name="Cue 2", source="osc 10.0.0.4:53001", disarmed=True),
    at(2200, "go", cue="3", id="c3", name="Cue 3", source="key", broken="no route to host"),
    at(2300, "panic", source="key", standing_by="4", running=["3"]),
    mark(2301, "hold", text="smoke alarm"),
    mark(2302, "undo", undone="hold", undone_mono=1000.0 + 2301),  # a hold marked by mistake
    at(2400, "pause_all", source="button", standing_by="4", running=["3"]),
    at(2460, "resume_all", source="osc tcp 127.0.0.1:50112", standing_by="4", running=[]),
    mark(4000, "interval"),
    mark(5000, "act", act=2),
    mark(7000, "show_down"),
    at(2500, "error", command='{"command": "note", "text": "Haze too thick in 2.3", "dept": '
       '"VID", "severity": "issue", "source": "osc 10.0.0.4:53001"}',
       message="there is no department 'VID' in this show (known: LX, SND, SM)"),
    at(2600, "error", command="go 999", message="there is no cue numbered '999'"),
    at(2700, "error", command="mark hold_up", message="mark takes one of house_open, show_up"),
    at(2800, "error", message="the run log was not written: disk I/O error"),
]  # fmt: skip


@pytest.fixture
def show(tmp_path: Path) -> Path:
    path = tmp_path / "tempest.showdesk"
    make_tempest(path)
    day = datetime(2026, 11, 25, 19, 0).timestamp()
    earlier = [mark(1800, "show_up"), mark(3600, "interval"), mark(4800, "act", act=2),
               mark(6600, "show_down")]  # fmt: skip
    log(path, "Preview 1", [{**e, "wall": e["wall"] - T0 + day} for e in earlier], started=day)
    log(path, "Tech", [mark(0, "show_up"), mark(20000, "show_down")], kind="tech")
    log(path, "Preview 2", sorted(EVENTS, key=lambda e: e["wall"]))
    return path


def report_of(path: Path) -> Report:
    with ShowFile.open(path) as opened:
        return build_report(opened, find_performance(opened, "last"))


def test_the_curtain_against_the_schedule_and_the_hold_before_it(show: Path) -> None:
    report = report_of(show)
    assert report.late_by == 240
    assert curtain_sentence(report) == (
        "Scheduled 19:30; up 19:34:00, 4 min late, after a hold of 0:04:00 (late audience at "
        "the box office). Down 20:56:40; run time 1:22:40."
    )
    md = render_md(report)
    for fact in ("**Company:** Northern Lights Theatre Company", "**Stage manager:** Sam Ortiz",
                 "**Venue:** The Courtyard Theatre, Leeds"):  # fmt: skip
        assert fact in md


def test_an_undone_mark_is_not_a_hold(show: Path) -> None:
    holds = report_of(show).times.holds
    assert [(h.reason, h.duration, h.before_curtain) for h in holds] == [
        ("late audience at the box office", 240, True)
    ]


def test_times_against_the_average_of_earlier_performances_without_the_tech(show: Path) -> None:
    report = report_of(show)
    assert [r.performance.name for r in report.earlier()] == ["Preview 1"]
    rows = {row[0]: row[1:] for row in time_rows(report)}
    # Preview 1: act 1 0:30:00, up on time; Preview 2: act 1 0:32:40, up 4 min late.
    assert rows["Act 1"] == ("19:34:00", "20:06:40", "0:32:40", "0:30:00", "+0:02:40")
    assert rows["Show up"] == ("19:34:00", "", "4 min late", "on time", "+0:04:00")
    assert rows["Total run (up to down)"][3:] == ("1:20:00", "+0:02:40")


def test_incidents_are_sentences_with_where_they_came_from(show: Path) -> None:
    md = render_md(report_of(show))
    for sentence in (
        "PANIC from the keyboard (standing by 4; running 3)",
        "Pause all from a button in the app (standing by 4; running 3)",
        "Resume all from OSC over TCP from 127.0.0.1:50112 (standing by 4; paused 0:01:00)",
        "Cue 3 (Cue 3) broke: no route to host",
    ):
        assert sentence in md, sentence


def test_the_producer_reads_the_refused_commands_that_lost_something(show: Path) -> None:
    md = render_md(report_of(show), "producer")
    section = md[md.index("## Refused commands") :]
    assert (
        "19:41:40 (show 0:41:40.0): A note for Video was not recorded: there is no department "
        "'VID' in this show (known: LX, SND, SM). It read: \"Haze too thick in 2.3\"" in section
    )
    assert "The hold up mark was not recorded: mark takes one of house_open, show_up." in section
    assert "The engine reported a problem: the run log was not written: disk I/O error." in section
    assert "999" not in section  # a mistyped GO lost nothing
    assert "GO timeline" not in md
    assert "Output errors" not in md


def test_the_crew_reads_every_go_and_every_refused_command(show: Path) -> None:
    md = render_md(report_of(show), "crew")
    for row in (
        "| 19:34:01 | 0:34:01.0 | 1 | Cue 1 | key |",
        "| 19:35:00 | 0:35:00.0 | 2 | **DISARMED**: Cue 2 (nothing sent) | osc 10.0.0.4:53001 |",
        "| 19:36:40 | 0:36:40.0 | 3 | **BROKEN**: Cue 3: no route to host | key |",
        "| 19:41:40 | 0:41:40.0 | note (VID, issue): Haze too thick in 2.3 | osc 10.0.0.4:53001 "
        "| there is no department 'VID' in this show (known: LX, SND, SM) |",
        "| 19:43:20 | 0:43:20.0 | go 999 | command | there is no cue numbered '999' |",
    ):
        assert row in md, row
    assert "GO timeline (3 GO, 0 rejected)" in md


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("note dept=LX severity=issue cue=4 LX 4 late", "note (LX, issue, about cue 4): LX 4 late"),
        ('mark hold "stage door"', "mark hold: stage door"),
        ("mark act 2 after the interval", "mark act 2: after the interval"),
        ('{"command": "go", "cue": "12", "source": "key"}', "go 12"),
        ('{"command": "standby", "cue": "5", "extra": [1, 2]}', "standby 5 extra=[1, 2]"),
        ('{"command": "note", "text": "unterminated', '{"command": "note", "text": "unterminated'),
        ("panic now", "panic now"),
    ],
)
def test_a_refused_command_reads_as_written(line: str, text: str) -> None:
    (refused,) = refused_of([{"event": "error", "wall": 1.0, "show_time": 1.0, "command": line,
                              "message": "no"}])  # fmt: skip
    assert refused.text == text


def test_without_a_pdf_writer_the_core_says_so(show: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("showdesk.report.output.entry_points", lambda **_: ())
    with pytest.raises(ShowdeskError, match="no PDF writer is installed"):
        report_bytes(report_of(show), "crew", "pdf")
    assert report_bytes(report_of(show), "crew", "md").startswith(b"# The Tempest")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "md", "--to", "a@b.c"], "--to and --from go with --email"),
        (["--email"], "a EML report needs a file to go to: -o REPORT.eml"),
        (["--format", "pdf"], "a PDF report needs a file to go to: -o REPORT.pdf"),
    ],
)
def test_bad_report_arguments_are_one_line_errors(
    show: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["report", str(show), *args]) == 1
    assert message in capsys.readouterr().err
