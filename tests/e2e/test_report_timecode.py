"""Timecode end to end: a real `showdesk run --live` sends two timecode cues, one to a TCP
listener of our own (a MIDI-over-TCP receiver: it runs, pauses, resumes and is stopped) and one
to a port where nothing listens (every quarter frame fails); `showdesk report` then reads them
back, as a new process, for the crew and the producer."""

from __future__ import annotations

import csv
import io
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from cues import Cue, cue_type
from showdesk.showfile import ShowFile
from tests.e2e.test_live_outputs import Run, TcpPeer, free_port
from tests.e2e.test_report import showdesk

TC = cue_type("timecode")


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]], int]:
    path = tmp_path_factory.mktemp("timecode") / "tempest.showdesk"
    peer, dead = TcpPeer(""), free_port(socket.SOCK_STREAM)
    with ShowFile.create(path, name="The Tempest") as show:
        show.set_setting("min_go_interval", 0.0)
        show.set_destination("MTC", f"midi.tcp://127.0.0.1:{peer.port}")
        show.set_destination("VIDEO", f"midi.tcp://127.0.0.1:{dead}")
        show.add_cues([
            Cue(TC, TC.parse("start=01:00:00:00 fps=25"), number="1", name="Lights sync",
                target="MTC"),
            Cue(TC, TC.parse("start=10:00:00:00 fps=30"), number="2", name="Video sync",
                target="VIDEO", duration=0.5),
        ])  # fmt: skip
    run = Run(path, "--live", "--performance", "Preview 3")
    try:
        run.output("MTC", "live")
        run.output("VIDEO", "unreachable")
        for line, then in (("go 1", 0.5), ("pause 1", 0.2), ("resume 1", 0.3), ("stop 1", 0.0)):
            run.command(line)
            time.sleep(then)
        run.command("go 2")
        run.wait_for(lambda e: e["event"] == "cue" and (e["cue"], e["state"]) == ("2", "completed"))
        events = run.finish()
    finally:
        run.kill()
        peer.close()
    return path, events, dead


def report(path: Path, *args: str) -> str:
    done = showdesk("report", str(path), *args, "-o", "-")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_crew_reads_each_run_with_the_engines_own_counts(
    ran: tuple[Path, list[dict[str, Any]], int],
) -> None:
    path, events, _ = ran
    ends = [e for e in events if e["event"] == "timecode" and e["state"] != "locate"]
    assert [(e["cue"], e["state"]) for e in ends] == [("1", "paused"), ("1", "stopped"),
                                                      ("2", "completed")]  # fmt: skip
    sent = ends[0]["quarter_frames"] + ends[1]["quarter_frames"]
    assert sent > 50  # about 80: 0.5 s and 0.3 s at 100 a second
    rows = list(csv.DictReader(io.StringIO(report(path, "--for", "crew", "--format", "csv"))))
    runs = [r for r in rows if r["section"] == "timecode"]
    assert [(r["cue"], r["item"]) for r in runs] == [("1", "MTC"), ("2", "VIDEO")]
    lights, video = (dict(part.split("=", 1) for part in r["detail"].split("; ")) for r in runs)
    assert (lights["ended"], lights["locates"]) == ("stopped", "2")
    assert (lights["quarter_frames"], lights["failed"]) == (str(sent), "0")
    assert (lights["from"], lights["to"]) == ("01:00:00:00", ends[1]["tc"])
    assert (video["ended"], video["quarter_frames"], video["failed"]) == ("completed", "0", "60")
    md = report(path, "--for", "crew", "--format", "md")
    assert "## Timecode (2 runs)" in md
    assert (f"| 1 Lights sync | MTC | 01:00:00:00 to {ends[1]['tc']} at 25 fps, stopped (resumed "
            f"once) | {sent} | 0 |") in md  # fmt: skip


def test_the_failed_timecode_is_an_incident_and_an_output_error(
    ran: tuple[Path, list[dict[str, Any]], int],
) -> None:
    path, _, dead = ran
    refused = f"VIDEO is not connected: 127.0.0.1:{dead}: connection refused"
    said = (f"Timecode of cue 2 (Video sync) to VIDEO: 60 of 60 quarter frames failed "
            f"({refused})")  # fmt: skip
    for audience in ("producer", "crew"):
        assert said in report(path, "--for", audience, "--format", "md"), audience
    crew = report(path, "--for", "crew", "--format", "md")
    assert f"| VIDEO | timecode failed | 2 | {refused} (60 of 60 quarter frames) |" in crew
    listed = showdesk("performances", str(path)).stdout.splitlines()
    assert listed[1].split()[-1] == "2"  # errors: VIDEO unreachable, and its timecode failed
