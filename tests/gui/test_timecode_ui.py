"""The timecode cue in the app: its inspector, its running time in show mode, its log lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cues import Cue, cue_type
from showdesk.showfile import ShowFile
from tests.gui.test_edit_mode import editor, stored, type_into
from tests.gui.test_show_countdowns import START, Replay
from ui.edit.editors.timecode import TimecodeEditor
from ui.edit.view import EditView
from ui.log import describe
from ui.panels import RunningPanel

TIMECODE = cue_type("timecode")


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


def test_the_inspector_writes_start_and_rate_and_names_a_bad_start(
    qtbot: QtBot,
    view: EditView,
    show_file: Path,
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


class PanelReplay(Replay):
    """show mode's replay of the engine on a fake clock, also feeding the running panel."""

    def __init__(self, path: Path, panel: RunningPanel) -> None:
        self.panel = panel
        super().__init__(path)

    def _feed(self) -> None:
        for event in self.events[self.fed :]:
            self.panel.apply(event, self.model)
        super()._feed()

    def shown(self, t: float) -> list[str]:
        self.panel.refresh(self.model, START + t)
        return [self.panel.item(row, 3).text() for row in range(self.panel.rowCount())]


def test_the_running_panel_shows_the_running_timecode_and_holds_it_when_paused(
    qtbot: QtBot, show_file: Path
) -> None:
    panel = RunningPanel()
    qtbot.addWidget(panel)
    replay = PanelReplay(show_file, panel)
    replay.at(0, "go 1")
    assert replay.shown(0) == ["TC 01:00:00:00  action"]
    replay.at(2.5)
    assert replay.shown(2.5) == ["TC 01:00:02:12  action"]  # 62.5 frames at 25 fps
    replay.at(3.0, "pause 1")
    replay.at(60.0)
    assert replay.shown(60.0) == ["TC 01:00:03:00  action (paused)"]
    replay.at(61.0, "resume 1")
    replay.at(62.0)
    assert replay.shown(62.0) == ["TC 01:00:04:00  action"]
    replay.at(63.0, "go 2")
    replay.at(64.5)
    # 1 resumed at 01:00:03:00 3.5 s ago; 2 started at 00:59:59:00 at 30 fps 1.5 s ago
    assert replay.shown(64.5) == ["TC 01:00:06:12  action", "TC 01:00:00:15  action 0:03.5"]
    replay.at(70.0)
    assert replay.shown(70.0) == ["TC 01:00:12:00  action"]  # 2 completed: gone from the panel
    replay.at(71.0, "stop 1")
    assert replay.shown(71.0) == []


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
