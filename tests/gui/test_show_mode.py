"""Show mode against the real engine subprocess: what the caller presses and what comes back.

Every GO, panic and note here goes through the engine process (`showdesk run`) and the window
changes only when its events arrive; notes are read back from the show file's log.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from showdesk.showfile import ShowFile
from tests.gui.conftest import ENGINE_TIMEOUT_MS
from ui.main_window import MainWindow

WAIT = ENGINE_TIMEOUT_MS


def log_texts(win: MainWindow) -> list[str]:
    return [row.text for row in win.show_view.log.model.rows]


def wait_log(qtbot: QtBot, win: MainWindow, needle: str) -> None:
    qtbot.waitUntil(lambda: any(needle in text for text in log_texts(win)), timeout=WAIT)


def standing_by(win: MainWindow) -> str | None:
    model = win.show_view.model
    return model.cues[model.row_of[model.playhead]].number if model.playhead else None


def standby(qtbot: QtBot, win: MainWindow, number: str) -> None:
    win.show_view.command("standby", "test", cue=number)
    qtbot.waitUntil(lambda: standing_by(win) == number, timeout=WAIT)


def press_until(qtbot: QtBot, win: MainWindow, key: Qt.Key, number: str, state: str) -> None:
    """A show-mode key on the cue list, then waits until the engine reports cue `number` in
    `state`."""
    view = win.show_view
    qtbot.keyClick(view.table, key)
    qtbot.waitUntil(lambda: view.model.state(number) == state, timeout=WAIT)


def test_the_banner_and_title_say_rehearsal_and_show_mode_in_words(window: MainWindow) -> None:
    assert "REHEARSAL" in window.banner.text()
    assert "SHOW MODE" in window.banner.text()
    assert window.windowTitle() == "Summit general session (demo) — showdesk (REHEARSAL)"
    assert window.show_view.standby.number.text() == "1"
    assert window.show_view.standby.call.text() == "House open, walk-in music playing"


def test_space_goes_wherever_focus_is_and_the_engine_reports_the_cue(
    qtbot: QtBot, fast_window: MainWindow
) -> None:
    window = fast_window
    view = window.show_view
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: view.model.state("1") == "completed", timeout=WAIT)
    assert standing_by(window) == "2"
    assert view.standby.name.text() == "Walk-in look"
    wait_log(qtbot, window, "GO 1 Walk-in (key)")
    # Focus on a button: space is still GO, not a click of that button.
    qtbot.keyClick(view.stop_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: view.model.state("2") == "completed", timeout=WAIT)
    assert standing_by(window) == "3"
    # Rig health: cue 2 went to LX, captured (rehearsal), and the strip says so in words.
    qtbot.waitUntil(lambda: "/eos/cue/1/1/fire" in view.rig.chips["LX"].text(), timeout=WAIT)
    assert view.rig.chips["LX"].text().startswith("LX  capture · 1")


def test_the_go_button_starts_a_cue_that_shows_running_with_its_countdown(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = window.show_view
    standby(qtbot, window, "11")  # a 2:30 wait
    qtbot.mouseClick(view.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.state("11") == "running", timeout=WAIT)
    wait_log(qtbot, window, "GO 11 Sizzle length (button)")
    row = view.model.row_of[view.model.by_number["11"].id]
    assert view.model.index(row, 0).data() == "▶ running"
    view.tick()
    assert view.running.rowCount() == 1
    countdown = view.running.item(0, 3).text()
    assert countdown.startswith("action 2:2"), countdown  # 2:30 counting down
    assert countdown.endswith("→ 12")  # auto-follow: what it starts next
    assert "12 in 2:2" in view.clocks.next_timed.text()
    qtbot.mouseClick(view.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.state("11") == "stopped", timeout=WAIT)
    view.tick()
    assert view.running.rowCount() == 0


def test_a_double_go_is_rejected_by_the_engine_and_flashes_the_go_area(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = window.show_view
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: view.go_button.property("rejected") is True, timeout=WAIT)
    assert "REJECTED" in view.go_status.text()
    assert standing_by(window) == "2"  # one GO took, the second did nothing
    wait_log(qtbot, window, "GO rejected (key)")
    qtbot.waitUntil(lambda: view.go_button.property("rejected") is False, timeout=WAIT)


def test_escape_panics_and_stops_what_runs(qtbot: QtBot, window: MainWindow) -> None:
    view = window.show_view
    standby(qtbot, window, "11")
    press_until(qtbot, window, Qt.Key.Key_Space, "11", "running")
    press_until(qtbot, window, Qt.Key.Key_Escape, "11", "stopped")
    assert view.model.active() == []


def test_a_note_in_two_keystrokes_lands_in_the_show_log_stamped_by_the_engine(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = window.show_view
    qtbot.keyClick(view.table, Qt.Key.Key_N)
    assert view.note_field.isVisible()
    qtbot.keyClicks(view.note_field, "#snd ! mic 2 crackles on the lectern")  # spaces are text
    qtbot.keyClick(view.note_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.note_field.isVisible(), timeout=WAIT)
    wait_log(qtbot, window, "mic 2 crackles on the lectern")
    assert not any(text.startswith("GO ") for text in log_texts(window))
    with ShowFile.open(window.path) as show:  # before any GO: a note with no performance yet
        rows = list(show.db.query("SELECT * FROM notes"))
    assert len(rows) == 1
    detail = rows[0]
    assert detail["text"] == "mic 2 crackles on the lectern"
    assert detail["standing_by"] == "1"
    assert detail["dept"] == "SND"
    assert detail["severity"] == "issue"
    assert detail["performance_id"] is None
    # The log filters by kind and by text.
    view.log.category.setCurrentText("Notes")
    assert view.log.proxy.rowCount() == 1
    view.log.category.setCurrentText("All")
    view.log.search.setText("lectern")
    assert view.log.proxy.rowCount() == 1
    view.log.search.setText("")
    # A note the engine refuses (no such department) comes back to the note line, not lost.
    qtbot.keyClick(view.table, Qt.Key.Key_N)
    qtbot.keyClicks(view.note_field, "#XYZ spot 2 flickers")
    qtbot.keyClick(view.note_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.note_field.text() == "#XYZ spot 2 flickers", timeout=WAIT)
    assert view.note_field.isVisible()
    assert "no department 'XYZ'" in view.notice.text()
    qtbot.keyClick(view.note_field, Qt.Key.Key_Escape)
    # N then Esc: nothing is sent.
    qtbot.keyClick(view.table, Qt.Key.Key_N)
    qtbot.keyClicks(view.note_field, "never mind")
    qtbot.keyClick(view.note_field, Qt.Key.Key_Escape)
    assert not view.note_field.isVisible()
    assert view.model.active() == []  # Esc in the note field cancelled it; it did not panic


def test_show_mode_blocks_edits(qtbot: QtBot, window: MainWindow) -> None:
    view = window.show_view
    model = view.model
    index = model.index(0, 2)
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(index, "Renamed")
    assert view.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    view.table.setCurrentIndex(index)
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    assert view.table.state() != QAbstractItemView.State.EditingState
    assert "locked" in view.notice.text()
    with ShowFile.open(window.path) as show:
        assert show.cues()[0].name == "Walk-in"
    # Edit mode while a cue runs (it would take the GO key) asks first, in place.
    standby(qtbot, window, "11")
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: model.state("11") == "running", timeout=WAIT)
    window.toggle_mode()
    assert window.mode == "show"
    assert window.top.asking == "edit"
    assert "1 cue is running" in window.top.question_text.text()
    qtbot.mouseClick(window.top.no_button, Qt.MouseButton.LeftButton)
    assert window.mode == "show"
    assert not window.top.question.isVisible()


def test_a_dead_engine_is_shown_in_place_and_restart_keeps_the_playhead(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = window.show_view
    standby(qtbot, window, "8")
    window.client.kill()
    qtbot.waitUntil(lambda: window.alert.isVisible(), timeout=WAIT)
    assert "ENGINE STOPPED" in window.alert_text.text()
    assert "killed" in window.alert_text.text()
    qtbot.keyClick(view.table, Qt.Key.Key_Space)  # GO with no engine: said in place
    assert "not running" in view.notice.text()
    qtbot.mouseClick(window.restart_button, Qt.MouseButton.LeftButton)
    # A GO while the new engine loads is refused: queued, it would fire cue 1, not 8.
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    assert "still loading" in view.notice.text()
    qtbot.waitUntil(lambda: window.engine_ready, timeout=WAIT)
    assert not window.alert.isVisible()

    # The new engine loads at cue 1; the window puts it back on 8.
    def put_back() -> bool:
        texts = log_texts(window)
        last_ready = max(i for i, text in enumerate(texts) if text.startswith("engine ready"))
        return any(text.startswith("standing by 8") for text in texts[last_ready:])

    qtbot.waitUntil(put_back, timeout=WAIT)
    assert standing_by(window) == "8"
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: view.model.state("8") == "completed", timeout=WAIT)


def test_going_live_asks_first_and_restarts_the_engine_live(
    qtbot: QtBot, window: MainWindow
) -> None:
    top = window.top
    window.toggle_live()
    assert top.asking == "live"
    assert "Go LIVE?" in top.question_text.text()
    qtbot.mouseClick(top.no_button, Qt.MouseButton.LeftButton)
    assert not window.live
    assert "REHEARSAL" in window.banner.text()
    standby(qtbot, window, "6")
    window.toggle_live()
    qtbot.mouseClick(top.yes_button, Qt.MouseButton.LeftButton)
    assert "LIVE" in window.banner.text()
    assert "REHEARSAL" not in window.banner.text()
    assert window.windowTitle().endswith("(LIVE)")
    wait_log(qtbot, window, "engine ready: live")
    qtbot.waitUntil(lambda: standing_by(window) == "6", timeout=WAIT)
    # Live, the demo's MIDI destinations name ports this machine does not have: said in words.
    chip = window.show_view.rig.chips["DESK_MSC"]
    qtbot.waitUntil(lambda: "MISSING PORT" in chip.text(), timeout=WAIT)
    assert window.show_view.rig.chips["LX"].text().startswith("LX  live")
    wait_log(qtbot, window, "DESK_MSC: missing port")


def test_edit_mode_and_back_restarts_the_engine_after_edits_keeping_the_playhead(
    qtbot: QtBot, window: MainWindow
) -> None:
    standby(qtbot, window, "9")
    qtbot.keyClick(window.show_view.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.mode == "edit"
    assert "EDIT MODE" in window.banner.text()
    assert window.pages.currentWidget() is window.edit_view
    # Space in edit mode is not GO.
    qtbot.keyClick(window.edit_view, Qt.Key.Key_Space)
    with ShowFile.open(window.path) as show:
        show.update_cue(replace(show.cues()[0], name="Doors"))
    window.edit_view.cues_changed.emit()
    readies = sum(text.startswith("engine ready") for text in log_texts(window))
    window.toggle_mode()
    assert window.mode == "show"
    qtbot.waitUntil(
        lambda: sum(t.startswith("engine ready") for t in log_texts(window)) == readies + 1,
        timeout=WAIT,
    )
    qtbot.waitUntil(lambda: standing_by(window) == "9", timeout=WAIT)
    assert window.show_view.model.cues[0].name == "Doors"
    assert not any(text.startswith("GO ") for text in log_texts(window))
    assert window.show_view.model.index(0, 0, QModelIndex()).isValid()


def test_marks_drive_the_act_and_show_clocks(qtbot: QtBot, window: MainWindow) -> None:
    clocks = window.show_view.clocks
    window.show_view.tick()
    assert clocks.elapsed.text() == "not started"
    window.show_view.mark("show_up")
    qtbot.waitUntil(lambda: window.show_view.act == 1, timeout=WAIT)
    window.show_view.tick()
    assert clocks.section.text().startswith("Act 1  0:0")
    assert clocks.elapsed.text().startswith("0:0")
    assert clocks.elapsed.toolTip() == "since show up"
    window.show_view.mark("interval")
    qtbot.waitUntil(lambda: any("MARK interval" in t for t in log_texts(window)), timeout=WAIT)
    window.show_view.tick()
    assert clocks.section.text().startswith("Interval  0:0")


def test_enter_on_a_row_stands_that_cue_by(qtbot: QtBot, window: MainWindow) -> None:
    view = window.show_view
    row = view.model.row_of[view.model.by_number["9"].id]
    view.table.setCurrentIndex(view.model.index(row, 1))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: standing_by(window) == "9", timeout=WAIT)
    assert view.standby.name.text() == "Keynote scene"
    assert view.standby.notes.text() == "Scene 5 on the desk (programs count from 0)"
