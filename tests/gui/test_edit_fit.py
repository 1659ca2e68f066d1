"""Edit mode fits a 1280x720 or 1366x768 screen (issue 13, points 3, 4, 5 and 10): no form or
table scrolls sideways, labels go above their fields when narrow, nothing reads cut short, and
the multi-cue inspector shows "(differs)" rather than one cue's value."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QToolBar,
    QToolButton,
)
from pytestqt.qtbot import QtBot

from cues import Cue, cue_type
from cues.base import ContinueMode
from cues.registry import cue_types
from showdesk.showfile import ShowFile
from tests.gui.conftest import open_window
from tests.gui.test_show_layout import themed  # noqa: F401  (the app's own font and style)
from tests.gui.test_wheel import every_type_show
from ui.edit.editors import MultiEditor
from ui.edit.model import COLUMNS
from ui.edit.view import EditView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
OSC, GROUP = cue_type("osc"), cue_type("group")


def shown_view(qtbot: QtBot, path: Path, width: int, height: int) -> EditView:
    view = EditView(path)
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def every_type(qtbot: QtBot, tmp_path: Path) -> Iterator[EditView]:
    view = shown_view(qtbot, every_type_show(tmp_path / "fit.showdesk"), 1280, 720)
    yield view
    view.close_show()


def test_every_inspector_fits_its_panel_at_1280_without_scrolling_sideways(
    qtbot: QtBot, every_type: EditView
) -> None:
    area = every_type.inspector_area
    for cue in list(every_type.model.cues):
        every_type._select_ids([cue.id])
        qtbot.wait(5)
        form = area.widget()
        assert area.horizontalScrollBar().maximum() == 0, cue.type.name
        assert form.width() <= area.viewport().width(), cue.type.name
        for label in form.findChildren(QLabel):  # no label reads cut short
            if label.isVisible() and not label.wordWrap() and label.text():
                assert label.width() >= label.sizeHint().width() - 1, (cue.type.name, label.text())
    assert {cue.type.name for cue in every_type.model.cues} == set(cue_types())


def test_a_narrow_inspector_puts_labels_above_fields(qtbot: QtBot, every_type: EditView) -> None:
    osc = next(cue for cue in every_type.model.cues if cue.type.name == "osc")
    every_type._select_ids([osc.id])
    splitter = every_type.tabs.parentWidget()
    splitter.setSizes([1280 - 360, 360])  # type: ignore[attr-defined]
    qtbot.wait(20)
    editor = every_type.inspector
    assert editor is not None
    form = editor.common.layout()
    assert isinstance(form, QFormLayout)
    assert form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.WrapAllRows
    label = form.labelForField(editor.common.rows.rows["continue"])
    assert label.geometry().bottom() < editor.common.rows.rows["continue"].geometry().top()
    splitter.setSizes([700, 580])  # type: ignore[attr-defined]
    qtbot.wait(20)
    assert form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.DontWrapRows


def test_the_cue_table_never_scrolls_sideways_and_shows_message_call_notes(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "long.showdesk"
    with ShowFile.create(path) as show:
        show.add_cues([Cue(OSC, OSC.parse("/eos/cue/1/" + "9" * 40 + "/fire"), number=str(n),
                           name="A rather long cue name " * 3, call="LX 5 and sound C, GO",
                           notes="the notes of this cue " * 4) for n in range(1, 40)])  # fmt: skip
    for width, height in ((1366, 768), (1280, 720)):
        view = shown_view(qtbot, path, width, height)
        view.columns.set_shown("notes", True)  # hidden at first: the name's tooltip has them
        header = view.table.horizontalHeader()
        headings = [heading for column, (_, heading) in enumerate(COLUMNS)
                    if not view.table.isColumnHidden(column)]  # fmt: skip
        assert {"Cue", "Name", "Message", "Call", "Notes"} <= set(headings)
        assert view.table.horizontalScrollBar().maximum() == 0
        assert header.length() <= view.table.viewport().width() + 1
        assert header.sectionViewportPosition(0) == 0  # the cue number stays in view
        name = [n for n, _ in COLUMNS].index("name")
        assert view.table.columnWidth(name) >= 150  # the name gets the largest share
        view.close_show()


def test_a_column_hidden_from_the_heading_menu_stays_hidden(qtbot: QtBot, tmp_path: Path) -> None:
    path = every_type_show(tmp_path / "columns.showdesk")
    view = shown_view(qtbot, path, 1280, 720)
    notes = [name for name, _ in COLUMNS].index("notes")
    view.columns.set_shown("notes", False)
    assert view.table.isColumnHidden(notes)
    view.close_show()
    again = shown_view(qtbot, path, 1280, 720)
    assert again.table.isColumnHidden(notes)
    again.columns.set_shown("notes", True)
    assert not again.table.isColumnHidden(notes)
    again.close_show()


def test_renumber_start_and_step_have_labels(every_type: EditView) -> None:
    toolbar = every_type.findChild(QToolBar)
    assert toolbar is not None
    texts = [label.text().strip() for label in toolbar.findChildren(QLabel)]
    assert texts[texts.index("from") + 1] == "step"
    assert every_type.findChild(QLineEdit, "renumber-from") is not None


@pytest.mark.qt_log_ignore("This plugin does not support")  # a popup's raise() and grab
def test_renumber_opens_its_fields_and_renumbers_from_them(
    qtbot: QtBot, every_type: EditView
) -> None:
    actions = every_type.edit_actions
    menu = actions.renumber_button.menu()
    assert menu is not None
    every_type.select_all()
    # A click runs the menu's own event loop; popup() opens the same panel without blocking.
    menu.popup(actions.renumber_button.mapToGlobal(actions.renumber_button.rect().bottomLeft()))
    qtbot.waitUntil(actions.renumber_start.hasFocus)  # ready to type over
    qtbot.keyClicks(actions.renumber_start, "10")
    actions.renumber_step.setText("5")
    qtbot.keyClick(actions.renumber_start, Qt.Key.Key_Return)
    assert not menu.isVisible()
    numbers = [cue.number for cue in every_type.model.cues]
    assert numbers[:3] == ["10", "15", "20"]


@pytest.mark.usefixtures("themed")
@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1366, 768)])
def test_the_whole_toolbar_is_in_sight_without_an_overflow_menu(
    qtbot: QtBot, demo_path: Path, width: int, height: int
) -> None:
    """At 1366x768 Undo, Redo, Find and Preview were behind the toolbar's "»" menu."""
    window = open_window(qtbot, demo_path)
    window.set_mode("edit")
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width)
    qtbot.wait(20)
    toolbar = window.edit_view.findChild(QToolBar)
    assert toolbar is not None
    overflow = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert overflow is None or not overflow.isVisible()
    actions = window.edit_view.edit_actions
    for action in toolbar.actions():
        widget = toolbar.widgetForAction(action)
        if widget is None or action.isSeparator():
            continue
        assert widget.isVisible(), action.text()
        assert widget.geometry().right() < toolbar.width(), action.text()
    shown = [toolbar.widgetForAction(a) for a in (actions.undo, actions.redo, actions.find,
                                                  actions.preview)]  # fmt: skip
    assert all(widget is not None and widget.isVisible() for widget in shown)
    assert actions.undo.toolTip().startswith("Undo (")  # a glyph in the toolbar, words here
    window.quit_now()


