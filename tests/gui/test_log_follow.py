"""The log keeps its newest line in view while the caller has not scrolled it up, and stays
where the caller put it when they have; it scrolls once per read from the engine, not once a
line."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.gui.conftest import ENGINE_TIMEOUT_MS
from ui.main_window import MainWindow


def last_row_in_view(win: MainWindow) -> bool:
    view = win.show_view.log.view
    last = view.model().rowCount() - 1
    top = view.rowViewportPosition(last)
    return top >= 0 and top + view.rowHeight(last) <= view.viewport().height()


def test_new_lines_are_followed_at_the_bottom_and_not_when_scrolled_up(
    qtbot: QtBot, fast_window: MainWindow
) -> None:
    win, log = fast_window, fast_window.show_view.log
    for _ in range(6):  # more lines than the log shows at 1280x720
        win.show_view.go("key")
        qtbot.wait(30)
    qtbot.waitUntil(lambda: log.model.rowCount() > 8, timeout=ENGINE_TIMEOUT_MS)
    qtbot.waitUntil(lambda: last_row_in_view(win), timeout=ENGINE_TIMEOUT_MS)
    bar = log.view.verticalScrollBar()
    assert bar.maximum() > 0  # it did have to scroll
    bar.setValue(0)  # the caller reads back
    rows = log.model.rowCount()
    win.show_view.go("key")
    qtbot.waitUntil(lambda: log.model.rowCount() > rows, timeout=ENGINE_TIMEOUT_MS)
    qtbot.wait(50)
    assert bar.value() == 0
    assert not last_row_in_view(win)
