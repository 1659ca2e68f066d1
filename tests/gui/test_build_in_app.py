"""A fresh show built entirely in the app (issue 13): from the start screen, New; cues of five
types from the keyboard and the inspector; the patch; a department's sheet imported from the
File menu; a group; a renumber; a rehearsal GO; the report from the File menu; and the CLI's
`check` passes on the file. No command line until the last step."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from showdesk.showfile import ShowFile
from tests.gui.conftest import ENGINE_TIMEOUT_MS
from tests.gui.test_app_menus import answer
from ui import windows
from ui.edit.editors import CueEditor
from ui.edit.view import EditView
from ui.launch import build_parser, first_window
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
SHEET = """cue,type,name,target,message,dept,call
10,osc,House to half,LX,/eos/cue/1/10/fire,LX,LX 10 GO
11,memo,Walk-in ends,,,SM,Standby all
"""


@pytest.fixture(autouse=True)
def close_windows() -> Iterator[None]:
    yield
    for window in list(windows.OPEN):
        # Mid-show a show window asks before it closes (and keeps its engine): quit_now does not.
        getattr(window, "quit_now", window.close)()


def type_into(qtbot: QtBot, field: QWidget, text: str) -> None:
    field.setFocus()
    if isinstance(field, QLineEdit | QPlainTextEdit):
        field.clear()
    qtbot.keyClicks(field, text)
    if isinstance(field, QLineEdit):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    else:
        field.clearFocus()  # a text box is finished when it loses focus


def inspector(view: EditView) -> CueEditor:
    assert isinstance(view.inspector, CueEditor)
    return view.inspector


def insert(qtbot: QtBot, view: EditView, number: int) -> CueEditor:
    """Ctrl+number on the table inserts that type after the selection."""
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
    return inspector(view)


def target(qtbot: QtBot, view: EditView, name: str) -> None:
    line = inspector(view).common.target.lineEdit()
    assert line is not None
    type_into(qtbot, line, name)


def test_a_fresh_show_built_entirely_in_the_app(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "Gala.showdesk"
    start = first_window(build_parser().parse_args([]))
    start.show()
    answer(monkeypatch, save=path)
    type_into(qtbot, start.new_name, "Gala")  # Return in the name field: New
    (window,) = windows.show_windows()
    assert isinstance(window, MainWindow)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.engine_ready, timeout=ENGINE_TIMEOUT_MS)
    view = window.edit_view
    assert isinstance(view, EditView)

    # The patch: an OSC console and a MIDI desk.
    patch = view.patch_editor
    for name, url in (("LX", "osc.udp://127.0.0.1:9000"), ("DESK", "midi:Desk")):
        type_into(qtbot, patch.new_name, name)
        type_into(qtbot, patch.new_url, url)  # Return in the URL: Add
    assert patch.add_error.text() == ""

    # Five types of cue, each from its key, each finished in the inspector.
    osc = insert(qtbot, view, 1)
    type_into(qtbot, osc.common.name, "Preset")
    type_into(qtbot, osc.payload.address, "/eos/cue/1/1/fire")  # type: ignore[attr-defined]
    target(qtbot, view, "LX")
    fade = insert(qtbot, view, 2)
    type_into(qtbot, fade.common.name, "Music down")
    target(qtbot, view, "LX")
    type_into(qtbot, inspector(view).common.duration, "3")
    midi = insert(qtbot, view, 3)
    type_into(qtbot, midi.payload.messages, "program_change channel=2 program=5")  # type: ignore[attr-defined]
    target(qtbot, view, "DESK")
    msc = insert(qtbot, view, 4)
    type_into(qtbot, msc.payload.numbers["cue"], "8")  # type: ignore[attr-defined]
    target(qtbot, view, "DESK")
    memo = insert(qtbot, view, 5)
    type_into(qtbot, memo.common.call, "Standby LX 1")
    assert view.status.text() == ""

    # A department's sheet, from File > Import CSV.
    sheet = tmp_path / "lx.csv"
    sheet.write_text(SHEET)
    answer(monkeypatch, open_=sheet)
    window.menus.import_csv.trigger()
    assert "imported 2 cue(s)" in view.sheets.result.text()

    # Group the fade and the MIDI cue, then number everything 1, 2, 3 ...
    view.select_cues(["2", "3"])
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    view.select_all()
    view.edit_actions.renumber.trigger()
    with ShowFile.open(path) as show:
        cues = show.cues()
    assert [(c.number, c.type.name) for c in cues] == [
        ("1", "osc"), ("2", "group"), ("3", "fade"), ("4", "midi"), ("5", "msc"), ("6", "memo"),
        ("7", "osc"), ("8", "memo")]  # fmt: skip
    assert cues[2].parent == cues[3].parent == cues[1].id
    assert cues[3].payload.bytes() == bytes([0xC1, 5])
    assert (cues[4].payload.cue, cues[4].target) == ("8", "DESK")

    # A rehearsal GO in show mode starts a performance; its report comes from File > Report.
    window.set_mode("show")
    qtbot.waitUntil(lambda: window.engine_ready, timeout=ENGINE_TIMEOUT_MS)
    qtbot.keyClick(window.show_view.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.performance.id is not None, timeout=ENGINE_TIMEOUT_MS)
    window.menus.report.trigger()  # File > Report: the report window, beside the show
    dialog = window.report_dialog
    assert dialog is not None
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    dialog.target.setText(str(tmp_path / "report.html"))
    with qtbot.waitSignal(dialog.written, timeout=30000) as done:
        dialog.write_button.click()
    assert done.args is not None
    assert done.args[0] is True, done.args
    report = (tmp_path / "report.html").read_text()
    assert "Gala" in report
    dialog.close()

    checked = subprocess.run([sys.executable, "-m", "showdesk", "check", str(path)],
                             capture_output=True, text=True, timeout=60)  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{path}: 0 error(s)" in checked.stdout
