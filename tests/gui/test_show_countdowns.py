"""Show mode's countdowns, fed by the real engine on a fake clock (no subprocess, no sleeps).

The window computes each running cue's countdown from the engine's events (the scheduled time
of each state change) and the cue's own times; these tests replay what the engine publishes
for the demo show and read what the cue list and the clocks would show at given moments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from showdesk.demo import build_demo
from showdesk.engine.compile import compile_cues
from showdesk.engine.engine import Engine
from showdesk.engine.timing import FakeClock
from showdesk.outputs import CaptureOutput, Output
from showdesk.showfile import ShowFile
from ui.log import describe
from ui.models import CueTableModel
from ui.theme import DARK

START = 100.0


class Replay:
    """The engine on a fake clock, its events fed to the window's cue model as they come."""

    def __init__(self, path: Path) -> None:
        with ShowFile.open(path) as show:
            cues, patch, settings = show.cues(), show.patch(), show.settings()
            departments = show.departments()
        compiled = compile_cues(cues, patch, settings)
        self.clock = FakeClock(START)
        self.events: list[dict[str, Any]] = []
        outputs: dict[str, Output] = {name: CaptureOutput(name) for name in compiled.endpoints}
        self.engine = Engine(compiled, outputs, self.clock, self.events.append)
        self.model = CueTableModel(DARK)
        self.model.load(cues, departments)
        self.fed = 0
        self.engine.ready()
        self._feed()

    def _feed(self) -> None:
        for event in self.events[self.fed :]:
            self.model.apply(event)  # the engine's clock is the model's: offset 0
        self.fed = len(self.events)

    def at(self, t: float, line: str = "") -> None:
        while (deadline := self.engine.next_deadline()) is not None and deadline <= START + t:
            self.clock.set(max(deadline, self.clock.now()))
            self.engine.advance()
            self._feed()
        self.clock.set(START + t)
        if line:
            self.engine.command(line)
        self._feed()

    def progress(self, number: str, t: float) -> str:
        return self.model.progress_text(self.model.by_number[number], START + t)

    def next_timed(self, t: float) -> tuple[str, float] | None:
        found = self.model.next_timed(START + t)
        return None if found is None else (found[0].number, round(found[1], 6))


@pytest.fixture
def replay(tmp_path: Path) -> Replay:
    return Replay(build_demo(tmp_path / "demo.showdesk"))


def test_a_pre_wait_counts_down_and_is_the_next_timed_thing(replay: Replay) -> None:
    replay.at(0, "go 5")  # the timeline group: 5.3 has a 2.5 s pre-wait, 5.2 a 3 s fade
    replay.at(1.0)
    assert replay.model.state("5.3") == "prewait"
    assert replay.progress("5.3", 1.0) == "pre-wait 0:01.5"
    assert replay.progress("5.2", 1.0) == "action 0:02.0"
    assert replay.next_timed(1.0) == ("5.3", 1.5)
    replay.at(2.6)
    assert replay.model.state("5.3") in ("running", "completed")
    assert replay.next_timed(2.6) is None


def test_an_auto_continue_says_what_it_starts_next(replay: Replay) -> None:
    replay.at(0, "go 10")  # 10 continues to nothing; 11 is a 2:30 wait that auto-follows to 12
    replay.at(1, "go 11")
    replay.at(31)
    assert replay.progress("11", 31) == "action 2:00.0  → 12"
    assert replay.next_timed(31) == ("12", 120.0)
    replay.at(151)
    assert replay.model.state("12") == "completed"
    assert replay.model.active() == []


def test_pause_freezes_the_countdown_and_resume_carries_on_from_it(replay: Replay) -> None:
    replay.at(0, "go 11")
    replay.at(10, "pause")
    replay.at(30)
    assert replay.model.state("11") == "paused"
    assert replay.progress("11", 30) == "action 2:20.0 (paused)  → 12"
    assert replay.next_timed(30) is None  # nothing will happen by itself while paused
    replay.at(40, "resume")
    replay.at(50)
    assert replay.progress("11", 50) == "action 2:10.0  → 12"
    assert replay.next_timed(50) == ("12", 130.0)
    replay.at(180)  # 150 s of action + 30 s paused
    assert replay.model.state("12") == "completed"


def test_every_event_the_engine_publishes_has_a_log_line(replay: Replay) -> None:
    replay.at(0, "go 5")
    replay.at(0.1, "go")  # too soon: rejected
    replay.at(5)
    replay.at(5, "note the VOG was late")
    replay.at(6, "panic")
    kinds = {e["event"] for e in replay.events}
    assert {"ready", "go", "go_rejected", "cue", "sent", "playhead", "note"} <= kinds
    lines = [describe(e) for e in replay.events if e["event"] != "status"]
    assert all(line is not None and line.text for line in lines)
    rejected = next(line for line in lines if line and line.kind == "go_rejected")
    assert rejected.category == "Errors"


def test_department_colours_read_on_both_themes() -> None:
    from PySide6.QtGui import QColor

    from ui.theme import DARK, LIGHT, MIN_CONTRAST, contrast, readable

    for theme in (DARK, LIGHT):
        for colour in ("#e8b818", "#ffff00", "#1d3c8c", "#000000", "#ffffff", "#3a8ee6"):
            shown = readable(colour, theme)
            assert contrast(QColor(shown), QColor(theme.panel)) >= MIN_CONTRAST, (theme, colour)
    assert readable("#3a8ee6", DARK) == "#3a8ee6"  # a colour that already reads is left alone
