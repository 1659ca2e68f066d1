"""Show mode's layout and reading (issue 12, points 6 to 11): nothing moves, the standby row is
the one strong highlight with the next cues in view, the window fits the screen and remembers
it, the log keeps what matters, and GO says when the list has ended.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cues import Cue, cue_type
from showdesk.showfile import ShowFile
from tests.gui.conftest import ENGINE_TIMEOUT_MS, open_window
from tests.gui.test_show_mode import log_texts, standby, standing_by, wait_log
from ui import theme
from ui.main_window import MainWindow
from ui.theme import DARK

WAIT = ENGINE_TIMEOUT_MS


def places(win: MainWindow) -> tuple[QRect, QPoint, QRect]:
    """GO's geometry and the standing-by panel's place, in window coordinates."""
    view = win.show_view
    go = view.go_button
    go_rect = QRect(go.mapTo(win, QPoint(0, 0)), go.size())
    table = view.table
    return go_rect, view.standby.mapTo(win, QPoint(0, 0)), QRect(table.mapTo(win, QPoint(0, 0)),
                                                                  table.size())  # fmt: skip


def settle(qtbot: QtBot) -> None:
    qtbot.wait(50)  # layouts are applied from the event loop


def test_6_nothing_moves_go_or_the_standby_panel(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    view = win.show_view
    win.resize(1366, 768)
    settle(qtbot)
    before = places(win)
    chips = {name: chip.geometry() for name, chip in view.rig.chips.items()}
    # A rejected GO (the double-GO guard) flashes and says why.
    view.go("key")
    view.go("key")
    qtbot.waitUntil(lambda: view.go_button.property("rejected") is True, timeout=WAIT)
    settle(qtbot)
    assert "GO REJECTED" in view.go_status.text()
    assert places(win) == before
    # The note line opens.
    qtbot.keyClick(view.table, Qt.Key.Key_N)
    settle(qtbot)
    assert view.note_field.isVisible()
    assert places(win) == before
    qtbot.keyClick(view.note_field, Qt.Key.Key_Escape)
    # A 300-character message from an output, and one in the notice line.
    long = "the console refused the connection because " + "x" * 257
    event = {"event": "output", "destination": "LX", "state": "unreachable", "reason": long,
             "sent": 1, "errors": 1, "last_message": "/eos/" + "y" * 295,
             "wall": 1.0e9}  # fmt: skip
    win._on_event(event)
    win._on_event({"event": "error", "message": long, "command": "x", "wall": 1.0e9})
    settle(qtbot)
    assert long in view.rig.chips["LX"].toolTip()
    assert long in view.notice.text()
    assert places(win) == before
    assert {name: chip.geometry() for name, chip in view.rig.chips.items()} == chips
    # The end of the list.
    standby(qtbot, win, view.model.cues[-1].number)
    qtbot.wait(400)  # the demo's double-GO guard
    view.go("key")
    qtbot.waitUntil(lambda: standing_by(win) is None, timeout=WAIT)
    qtbot.waitUntil(lambda: view.go_button.text() == "end of list", timeout=WAIT)
    settle(qtbot)
    assert places(win) == before


def pixel(win: MainWindow, row: int, column: int) -> QColor:
    """The colour in the middle of a cell of the cue list, as drawn."""
    table = win.show_view.table
    table.viewport().repaint()
    image = table.viewport().grab().toImage()
    rect = table.visualRect(table.model().index(row, column))
    return image.pixelColor(rect.center())


@pytest.fixture
def themed() -> Iterator[None]:
    """The app's own look (style, palette, style sheet), as `showdesk-app` sets it."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    palette, font, sheet, style = app.palette(), app.font(), app.styleSheet(), app.style().name()
    theme.apply(app, DARK)
    yield
    app.setStyleSheet(sheet)
    app.setPalette(palette)
    app.setFont(font)
    app.setStyle(style)


