"""Find, Go to cue and Preview in edit mode (issue 13, points 6 and 8): find by every field a
stage manager searches by, F3 to the next match, a cue by number, and the bytes a cue sends:
shown in rehearsal, sent to a real socket live after one confirm."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cues import Cue, cue_type
from showdesk.showfile import ShowFile
from ui.edit.view import EditView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
OSC, MIDI, MEMO, FADE, GROUP = (cue_type(n) for n in ("osc", "midi", "memo", "fade", "group"))


@pytest.fixture
def view(qtbot: QtBot, tmp_path: Path) -> Iterator[EditView]:
    path = tmp_path / "find.showdesk"
    group = Cue(GROUP, GROUP.parse("timeline"), number="20", name="Walk-in")
    with ShowFile.create(path) as show:
        show.set_destination("LX", "osc.udp://127.0.0.1:9")
        show.set_destination("DESK", "midi:Desk")
        show.add_cues([
            Cue(OSC, OSC.parse("/eos/cue/1/5/fire"), number="5", name="Preset", target="LX"),
            Cue(MEMO, MEMO.parse(""), number="6", call="Standby fly 6", notes="check the pin"),
            Cue(MIDI, MIDI.parse("program_change channel=3 program=4"), number="7",
                target="DESK", name="Scene"),
            Cue(FADE, FADE.parse("/fader f 0 -> 1"), number="8", target="LX", duration=2),
            group,
            Cue(OSC, OSC.parse("/a"), number="20.1", target="LX", parent=group.id),
            Cue(OSC, OSC.parse("/b"), number="20.2", target="LX", parent=group.id),
        ])  # fmt: skip
    edit = EditView(path)
    qtbot.addWidget(edit)
    edit.show()
    edit.activateWindow()
    qtbot.waitUntil(edit.isActiveWindow)
    yield edit
    edit.close_show()


def selected(view: EditView) -> list[str]:
    return [cue.number for cue in view.selected_cues()]


@pytest.mark.parametrize(
    ("text", "found"),
    [("5", "5"), ("PRESET", "5"), ("fly 6", "6"), ("desk", "7"), ("channel=3", "7"),
     ("the pin", "6"), ("/fader", "8")],
)  # fmt: skip
def test_find_matches_number_name_call_target_message_and_notes(
    qtbot: QtBot, view: EditView, text: str, found: str
) -> None:
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.find_bar.isVisible()
    assert view.find_bar.field.hasFocus()
    qtbot.keyClicks(view.find_bar.field, text)
    qtbot.keyClick(view.find_bar.field, Qt.Key.Key_Return)
    assert selected(view) == [found]


def test_f3_goes_on_to_the_next_match_and_wraps(qtbot: QtBot, view: EditView) -> None:
    view.open_find()
    qtbot.keyClicks(view.find_bar.field, "LX")  # the target of 5, 8, 20.1, 20.2
    qtbot.keyClick(view.find_bar.field, Qt.Key.Key_Return)
    assert selected(view) == ["5"]
    seen = []
    for _ in range(4):
        qtbot.keyClick(view.find_bar.field, Qt.Key.Key_F3)
        seen += selected(view)
    assert seen == ["8", "20.1", "20.2", "5"]
    assert view.find_bar.result.text() == "1 of 4"
    qtbot.keyClick(view.find_bar.field, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert selected(view) == ["20.2"]
    qtbot.keyClick(view.find_bar.field, Qt.Key.Key_Escape)
    assert not view.find_bar.isVisible()
    assert view.table.hasFocus()


def test_find_says_so_when_nothing_matches(qtbot: QtBot, view: EditView) -> None:
    view.open_find()
    qtbot.keyClicks(view.find_bar.field, "nothing like this")
    qtbot.keyClick(view.find_bar.field, Qt.Key.Key_Return)
    assert view.find_bar.result.text() == "no match"


def test_go_to_cue_selects_exactly_that_number(qtbot: QtBot, view: EditView) -> None:
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert view.find_bar.label.text() == "Go to cue"
    qtbot.keyClicks(view.find_bar.field, "20.1")
    qtbot.keyClick(view.find_bar.field, Qt.Key.Key_Return)
    assert selected(view) == ["20.1"]
    assert not view.find_bar.isVisible()
    view.open_go_to()
    qtbot.keyClicks(view.find_bar.field, "99")
    qtbot.keyClick(view.find_bar.field, Qt.Key.Key_Return)
    assert "there is no cue numbered 99" in view.status.text()
    assert view.find_bar.isVisible()


def preview(qtbot: QtBot, view: EditView, number: str) -> str:
    """P on the cue numbered so; the preview log after it."""
    view.select_cue(number)
    qtbot.keyClick(view.table, Qt.Key.Key_P)
    return view.preview_panel.log.toPlainText()


def test_preview_in_rehearsal_shows_the_bytes_and_sends_nothing(
    qtbot: QtBot, view: EditView
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.0.0.1", 0))
        receiver.setblocking(False)
        with ShowFile.open(view.path) as show:
            show.set_destination("LX", f"osc.udp://127.0.0.1:{receiver.getsockname()[1]}")
        view.reload()
        view.table.setFocus()
        log = preview(qtbot, view, "7")
        assert "PREVIEW cue 7 → DESK (midi:Desk): program_change channel=3 program=4" in log
        assert "[c2 04 (2 bytes)]  (rehearsal: not sent)" in log
        assert "2f 65 6f 73 2f 63 75 65" in preview(qtbot, view, "5")  # "/eos/cue"
        log = preview(qtbot, view, "20")
        assert ": /a  [" in log
        assert ": /b  [" in log  # a group previews the cues in it
        assert "PREVIEW cue 6: sends nothing (a memo cue)" in preview(qtbot, view, "6")
        with pytest.raises(BlockingIOError):
            receiver.recv(1024)


def test_preview_live_asks_once_then_sends_to_the_rig(qtbot: QtBot, view: EditView) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.0.0.1", 0))
        receiver.settimeout(5)
        with ShowFile.open(view.path) as show:
            show.set_destination("LX", f"osc.udp://127.0.0.1:{receiver.getsockname()[1]}")
        view.reload()
        view.is_live = lambda: True
        view.select_cue("5")
        view.table.setFocus()
        qtbot.keyClick(view.table, Qt.Key.Key_P)
        panel = view.preview_panel
        assert panel.confirm.isVisible()
        assert "LIVE: preview sends cue 5 to the real rig (LX)" in panel.question.text()
        qtbot.keyClick(view.table, Qt.Key.Key_P)  # P again: send
        assert receiver.recv(1024) == b"/eos/cue/1/5/fire\0\0\0,\0\0\0"
        qtbot.waitUntil(lambda: "✓ sent /eos/cue/1/5/fire" in panel.log.toPlainText())
        view.select_cue("8")
        qtbot.keyClick(view.table, Qt.Key.Key_P)  # no second question
        assert not panel.confirm.isVisible()
        assert receiver.recv(1024).startswith(b"/fader\0\0,f\0\0\0\0\0\0")  # from 0
        assert receiver.recv(1024) == b"/fader\0\0,f\0\0?\x80\0\0"  # to 1
