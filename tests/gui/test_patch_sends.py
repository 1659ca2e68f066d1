"""The patch's test send reaches every kind of destination (issue 13, point 8), read by real
receivers: a TCP listener decoding SLIP for osc.tcp, the raw bytes for midi.tcp, and
jack_midi_dump behind a JACK dummy server for a MIDI port; the MIDI port picker lists the ports
the show's backend sees."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from showdesk.oneshot import TEST_SYSEX
from showdesk.showfile import ShowFile
from showdesk.wire.framing import SlipDecoder
from tests.jack import JackServer, MidiDump, jack_server
from ui.edit.view import EditView

JACK = "mido.backends.rtmidi/UNIX_JACK"
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def view(qtbot: QtBot, tmp_path: Path) -> Iterator[EditView]:
    path = tmp_path / "patch.showdesk"
    with ShowFile.create(path) as show:
        show.set_setting("midi_backend", JACK)
    edit = EditView(path)
    qtbot.addWidget(edit)
    yield edit
    edit.close_show()


class Listener:
    """A TCP server that keeps every byte the one connection it accepts sends."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.data = bytearray()
        self.closed = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        with self.server:
            conn, _ = self.server.accept()
            with conn:
                while chunk := conn.recv(4096):
                    self.data += chunk
        self.closed.set()


def patch_and_test(qtbot: QtBot, view: EditView, name: str, url: str) -> str:
    view.patch_editor.new_name.setText(name)
    view.patch_editor.new_url.setText(url)
    view.patch_editor.add()
    assert view.patch_editor.add_error.text() == ""
    view.patch_editor.test(name)
    result = view.patch_editor.results[name]
    qtbot.waitUntil(lambda: result.text() not in ("", "sending…"), timeout=10000)
    return result.text()


def test_osc_over_tcp_gets_the_test_message_slip_framed(qtbot: QtBot, view: EditView) -> None:
    listener = Listener()
    said = patch_and_test(qtbot, view, "QLAB", f"osc.tcp://127.0.0.1:{listener.port}")
    assert listener.closed.wait(5)
    decoder = SlipDecoder()
    assert decoder.feed(bytes(listener.data)) == [b"/showdesk/test\0\0,\0\0\0"]
    assert said.startswith("✓ sent /showdesk/test (20 bytes) to 127.0.0.1")


def test_midi_over_tcp_gets_a_sysex_no_device_acts_on(qtbot: QtBot, view: EditView) -> None:
    listener = Listener()
    said = patch_and_test(qtbot, view, "DLIVE", f"midi.tcp://127.0.0.1:{listener.port}")
    assert listener.closed.wait(5)
    assert bytes(listener.data) == TEST_SYSEX == bytes.fromhex("f07d") + b"showdesk" + b"\xf7"
    assert "✓ sent a test SysEx that devices ignore (11 bytes)" in said


def test_a_tcp_destination_that_refuses_says_so_on_its_row(qtbot: QtBot, view: EditView) -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    said = patch_and_test(qtbot, view, "QLAB", f"osc.tcp://127.0.0.1:{port}")
    assert said.startswith(f"⚠ could not send to 127.0.0.1:{port}: Connection refused")


@pytest.fixture(scope="module")
def jack() -> Iterator[JackServer]:
    with jack_server() as server:
        yield server


@pytest.mark.jack
def test_a_midi_port_is_picked_from_the_list_and_gets_the_test_sysex(
    qtbot: QtBot, view: EditView, jack: JackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in ("JACK_DEFAULT_SERVER", "JACK_NO_START_SERVER"):
        monkeypatch.setenv(key, jack.env[key])
    monkeypatch.delenv("MIDO_BACKEND", raising=False)
    dump = MidiDump(jack, "showdesk-gui-desk").start()
    try:
        editor = view.patch_editor
        menu = editor.new_ports.menu()
        assert menu is not None
        menu.aboutToShow.emit()
        offered = [action.text() for action in menu.actions()]
        assert dump.port in offered
        next(a for a in menu.actions() if a.text() == dump.port).trigger()
        assert editor.new_url.text() == f"midi:{dump.port}"
        said = patch_and_test(qtbot, view, "DESK", editor.new_url.text())
        assert said.startswith(f"✓ sent a test SysEx that devices ignore (11 bytes) to MIDI port "
                               f"{dump.port!r}")  # fmt: skip
        assert dump.wait_for(1) == [TEST_SYSEX]
    finally:
        dump.stop()


def test_the_url_field_is_wide_enough_to_read(qtbot: QtBot, view: EditView) -> None:
    url = "osc.tcp://192.168.100.200:53000?framing=length"
    with ShowFile.open(view.path) as show:
        show.set_destination("QLAB", url)
    view.reload()
    view.resize(1280, 720)
    view.show()
    view.tabs.setCurrentIndex(1)
    field = view.patch_editor.urls["QLAB"]
    qtbot.waitUntil(field.isVisible)
    assert field.width() >= field.fontMetrics().horizontalAdvance(url)
