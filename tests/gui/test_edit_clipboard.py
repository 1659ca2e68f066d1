"""Copy and paste of cues as cue-sheet rows (issue 13, point 6): between two open shows, from a
spreadsheet's tab-separated rows, through the sheet's all-or-nothing checks, renumbered to fit
after the selection, and one undo step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from cues import Cue, cue_type
from showdesk.showfile import ShowFile
from ui.edit.view import EditView

OSC = cue_type("osc")
GROUP = cue_type("group")
STOP = cue_type("stop")
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def stored(path: Path) -> list[Cue]:
    with ShowFile.open(path) as other:
        return other.cues()


def numbers(path: Path) -> list[str]:
    return [cue.number for cue in stored(path)]


def make_show(path: Path, cues: list[Cue]) -> Path:
    with ShowFile.create(path, name=path.stem) as show:
        show.set_destination("LX", "osc.udp://127.0.0.1:9000")
        show.add_cues(cues)
    return path


def osc(number: str, address: str = "/go", **fields: object) -> Cue:
    return Cue(OSC, OSC.parse(address), number=number, **fields)  # type: ignore[arg-type]


def select(view: EditView, *wanted: str) -> None:
    view._select_ids([cue.id for cue in view.model.cues if cue.number in wanted])


@pytest.fixture
def views(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[EditView, EditView]]:
    group = Cue(GROUP, GROUP.parse("timeline"), number="5", name="House to half")
    source = make_show(tmp_path / "source.showdesk", [
        osc("1"), group,
        osc("5.1", "/eos/cue/1/5/fire", name="House half", parent=group.id, target="LX",
            dept="LX", call="LX 5 GO", notes="checked at tech"),
        Cue(STOP, STOP.parse(""), number="5.2", target="5.1", parent=group.id),
        osc("6"),
    ])  # fmt: skip
    target = make_show(tmp_path / "target.showdesk", [osc("1"), osc("2"), osc("3")])
    one, two = EditView(source), EditView(target)
    for view in (one, two):
        qtbot.addWidget(view)
    yield one, two
    one.close_show()
    two.close_show()


def test_copied_cues_paste_into_another_open_show_after_the_selection(
    qtbot: QtBot, views: tuple[EditView, EditView]
) -> None:
    source, target = views
    select(source, "5")  # the group: its cues come with it
    source.table.setFocus()
    source.edit_actions.copy.trigger()
    text = QGuiApplication.clipboard().text()
    assert text.splitlines()[0].startswith("list\tcue\ttype\tname")  # the header, tab-separated
    assert len(text.splitlines()) == 4
    select(target, "1")
    target.table.setFocus()
    target.edit_actions.paste.trigger()
    after = stored(target.path)
    assert [c.number for c in after] == ["1", "1.1", "1.2", "1.3", "2", "3"]
    group, half, stop = after[1:4]
    assert (group.type.name, group.name) == ("group", "House to half")
    assert (half.parent, stop.parent) == (group.id, group.id)
    assert (half.payload.text(), half.target, half.dept, half.call, half.notes) == (
        "/eos/cue/1/5/fire", "LX", "LX", "LX 5 GO", "checked at tech")  # fmt: skip
    assert stop.target == "1.2"  # it follows the cue it stops to its new number
    assert [c.id for c in target.selected_cues()] == [group.id, half.id, stop.id]
    assert target.undo_stack.count() == 1
    target.undo_stack.undo()
    assert numbers(target.path) == ["1", "2", "3"]


def test_a_spreadsheets_tab_separated_rows_paste_as_cues(
    qtbot: QtBot, views: tuple[EditView, EditView]
) -> None:
    _, target = views
    rows = (
        "Cue\tType\tName\tTarget\tMessage\tDept\tPre-wait\n"
        "12\tosc\tBlackout\tLX\t/eos/cue/1/12/fire\tLX\t1.5\n"
        "13\tmidi\tScene 4\t\tprogram_change channel=2 program=3\tSFX\t\n"
    )
    QGuiApplication.clipboard().setText(rows)  # what a spreadsheet puts on the clipboard
    select(target, "3")
    target.table.setFocus()
    target.paste()
    after = stored(target.path)
    assert [c.number for c in after] == ["1", "2", "3", "4", "5"]
    assert after[3].name == "Blackout"
    assert after[3].pre_wait == 1.5
    assert after[4].payload.bytes() == bytes([0xC1, 3])
    assert "pasted 2 cue(s) (new departments: SFX)" in target.status.text()


def test_bad_rows_paste_nothing_and_are_listed_in_the_csv_table(
    qtbot: QtBot, views: tuple[EditView, EditView]
) -> None:
    _, target = views
    QGuiApplication.clipboard().setText(
        "cue\ttype\tname\tmessage\n7\tosc\tok\t/go\n8\tbogus\tbad\t\n"
        "9\tmidi\tx\tnote_on channel=0\n"
    )
    select(target, "1")
    assert not target.paste()
    assert numbers(target.path) == ["1", "2", "3"]
    assert target.tabs.currentWidget() is target.sheets
    table = target.sheets.errors
    cells = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    assert cells == [("3", "type"), ("4", "message")]
    assert "channels are 1-16" in table.item(1, 2).toolTip()  # the whole reason, never cut
    assert target.undo_stack.count() == 0


def test_cut_removes_what_paste_puts_back_elsewhere(
    qtbot: QtBot, views: tuple[EditView, EditView]
) -> None:
    _, target = views
    target.show()
    target.activateWindow()
    qtbot.waitUntil(target.isActiveWindow)  # shortcuts work in the active window only
    select(target, "1")
    target.table.setFocus()
    qtbot.keyClick(target.table, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert numbers(target.path) == ["2", "3"]
    select(target, "3")
    qtbot.keyClick(target.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert numbers(target.path) == ["2", "3", "4"]


def test_a_paste_with_no_room_for_its_numbers_says_so_and_writes_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = make_show(tmp_path / "tight.showdesk", [osc("1"), osc("1.001"), osc("2")])
    view = EditView(path)
    qtbot.addWidget(view)
    QGuiApplication.clipboard().setText("cue,type,message\n1,osc,/a\n2,osc,/b\n")
    select(view, "1")
    assert not view.paste()
    assert "no room for 2 cue number(s) between 1 and 1.001" in view.status.text()
    assert numbers(path) == ["1", "1.001", "2"]
    view.close_show()
