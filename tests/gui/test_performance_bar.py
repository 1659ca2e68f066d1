"""The app starts no performance by opening a show (issue 13, point 9): opening in edit mode
leaves none; the first GO in show mode starts one; its name and kind change in place from show
mode, before it starts and while it runs, and the next Space is a GO again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from showdesk.showfile import ShowFile
from tests.gui.conftest import ENGINE_TIMEOUT_MS
from ui.main_window import MainWindow
from ui.performance_bar import NOT_STARTED

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def performances(path: Path) -> list[dict[str, Any]]:
    with ShowFile.open(path) as show:
        return list(show.db.query("SELECT * FROM performances"))


def test_opening_a_show_to_edit_it_starts_no_performance(qtbot: QtBot, demo_path: Path) -> None:
    window = MainWindow(demo_path)
    qtbot.addWidget(window)
    window.set_mode("edit")
    window.show()
    qtbot.waitUntil(lambda: window.engine_ready, timeout=ENGINE_TIMEOUT_MS)
    window.edit_view.insert_cue("memo")
    window.set_mode("show")  # the engine restarts with the edit: still no GO
    qtbot.waitUntil(lambda: window.engine_ready, timeout=ENGINE_TIMEOUT_MS)
    assert window.performance.name_button.text() == NOT_STARTED
    window.close()
    assert performances(demo_path) == []


def test_name_and_kind_chosen_before_the_top_and_changed_while_it_runs(
    qtbot: QtBot, window: MainWindow
) -> None:
    bar = window.performance
    assert bar.name_button.text() == NOT_STARTED
    assert bar.kind_button.text() == "rehearsal ▾"
    next(a for a in bar.kind_menu.actions() if a.text() == "preview").trigger()
    qtbot.mouseClick(bar.name_button, Qt.MouseButton.LeftButton)
    assert bar.name_line.hasFocus()
    qtbot.keyClicks(bar.name_line, "Preview 2")  # a space here is text, not a GO
    qtbot.keyClick(bar.name_line, Qt.Key.Key_Return)
    assert window.show_view.table.hasFocus()  # focus is handed back: Space is a GO again
    assert bar.name_button.text() == f"Preview 2 ({NOT_STARTED})"
    assert performances(window.path) == []
    qtbot.keyClick(window.show_view.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bar.id is not None, timeout=ENGINE_TIMEOUT_MS)
    (row,) = performances(window.path)
    assert (row["name"], row["kind"]) == ("Preview 2", "preview")
    assert bar.name_button.text() == "Preview 2"
    next(a for a in bar.kind_menu.actions() if a.text() == "performance").trigger()
    qtbot.mouseClick(bar.name_button, Qt.MouseButton.LeftButton)
    bar.name_line.clear()
    qtbot.keyClicks(bar.name_line, "Opening night")
    qtbot.keyClick(bar.name_line, Qt.Key.Key_Return)
    (row,) = performances(window.path)
    assert (row["name"], row["kind"]) == ("Opening night", "performance")
    qtbot.mouseClick(bar.name_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(bar.name_line, " typo")
    qtbot.keyClick(bar.name_line, Qt.Key.Key_Escape)  # Esc keeps the name as it was
    assert performances(window.path)[0]["name"] == "Opening night"
