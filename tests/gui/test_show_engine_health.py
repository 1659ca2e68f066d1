"""What the window says about the engine itself: a dead engine's cues are unknown, no dialog
takes the GO key, the log not saving is shown, the timing the engine got is shown, and every
cue in the list says what it is (issues 11, 13 and 16)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from cues import Cue, cue_type
from showdesk.showfile import ShowFile
from tests.gui.conftest import ENGINE_TIMEOUT_MS
from tests.gui.test_show_mode import log_texts, standby, standing_by, wait_log
from ui.main_window import MainWindow

WAIT = ENGINE_TIMEOUT_MS


def test_a_dead_engine_leaves_its_cues_unknown_its_clocks_still_and_the_rig_grey(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = window.show_view
    standby(qtbot, window, "11")  # a 2:30 wait
    view.go("key")
    qtbot.waitUntil(lambda: view.model.state("11") == "running", timeout=WAIT)
    qtbot.waitUntil(lambda: "capture" in view.rig.chips["LX"].text(), timeout=WAIT)
    window.client.kill()
    qtbot.waitUntil(lambda: window.alert.isVisible(), timeout=WAIT)
    assert view.model.state("11") == "unknown"
    row = view.model.row_of[view.model.by_number["11"].id]
    assert view.model.index(row, 0).data() == "? unknown (engine stopped)"
    view.tick()
    assert view.running.item(0, 2).text() == "? unknown (engine stopped)"
    shown = view.clocks.elapsed.text()
    qtbot.wait(300)
    view.tick()
    assert view.clocks.elapsed.text() == shown  # the show clock holds still
    assert view.clocks.next_timed.text() == "engine stopped"
    chip = view.rig.chips["LX"]
    assert "engine stopped" in chip.text()
    assert "color: #9aa0a6" in chip.styleSheet()  # greyed: the theme's dim
    qtbot.mouseClick(window.restart_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.engine_ready, timeout=WAIT)
    assert view.model.state("11") == "idle"  # the new engine's word: nothing runs
    assert "engine stopped" not in view.rig.chips["LX"].text()


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # the offscreen platform
def test_space_in_a_dialog_over_show_mode_is_refused_and_says_why(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = window.show_view
    box = QMessageBox(QMessageBox.Icon.Question, "Save a copy?", "Save?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                      window)  # fmt: skip
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    box.open()  # window-modal, as a dialog from a menu would be
    qtbot.waitUntil(box.isVisible)
    button = box.button(QMessageBox.StandardButton.Yes)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert box.isVisible()  # Space did not answer it
    assert box.result() == 0
    assert '"Save a copy?" is open' in view.notice.text()
    assert any(text.startswith("GO not sent (key)") for text in log_texts(window))
    qtbot.wait(200)
    assert standing_by(window) == "1"  # and no GO went to the engine
    box.done(0)


def test_the_go_live_question_is_in_place_and_space_stays_go(
    qtbot: QtBot, fast_window: MainWindow
) -> None:
    window = fast_window
    view = window.show_view
    # A modal question (the old way) would block here: answer it "no" after a while.
    QTimer.singleShot(3000, lambda: QApplication.activeModalWidget() and
                      QApplication.activeModalWidget().reject())  # fmt: skip
    window.toggle_live()
    assert window.top.question.isVisible()
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    wait_log(qtbot, window, "GO 1 Walk-in (key)")  # the GO went to the engine
    assert window.top.question.isVisible()  # and did not answer the question
    assert not window.live


def test_log_not_saving_is_shown_until_the_log_saves_again(qtbot: QtBot, demo_path: Path) -> None:
    win = MainWindow(demo_path, start_engine=False)
    qtbot.addWidget(win)
    win.show()
    assert not win.top.log_warning.isVisible()
    win._on_event({"event": "log", "state": "not_saving", "pending": 12,
                   "reason": "the disk is full", "wall": time.time()})  # fmt: skip
    assert win.top.log_warning.isVisible()
    assert win.top.log_warning.text() == ("LOG NOT SAVING: 12 events waiting (the disk is full)")
    assert any(t.startswith("LOG NOT SAVING") for t in log_texts(win))
    win._on_event({"event": "log", "state": "saving", "pending": 0, "wall": time.time()})
    assert not win.top.log_warning.isVisible()


def test_the_engines_timing_is_shown_beside_live_or_rehearsal(
    qtbot: QtBot, demo_path: Path
) -> None:
    win = MainWindow(demo_path, start_engine=False)
    qtbot.addWidget(win)
    win.show()
    ready = {"event": "ready", "mode": "rehearsal", "cues": 17, "playhead": "1", "wall": 1.0e9}
    timing = {"mechanism": "rtkit", "priority": "real-time (round robin 10)", "realtime": True}
    win._on_event({**ready, "timing": timing, "priority": "real-time (round robin 10)"})
    assert win.top.timing.text() == "timing: real-time via rtkit"
    timing = {"mechanism": "none", "priority": "normal", "realtime": False}
    win._on_event({**ready, "timing": timing, "priority": "normal"})
    assert win.top.timing.text() == "timing: normal priority, see doctor"
    win._on_event({**ready, "priority": "nice -10"})  # an engine from before `timing`
    assert win.top.timing.text() == "timing: raised priority (nice -10), see doctor"
    win._on_event({**ready, "priority": "real-time (round robin 10)"})
    assert win.top.timing.text() == "timing: real-time"


def test_an_unnamed_cue_shows_its_type_not_a_blank_row(qtbot: QtBot, tmp_path: Path) -> None:
    osc, memo = cue_type("osc"), cue_type("memo")
    path = tmp_path / "unnamed.showdesk"
    with ShowFile.create(path, name="Unnamed") as show:
        show.set_destination("LX", "osc.udp://127.0.0.1:9")
        show.add_cues([Cue(osc, osc.parse("/go"), number="1", target="LX"),
                       Cue(memo, memo.parse(""), number="2")])  # fmt: skip
    win = MainWindow(path, start_engine=False)
    qtbot.addWidget(win)
    win.show()
    table = win.show_view.table
    model = win.show_view.model
    type_column = model.HEADINGS.index("Type")
    assert not table.isColumnHidden(type_column)
    assert [model.index(row, type_column).data() for row in (0, 1)] == ["osc", "memo"]
    assert model.index(0, 2).data() == "(osc)"
