"""Show mode a caller can trust (issue 12, points 1 to 5): what will not act says so, what the
caller did is recorded, and the window does not go away mid-show.

Against the real engine subprocess, on the demo show (cue 13 is disarmed; without the VID
destination, cues 3, 5.3, 10 and 13 are broken).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from showdesk.demo import build_demo
from showdesk.showfile import ShowFile
from tests.gui.conftest import ENGINE_TIMEOUT_MS, open_window
from tests.gui.test_show_mode import log_texts, press_until, standby, standing_by, wait_log
from ui.main_window import MainWindow

WAIT = ENGINE_TIMEOUT_MS


@pytest.fixture
def broken_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """The demo with its video destination unpatched: every VID cue is broken."""
    path = build_demo(tmp_path / "broken.showdesk")
    with ShowFile.open(path) as show:
        show.remove_destination("VID")
        show.set_setting("min_go_interval", 0)
    win = open_window(qtbot, path)
    yield win
    win.quit_now()


def panel_texts(win: MainWindow) -> str:
    """Everything the standing-by panel says, whatever widget says it."""
    return " ".join(w.text() for w in win.show_view.standby.findChildren(QLabel))


def cell(win: MainWindow, number: str, column: int) -> str:
    model = win.show_view.model
    return str(model.index(model.row_of[model.by_number[number].id], column).data())


def logged(win: MainWindow, kind: str) -> list[dict[str, Any]]:
    with ShowFile.open(win.path) as show:
        rows = show.db.query("SELECT detail FROM events WHERE kind = ? ORDER BY id", [kind])
        return [json.loads(row["detail"]) for row in rows]


def test_1_a_disarmed_cue_is_unmistakable_standing_by_in_the_list_and_in_the_log(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = window.show_view
    assert cell(window, "13", 0) == "⊘ DISARMED"  # before it stands by
    standby(qtbot, window, "13")
    assert "DISARMED: GO will skip its action" in panel_texts(window)
    assert cell(window, "13", 0) == "► STANDBY"
    assert cell(window, "13", 2).startswith("⊘")  # the name column, whatever its width
    view.go("key")
    wait_log(qtbot, window, "GO 13 Break music (key): DISARMED, its action was skipped")
    qtbot.waitUntil(lambda: view.model.state("13") == "completed", timeout=WAIT)
    assert cell(window, "13", 0) == "⊘ skipped"  # not "✓ done": nothing was sent
    (go,) = logged(window, "go")
    assert go["disarmed"] is True
    assert "DISARMED" not in panel_texts(window)  # 14 stands by now: an ordinary cue


def test_2_a_broken_cue_stays_broken_and_the_problems_strip_keeps_it(
    qtbot: QtBot, broken_window: MainWindow
) -> None:
    win = broken_window
    view = win.show_view
    assert cell(win, "10", 0) == "⚠ BROKEN"  # before it ever ran
    standby(qtbot, win, "10")
    assert "BROKEN: unpatched: VID is not in the patch" in panel_texts(win)
    view.go("key")
    qtbot.waitUntil(lambda: view.model.state("10") == "completed", timeout=WAIT)
    assert cell(win, "10", 0) == "⚠ broken"  # never "✓ done"
    wait_log(qtbot, win, "GO 10 Video roll: sizzle (key): BROKEN, unpatched: VID")
    problems = view.problems.lines()
    assert "cue 10 BROKEN: unpatched: VID is not in the patch" in problems
    assert len(problems) == 4  # 3, 5.3, 10 and 13, listed from the start
    qtbot.wait(1200)  # nothing takes them away on its own
    assert view.problems.lines() == problems
    assert view.problems.isVisible()


def test_3_panic_and_the_all_commands_are_recorded_and_hold_has_a_button(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = window.show_view
    standby(qtbot, window, "11")
    for key, state in ((Qt.Key.Key_Space, "running"), (Qt.Key.Key_P, "paused"),
                       (Qt.Key.Key_R, "running"), (Qt.Key.Key_Escape, "stopped")):  # fmt: skip
        press_until(qtbot, window, key, "11", state)
    qtbot.mouseClick(view.stop_button, Qt.MouseButton.LeftButton)
    wait_log(qtbot, window, "STOP ALL (button)")
    # Hold: H asks for a reason on the text line, Enter starts it; H again ends it.
    qtbot.keyClick(view.table, Qt.Key.Key_H)
    assert view.note_field.isVisible()
    qtbot.keyClicks(view.note_field, "late audience")
    qtbot.keyClick(view.note_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.clocks.hold is not None, timeout=WAIT)
    view.tick()
    assert view.clocks.section.text().startswith("HOLD  0:0")
    assert view.clocks.section.text().endswith(" · late audience")
    assert view.mark_buttons["hold"].text() == "End hold (H)"
    qtbot.keyClick(view.table, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: view.clocks.hold is None, timeout=WAIT)
    commands = [(e["event"], e["source"]) for kind in ("pause_all", "resume_all", "panic",
                "stop_all") for e in logged(window, kind)]  # fmt: skip
    assert commands == [("pause_all", "key"), ("resume_all", "key"), ("panic", "key"),
                        ("stop_all", "button")]  # fmt: skip
    (panic,) = logged(window, "panic")
    assert panic["running"] == ["11"]
    marks = [(e["mark"], e["text"]) for e in logged(window, "mark")]
    assert marks == [("hold", "late audience"), ("hold_end", "")]


def test_4_closing_mid_show_asks_in_place_and_space_stays_go(
    qtbot: QtBot, fast_window: MainWindow
) -> None:
    window = fast_window
    view = window.show_view
    standby(qtbot, window, "11")
    view.go("key")
    qtbot.waitUntil(lambda: view.model.state("11") == "running", timeout=WAIT)
    window.close()
    assert window.isVisible()
    assert window.client.running
    assert window.top.asking == "close"
    assert "1 cue is running" in window.top.question_text.text()
    qtbot.keyClick(view.table, Qt.Key.Key_Space)  # Space is GO, never the question's answer
    qtbot.waitUntil(lambda: standing_by(window) == "13", timeout=WAIT)
    assert window.isVisible()
    assert window.top.asking == "close"
    qtbot.mouseClick(window.top.no_button, Qt.MouseButton.LeftButton)
    assert window.isVisible()
    window.close()  # asks again, once
    qtbot.mouseClick(window.top.yes_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    assert not window.client.running


def test_5_now_counts_the_act_from_show_up(qtbot: QtBot, window: MainWindow) -> None:
    view = window.show_view
    view.mark("house_open")
    qtbot.waitUntil(lambda: any("MARK house open" in t for t in log_texts(window)), timeout=WAIT)
    view.mark("show_up")
    qtbot.waitUntil(lambda: any("MARK show up" in t for t in log_texts(window)), timeout=WAIT)
    view.tick()
    assert view.clocks.section.text().startswith("Act 1  0:0")
    assert view.mark_buttons["act"].text() == "Act 2"  # the Act button names the next act
    view.mark("interval")
    qtbot.waitUntil(lambda: any("MARK interval" in t for t in log_texts(window)), timeout=WAIT)
    view.tick()
    assert view.clocks.section.text().startswith("Interval  0:0")
    qtbot.mouseClick(view.mark_buttons["act"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.act == 2, timeout=WAIT)
    view.tick()
    assert view.clocks.section.text().startswith("Act 2  0:0")
