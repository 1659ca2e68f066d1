"""The Remote tab (edit mode) and show mode's lock: the trigger map edited row by row, Learn
through the engine, and remote GO refused while the app edits."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from showdesk.showfile import ShowFile
from showdesk.wire.osc import encode_own
from showdesk.wire.oscin import decode_packet
from tests.gui.conftest import ENGINE_TIMEOUT_MS, open_window
from ui.edit.remote_panel import RemotePanel
from ui.edit.view import EditView
from ui.main_window import MainWindow


@pytest.fixture
def view(qtbot: QtBot, tmp_path: Path) -> Iterator[EditView]:
    path = tmp_path / "remote.showdesk"
    with ShowFile.create(path, name="Remote tab") as show:
        show.set_setting("midi_in", "pedal")
    edit = EditView(path)
    qtbot.addWidget(edit)
    yield edit
    edit.close_show()


def stored(view: EditView) -> object:
    with ShowFile.open(view.path) as other:
        return [dict(t) for t in other.settings().midi_triggers]


def cell(panel: RemotePanel, row: int, column: int) -> object:
    return panel.table.cellWidget(row, column)


def test_the_tab_says_what_the_settings_add_up_to(view: EditView) -> None:
    text = view.remote_panel.about.text()
    assert text.startswith("OSC remote control is off. MIDI in listens on 'pedal'")


def test_rows_are_written_as_the_trigger_map_and_a_bad_row_says_why(
    qtbot: QtBot, view: EditView
) -> None:
    panel = view.remote_panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert stored(view) == [{"message": "note", "channel": 1, "number": 60, "action": "go"}]
    channel = cell(panel, 0, 1)
    assert isinstance(channel, QSpinBox)
    assert channel.minimum() == 1  # channels as people count them
    assert channel.maximum() == 16
    action = cell(panel, 0, 3)
    assert isinstance(action, QComboBox)
    action.setCurrentText("start")
    action.activated.emit(action.currentIndex())
    assert "needs the cue it starts" in panel.error.text()
    assert stored(view)[0]["action"] == "go"  # nothing written
    cue = cell(panel, 0, 4)
    assert isinstance(cue, QLineEdit)
    cue.setText("12")
    cue.editingFinished.emit()
    assert stored(view) == [{"message": "note", "channel": 1, "number": 60, "action": "start",
                             "cue": "12"}]  # fmt: skip
    assert panel.error.isHidden()
    view.undo_stack.undo()
    assert stored(view)[0]["action"] == "go"
    assert isinstance(cell(panel, 0, 3), QComboBox)
    assert cell(panel, 0, 3).currentText() == "go"  # type: ignore[union-attr]


def test_learn_asks_the_engine_and_what_it_heard_becomes_a_row(
    qtbot: QtBot, view: EditView
) -> None:
    panel = view.remote_panel
    with qtbot.waitSignal(panel.learn_requested, timeout=1000):
        qtbot.mouseClick(panel.learn_button, Qt.MouseButton.LeftButton)
    assert not panel.learn_button.isEnabled()
    panel.learned({"event": "learned", "message": "cc", "channel": 10, "number": 64,
                   "text": "CC 64, channel 10", "port": "pedal"})  # fmt: skip
    assert stored(view) == [{"message": "cc", "channel": 10, "number": 64, "action": "go"}]
    assert panel.status.text() == "Learned CC 64, channel 10 on pedal."
    assert panel.learn_button.isEnabled()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind(("127.0.0.1", 0))
        return int(udp.getsockname()[1])


def ask(sock: socket.socket, port: int, address: str) -> dict[str, object]:
    sock.sendto(encode_own(address), ("127.0.0.1", port))
    (message,) = decode_packet(sock.recvfrom(65536)[0])
    body = json.loads(str(message.args[0]))
    assert isinstance(body, dict)
    return body


def test_remote_go_is_refused_while_the_app_is_in_edit_mode(qtbot: QtBot, demo_path: Path) -> None:
    port = free_port()
    with ShowFile.open(demo_path) as show:
        show.set_setting("remote", True)
        show.set_setting("remote_port", port)
    win: MainWindow = open_window(qtbot, demo_path)
    client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        client.bind(("127.0.0.1", 0))
        client.settimeout(5)
        client.sendto(encode_own("/udpReplyPort", [("i", client.getsockname()[1])]),
                      ("127.0.0.1", port))  # fmt: skip
        assert client.recvfrom(65536)  # its reply: the engine is serving
        win.set_mode("edit")
        qtbot.waitUntil(lambda: any("app in edit mode" in r.text
                                    for r in win.show_view.log.model.rows),
                        timeout=ENGINE_TIMEOUT_MS)  # fmt: skip
        refused = ask(client, port, "/go")
        assert refused["status"] == "error"
        assert "edit mode" in str(refused["data"])
        qtbot.waitUntil(lambda: any(r.text.startswith("REMOTE refused from osc 127.0.0.1")
                                    for r in win.show_view.log.model.rows),
                        timeout=ENGINE_TIMEOUT_MS)  # fmt: skip
        win.set_mode("show")
        qtbot.waitUntil(lambda: any("app in show mode" in r.text
                                    for r in win.show_view.log.model.rows),
                        timeout=ENGINE_TIMEOUT_MS)  # fmt: skip
        assert ask(client, port, "/go")["status"] == "ok"
        qtbot.waitUntil(lambda: win.show_view.model.state("1") != "idle",
                        timeout=ENGINE_TIMEOUT_MS)  # fmt: skip
    finally:
        client.close()
        win.quit_now()


def test_learn_without_a_midi_input_says_why_on_the_tab(qtbot: QtBot, window: MainWindow) -> None:
    window.set_mode("edit")
    panel = window.edit_view.remote_panel
    qtbot.mouseClick(panel.learn_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "learn needs a MIDI input" in panel.error.text(),
                    timeout=ENGINE_TIMEOUT_MS)  # fmt: skip
    assert panel.learn_button.isEnabled()
