"""The menu bar and the start screen (issue 13, point 2): `showdesk-app` with no file opens a
start screen (recent shows, New, Open, the demo); File makes, opens, copies, imports and exports
shows; Edit holds edit mode's actions; dialogs only in edit mode; Space and Esc still reach show
mode through an open menu."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cues import Cue, cue_type
from showdesk.showfile import ShowFile
from tests.gui.conftest import ENGINE_TIMEOUT_MS
from ui import files, prefs, windows
from ui.launch import build_parser, first_window
from ui.main_window import MainWindow
from ui.start_screen import StartScreen

# The offscreen platform cannot raise windows or grab the keyboard for a menu; it says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
OSC = cue_type("osc")


@pytest.fixture(autouse=True)
def close_windows() -> Iterator[None]:
    yield
    for window in list(windows.OPEN):
        # Mid-show a show window asks before it closes (and keeps its engine): quit_now does not.
        getattr(window, "quit_now", window.close)()


def answer(monkeypatch: pytest.MonkeyPatch, *, save: Path | None = None,
           open_: Path | None = None, text: str | None = None) -> None:  # fmt: skip
    """What the file dialogs and the name question answer in this test."""
    monkeypatch.setattr(files.ASK, "save", lambda *_: save)
    monkeypatch.setattr(files.ASK, "open", lambda *_: open_)
    monkeypatch.setattr(files.ASK, "text", lambda *_: text)


def shown(windows_: list[MainWindow], qtbot: QtBot) -> MainWindow:
    (window,) = windows_  # closed (and deleted) by close_windows
    return window


def test_no_file_argument_opens_the_start_screen_and_new_makes_a_show(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = first_window(build_parser().parse_args([]))  # once a usage error
    assert isinstance(start, StartScreen)
    start.show()
    target = tmp_path / "Summit general session.showdesk"
    answer(monkeypatch, save=target)
    qtbot.keyClicks(start.new_name, "Summit general session")
    qtbot.mouseClick(start.new_button, Qt.MouseButton.LeftButton)
    window = shown(windows.show_windows(), qtbot)
    assert window.mode == "edit"
    assert window.path == target
    assert window.windowTitle().startswith("Summit general session — showdesk")
    with ShowFile.open(target) as show:
        assert show.settings().name == "Summit general session"
        assert show.cues() == []
    assert prefs.recent_shows() == [target.resolve()]
    assert not start.isVisible()  # the start screen has closed


def test_shows_opened_in_a_row_are_all_in_the_recent_list_in_order(tmp_path: Path) -> None:
    # Each is written on a thread of its own (the app's start does not wait for the disk):
    # none may be lost to another written at the same time, and reading waits for them.
    paths = [tmp_path / f"show {n}.showdesk" for n in range(3)]
    for path in paths:
        prefs.add_recent_soon(path)
    assert prefs.recent_shows() == [path.resolve() for path in reversed(paths)]


def test_the_start_screen_lists_recent_shows_and_opens_one(qtbot: QtBot, tmp_path: Path) -> None:
    paths = [tmp_path / f"{name}.showdesk" for name in ("first", "second")]
    for path in paths:
        ShowFile.create(path).close()
        prefs.add_recent(path)
    start = StartScreen()
    qtbot.addWidget(start)
    assert [start.recent.item(r).text().split("\n")[0] for r in range(2)] == ["second", "first"]
    start.recent.setCurrentRow(1)
    start.recent.itemActivated.emit(start.recent.item(1))
    assert shown(windows.show_windows(), qtbot).path == paths[0]


def test_a_show_that_cannot_be_opened_says_why_on_the_start_screen(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "notes.showdesk"
    bad.write_text("not a show")
    answer(monkeypatch, open_=bad)
    start = StartScreen()
    qtbot.addWidget(start)
    start.show()
    qtbot.mouseClick(start.open_button, Qt.MouseButton.LeftButton)
    assert start.isVisible()
    assert "notes.showdesk was not opened:" in start.problem.text()
    assert "is not a showdesk show file" in start.problem.text()
    assert windows.show_windows() == []


def test_the_demo_opens_from_the_start_screen(qtbot: QtBot) -> None:
    start = StartScreen()
    qtbot.addWidget(start)
    qtbot.mouseClick(start.demo_button, Qt.MouseButton.LeftButton)
    window = shown(windows.show_windows(), qtbot)
    assert window.show_name
    assert not window.live


@pytest.fixture
def opened(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "menus.showdesk"
    with ShowFile.create(path, name="Menus") as show:
        show.add_cues([Cue(OSC, OSC.parse("/go"), number=str(n)) for n in (1, 2)])
    window = windows.open_show(path)
    qtbot.waitUntil(lambda: window.engine_ready, timeout=ENGINE_TIMEOUT_MS)
    return window


def texts(menu: object) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]  # type: ignore[attr-defined]


def test_the_menus_hold_every_item_and_file_asks_only_in_edit_mode(opened: MainWindow) -> None:
    menus = opened.menus
    assert [m.title() for m in (menus.file, menus.edit, menus.help)] == ["&File", "&Edit", "&Help"]
    assert texts(menus.file) == ["&New show…", "&Open…", "Open &Recent", "Save a &Copy As…",
                                 "&Import CSV…", "&Export", "&Report…", "&Quit"]  # fmt: skip
    assert not menus.new.isEnabled()  # show mode: no dialog may take the GO key
    assert "in edit mode" in menus.new.toolTip()
    assert menus.quit.isEnabled()
    opened.set_mode("edit")
    assert menus.new.isEnabled()
    assert menus.edit_mode.isChecked()
    menus.edit.aboutToShow.emit()
    assert texts(menus.edit) == ["Undo", "Redo", "Cut", "Copy", "Paste", "Duplicate", "Delete",
                                 "Select all", "Find", "Find next", "Find previous",
                                 "Go to cue…", "Preview"]  # fmt: skip
    assert menus.edit.actions()[0] is opened.edit_view.edit_actions.undo  # the same action


def test_save_a_copy_and_export_csv_and_json(
    opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened.set_mode("edit")
    answer(monkeypatch, save=tmp_path / "copy")
    opened.menus.save_copy.trigger()
    with ShowFile.open(tmp_path / "copy.showdesk") as copy:
        assert [cue.number for cue in copy.cues()] == ["1", "2"]
    assert "saved a copy at" in opened.edit_view.status.text()
    answer(monkeypatch, save=tmp_path / "sheet.csv")
    opened.menus.export_csv.trigger()
    assert (tmp_path / "sheet.csv").read_text().splitlines()[1].startswith("Main,1,osc")
    answer(monkeypatch, save=tmp_path / "show")
    opened.menus.export_json.trigger()
    assert json.loads((tmp_path / "show.json").read_text())["settings"]["name"] == "Menus"


def test_import_csv_from_the_file_menu(
    opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "lx.csv"
    sheet.write_text("cue,type,name,message\n10,osc,Blackout,/eos/cue/1/10/fire\n")
    opened.set_mode("edit")
    answer(monkeypatch, open_=sheet)
    opened.menus.import_csv.trigger()
    with ShowFile.open(opened.path) as show:
        assert [cue.number for cue in show.cues()] == ["1", "2", "10"]


def test_file_new_and_open_open_another_window(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened.set_mode("edit")
    answer(monkeypatch, text="Second", save=tmp_path / "second.showdesk")
    opened.menus.new.trigger()
    assert len(windows.show_windows()) == 2
    answer(monkeypatch, open_=opened.path)
    opened.menus.open.trigger()  # already open: its window comes up, no second one
    assert len(windows.show_windows()) == 2


def test_space_and_esc_in_an_open_menu_still_go_and_panic(qtbot: QtBot, opened: MainWindow) -> None:
    sent: list[str] = []
    opened.client.send = lambda command: sent.append(command["command"]) or True  # type: ignore[method-assign]
    menu = opened.menus.file
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Escape):
        menu.popup(opened.mapToGlobal(opened.rect().center()))
        qtbot.waitUntil(menu.isVisible)
        QApplication.sendEvent(menu, QKeyEvent(QEvent.Type.KeyPress, key,
                                               Qt.KeyboardModifier.NoModifier))  # fmt: skip
        assert not menu.isVisible()
    assert sent == ["go", "panic"]
