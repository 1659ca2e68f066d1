"""Timecode cues in the show report: the engine on a fake clock runs them (late where the script
wakes it late, failing where its destination cannot be reached), the real run log writes its
events to a real show file, and the report reads them back for the producer and the crew."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from cues import Cue, cue_type
from showdesk.engine.compile import compile_cues
from showdesk.engine.engine import Engine
from showdesk.engine.runlog import RunLog, start_performance
from showdesk.engine.timing import FakeClock
from showdesk.outputs import CaptureOutput, Output, UnavailableOutput
from showdesk.report import render_csv, render_md
from showdesk.report.model import Report
from showdesk.report.sections import incident_rows, sections
from showdesk.showfile import ShowFile
from tests.unit.test_report import T0, report_of

TC = cue_type("timecode")
REFUSED = "VID is not connected: 10.0.0.7:5004: connection refused"
SCRIPT = [
    (10.0, "go 1"),  # a second of pre-wait: its locate is due at 11.0
    (10.99, "wake 0.07"),  # the engine wakes 60 ms after the locate was due
    (13.0, "pause 1"),
    (14.0, "resume 1"),
    (16.0, "wake 0.06"),  # the quarter frame due at 16.01 goes out 50 ms late: over a frame
    (18.0, "stop 1"),
    (20.0, "go 2"),  # a second of 30 fps to a destination that is not there
    (25.0, "go 1"),  # again: still running when the log ends
    (27.5, "mark show_down"),
]


def run(path: Path, script: list[tuple[float, str]]) -> int:
    """Runs `script` ((seconds after 19:00, command) pairs) through the engine on a fake clock:
    every deadline on time, but `wake S`, which sets the clock S seconds on before the engine
    carries out what is due (late). Its events go into the show file through the run log."""
    with ShowFile.open(path) as show:
        compiled = compile_cues(show.cues(), show.patch(), show.settings())
        perf = start_performance(show, "Preview 2", "rehearsal", "Main", "preview")
        show.db.execute("UPDATE performances SET started = ? WHERE id = ?", [T0, perf])
    outputs: dict[str, Output] = {"MTC": CaptureOutput("MTC"),
                                  "VID": UnavailableOutput("VID", REFUSED)}  # fmt: skip
    log = RunLog(path, perf, lambda _: None)
    log.start()
    clock = FakeClock(1000.0)
    engine = Engine(compiled, outputs, clock, log.put, departments=["LX"])
    engine.start_wall = T0
    engine.ready(performance=perf, name="Preview 2", kind="preview", list="Main")
    for at, line in script:
        while (deadline := engine.next_deadline()) is not None and deadline <= 1000 + at:
            clock.set(max(deadline, clock.now()))
            engine.advance()
        clock.set(1000 + at)
        if line.startswith("wake "):
            clock.set(clock.now() + float(line.split()[1]))
            engine.advance()
        else:
            engine.command(line)
    log.close()
    return perf


@pytest.fixture
def report(show_path: Path) -> Report:
    with ShowFile.create(show_path, name="The Tempest") as show:
        show.set_destination("MTC", "midi:Lights MTC")
        show.set_destination("VID", "midi.tcp://10.0.0.7:5004")
        show.add_cues([
            Cue(TC, TC.parse("start=01:00:00:00 fps=25"), number="1", name="Lights sync",
                target="MTC", pre_wait=1.0),
            Cue(TC, TC.parse("start=10:00:00:00 fps=30"), number="2", name="Video sync",
                target="VID", duration=1.0),
        ])  # fmt: skip
    run(show_path, [(0, "mark show_up"), *SCRIPT])
    return report_of(show_path)  # type: ignore[no-any-return]


def test_the_crew_reads_each_run_with_its_counts_and_worst_lateness(report: Report) -> None:
    rows = {s.title: s.rows for s in sections(report, "crew")}["Timecode (3 runs)"]
    assert [r[:2] for r in rows] == [
        ("19:00:11", "0:00:11.1"),  # its locate went out at 11.06
        ("19:00:20", "0:00:20.0"),
        ("19:00:26", "0:00:26.0"),  # a second of pre-wait again
    ]
    first, failed, again = rows
    # 100 quarter frames a second: 11.00 to 13.00 (201: the pause comes after the one due then)
    # and 14.01 to 18.00 (400); paused at 2 s (50 frames) in, stopped 4 s (100 frames) later
    assert first[2:] == ("1 Lights sync", "MTC", "01:00:00:00 to 01:00:06:00 at 25 fps, stopped "
                         "(resumed once)", "601", "0", "60.00 ms")  # fmt: skip
    assert failed[2:] == ("2 Video sync", "VID", "10:00:00:00 to 10:00:00:29 at 30 fps, "
                          "completed", "0", "120", "0.00 ms")  # fmt: skip
    assert again[2:] == ("1 Lights sync", "MTC", "01:00:00:00 at 25 fps, running", "0", "0",
                         "0.00 ms")  # fmt: skip


def test_a_failed_or_late_timecode_is_an_incident_for_the_producer_and_the_crew(
    report: Report,
) -> None:
    for audience in ("producer", "crew"):
        said = [(round(e.wall - T0, 2), text) for e, text in incident_rows(report, audience)
                if text.startswith("Timecode")]  # fmt: skip
        assert said == [
            (11.06, "Timecode of cue 1 (Lights sync) to MTC located 60.00 ms late at "
                   "01:00:00:00 (a frame or more at 25 fps)"),
            (14.01, "Timecode of cue 1 (Lights sync) to MTC from 01:00:02:00 ran up to 50.00 "
                    "ms late (a frame or more at 25 fps)"),
            (20.0, f"Timecode of cue 2 (Video sync) to VID: 120 of 120 quarter frames failed "
                   f"({REFUSED})"),
        ], audience  # fmt: skip


def test_the_crew_reads_the_failure_as_an_output_error_and_the_late_locate_on_its_go(
    report: Report,
) -> None:
    md = render_md(report, "crew")
    assert (f"| 19:00:20 | 0:00:20.0 | VID | timecode failed | 2 | {REFUSED} (120 of 120 "
            "quarter frames) |") in md  # fmt: skip
    go = next(g for g in report.gos if g.cue == "1")
    assert go.late_ms == pytest.approx(60.0)


def test_the_csv_keeps_every_run(report: Report) -> None:
    rows = [
        r for r in csv.DictReader(io.StringIO(render_csv(report))) if r["section"] == "timecode"
    ]
    assert [(r["time"], r["cue"], r["item"], r["duration"]) for r in rows] == [
        ("19:00:11", "1", "MTC", "0:00:07"),
        ("19:00:20", "2", "VID", "0:00:01"),
        ("19:00:26", "1", "MTC", ""),
    ]
    assert rows[0]["detail"] == ("name=Lights sync; from=01:00:00:00; to=01:00:06:00; fps=25; "
                                 "ended=stopped; locates=2; quarter_frames=601; failed=0; "
                                 "late=60.00 ms")  # fmt: skip


def test_a_timecode_cue_that_never_ran_has_no_timecode_section(show_path: Path) -> None:
    with ShowFile.create(show_path) as show:
        show.add_cues([Cue(TC, TC.parse("start=01:00:00:00 fps=25"), number="1", target="MTC")])
    run(show_path, [(0, "mark show_up")])
    report = report_of(show_path)
    assert not [s for s in sections(report, "crew") if s.title.startswith("Timecode")]
    assert [t for _, t in incident_rows(report, "producer") if "Timecode" in t] == []


def test_a_timecode_stopped_while_paused_ends_its_run_and_the_next_go_starts_another(
    show_path: Path,
) -> None:
    with ShowFile.create(show_path) as show:
        show.set_destination("MTC", "midi:Lights MTC")
        show.add_cues([Cue(TC, TC.parse("start=01:00:00:00 fps=25"), number="1", target="MTC")])
    # Paused, the engine logs the segment's end; stopped then, it logs no timecode event.
    run(show_path, [(0, "go 1"), (1, "pause 1"), (2, "stop 1"), (3, "go 1"), (3.5, "wake 0.05")])
    report = report_of(show_path)
    rows = {s.title: s.rows for s in sections(report, "crew")}["Timecode (2 runs)"]
    assert [(r[0], r[4]) for r in rows] == [
        ("19:00:00", "01:00:00:00 to 01:00:01:00 at 25 fps, stopped"),
        ("19:00:03", "01:00:00:00 at 25 fps, running"),
    ]
    assert [g.late_ms for g in report.gos] == [0.0, 0.0]  # each GO's own locate, on time
