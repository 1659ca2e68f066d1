"""The timecode cue in the app: its inspector, its running time in show mode, its log lines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from cues import Cue, cue_type
from showdesk.engine.compile import compile_cues
from showdesk.engine.engine import Engine
from showdesk.engine.timing import FakeClock
from showdesk.outputs import CaptureOutput, Output
from showdesk.showfile import ShowFile
from tests.gui.test_edit_mode import editor, stored, type_into
from ui.edit.editors.timecode import TimecodeEditor
from ui.edit.view import EditView
from ui.models import CueTableModel, describe
from ui.panels import RunningPanel
from ui.theme import DARK

TIMECODE = cue_type("timecode")
START = 100.0


@pytest.fixture
def show_file(tmp_path: Path) -> Path:
    path = tmp_path / "tc.showdesk"
    with ShowFile.create(path, name="Timecode") as show:
        show.set_destination("MTC", "midi:video server")
        show.add_cues([
            Cue(TIMECODE, TIMECODE.parse("start=01:00:00:00 fps=25"), number="1", target="MTC"),
            Cue(TIMECODE, TIMECODE.parse("start=00:59:59:00 fps=30"), number="2", target="MTC",
                duration=5.0),
        ])  # fmt: skip
    return path


@pytest.fixture
def view(qtbot: QtBot, show_file: Path) -> Iterator[EditView]:
    edit = EditView(show_file)
    qtbot.addWidget(edit)
    yield edit
    edit.close_show()


def test_the_inspector_writes_start_and_rate_and_names_a_bad_start(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    view.select_cue("1")
    assert type(view.inspector) is TimecodeEditor
    fields = editor(view).payload
    assert fields.start.text() == "01:00:00:00"  # type: ignore[attr-defined]
    fields.fps.setCurrentText("29.97df")  # type: ignore[attr-defined]
    fields.fps.activated.emit(fields.fps.currentIndex())  # type: ignore[attr-defined]
    type_into(qtbot, fields.start, "10:00:00:00")  # type: ignore[attr-defined]
    assert stored(show_file)[0].payload.text() == "start=10:00:00:00 fps=29.97df"
    type_into(qtbot, fields.start, "00:01:00:00")  # type: ignore[attr-defined]
    assert "does not exist in 29.97 drop-frame" in fields.rows.errors["start"].text()
    assert stored(show_file)[0].payload.text() == "start=10:00:00:00 fps=29.97df"
    new = view.insert_cue("timecode")
    assert new is not None
    assert new.payload.text() == "start=00:00:00:00 fps=25"
    assert new.duration == 0.0  # blank: until stopped


class Replay:
    """The engine on a fake clock; its events go to the cue model and the running panel."""

    def __init__(self, path: Path, panel: RunningPanel) -> None:
        with ShowFile.open(path) as show:
            cues, patch, settings = show.cues(), show.patch(), show.settings()
        compiled = compile_cues(cues, patch, settings)
        self.clock = FakeClock(START)
        self.events: list[dict[str, Any]] = []
        outputs: dict[str, Output] = {name: CaptureOutput(name) for name in compiled.endpoints}
        self.engine = Engine(compiled, outputs, self.clock, self.events.append)
        self.model = CueTableModel(DARK)
        self.model.load(cues, [])
        self.panel = panel

    def at(self, t: float, line: str = "") -> None:
        while (deadline := self.engine.next_deadline()) is not None and deadline <= START + t:
            self.clock.set(max(deadline, self.clock.now()))
            self.engine.advance()
        self.clock.set(START + t)
        if line:
            self.engine.command(line)
        for event in self.events:
            self.model.apply(event)  # the engine's clock is the model's: offset 0
            self.panel.apply(event, self.model)
        self.events.clear()
        self.panel.refresh(self.model, START + t)

    def shown(self) -> list[str]:
        return [self.panel.item(row, 3).text() for row in range(self.panel.rowCount())]


def test_the_running_panel_shows_the_running_timecode_and_holds_it_when_paused(
    qtbot: QtBot, show_file: Path
) -> None:
    panel = RunningPanel()
    qtbot.addWidget(panel)
    replay = Replay(show_file, panel)
    replay.at(0, "go 1")
    assert replay.shown() == ["TC 01:00:00:00  action"]
    replay.at(2.5)
    assert replay.shown() == ["TC 01:00:02:12  action"]  # 62.5 frames at 25 fps
    replay.at(3.0, "pause 1")
    replay.at(60.0)
    assert replay.shown() == ["TC 01:00:03:00  action (paused)"]
    replay.at(61.0, "resume 1")
    replay.at(62.0)
    assert replay.shown() == ["TC 01:00:04:00  action"]
    replay.at(63.0, "go 2")
    replay.at(64.5)
    # 1 resumed at 01:00:03:00 3.5 s ago; 2 started at 00:59:59:00 at 30 fps 1.5 s ago
    assert replay.shown() == ["TC 01:00:06:12  action", "TC 01:00:00:15  action 0:03.5"]
    replay.at(70.0)
    assert replay.shown() == ["TC 01:00:12:00  action"]  # 2 completed: gone from the panel
    replay.at(71.0, "stop 1")
    assert replay.shown() == []


def test_the_log_says_where_a_timecode_located_and_how_it_ended() -> None:
    locate = {"event": "timecode", "state": "locate", "cue": "1", "destination": "MTC",
              "tc": "01:00:00:00", "fps": "25", "ok": True, "offline": True}  # fmt: skip
    row = describe(locate)
    assert row is not None
    assert (row.category, row.cue) == ("Sent", "1")
    assert row.text == "MTC ← MTC locate 01:00:00:00 at 25 fps  (captured, rehearsal)"
    ended = {"event": "timecode", "state": "stopped", "cue": "1", "destination": "MTC",
             "tc": "01:00:10:00", "fps": "25", "quarter_frames": 1000, "failed": 2,
             "late_ms_max": 0.4}  # fmt: skip
    row = describe(ended)
    assert row is not None
    assert row.category == "Errors"
    assert row.text == (
        "MTC ← MTC stopped at 01:00:10:00: 1000 quarter frames, 2 failed, worst 0.4 ms late"
    )