@pytest.mark.usefixtures("themed")
def test_7_a_selection_is_an_outline_and_follows_the_playhead(
    qtbot: QtBot, fast_window: MainWindow
) -> None:
    win = fast_window
    view = win.show_view
    model = view.model
    row = model.row_of[model.by_number["9"].id]
    rect = view.table.visualRect(model.index(row, 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.table.currentIndex().row() == row
    plain = pixel(win, row + 1, 6).name()  # cue 10: no duration, an empty cell
    assert pixel(win, row, 6).name() == plain  # a clicked row is outlined, not filled
    standby_row = model.row_of[model.playhead]
    assert pixel(win, standby_row, 6).name() == DARK.standby_row  # the one strong highlight
    # A running row keeps its colour under the outline.
    standby(qtbot, win, "11")
    view.go("key")
    qtbot.waitUntil(lambda: model.state("11") == "running", timeout=WAIT)
    row11 = model.row_of[model.by_number["11"].id]
    view.table.setCurrentIndex(model.index(row11, 1))
    assert pixel(win, row11, 6).name() == DARK.running_row
    # After a GO the outline is on the new standby row, not left on the old cue.
    assert standing_by(win) == "13"  # 11 follows on into 12
    view.go("key")
    qtbot.waitUntil(lambda: standing_by(win) == "14", timeout=WAIT)
    assert view.table.currentIndex().row() == model.row_of[model.by_number["14"].id]


def test_8_the_next_cues_stay_in_view_and_the_standby_row_is_cut_nowhere(
    qtbot: QtBot, tmp_path: Path
) -> None:
    memo, wait = cue_type("memo"), cue_type("wait")
    path = tmp_path / "long.showdesk"
    with ShowFile.create(path, name="Long") as show:
        show.add_cues(
            Cue(wait, wait.parse(""), number=f"{n}.5", name=f"Cue {n}", pre_wait=150.5,
                duration=150.5, post_wait=150.5)
            if n % 2 else Cue(memo, memo.parse(""), number=str(n), name=f"Memo {n}")
            for n in range(1, 80)
        )  # fmt: skip
    win = open_window(qtbot, path)
    win.resize(1366, 768)
    settle(qtbot)
    view = win.show_view
    table = view.table
    for number in ("31.5", "60", "75.5"):
        standby(qtbot, win, number)
        settle(qtbot)
        row = view.model.row_of[view.model.playhead]
        for ahead in range(1, 4):  # the three cues after standby are wholly in view
            top = table.rowViewportPosition(row + ahead)
            assert top >= 0
            assert top + table.rowHeight(row + ahead) <= table.viewport().height()
    # The standby row's bold text fits every column but the name (which takes what is left).
    bold = QFont(table.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    row = view.model.row_of[view.model.playhead]
    for column in (0, 1, 3, 4, 6, 7, 8, 9):
        if table.isColumnHidden(column):
            continue  # no cue of this show has a continue
        text = str(view.model.index(row, column).data())
        assert metrics.horizontalAdvance(text) <= table.columnWidth(column) - 8, (column, text)
    assert view.model.index(row, 6).data() == "2:30.5"
    win.quit_now()


def test_9_the_window_opens_maximised_remembers_its_size_and_text_scales(
    qtbot: QtBot, demo_path: Path, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "app.ini"), QSettings.Format.IniFormat)
    win = MainWindow(demo_path, start_engine=False)
    qtbot.addWidget(win)
    win.show_restored(settings)
    assert win.isMaximized()
    assert win.windowTitle() == "Summit general session (demo) — showdesk (REHEARSAL)"
    win.showNormal()
    win.resize(1280, 720)
    settle(qtbot)
    small = win.show_view.standby.number.font().pointSizeF()
    win.resize(1920, 1080)
    settle(qtbot)
    assert win.show_view.standby.number.font().pointSizeF() >= small * 1.4
    assert win.banner.font().pointSizeF() >= 15 * 1.4
    # The offscreen test screen is 800x800 and a restored window is fitted to its screen, so
    # the width here is the window's minimum; the height shows the size came back.
    win.resize(1024, 640)
    settle(qtbot)
    win.close()
    again = MainWindow(demo_path, start_engine=False)
    qtbot.addWidget(again)
    again.show_restored(settings)
    settle(qtbot)
    assert not again.isMaximized()
    assert (again.width(), again.height()) == (1024, 640)


def test_10_a_fade_is_one_log_row_and_the_log_has_room(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    view = win.show_view
    win.resize(1366, 768)
    standby(qtbot, win, "7.5")  # a 1.5 s fade of the host mic
    view.go("key")
    qtbot.waitUntil(lambda: view.model.state("7.5") == "completed", timeout=WAIT)
    wait_log(qtbot, win, "GO 7.5 Host mic up (key)")
    fade_rows = [t for t in log_texts(win) if t.startswith("SND ← /ch/01/mix/fader")]
    assert len(fade_rows) == 1
    assert fade_rows[0].endswith("\N{MULTIPLICATION SIGN}61")  # 1.5 s at 40 Hz
    assert "fader f 0.75" in fade_rows[0]
    settle(qtbot)
    assert view.log.height() >= view.right.height() / 3
    # A long note is cut in its column, whole in the tooltip.
    long = "the follow spot operator reports " + "a flicker on the lectern " * 8
    win._on_event({"event": "note", "text": long, "standing_by": "8", "wall": 1.0e9})
    model = view.log.model
    assert long in model.data(model.index(len(model.rows) - 1, 3), Qt.ItemDataRole.ToolTipRole)


def test_11_go_says_end_of_list_and_a_mark_can_be_undone(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    view = win.show_view
    assert view.go_button.text() == "GO"
    standby(qtbot, win, view.model.cues[-1].number)
    view.go("key")
    qtbot.waitUntil(lambda: view.go_button.text() == "end of list", timeout=WAIT)
    assert view.go_button.property("end") is True
    # A stray click on Show up: the clock panel's undo takes it back, through the engine.
    qtbot.mouseClick(view.mark_buttons["show_up"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.clocks.undo.isEnabled(), timeout=WAIT)
    assert view.clocks.undo.text() == "↶ Undo show up"
    view.tick()
    assert view.clocks.elapsed.toolTip() == "since show up"
    qtbot.mouseClick(view.clocks.undo, Qt.MouseButton.LeftButton)
    wait_log(qtbot, win, "MARK undo: show up withdrawn")
    view.tick()
    assert view.clocks.elapsed.toolTip() == "since the first GO"  # show up is gone
    assert view.act == 0
    assert not view.clocks.undo.isEnabled()
