"""Show mode's keys are this computer's (issue 15: "a foot pedal that types a key is covered by
app hotkeys, configurable, Space being the default GO"): kept in showdesk.ini, set in View >
Show-mode keys… in edit mode, and every rule Space had holds for any GO key.

Real key events through qtbot, against the real engine subprocess on the demo show.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ENGINE_TIMEOUT_MS, open_window
from tests.gui.test_show_mode import log_texts, standby, standing_by, wait_log
from ui import hotkeys, prefs
from ui.main_window import MainWindow

WAIT = ENGINE_TIMEOUT_MS
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: popups


@pytest.fixture
def pedal_window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    """The demo, on a computer whose GO is PgDown (a foot pedal) and pause F5."""
    hotkeys.save(hotkeys.parse({"go": "PgDown", "pause": "F5"}))
    win = open_window(qtbot, demo_path)
    yield win
    win.quit_now()


def press(qtbot: QtBot, win: MainWindow, key: Qt.Key) -> None:
    qtbot.keyClick(win.show_view.table, key)


def test_a_pedal_key_bound_to_go_fires_a_go_and_space_no_longer_does(
    qtbot: QtBot, pedal_window: MainWindow
) -> None:
    win = pedal_window
    view = win.show_view
    assert (
        view.notice.text() == "PgDown GO · Esc panic · N note · H hold · F5 / R pause / resume all"
    )
    assert "(PgDown)" in view.go_button.toolTip()
    assert view.pause_button.text() == "Pause all (F5)"
    standby(qtbot, win, "11")
    press(qtbot, win, Qt.Key.Key_PageDown)
    wait_log(qtbot, win, "GO 11")
    assert any("(key)" in text for text in log_texts(win) if text.startswith("GO 11"))
    qtbot.waitUntil(lambda: view.model.state("11") == "running", timeout=WAIT)
    # The double-GO guard applies to the pedal as it did to Space: a rejected GO flashes.
    press(qtbot, win, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: view.go_button.property("rejected") is True, timeout=WAIT)
    assert view.go_status.text().startswith("GO REJECTED")
    press(qtbot, win, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: view.model.state("11") == "paused", timeout=WAIT)
    # Space is not GO here: nothing is sent, and the caller is told what GO is.
    standing = standing_by(win)
    press(qtbot, win, Qt.Key.Key_Space)
    assert "Space is not a GO key on this computer: GO is PgDown" in view.notice.text()
    qtbot.wait(300)
    assert standing_by(win) == standing
    gos = [text for text in log_texts(win) if text.startswith("GO ")]
    assert len(gos) == 2  # no third
    assert gos[1].startswith("GO rejected (key)")


def test_a_go_key_in_a_dialog_over_show_mode_is_refused_and_an_open_menu_lets_it_through(
    qtbot: QtBot, pedal_window: MainWindow
) -> None:
    win = pedal_window
    view = win.show_view
    box = QMessageBox(QMessageBox.Icon.Question, "Save a copy?", "Save?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                      win)  # fmt: skip
    box.open()
    qtbot.waitUntil(box.isVisible)
    button = box.button(QMessageBox.StandardButton.Yes)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_PageDown)
    assert box.isVisible()
    assert '"Save a copy?" is open' in view.notice.text()
    assert any(text.startswith("GO not sent (key)") for text in log_texts(win))
    assert standing_by(win) == "1"
    box.done(0)
    menu = win.menus.file
    menu.popup(win.mapToGlobal(win.rect().center()))
    qtbot.waitUntil(menu.isVisible)
    QApplication.sendEvent(menu, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_PageDown,
                                           Qt.KeyboardModifier.NoModifier))  # fmt: skip
    assert not menu.isVisible()
    wait_log(qtbot, win, "GO 1 ")


def test_keys_are_set_in_edit_mode_and_a_bad_binding_is_refused_with_a_sentence(
    qtbot: QtBot, window: MainWindow
) -> None:
    item = window.menus.keys_item
    assert not item.isEnabled()  # a dialog: never in show mode
    assert "in edit mode" in item.toolTip()
    window.set_mode("edit")
    assert item.isEnabled()
    item.trigger()
    dialog = window.keys_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.lines["go"].text() == "Space"
    refusals = {
        ("pause", "P, Space"): "Not saved: Space is bound to both GO and pause all",
        ("go", "PgDwn"): "Not saved: GO: “PgDwn” is not a key name showdesk knows",
        ("go", " "): "Not saved: GO needs at least one key",
        ("go", "Ctrl+G"): "Not saved: GO: “Ctrl+G” uses Ctrl, Alt or Meta",
        ("note", "Return"): "Not saved: note: “Return” is taken: Enter stands by",
    }
    for (action, typed), said in refusals.items():
        line = dialog.lines[action]
        before = line.text()
        line.setText(typed)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.status.text().startswith(said), dialog.status.text()
        assert dialog.isVisible()  # what was typed stays, to be put right
        assert prefs.prefs().value("keys/go") is None  # nothing saved
        line.setText(before)
    # Record: the next key pressed (the pedal's) is added to GO.
    qtbot.mouseClick(dialog.record_buttons["go"], Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.record_buttons["go"], Qt.Key.Key_PageDown)
    assert dialog.lines["go"].text() == "Space, PgDown"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert prefs.prefs().value("keys/go") == "Space, PgDown"
    window.set_mode("show")
    view = window.show_view
    assert view.notice.text().startswith("Space / PgDown GO · Esc panic")
    press(qtbot, window, Qt.Key.Key_PageDown)
    wait_log(qtbot, window, "GO 1 ")


def test_keys_in_the_ini_that_cannot_be_used_are_said_and_the_defaults_kept(
    qtbot: QtBot, demo_path: Path
) -> None:
    store = prefs.prefs()
    store.setValue("keys/go", "PgDwn")
    store.setValue("keys/panic", "Esc")
    store.sync()
    win = open_window(qtbot, demo_path)
    view = win.show_view
    assert "keys in showdesk.ini were refused" in view.notice.text()
    assert "PgDwn" in view.notice.text()
    assert view.keys == hotkeys.DEFAULT
    press(qtbot, win, Qt.Key.Key_Space)
    wait_log(qtbot, win, "GO 1 ")
    win.quit_now()


@pytest.mark.parametrize(
    ("texts", "keys"),
    [
        ({}, {"go": ("Space",), "panic": ("Esc",), "pause": ("P",)}),
        ({"go": "pagedown, Space, space", "note": ""}, {"go": ("PgDown", "Space"), "note": ()}),
        ({"hold": "Shift+F5", "resume": "Comma"}, {"hold": ("Shift+F5",), "resume": (",",)}),
    ],
)
def test_bindings_read_as_typed(qtbot: QtBot, texts: dict[str, str],
                                keys: dict[str, tuple[str, ...]]) -> None:  # fmt: skip
    bindings = hotkeys.parse(texts)
    for action, names in keys.items():
        assert bindings.keys[action] == names
    assert hotkeys.parse({a: bindings.text(a) for a in bindings.keys}) == bindings
