"""A performance with the show-control events the engine publishes, end to end: a real `showdesk
run` process takes a hold before the curtain, a GO on a disarmed cue, a panic, a hold with its
reason, a stop all from a remote, a mark withdrawn with `mark undo` and a note the engine
refuses; `showdesk report` then reads them back for the producer and for the crew."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from cues import Cue, cue_type
from showdesk.showfile import ShowFile
from tests.e2e.test_report import HEADLESS, showdesk
from tests.e2e.test_run import engine

OSC = cue_type("osc")
SCRIPT = [
    "mark house_open",
    "mark hold",  # before the curtain, no reason given
    "mark show_up",
    "go",
    "go",  # cue 2 is disarmed: it runs and sends nothing
    "panic",
    'mark hold "smoke alarm in the flies"',
    "mark hold_end",
    '{"command": "stop", "source": "osc 10.0.0.4:53001"}',
    "mark interval",
    "mark undo",  # the interval was a stray click
    '{"command": "note", "text": "Haze too thick in the storm", "dept": "FX"}',
    "mark show_down",
]


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    path = tmp_path_factory.mktemp("run") / "tempest.showdesk"
    with ShowFile.create(path, name="The Tempest") as show:
        show.set_destination("LX", "osc.udp://127.0.0.1:9")
        show.add_cues([Cue(OSC, OSC.parse(f"/cue/{n}"), number=str(n), name=f"Cue {n}",
                           target="LX") for n in (1, 2, 3)])  # fmt: skip
        second = next(c for c in show.cues() if c.number == "2")
        show.update_cue(replace(second, armed=False))
        show.set_setting("min_go_interval", 0)
        show.set_setting("stage_manager", "Sam Ortiz")
    with engine(path, "--performance", "Preview 5", "--kind", "preview") as proc:
        out, err = proc.communicate("\n".join(SCRIPT) + "\n", timeout=60)
    assert proc.returncode == 0, err
    return path, [json.loads(line) for line in out.splitlines()]


def report(path: Path, *args: str) -> str:
    done = showdesk("report", str(path), *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_engine_published_what_the_report_reads(
    ran: tuple[Path, list[dict[str, Any]]],
) -> None:
    _, printed = ran
    kinds = [e["event"] for e in printed]
    assert {"panic", "stop_all"} <= set(kinds)
    (disarmed,) = [e for e in printed if e["event"] == "go" and e.get("disarmed")]
    assert disarmed["cue"] == "2"


def test_the_crew_reads_the_disarmed_go_the_panic_and_the_remote_stop(
    ran: tuple[Path, list[dict[str, Any]]],
) -> None:
    md = report(ran[0], "--for", "crew", "--format", "md")
    assert "**DISARMED**: Cue 2 (nothing sent)" in md
    assert "| PANIC from a typed command (standing by 3) |" in md
    assert "| Stop all from OSC from 10.0.0.4:53001 (standing by 3) |" in md
    assert "| note (FX): Haze too thick in the storm | command | there is no department 'FX'" in md


def test_the_producer_reads_the_holds_and_the_lost_note_and_not_the_undone_interval(
    ran: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    path, _ = ran
    md = report(path, "--format", "md")
    assert "after a hold of 0:00:00 (no reason given)" in md
    assert "| smoke alarm in the flies |" in md
    assert "Interval" not in md  # withdrawn with mark undo
    assert "A note for FX was not recorded: there is no department 'FX'" in md
    assert 'It read: "Haze too thick in the storm"' in md
    assert "GO timeline" not in md
    pdf = tmp_path / "producer.pdf"
    report(path, "--format", "pdf", "-o", str(pdf))
    text = " ".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                                   text=True, check=True, env=HEADLESS).stdout.split())  # fmt: skip
    for expected in ("PANIC from a typed command", "smoke alarm in the flies",
                     "Stop all from OSC from 10.0.0.4:53001", "Haze too thick in the storm",
                     "Stage manager Sam Ortiz"):  # fmt: skip
        assert expected in text, expected