def test_department_names_show_from_their_start(qtbot: QtBot, every_type: EditView) -> None:
    every_type.tabs.setCurrentIndex(2)
    qtbot.wait(10)
    names = [row[1] for row in every_type.departments_editor.rows]
    management = next(field for field in names if field.text() == "Stage management")
    assert management.cursorPosition() == 0
    assert management.width() >= management.fontMetrics().horizontalAdvance("Stage management")


def test_several_cues_that_differ_show_differs_and_an_edit_sets_only_that_field(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "multi.showdesk"
    cues = [Cue(OSC, OSC.parse("/go"), number=str(n), dept="LX" if n < 4 else "SND",
                armed=n != 2, pre_wait=1.0,
                continue_mode=ContinueMode.AUTO_CONTINUE if n == 1 else ContinueMode.NONE)
            for n in range(1, 8)]  # fmt: skip
    with ShowFile.create(path) as show:
        show.add_cues(cues)
    view = shown_view(qtbot, path, 1280, 720)
    view.select_all()
    multi = view.inspector
    assert isinstance(multi, MultiEditor)
    common = multi.common
    assert common.continue_mode.currentText() == "(differs)"  # not the first cue's value
    assert common.armed.checkState() == Qt.CheckState.PartiallyChecked
    dept_line = common.dept.lineEdit()
    assert dept_line is not None
    assert (common.dept.currentText(), dept_line.placeholderText()) == ("", "(differs)")
    assert common.pre_wait.text() == "1"  # the same on all: shown
    common.committed.emit("continue")  # chosen again without a change: nothing is set
    common.committed.emit("armed")
    assert view.undo_stack.count() == 0
    common.continue_mode.setCurrentIndex(common.continue_mode.findData("auto-follow"))
    common.committed.emit("continue")
    with ShowFile.open(path) as show:
        after = show.cues()
    assert {cue.continue_mode for cue in after} == {ContinueMode.AUTO_FOLLOW}
    assert [cue.armed for cue in after] == [cue.armed for cue in cues]  # untouched
    assert [cue.dept for cue in after] == [cue.dept for cue in cues]
    assert isinstance(view.inspector, MultiEditor)
    assert view.inspector.common.continue_mode.currentText().startswith("auto-follow")
    assert view.inspector.common.continue_mode.findText("(differs)") == -1
    view.close_show()


def test_a_cue_inside_a_group_shows_a_guide_even_without_a_name(
    qtbot: QtBot, tmp_path: Path
) -> None:
    group = Cue(GROUP, GROUP.parse("timeline"), number="1", name="Walk-in")
    path = tmp_path / "guide.showdesk"
    with ShowFile.create(path) as show:
        show.add_cues([group, Cue(OSC, OSC.parse("/a"), number="1.1", parent=group.id)])
    view = shown_view(qtbot, path, 1280, 720)
    name = view.model.index(1, 1).data()
    assert name.strip() == "└"  # no name, but visibly inside the group
    view.close_show()


def test_an_empty_list_says_how_to_add_the_first_cue(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "empty.showdesk"
    ShowFile.create(path).close()
    view = shown_view(qtbot, path, 1280, 720)
    assert view.table_page.currentWidget() is view.empty_hint
    assert "Insert adds a cue" in view.empty_hint.text()
    assert "Ctrl+V pastes" in view.empty_hint.text()
    view.insert_cue("memo")
    assert view.table_page.currentWidget() is view.table
    view.close_show()


def test_a_department_colour_is_picked_from_a_menu(qtbot: QtBot, every_type: EditView) -> None:
    editor = every_type.departments_editor
    picker = editor.rows[0][3]
    menu = picker.menu()
    assert menu is not None
    blue = next(action for action in menu.actions() if action.text() == "blue")
    blue.trigger()
    with ShowFile.open(every_type.path) as show:
        assert show.departments()[0].colour == "#3b8fd9"
    assert isinstance(picker, QCheckBox | QComboBox) is False


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1366, 768)])
def test_every_tab_is_in_sight_without_a_scroll_arrow(
    qtbot: QtBot, tmp_path: Path, width: int, height: int
) -> None:
    view = shown_view(qtbot, every_type_show(tmp_path / "tabs.showdesk"), width, height)
    bar = view.tabs.tabBar()
    last = bar.tabRect(bar.count() - 1)
    assert bar.tabText(bar.count() - 1) == "Remote"
    assert last.right() < view.tabs.width()  # Remote sat behind a scroll arrow at 1366
    view.close_show()
