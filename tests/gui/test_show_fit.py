"""Show mode at 1366x768, as the pictures in docs/img show it: the names in the cue list are
whole, and the standby row's in bold."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ENGINE_TIMEOUT_MS
from ui.main_window import MainWindow

NAME = 2  # the cue list's name column
MARGINS = 6  # px an item's text keeps from its cell's edges


def test_at_1366_every_name_of_the_demo_is_whole_in_the_cue_list(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1366, 768)
    qtbot.wait(50)
    table, model = window.show_view.table, window.show_view.model
    bold = QFont(table.font())
    bold.setBold(True)
    width = table.columnWidth(NAME)
    for row in range(model.rowCount()):
        text = str(model.index(row, NAME).data())
        assert table.fontMetrics().horizontalAdvance(text) + MARGINS <= width, text
    # Standing by, in bold: it read "⊘ Break mu…" at 1366.
    row = next(r for r in range(model.rowCount()) if model.cues[r].number == "13")
    text = str(model.index(row, NAME).data())
    assert text == "⊘ Break music"
    assert QFontMetrics(bold).horizontalAdvance(text) + MARGINS <= width


def test_at_1366_a_holds_reason_is_whole_in_the_clocks_panel(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The picture's hold: it read "HOLD  0:01.0 · late audi…", and the caller reads it out."""
    window.resize(1366, 768)
    view = window.show_view
    for kind, text in (("house_open", ""), ("show_up", ""), ("hold", "late audience")):
        view.mark(kind, text)
    qtbot.waitUntil(lambda: view.clocks.hold is not None, timeout=ENGINE_TIMEOUT_MS)
    qtbot.wait(50)
    view.tick()
    section = view.clocks.section
    assert section.text().endswith(" · late audience")
    assert not section.is_cut()
    assert section.drawn_font().pointSizeF() >= 0.7 * section.font().pointSizeF()


def test_a_narrow_show_gives_up_progress_then_type_before_the_names(
    qtbot: QtBot, window: MainWindow
) -> None:
    """With the doctor panel beside a 1280-wide window the names read 'Wa…' and 'Ho…' while
    Progress and Type kept their room; the running panel shows progress."""
    table = window.show_view.table
    progress, kind = window.show_view.model.PROGRESS, 4
    window.resize(1920, 1080)
    qtbot.wait(50)
    assert not table.isColumnHidden(progress)
    assert not table.isColumnHidden(kind)
    window.show_doctor()
    window.resize(1100, 700)
    qtbot.wait(50)
    assert table.isColumnHidden(progress)
    room = table.fontMetrics().averageCharWidth() * 14
    assert table.columnWidth(NAME) >= room
    window.doctor.hide()
    window.resize(1920, 1080)
    qtbot.wait(50)
    assert not table.isColumnHidden(progress)
    assert not table.isColumnHidden(kind)
