"""The show report of a scripted performance: the engine on a fake clock, its events written by
the real run log to a real show file, and the report read back from that file."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from cues import Cue, cue_type
from showdesk.engine.compile import compile_cues
from showdesk.engine.engine import Engine
from showdesk.engine.runlog import RunLog, start_performance
from showdesk.engine.timing import FakeClock
from showdesk.errors import ShowdeskError
from showdesk.notes import add_note, find_performance, strike_note
from showdesk.outputs import CaptureOutput, Output, UnavailableOutput
from showdesk.report import build_report, render_csv, render_html, render_md, times_of
from showdesk.report.render import CSV_COLUMNS
from showdesk.report.timeline import timeline
from showdesk.report.words import tod
from showdesk.showfile import ShowFile

OSC = cue_type("osc")
T0 = datetime(2026, 11, 26, 19, 0, 0).timestamp()  # local time: the report shows local times


def scripted(path: Path, name: str, script: list[tuple[float, str]], kind: str = "preview") -> int:
    """Runs `script` ((seconds after 19:00, command) pairs) through an Engine on a fake clock
    whose events the real RunLog commits to the show file; returns the performance id."""
    with ShowFile.open(path) as show:
        compiled = compile_cues(show.cues(), show.patch(), show.settings())
        perf = start_performance(show, name, "rehearsal", "Main", kind)
        show.db.execute("UPDATE performances SET started = ? WHERE id = ?", [T0, perf])
    outputs: dict[str, Output] = {"LX": CaptureOutput("LX")}
    outputs["SND"] = UnavailableOutput("SND", "no route to host 10.0.0.9")
    printed: list[dict[str, Any]] = []
    log = RunLog(path, perf, printed.extend)
    log.start()
    clock = FakeClock(1000.0)
    engine = Engine(compiled, outputs, clock, log.put, departments=["LX", "SND", "SM"])
    engine.start_wall = T0  # wall = T0 + (clock - 1000): exact times of day
    engine.ready(performance=perf, name=name, kind=kind, list="Main")
    for at, line in script:
        while (deadline := engine.next_deadline()) is not None and deadline <= 1000 + at:
            clock.set(max(deadline, clock.now()))
            engine.advance()
        clock.set(1000 + at)
        engine.command(line)
    log.close()
    return perf


def make_show(path: Path) -> None:
    with ShowFile.create(path, name="The Tempest") as show:
        show.set_destination("LX", "osc.udp://127.0.0.1:9000")
        show.set_destination("SND", "osc.udp://10.0.0.9:10023")
        show.add_cues([
            Cue(OSC, OSC.parse("/eos/cue/1/1/fire"), number="1", name="Storm", target="LX"),
            Cue(OSC, OSC.parse("/eos/cue/1/2/fire"), number="2", name="Island", target="LX"),
            Cue(OSC, OSC.parse("/ch/01/mix/on i 1"), number="3", name="Thunder", target="SND"),
        ])  # fmt: skip


PREVIEW = [
    (0, "mark house_open"),
    (1800, "mark show_up"),
    (1800, "go"),
    (1830, "note dept=LX severity=issue LX 1 flickered on the GO"),
    (1831, '{"command": "note", "text": "Thunder late", "dept": "SND", "severity": "critical",'
           ' "cue": "3"}'),
    (2400, 'mark hold "stage door alarm"'),
    (2520, "mark hold_end"),
    (4500, "mark interval"),
    (5700, "mark act 2"),
    (5700, "go"),
    (5700.1, "go"),  # too soon: rejected
    (6000, "go"),  # cue 3: its destination is unreachable
    (8400, "mark show_down"),
]  # fmt: skip


@pytest.fixture
def preview(show_path: Path) -> tuple[Path, int]:
    make_show(show_path)
    return show_path, scripted(show_path, "Preview 1", PREVIEW)


def report_of(path: Path, spec: str = "last") -> Any:
    with ShowFile.open(path) as show:
        return build_report(show, find_performance(show, spec))


def test_times_are_exact_for_a_scripted_performance(preview: tuple[Path, int]) -> None:
    report = report_of(preview[0])
    t = report.times
    assert (t.house_open, t.show_up, t.show_down) == (T0, T0 + 1800, T0 + 8400)
    assert [(a.label, a.start - T0, a.duration) for a in t.acts] == [
        ("Act 1", 1800, 2700),
        ("Act 2", 5700, 2700),
    ]
    assert [(i.label, i.duration) for i in t.intervals] == [("Interval 1", 1200)]
    assert [(h.reason, h.start - T0, h.duration) for h in t.holds] == [
        ("stage door alarm", 2400, 120)
    ]
    assert (t.total, t.playing) == (6600, 5400)
    assert (report.performance.kind, report.show) == ("preview", "The Tempest")


def test_the_go_timeline_has_every_go_rejected_gos_and_what_broke(
    preview: tuple[Path, int],
) -> None:
    report = report_of(preview[0])
    assert [(round(g.wall - T0, 3), g.cue, g.name, g.rejected is not None) for g in report.gos] == [
        (1800, "1", "Storm", False),
        (5700, "2", "Island", False),
        (5700.1, None, "", True),
        (6000, "3", "Thunder", False),
    ]
    assert report.gos[0].late_ms == 0.0  # a fake clock: exactly on time
    assert "minimum GO interval" in (report.gos[2].rejected or "")
    assert [(b.cue, b.reason) for b in report.broken] == [("3", "no route to host 10.0.0.9")]
    errors = [(e.destination, e.what, e.cue, e.message) for e in report.output_errors]
    assert ("SND", "send failed", "3", "no route to host 10.0.0.9") in errors
    assert {e[0] for e in errors} == {"SND"}  # (and the output's state, where it reports one)


def test_notes_are_grouped_by_department_with_their_stamps(preview: tuple[Path, int]) -> None:
    report = report_of(preview[0])
    groups = {dept: [(n.text, n.severity, n.standing_by, n.cue) for n in notes]
              for dept, notes in report.notes_by_department()}  # fmt: skip
    assert groups == {
        "LX": [("LX 1 flickered on the GO", "issue", "2", None)],
        "SND": [("Thunder late", "critical", "2", "3")],
    }
    note = report.notes[0]
    assert (note.wall - T0, note.show_time) == (1830, 1830)


def test_the_html_and_markdown_hold_the_times_the_gos_and_the_notes(
    preview: tuple[Path, int],
) -> None:
    report = report_of(preview[0])
    for audience in ("producer", "crew"):
        for text in (render_html(report, audience), render_md(report, audience)):
            for expected in ("The Tempest", "Preview 1", "19:00:00", "19:30:00", "21:20:00",
                             "1:50:00", "0:45:00", "0:20:00", "stage door alarm",
                             "no route to host 10.0.0.9", "LX 1 flickered on the GO",
                             "Thunder late", "Lighting", "Sound"):  # fmt: skip
                assert expected in text, expected
            # The GO timeline (each GO's name, the rejected GO) is the crew's.
            assert ("Storm" in text, "REJECTED" in text) == (audience == "crew",) * 2
    html = render_html(report)
    assert 'src="data:image/svg+xml;base64,' in html  # the run-time chart, self-contained
    assert "<script" not in html


def test_the_csv_parses_one_row_per_fact(preview: tuple[Path, int]) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(report_of(preview[0])))))
    assert all(list(row) == list(CSV_COLUMNS) for row in rows)
    by = {section: [r for r in rows if r["section"] == section] for section in
          ("go", "go_rejected", "note", "hold", "output_error", "history")}  # fmt: skip
    assert [(r["time"], r["cue"]) for r in by["go"]] == [
        ("19:30:00", "1"), ("20:35:00", "2"), ("20:40:00", "3")
    ]  # fmt: skip
    assert [r["time"] for r in by["go_rejected"]] == ["20:35:00"]
    assert [(r["department"], r["severity"], r["detail"]) for r in by["note"]] == [
        ("LX", "issue", "LX 1 flickered on the GO"),
        ("SND", "critical", "Thunder late"),
    ]
    assert [(r["duration"], r["detail"]) for r in by["hold"]] == [("0:02:00", "stage door alarm")]
    assert by["output_error"][0]["item"] == "SND"
    assert [(r["item"], r["duration"]) for r in by["history"]] == [("Preview 1", "1:50:00")]


def test_run_time_is_compared_with_earlier_performances(preview: tuple[Path, int]) -> None:
    path, _ = preview
    shorter = [(0, "mark show_up"), (3000, "mark interval"), (4000, "mark act 2"),
               (6000, "mark show_down")]  # fmt: skip
    scripted(path, "Preview 2", shorter)
    scripted(path, "Tech (no marks)", [(10, "go")], kind="tech")
    report = report_of(path, "2")
    assert [(r.performance.name, r.times.total, r.this) for r in report.history] == [
        ("Preview 1", 6600, False),
        ("Preview 2", 6000, True),
    ]  # later performances are not "earlier"
    html = render_html(report)
    assert "1:40:00" in html
    assert "1:50:00" in html
    last = report_of(path)
    assert [r.times.total for r in last.history] == [6600, 6000, None]
    assert "not marked" in render_md(last)


def test_struck_notes_stay_out_of_the_report_and_are_counted(preview: tuple[Path, int]) -> None:
    path, perf = preview
    with ShowFile.open(path) as show:
        strike_note(show, 1, "wrong cue")
        add_note(show, "Dressing room 3 too warm", dept="SM", now=T0 + 9000,
                 performance=find_performance(show, str(perf)))  # fmt: skip
    report = report_of(path)
    assert [n.text for n in report.notes] == ["Thunder late", "Dressing room 3 too warm"]
    assert report.struck == 1
    assert "1 struck note(s)" in render_html(report)


Marks = list[dict[str, Any]]


def marks(*items: tuple[float, str, dict[str, Any]]) -> Marks:
    return [{"wall": w, "show_time": w, "mark": m, **extra} for w, m, extra in items]


@pytest.mark.parametrize(
    ("items", "check"),
    [
        # Act 1 marked explicitly just after show up: the same act.
        (marks((10, "show_up", {}), (10, "act", {"act": 1}), (70, "show_down", {})),
         lambda t: [(a.label, a.duration) for a in t.acts] == [("Act 1", 60)]),
        # Never brought down: the act is open and there is no total.
        (marks((10, "show_up", {}), (20, "hold", {"text": "fire alarm"})),
         lambda t: t.total is None and t.acts[0].end is None and t.holds[0].end is None),
        # A hold runs to its hold_end, through other marks (an interval here).
        (marks((0, "show_up", {}), (5, "hold", {"text": "a"}), (9, "interval", {}),
               (12, "hold_end", {})),
         lambda t: [h.duration for h in t.holds] == [7] and t.acts[0].duration == 9),
        # Show up, or an act, ends a hold without a hold_end; show down one left open.
        (marks((0, "hold", {}), (5, "show_up", {}), (6, "hold", {"text": "b"}),
               (8, "act", {"act": 2}), (9, "hold", {}), (20, "show_down", {})),
         lambda t: [(h.duration, h.reason, h.before_curtain) for h in t.holds]
         == [(5, "", True), (2, "b", False), (11, "", False)]),
        # A second hold ends the first.
        (marks((0, "show_up", {}), (1, "hold", {"text": "a"}), (3, "hold", {"text": "b"}),
               (4, "hold_end", {})),
         lambda t: [(h.reason, h.duration) for h in t.holds] == [("a", 2), ("b", 1)]),
        # No marks at all.
        ([], lambda t: (t.show_up, t.total, t.acts, t.holds) == (None, None, [], [])),
    ],
)  # fmt: skip
def test_times_from_marks_where_the_script_is_odd(items: Marks, check: Callable[..., bool]) -> None:
    assert check(times_of(items))


def test_output_faults_are_output_errors_and_healthy_states_are_not() -> None:
    def output(wall: float, state: str, reason: str = "") -> dict[str, Any]:
        return {"event": "output", "wall": wall, "show_time": wall, "destination": "EOS",
                "state": state, "reason": reason}  # fmt: skip

    errors = timeline([
        output(1, "connecting"), output(2, "unreachable", "connection refused"),
        output(3, "live"), output(4, "missing port", "no MIDI port 'desk'"),
        output(5, "erroring", "buffer full"), output(6, "rehearsal capture"),
    ]).output_errors  # fmt: skip
    assert [(e.wall, e.what, e.message) for e in errors] == [
        (2, "unreachable", "connection refused"),
        (4, "missing port", "no MIDI port 'desk'"),
        (5, "erroring", "buffer full"),
    ]


def test_a_performance_of_an_unknown_kind_is_refused(show: ShowFile) -> None:
    with pytest.raises(ShowdeskError, match="not 'gala'"):
        start_performance(show, "Opening", "live", "Main", "gala")
    assert show.db.execute("SELECT count(*) FROM performances").fetchone()[0] == 0


def test_times_of_day_are_local_time() -> None:
    assert tod(T0 + 3723) == "20:02:03"
    assert time.localtime(T0).tm_hour == 19


def test_notes_follow_the_shows_department_order_and_general_notes_come_last(
    preview: tuple[Path, int],
) -> None:
    path, perf = preview
    with ShowFile.open(path) as show:
        performance = find_performance(show, str(perf))
        add_note(show, "Call the half at 19:25", now=T0 + 1, performance=performance)
        add_note(show, "Prompt book page 40 torn", dept="SM", now=T0 + 2, performance=performance)
        add_note(show, "Trap sticks", dept="DECK", now=T0 + 3, performance=performance)
    report = report_of(path)
    assert [dept for dept, _ in report.notes_by_department()] == ["LX", "SND", "DECK", "SM", ""]
    md = render_md(report)
    assert md.index("### Deck") < md.index("### Stage management") < md.index("### General")


def test_remote_gos_keep_their_source_and_remote_refusals_are_in_the_report(
    show_path: Path,
) -> None:
    make_show(show_path)
    remote = '{"command": "go", "source": "osc 10.0.0.4:53001", "via": "/go"}'
    scripted(show_path, "Tech 1", [(0, remote), (10, "edit_mode on"), (11, remote)])
    report = report_of(show_path)
    assert [(g.cue, g.source) for g in report.gos] == [("1", "osc 10.0.0.4:53001")]
    (refused,) = report.refused
    assert (refused.command, refused.source, refused.line) == ("go", "osc 10.0.0.4:53001", "/go")
    assert refused.reason == (
        "refused: the app is in edit mode: remote control may not start or move cues"
    )
    assert "the app is in edit mode" in render_md(report, "crew")  # every refusal, with its source
