"""Edit mode with real widgets over a real show file: every edit lands in the file, and undoes.

Each test reads the result back through a second `ShowFile` on the same path (as the engine
would), not through the view's own connection.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from cues import Cue, cue_type
from showdesk.showfile import Department, ShowFile
from ui.edit.editors import EDITORS, CueEditor, GenericEditor, MultiEditor
from ui.edit.editors.osc import OscEditor
from ui.edit.view import EditView

OSC = cue_type("osc")
GROUP = cue_type("group")
MEMO = cue_type("memo")


def osc(number: str, address: str = "/go", **fields: object) -> Cue:
    return Cue(OSC, OSC.parse(address), number=number, **fields)  # type: ignore[arg-type]


def stored(path: Path) -> list[Cue]:
    """The cues as another process reading the file sees them."""
    with ShowFile.open(path) as other:
        return other.cues()


def numbers(path: Path) -> list[str]:
    return [cue.number for cue in stored(path)]


@pytest.fixture
def show_file(tmp_path: Path) -> Path:
    path = tmp_path / "edit.showdesk"
    with ShowFile.create(path, name="Edit test") as show:
        show.set_destination("LX", "osc.udp://127.0.0.1:9000")
        show.add_cues([osc("1", dept="LX"), osc("2"), osc("3"), osc("4")])
    return path


def editor(view: EditView) -> CueEditor:
    assert isinstance(view.inspector, CueEditor)
    return view.inspector


def type_into(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def select(view: EditView, *numbers_: str) -> None:
    ids = [cue.id for cue in view.model.cues if cue.number in numbers_]
    view._select_ids(ids)


# -- the inspector --------------------------------------------------------------------------


def test_an_inspector_edit_lands_in_the_file_and_undo_redo_write_it_back(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    changed: list[None] = []
    view.cues_changed.connect(lambda: changed.append(None))
    view.select_cue("2")
    assert view.tabs.currentWidget() is view.inspector_area
    assert isinstance(view.inspector, OscEditor)
    type_into(qtbot, editor(view).common.name, "Doors open")
    type_into(qtbot, editor(view).common.pre_wait, "1:30")
    cue = stored(show_file)[1]
    assert (cue.name, cue.pre_wait) == ("Doors open", 90.0)
    assert len(changed) == 2
    assert view.undo_stack.count() == 2

    view.undo_stack.undo()
    assert stored(show_file)[1].pre_wait == 0.0
    assert editor(view).common.pre_wait.text() == ""  # the open inspector follows the file
    view.undo_stack.undo()
    assert stored(show_file)[1].name == ""
    view.undo_stack.redo()
    view.undo_stack.redo()
    cue = stored(show_file)[1]
    assert (cue.name, cue.pre_wait) == ("Doors open", 90.0)


def test_an_invalid_value_shows_beside_its_field_and_writes_nothing(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    before = stored(show_file)
    view.select_cue("1")
    inspector = editor(view)
    type_into(qtbot, inspector.common.post_wait, "soon")
    error = inspector.common.rows.errors["post_wait"]
    assert not error.isHidden()
    assert "'soon' is not a time" in error.text()
    type_into(qtbot, inspector.common.number, "3")  # taken by another cue
    assert "number 3 is already used" in inspector.common.rows.errors["cue"].text()
    type_into(qtbot, inspector.payload.line, "no-slash f 1")  # type: ignore[attr-defined]
    assert "starts with '/'" in inspector.payload.rows.errors["message"].text()
    assert stored(show_file) == before
    assert view.undo_stack.count() == 0


def test_the_osc_editor_writes_address_and_typed_arguments(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    view.select_cue("1")
    fields = editor(view).payload
    type_into(qtbot, fields.address, "/ch/01/mix/fader")  # type: ignore[attr-defined]
    fields.add_arg("f", "0.75")  # type: ignore[attr-defined]
    assert stored(show_file)[0].payload.text() == "/ch/01/mix/fader f 0.75"
    fields.add_arg("i", "lots")  # type: ignore[attr-defined]
    assert "argument 2" in fields.rows.errors["args"].text()
    assert stored(show_file)[0].payload.text() == "/ch/01/mix/fader f 0.75"


def test_the_message_line_takes_any_text_the_type_parses(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    view.select_cue("3")
    fields = editor(view).payload
    type_into(qtbot, fields.line, '/eos/cmd s "Chan 1 At 50 Enter"')  # type: ignore[attr-defined]
    assert stored(show_file)[2].payload.args == (("s", "Chan 1 At 50 Enter"),)
    assert fields.address.text() == "/eos/cmd"  # type: ignore[attr-defined]


def test_a_destination_of_the_wrong_kind_is_refused_at_the_target(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    with ShowFile.open(show_file) as show:
        show.set_destination("MIXER", "midi:USB MIDI 1")
    view.reload()
    view.select_cue("1")
    line = editor(view).common.target.lineEdit()
    assert line is not None
    type_into(qtbot, line, "MIXER")
    assert "MIXER is MIDI; osc cues send OSC" in editor(view).common.rows.errors["target"].text()
    assert stored(show_file)[0].target == ""


def test_every_built_in_type_has_its_own_editor(qtbot: QtBot, view: EditView) -> None:
    from cues.registry import cue_types

    built_in = {"osc", "fade", "midi", "msc", "memo", "wait", "group", "start", "stop", "pause",
                "resume", "goto", "arm", "disarm", "timecode"}  # fmt: skip
    assert built_in <= set(EDITORS)
    assert built_in <= set(cue_types())
    for name in ("msc", "midi", "fade", "group", "wait", "memo", "stop", "timecode"):
        cue = view.insert_cue(name)
        assert cue is not None, view.status.text()
        assert type(view.inspector) is EDITORS[name]
        assert type(view.inspector) is not GenericEditor


def test_the_midi_editor_shows_channels_as_people_count_them(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    view.insert_cue("midi")
    fields = editor(view).payload
    assert "channel=1 " in fields.messages.toPlainText()  # type: ignore[attr-defined]
    fields.messages.setPlainText("program_change channel=10 program=4")  # type: ignore[attr-defined]
    fields.field_done()  # type: ignore[attr-defined]
    payload = stored(show_file)[-1].payload
    assert payload.messages == ("program_change channel=9 program=4",)  # mido's, as stored
    assert payload.text() == "program_change channel=10 program=4"
    assert payload.bytes() == bytes([0xC9, 4])
    assert fields.line.text() == "program_change channel=10 program=4"  # type: ignore[attr-defined]
    fields.messages.setPlainText("program_change channel=17 program=4")  # type: ignore[attr-defined]
    fields.field_done()  # type: ignore[attr-defined]
    assert "MIDI channels are 1-16" in fields.rows.errors["messages"].text()
    assert stored(show_file)[-1].payload.text() == "program_change channel=10 program=4"


def test_a_control_cue_must_target_a_cue_of_the_list(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    view.insert_cue("stop")
    line = editor(view).common.target.lineEdit()
    assert line is not None
    type_into(qtbot, line, "99")
    assert "no cue numbered '99'" in editor(view).common.rows.errors["target"].text()
    type_into(qtbot, line, "2")
    assert stored(show_file)[-1].target == "2"


# -- list actions ---------------------------------------------------------------------------


def test_insert_after_the_selection_with_the_keyboard(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    select(view, "2")
    view.table.setFocus()
    picker = view.edit_actions.type_picker
    picker.setCurrentIndex(picker.findData("memo"))
    view.insert_cue(view.edit_actions.picked())
    assert numbers(show_file) == ["1", "2", "2.5", "3", "4"]
    assert stored(show_file)[2].type.name == "memo"
    assert view.selected_cues()[0].number == "2.5"
    view.undo_stack.undo()
    assert numbers(show_file) == ["1", "2", "3", "4"]
    with ShowFile.open(show_file) as show:
        show.update_cue(Cue(OSC, OSC.parse("/go"), id=stored(show_file)[0].id, number="1",
                            target="LX", dept="LX"))  # fmt: skip
    view.reload()
    select(view, "1")
    view.insert_cue("osc")  # the same type as cue 1: same destination and department
    assert (stored(show_file)[1].target, stored(show_file)[1].dept) == ("LX", "LX")


def test_duplicate_delete_and_move_each_land_and_undo(view: EditView, show_file: Path) -> None:
    select(view, "2")
    view.duplicate()
    assert numbers(show_file) == ["1", "2", "2.5", "3", "4"]
    copy = stored(show_file)[2]
    assert copy.payload == stored(show_file)[1].payload
    assert copy.id != stored(show_file)[1].id
    select(view, "1", "2.5")
    view.delete()
    assert numbers(show_file) == ["2", "3", "4"]
    select(view, "4")
    view.move_cues(-1)
    assert numbers(show_file) == ["2", "4", "3"]
    view.move_cues(-1)
    view.move_cues(-1)  # already at the top: refused in place
    assert "already at the top" in view.status.text()
    assert numbers(show_file) == ["4", "2", "3"]
    for _ in range(4):
        view.undo_stack.undo()
    assert numbers(show_file) == ["1", "2", "3", "4"]


def test_renumber_swaps_numbers_in_one_edit(view: EditView, show_file: Path) -> None:
    select(view, "1", "2", "3", "4")
    view.renumber("10", "0.5")
    assert numbers(show_file) == ["10", "10.5", "11", "11.5"]
    select(view, "10.5", "11")
    view.renumber("11", "-1")
    assert "step is more than 0" in view.status.text()
    view.renumber("11.5", "1")
    assert "already cue 11.5" in view.status.text()
    view.undo_stack.undo()
    assert numbers(show_file) == ["1", "2", "3", "4"]


def test_group_and_ungroup(view: EditView, show_file: Path) -> None:
    select(view, "2", "3")
    view.group()
    cues = stored(show_file)
    assert [c.type.name for c in cues] == ["osc", "group", "osc", "osc", "osc"]
    group = cues[1]
    assert [c.parent for c in cues] == [None, None, group.id, group.id, None]
    assert group.number  # a group is numbered, so the show exports
    assert view.model.text(cues[2], "name").startswith("  └ ")  # shown inside its group
    select(view, "1", "4")
    view.group()
    assert "next to each other" in view.status.text()
    view._select_ids([group.id])
    view.ungroup()
    assert [c.parent for c in stored(show_file)] == [None] * 4
    view.undo_stack.undo()
    assert stored(show_file) == cues


def test_arm_and_disarm_toggle_and_show(view: EditView, show_file: Path) -> None:
    select(view, "1", "3")
    view.toggle_armed()
    assert [c.armed for c in stored(show_file)] == [False, True, False, True]
    assert view.model.text(stored(show_file)[0], "armed") == "disarmed"
    view.toggle_armed()
    assert all(c.armed for c in stored(show_file))


# Shown offscreen, a top-level window with a layout makes the offscreen plugin say this once.
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_keys_act_on_the_table(qtbot: QtBot, view: EditView, show_file: Path) -> None:
    view.show()
    qtbot.waitExposed(view)
    window = view.windowHandle()
    assert window is not None
    window.requestActivate()  # shortcuts reach only the active window
    qtbot.waitUntil(view.isActiveWindow, timeout=2000)
    view.table.setFocus()
    select(view, "3")
    qtbot.keyClick(view.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert numbers(show_file) == ["1", "2", "3", "3.5", "4"]
    qtbot.keyClick(view.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert numbers(show_file) == ["1", "2", "3.5", "3", "4"]
    qtbot.keyClick(view.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert not stored(show_file)[2].armed
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert numbers(show_file) == ["1", "2", "3", "4"]
    qtbot.keyClick(view.table, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert [c.type.name for c in stored(show_file)] == ["osc", "osc", "osc", "memo", "osc"]
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert numbers(show_file) == ["1", "2", "3", "4"]
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view.table, Qt.Key.Key_Z, redo)
    assert len(stored(show_file)) == 5


# -- multi-edit -----------------------------------------------------------------------------


def test_multi_edit_sets_one_field_on_every_selected_cue(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    select(view, "1", "2", "4")
    multi = view.inspector
    assert isinstance(multi, MultiEditor)
    assert multi.common.dept.currentText() == ""  # LX on one, blank on others: shown as differs
    type_into(qtbot, multi.common.post_wait, "2.5")
    assert [c.post_wait for c in stored(show_file)] == [2.5, 2.5, 0.0, 2.5]
    line = multi.common.colour.lineEdit()
    assert line is not None
    type_into(qtbot, line, "mauve")
    assert "not #rrggbb" in multi.common.rows.errors["colour"].text()
    assert {c.colour for c in stored(show_file)} == {""}
    with ShowFile.open(show_file) as show:
        show.set_destination("MIXER", "midi:USB MIDI 1")
    view.reload()
    target = multi.common.target.lineEdit()
    assert target is not None
    type_into(qtbot, target, "MIXER")
    assert "cue 1: MIXER is MIDI" in multi.common.rows.errors["target"].text()
    assert {c.target for c in stored(show_file)} == {""}
    assert view.undo_stack.count() == 1
    view.undo_stack.undo()
    assert [c.post_wait for c in stored(show_file)] == [0.0] * 4


# -- CSV ------------------------------------------------------------------------------------


def test_a_sheet_with_bad_rows_lists_every_problem_and_imports_nothing(
    view: EditView, show_file: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "lx.csv"
    sheet.write_text(
        "cue,type,name,target,message,pre_wait\n"
        "20,osc,Good,LX,/go,\n"
        "21,osc,Bad wait,LX,/go,later\n"
        "22,bogus,Bad type,,,\n"
    )
    before = stored(show_file)
    assert not view.import_csv(sheet)
    table = view.sheets.errors
    rows = [
        tuple(table.item(r, c).text() for c in range(3))  # type: ignore[union-attr]
        for r in range(table.rowCount())
    ]
    assert rows[0][:2] == ("3", "pre_wait")
    assert "'later' is not a time" in rows[0][2]
    assert rows[1][:2] == ("4", "type")
    assert "nothing was imported" in view.sheets.result.text()
    assert stored(show_file) == before


def test_a_good_sheet_imports_undoes_and_exports(
    view: EditView, show_file: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "snd.csv"
    sheet.write_text("cue,type,name,dept\n30,memo,Sound check,SFX\n")
    assert view.import_csv(sheet)
    assert numbers(show_file)[-1] == "30"
    assert "new departments: SFX" in view.sheets.result.text()
    out = tmp_path / "out.csv"
    assert view.export_csv(out)
    assert out.read_text().splitlines()[-1].startswith("Main,30,memo,Sound check")
    view.undo_stack.undo()
    assert numbers(show_file) == ["1", "2", "3", "4"]
    with ShowFile.open(show_file) as show:
        assert "SFX" not in [d.code for d in show.departments()]


# -- patch and departments ------------------------------------------------------------------


def test_the_patch_editor_checks_urls_in_place(view: EditView, show_file: Path) -> None:
    patch = view.patch_editor
    patch.new_name.setText("SND")
    patch.new_url.setText("osc.udp://10.0.0.9")
    patch.add()
    assert "needs a host and a port" in patch.add_error.text()
    patch.new_url.setText("osc.udp://10.0.0.9:10023")
    patch.add()
    with ShowFile.open(show_file) as show:
        assert show.patch() == {"LX": "osc.udp://127.0.0.1:9000", "SND": "osc.udp://10.0.0.9:10023"}
    view.patch_editor.urls["LX"].setText("http://console")
    view.patch_editor.edit("LX")
    assert "not a destination URL" in view.patch_editor.results["LX"].text()
    view.undo_stack.undo()
    with ShowFile.open(show_file) as show:
        assert show.patch() == {"LX": "osc.udp://127.0.0.1:9000"}


def test_a_test_send_reaches_a_real_udp_socket(view: EditView, qtbot: QtBot) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.0.0.1", 0))
        receiver.settimeout(5)
        port = receiver.getsockname()[1]
        view.patch_editor.urls["LX"].setText(f"osc.udp://127.0.0.1:{port}")
        view.patch_editor.edit("LX")
        view.patch_editor.test("LX")
        data = receiver.recv(1024)
    assert data == b"/showdesk/test\0\0,\0\0\0"
    result = view.patch_editor.results["LX"]
    qtbot.waitUntil(lambda: "sent /showdesk/test" in result.text(), timeout=5000)


def test_a_midi_test_send_that_finds_no_port_says_why_in_place(
    view: EditView, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JACK_NO_START_SERVER", "1")
    view.patch_editor.new_name.setText("DESK")
    view.patch_editor.new_url.setText("midi:USB MIDI 1")
    view.patch_editor.add()
    view.patch_editor.test("DESK")
    result = view.patch_editor.results["DESK"]
    qtbot.waitUntil(lambda: "no MIDI" in result.text(), timeout=5000)
    assert "⚠" in result.text()


def test_the_departments_editor_adds_renames_and_keeps_cues_with_theirs(
    view: EditView, show_file: Path
) -> None:
    depts = view.departments_editor
    depts.new_code.setText("SFX")
    depts.new_name.setText("Special effects")
    depts.new_colour.setText("orange")
    depts.add()
    assert "not #rrggbb" in depts.add_error.text()
    depts.new_colour.setText("#ff8800")
    depts.add()
    codes = [row[0].text() for row in depts.rows]
    assert codes[-1] == "SFX"
    lx = codes.index("LX")
    depts.rows[lx][0].setText("ELX")
    depts.edit(lx)
    with ShowFile.open(show_file) as show:
        assert show.departments()[-1] == Department("SFX", "Special effects", "#ff8800")
        assert show.departments()[lx].code == "ELX"
        assert show.cues()[0].dept == "ELX"  # the cue followed its department
    depts.remove(lx)
    assert "1 cue(s) are in ELX" in depts.rows[lx][4].text()
    view.undo_stack.undo()
    assert stored(show_file)[0].dept == "LX"


def test_another_writer_is_seen_on_reload(view: EditView, show_file: Path) -> None:
    with ShowFile.open(show_file) as show:
        show.add_cue(Cue(MEMO, MEMO.parse(""), number="5", name="From the CLI"))
    view.reload()
    view.select_cue("5")
    assert editor(view).common.name.text() == "From the CLI"


def test_control_cues_follow_the_cue_they_name_when_it_is_renumbered(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    stop = cue_type("stop")
    with ShowFile.open(show_file) as show:
        show.add_cue(Cue(stop, stop.parse(""), number="9", target="3"))
    view.reload()
    select(view, "3")
    view.renumber("30", "1")
    assert stored(show_file)[-1].target == "30"
    view.select_cue("30")
    type_into(qtbot, editor(view).common.number, "31")
    assert stored(show_file)[-1].target == "31"
    view.undo_stack.undo()
    view.undo_stack.undo()
    assert stored(show_file)[-1].target == "3"


def test_the_fade_msc_and_group_editors_write_their_fields(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    view.insert_cue("fade")
    fade = editor(view).payload
    type_into(qtbot, fade.end, "0.25")  # type: ignore[attr-defined]
    type_into(qtbot, fade.rate, "25")  # type: ignore[attr-defined]
    assert stored(show_file)[-1].payload.text() == "/fader f 0 -> 0.25 rate=25"
    type_into(qtbot, fade.start, "loud")  # type: ignore[attr-defined]
    assert "'loud' is not a number" in fade.rows.errors["from"].text()
    assert stored(show_file)[-1].payload.text() == "/fader f 0 -> 0.25 rate=25"

    view.insert_cue("msc")
    msc = editor(view).payload
    type_into(qtbot, msc.numbers["cue"], "12.5")  # type: ignore[attr-defined]
    type_into(qtbot, msc.device, "3")  # type: ignore[attr-defined]
    assert stored(show_file)[-1].payload.text() == "GO cue=12.5 list=1 device=3"
    type_into(qtbot, msc.device, "300")  # type: ignore[attr-defined]
    assert "0 to 127" in msc.rows.errors["device"].text()

    view.insert_cue("group")
    group = editor(view).payload
    group.mode.setCurrentIndex(group.mode.findData("playlist"))  # type: ignore[attr-defined]
    group.mode.activated.emit(group.mode.currentIndex())  # type: ignore[attr-defined]
    group.loop.click()  # type: ignore[attr-defined]
    assert stored(show_file)[-1].payload.text() == "playlist loop"


def test_edits_land_while_another_connection_holds_the_file(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    """The engine process keeps the show open; WAL lets it read while edit mode writes."""
    with ShowFile.open(show_file) as engine:
        assert len(engine.cues()) == 4
        view.select_cue("4")
        type_into(qtbot, editor(view).common.name, "Bows")
        view.insert_cue("memo")
        assert [c.name for c in engine.cues()][3:] == ["Bows", ""]


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_return_in_the_table_moves_to_the_inspector(qtbot: QtBot, view: EditView) -> None:
    view.show()
    qtbot.waitExposed(view)
    window = view.windowHandle()
    assert window is not None
    window.requestActivate()
    qtbot.waitUntil(view.isActiveWindow, timeout=2000)
    view.select_cue("2")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert editor(view).common.name.hasFocus()


def test_a_device_profile_command_is_a_message_like_any_other(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    view.select_cue("2")
    fields = editor(view).payload
    type_into(qtbot, fields.line, "@eos fire list=1 cue=12.5")  # type: ignore[attr-defined]
    payload = stored(show_file)[1].payload
    assert payload.text() == "@eos fire list=1 cue=12.5"
    assert fields.address.text() == payload.address == "/eos/cue/1/12.5/fire"  # type: ignore[attr-defined]


def test_a_bad_midi_message_is_named_under_the_messages_box(
    view: EditView, show_file: Path
) -> None:
    view.insert_cue("midi")
    fields = editor(view).payload
    fields.messages.setPlainText("note_on channel=1 note=300")  # type: ignore[attr-defined]
    fields.field_done()  # type: ignore[attr-defined]
    assert "is not a MIDI message" in fields.rows.errors["messages"].text()
    assert stored(show_file)[-1].payload.text() == "note_on channel=1 note=60 velocity=100"


def test_an_edit_never_undoes_what_another_writer_added_meanwhile(
    view: EditView, show_file: Path
) -> None:
    select(view, "1")
    with ShowFile.open(show_file) as cli:  # e.g. `showdesk import` while edit mode is open
        cli.add_cue(Cue(MEMO, MEMO.parse(""), number="5", name="From the CLI"))
    view.delete()  # computed from the file as it is now, not from the stale table
    assert numbers(show_file) == ["2", "3", "4", "5"]
    view.undo_stack.undo()
    assert numbers(show_file) == ["1", "2", "3", "4", "5"]


def test_an_undo_the_file_no_longer_allows_is_refused_in_place(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    view.select_cue("1")
    type_into(qtbot, editor(view).common.number, "10")
    with ShowFile.open(show_file) as cli:
        cli.add_cue(Cue(MEMO, MEMO.parse(""), number="1"))  # takes the number undo would restore
    after = stored(show_file)
    view.undo_stack.undo()
    assert "already a cue numbered 1" in view.status.text()
    assert stored(show_file) == after
    assert view.undo_stack.count() == 0


def test_a_control_cue_inserted_after_a_cue_acts_on_it(view: EditView, show_file: Path) -> None:
    select(view, "3")
    view.insert_cue("stop")
    assert (stored(show_file)[3].type.name, stored(show_file)[3].target) == ("stop", "3")


def test_undo_and_redo_keep_what_another_writer_did_since(view: EditView, show_file: Path) -> None:
    select(view, "1")
    view.delete()
    with ShowFile.open(show_file) as cli:
        cli.add_cue(Cue(MEMO, MEMO.parse(""), number="5"))
        two = cli.cues()[0]
        cli.update_cue(Cue(OSC, two.payload, id=two.id, number="2", name="renamed by the CLI"))
    view.undo_stack.undo()
    assert numbers(show_file) == ["1", "2", "3", "4", "5"]
    assert stored(show_file)[1].name == "renamed by the CLI"
    view.undo_stack.redo()
    assert numbers(show_file) == ["2", "3", "4", "5"]


def test_the_department_filter_hides_other_cues_and_keeps_them_out_of_edits(
    view: EditView, show_file: Path
) -> None:
    view.filter_department("LX")
    shown = [c.number for r, c in enumerate(view.model.cues) if not view.table.isRowHidden(r)]
    assert shown == ["1"]
    view.table.selectAll()
    view.toggle_armed()
    assert [c.armed for c in stored(show_file)] == [False, True, True, True]
    view.select_cue("3")  # hidden by the filter: asking for it by number shows it
    assert not any(view.table.isRowHidden(r) for r in range(len(view.model.cues)))
    assert editor(view).cue.number == "3"


def test_a_type_without_its_own_editor_is_edited_as_message_text(qtbot: QtBot) -> None:
    from cues.base import CueType
    from cues.osc import OscMessage
    from ui.edit.editors import EditContext, editor_for

    kind = CueType(
        name="thirdparty", payload=OscMessage, summary="someone else's", sends=frozenset()
    )
    cue = Cue(kind, OscMessage("/a"), number="1")
    inspector = editor_for(cue, EditContext(cues=[cue]))
    qtbot.addWidget(inspector)
    assert type(inspector) is GenericEditor
    edited: list[Cue] = []
    inspector.edited.connect(edited.append)
    type_into(qtbot, inspector.payload.line, "/b i 2")  # type: ignore[attr-defined]
    assert edited[-1].payload == OscMessage("/b", (("i", 2),))
    type_into(qtbot, inspector.payload.line, "b")  # type: ignore[attr-defined]
    assert "starts with '/'" in inspector.payload.rows.errors["message"].text()
    assert len(edited) == 1


def test_a_cue_goes_only_into_a_department_the_show_has(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    view.select_cue("2")
    line = editor(view).common.dept.lineEdit()
    assert line is not None
    type_into(qtbot, line, "SFX")
    assert "SFX is not a department" in editor(view).common.rows.errors["dept"].text()
    assert stored(show_file)[1].dept == ""
    type_into(qtbot, line, "SND")
    assert stored(show_file)[1].dept == "SND"
