"""What the cue list and the log look like, read from their pixels: they draw their rows
themselves (ui/row_paint.py), so nothing but the picture says the standby row is filled, a
running cue's progress shows, a broken cue is in the error colour and a long text is cut with
"…" rather than spilling into the next column."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from showdesk.demo import build_demo
from showdesk.showfile import ShowFile
from ui.main_window import MainWindow
from ui.models import Live
from ui.theme import DARK


@pytest.fixture
def quiet_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """The demo without its video destination (its VID cues broken), no engine: the test
    sets what each cue is doing."""
    path = build_demo(tmp_path / "demo.showdesk")
    with ShowFile.open(path) as show:
        show.remove_destination("VID")
    win = MainWindow(path, start_engine=False)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.wait(50)
    return win


def colours(image: QImage, rect: QRect) -> set[str]:
    return {
        image.pixelColor(x, y).name()
        for x in range(max(0, rect.left()), min(image.width(), rect.right() + 1))
        for y in range(max(0, rect.top()), min(image.height(), rect.bottom() + 1))
    }


def row_of(win: MainWindow, number: str) -> int:
    model = win.show_view.model
    return model.row_of[model.by_number[number].id]


def cell(win: MainWindow, row: int, column: int) -> QRect:
    table = win.show_view.table
    return QRect(table.columnViewportPosition(column), table.rowViewportPosition(row),
                 table.columnWidth(column) - 1, table.rowHeight(row) - 1)  # fmt: skip


def blank(win: MainWindow, row: int) -> QRect:
    """A cell of `row` in sight with no text: only the row's fill shows there."""
    table, model = win.show_view.table, win.show_view.model
    column = next(c for c in range(model.columnCount()) if not table.isColumnHidden(c)
                  and not model.display(model.cues[row], c))  # fmt: skip
    return cell(win, row, column).adjusted(2, 4, -2, -4)


def test_standby_running_broken_and_progress_are_drawn(
    qtbot: QtBot, quiet_window: MainWindow
) -> None:
    win = quiet_window
    view, model, table = win.show_view, win.show_view.model, win.show_view.table
    standby, running, broken = row_of(win, "5.1"), row_of(win, "2"), row_of(win, "10")
    model.set_playhead(model.cues[standby].id)
    now = time.perf_counter()
    model.live[model.cues[running].id] = Live("running", "action", now - 5.0, now + 5.0)
    table.setColumnHidden(model.PROGRESS, False)
    table.setColumnWidth(model.PROGRESS, 200)
    model._changed(0, len(model.cues) - 1)
    view.table.follow(standby)
    qtbot.wait(20)
    image = table.viewport().grab().toImage()

    assert colours(image, blank(win, standby)) == {DARK.standby_row}
    assert colours(image, blank(win, running)) == {DARK.running_row}
    # Half-way through its action: the bar under the progress text reaches half the cell.
    bar = cell(win, running, model.PROGRESS)
    bottom = bar.bottom() - 2
    assert image.pixelColor(bar.left() + bar.width() // 4, bottom).name() == DARK.ok
    assert image.pixelColor(bar.left() + bar.width() * 3 // 4, bottom).name() != DARK.ok
    # A broken cue's name is in the error colour; another cue's is not.
    assert DARK.error in colours(image, cell(win, broken, 2))
    assert DARK.error not in colours(image, cell(win, standby, 2))
    # The grid: a line between two rows, in the style sheet's grid colour, which a change of
    # theme (a new style sheet) changes at once.
    line = cell(win, running, 2).bottom() + 1
    for colour in ("#123456", "#654321"):
        table.setStyleSheet(f"QTableView {{ gridline-color: {colour}; }}")
        image = table.viewport().grab().toImage()
        assert image.pixelColor(cell(win, running, 2).center().x(), line).name() == colour


def test_a_row_that_fails_to_draw_leaves_the_window_painting(
    qtbot: QtBot, quiet_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in drawing one row must not leave the painter open: every later paint of the
    window would fail (and the app crash on closing)."""
    table = quiet_window.show_view.table

    def broken(row: int) -> object:
        raise RuntimeError("a bug in a row's look")

    monkeypatch.setattr(table, "_look", broken)
    with pytest.raises(RuntimeError, match="a bug in a row's look"):
        table.viewport().repaint()
    monkeypatch.undo()
    assert not table.viewport().paintingActive()
    # It paints again, without Qt's "endPaint() called with active painter" (a warning fails
    # the test) or a crash when the window closes.
    table.viewport().repaint()
    quiet_window.close()


def test_a_long_name_is_cut_with_an_ellipsis_inside_its_cell(
    qtbot: QtBot, quiet_window: MainWindow
) -> None:
    win = quiet_window
    table, model = win.show_view.table, win.show_view.model
    row = row_of(win, "2")  # not the current row: no outline over it
    cue = model.cues[row]
    model.cues[row] = replace(cue, name="W" * 60)
    model._changed(row, row)
    qtbot.wait(20)
    image = table.viewport().grab().toImage()
    name = cell(win, row, 2)
    room = name.adjusted(table._rows.margin, 0, -table._rows.margin, 0)

    paper = image.pixelColor(name.right(), name.center().y()).lightness()  # the margin's

    def inked(rect: QRect) -> bool:
        return any(abs(QColor(c).lightness() - paper) > 60 for c in colours(image, rect))

    assert inked(room)
    # The end of the room's upper half is blank: an ellipsis sits on the baseline, a W cut off
    # by the cell's edge would reach up into it.
    upper = QRect(room.right() - 11, room.top() + 2, 12, room.height() // 2 - 3)
    assert not inked(upper)
    assert not inked(QRect(name.right() - 1, name.top() + 3, 2, name.height() - 6))  # margin


def test_the_log_draws_an_error_in_its_colour_and_a_selected_line_highlighted(
    qtbot: QtBot, quiet_window: MainWindow
) -> None:
    log = quiet_window.show_view.log
    log.add({"event": "note", "text": "an ordinary note"})
    log.add({"event": "error", "message": "LX unreachable: connection refused"})
    log.view.selectRow(0)
    qtbot.wait(20)
    image = log.view.viewport().grab().toImage()
    first = QRect(0, log.view.rowViewportPosition(0), log.view.viewport().width(),
                  log.view.rowHeight(0) - 1)  # fmt: skip
    second = first.translated(0, log.view.rowHeight(0))
    highlight = log.view.palette().highlight().color().name()
    assert highlight in colours(image, first)
    assert DARK.error in colours(image, second)
    assert highlight not in colours(image, second)
