"""What show mode already did and nothing asserted: an output in trouble is listed on the
problems strip and says when it came back; File > Quit mid-show asks in place and does not
quit; a disarmed and a broken cue say so in the running panel.

Against the real engine subprocess; the output in trouble is a real TCP destination whose
console is not there yet, then is.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from cues import Cue, cue_type
from showdesk.showfile import ShowFile
from tests.gui.conftest import ENGINE_TIMEOUT_MS, open_window
from tests.gui.test_show_mode import standing_by
from ui import windows
from ui.main_window import MainWindow

OSC = cue_type("osc")
WAIT = ENGINE_TIMEOUT_MS
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: popups


def free_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = int(probe.getsockname()[1])
    probe.close()  # nothing listens there now: a connection is refused
    return port


@pytest.fixture
def console_port() -> int:
    return free_port()


@pytest.fixture
def live_window(qtbot: QtBot, tmp_path: Path, console_port: int) -> Iterator[MainWindow]:
    """A live show whose console (EOS, OSC over TCP) is not answering yet."""
    path = tmp_path / "live.showdesk"
    with ShowFile.create(path, name="Live") as show:
        show.set_destination("EOS", f"osc.tcp://127.0.0.1:{console_port}")
        show.add_cues([Cue(OSC, OSC.parse("/eos/1"), number="1", target="EOS")])
    win = MainWindow(path, live=True)
    qtbot.addWidget(win, before_close_func=lambda w: setattr(w, "_closing", True))
    win.show()
    qtbot.waitUntil(lambda: win.engine_ready, timeout=WAIT)
    yield win
    win.quit_now()


def test_a_an_output_in_trouble_is_listed_says_when_it_came_back_and_clear_drops_it(
    qtbot: QtBot, live_window: MainWindow, console_port: int
) -> None:
    problems = live_window.show_view.problems
    qtbot.waitUntil(lambda: any("EOS UNREACHABLE" in line for line in problems.lines()),
                    timeout=WAIT)  # fmt: skip
    assert problems.text.text().startswith("⚠ 1: EOS UNREACHABLE")
    assert problems.property("bad") == "true"
    assert problems.clear_button.isEnabled()
    console = socket.socket()  # the console starts answering
    console.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    console.bind(("127.0.0.1", console_port))
    console.listen(1)
    try:
        # Kept, with when it came back: it may come back again, and the caller must see it.
        qtbot.waitUntil(lambda: ", back " in " ".join(problems.lines()), timeout=15000)
        (line,) = problems.lines()
        assert line.startswith("EOS UNREACHABLE")
        assert "live" in live_window.show_view.rig.chips["EOS"].text()
        qtbot.mouseClick(problems.clear_button, Qt.MouseButton.LeftButton)
        assert problems.lines() == []
        assert problems.text.text() == "none"
        assert problems.property("bad") == "false"
    finally:
        console.close()


def test_b_file_quit_mid_show_asks_in_place_does_not_quit_and_space_stays_go(
    qtbot: QtBot, demo_path: Path
) -> None:
    with ShowFile.open(demo_path) as show:
        show.set_setting("min_go_interval", 0)
    window = windows.open_show(demo_path)  # kept, as File > Quit closes the kept windows
    qtbot.waitUntil(lambda: window.engine_ready, timeout=WAIT)
    view = window.show_view
    window.show_view.command("standby", "test", cue="11")
    qtbot.waitUntil(lambda: standing_by(window) == "11", timeout=WAIT)
    view.go("key")
    qtbot.waitUntil(lambda: view.model.state("11") == "running", timeout=WAIT)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    seen: dict[str, object] = {}

    def look() -> None:
        seen["asking"] = window.top.asking
        seen["visible"] = window.isVisible()
        seen["dialogs"] = [w for w in app.topLevelWidgets()
                           if isinstance(w, QDialog) and w.isVisible()]  # fmt: skip
        # The question is in place, not a dialog: Space is still GO while it is up.
        qtbot.keyClick(view.table, Qt.Key.Key_Space)
        app.exit(7)

    # Through the app's own event loop, as a user's Ctrl+Q: Qt's quit would end exec() early.
    QTimer.singleShot(0, window.menus.quit.trigger)
    QTimer.singleShot(1000, look)
    rc = app.exec()
    assert rc == 7
    assert seen == {"asking": "close", "visible": True, "dialogs": []}
    assert window.client.running
    qtbot.waitUntil(lambda: standing_by(window) == "13", timeout=WAIT)  # the Space was a GO
    assert "Close showdesk? 1 cue is running" in window.top.question_text.text()
    window.quit_now()


def test_c_a_disarmed_and_a_broken_cue_are_flagged_in_the_running_panel(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "flags.showdesk"
    with ShowFile.create(path, name="Flags") as show:
        show.set_setting("min_go_interval", 0)
        show.set_destination("LX", "osc.udp://127.0.0.1:9")
        show.add_cues([
            Cue(OSC, OSC.parse("/lx/1"), number="1", name="Wash", target="LX", armed=False,
                pre_wait=30),
            Cue(OSC, OSC.parse("/vid/1"), number="2", name="Roll", target="VID", pre_wait=30),
            Cue(OSC, OSC.parse("/lx/3"), number="3", name="Plain", target="LX", pre_wait=30),
        ])  # fmt: skip
    win = open_window(qtbot, path)
    view = win.show_view
    for _ in range(3):
        view.go("key")
    qtbot.waitUntil(lambda: len(view.model.shown_running()) == 3, timeout=WAIT)
    view.tick()
    names = [view.running.item(row, 1).text() for row in range(view.running.rowCount())]
    assert names == ["⊘ DISARMED · Wash", "⚠ BROKEN · Roll", "Plain"]
    win.quit_now()
