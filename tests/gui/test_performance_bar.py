"""The app starts no performance by opening a show (issue 13, point 9): opening in edit mode
leaves none; the first GO in show mode starts one; its name and kind (and, issue 14, its scheduled
start and caller) change in place from show mode, before it starts and while it runs, and the next
Space is a GO again."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from showdesk.cli import main
from showdesk.notes import find_performance
from showdesk.report.model import build_report
from showdesk.report.output import report_bytes
from showdesk.showfile import ShowFile
from tests.gui.conftest import ENGINE_TIMEOUT_MS
from ui.main_window import MainWindow
from ui.performance_bar import NOT_STARTED, PerformanceBar

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


def open_from_menu(qtbot: QtBot, bar: PerformanceBar, action: QAction, text: str) -> None:
    """Chooses a menu entry that opens the bar's line, types into it and presses Return."""
    action.trigger()
    qtbot.waitUntil(bar.name_line.hasFocus)
    bar.name_line.clear()
    qtbot.keyClicks(bar.name_line, text)  # a space in "Jo Park" is text, not a GO
    qtbot.keyClick(bar.name_line, Qt.Key.Key_Return)


def test_scheduled_start_and_caller_set_in_place_are_checked_as_the_cli_and_head_the_report(
    qtbot: QtBot, window: MainWindow, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 14: the scheduled start and who called the show, from the same bar as the name,
    before the top (given to the performance as it starts) and while it runs."""
    bar = window.performance
    open_from_menu(qtbot, bar, bar.scheduled_action, "25:00")  # checked before the top too
    assert "scheduled: '25:00' is not a time" in window.show_view.notice.text()
    assert bar.scheduled_action.text() == "Scheduled start: the usual curtain…"
    open_from_menu(qtbot, bar, bar.scheduled_action, "19:30")
    open_from_menu(qtbot, bar, bar.called_by_action, "Jo Park")
    assert window.show_view.table.hasFocus()  # Space is a GO again
    assert bar.scheduled_action.text() == "Scheduled start: 19:30…"
    assert performances(window.path) == []
    qtbot.keyClick(window.show_view.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bar.id is not None, timeout=ENGINE_TIMEOUT_MS)
    (row,) = performances(window.path)
    day = datetime.fromtimestamp(row["started"])
    assert row["scheduled"] == day.replace(hour=19, minute=30, second=0, microsecond=0).timestamp()
    assert row["called_by"] == "Jo Park"

    open_from_menu(qtbot, bar, bar.called_by_action, "Sam Lee")  # while it runs
    assert performances(window.path)[0]["called_by"] == "Sam Lee"
    assert bar.called_by_action.text() == "Called by: Sam Lee…"

    # A bad time is refused with the sentence `showdesk performances --set` gives, in place.
    assert main(["performances", str(window.path), "--set", "1", "scheduled=7.30pm"]) != 0
    cli = capsys.readouterr().err.strip().removeprefix("showdesk: ").removeprefix("error: ")
    open_from_menu(qtbot, bar, bar.scheduled_action, "7.30pm")
    assert cli in window.show_view.notice.text()
    assert window.show_view.table.hasFocus()
    assert performances(window.path)[0]["scheduled"] == row["scheduled"]  # nothing written

    with ShowFile.open(window.path) as show:
        report = build_report(show, find_performance(show, "1"))
    top = report_bytes(report, "producer", "md").decode().split("## ")[0]
    assert "- **Called by:** Sam Lee" in top
    assert "Scheduled 19:30" in top
