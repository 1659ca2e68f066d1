"""The first start's doctor panel beside the show, on a real X server at 96 dpi (the offscreen
platform's fonts are smaller, so its tests cannot see this): in a 1280x720 window that nothing
maximised (a desktop without a window manager's help, as on the fresh-machine check), the banner
ran into the timing, the show's name vanished and the mark buttons read "House oper", "Show
dowr". Now the show scales down for the room the panel leaves it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from showdesk.demo import build_demo
from tests.xvfb import xvfb

DRIVER = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from ui import theme
from ui.main_window import MainWindow

app = QApplication([])
theme.apply(app, theme.DARK)
window = MainWindow(Path(sys.argv[1]), start_engine=False)
window.resize(1280, 720)
window.show()
window.show_doctor()
if sys.argv[2] == "normal":  # the longest timing text: an ordinary user with no rtkit
    window.top.set_timing({"timing": {"mechanism": "none", "realtime": False}})
window.resize(1280, 720)
loop = QEventLoop()
QTimer.singleShot(1000, loop.quit)
loop.exec()
top, view = window.top, window.show_view
box = lambda w: [w.x(), w.width()]
print(json.dumps({
    "window": [window.width(), window.height()],
    "doctor": window.doctor.isVisible(),
    "banner": box(top.banner), "banner_text": top.banner.sizeHint().width(),
    "timing": box(top.timing), "title": box(top.title),
    "live": box(top.live_button),
    "marks": [[b.text(), b.width(), b.fontMetrics().horizontalAdvance(b.text())]
              for b in view.mark_buttons.values()],
}))
window.quit_now()
"""


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with xvfb() as name:
        yield name


@pytest.mark.parametrize("timing", ["real-time", "normal"])
def test_at_1280x720_beside_the_doctor_the_top_bar_and_mark_buttons_stay_whole(
    tmp_path: Path, display: str, timing: str
) -> None:
    show = build_demo(tmp_path / "demo.showdesk")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", SHOWDESK_CONFIG=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", DRIVER, str(show), timing], env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["window"] == [1280, 720]
    assert seen["doctor"]
    (banner_x, banner_w), (timing_x, timing_w) = seen["banner"], seen["timing"]
    title_x, title_w = seen["title"]
    assert banner_w >= seen["banner_text"]  # LIVE / REHEARSAL whole
    assert banner_x + banner_w < timing_x  # no overlap
    assert timing_x + timing_w < title_x
    assert title_w > 0  # the show's name, elided if need be
    assert title_x + title_w <= seen["live"][0]
    for text, width, needs in seen["marks"]:
        assert needs <= width, f"{text!r} needs {needs} px, has {width}"
