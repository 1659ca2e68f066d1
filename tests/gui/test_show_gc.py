"""The window's thread is not held up by the garbage collector scanning the loaded show.

A full collection scans every object the collector tracks: 40 ms on the window's thread for a
5,000-cue show, whenever it comes (in the middle of a GO, too). The window keeps what it loaded
out of the collector's sight, as the engine does, and a reload lets the old show go.
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow


def scanned(thing: object) -> bool:
    """Whether a full collection would scan `thing` (frozen objects are in no generation)."""
    return any(any(o is thing for o in gc.get_objects(generation)) for generation in (0, 1, 2))


def test_the_loaded_show_is_out_of_the_collectors_sight(qtbot: QtBot, window: MainWindow) -> None:
    model = window.show_view.model
    assert gc.is_tracked(model.cues[0])  # a cue is an object the collector would scan
    assert not scanned(model.cues[0])
    assert not scanned(model.cues)
    assert not scanned(model.row_of)


def test_a_reload_freezes_the_new_show_and_lets_the_old_one_go(
    qtbot: QtBot, window: MainWindow
) -> None:
    old = weakref.ref(window.show_view.model.cues[0])
    window.reload_show()  # as after edit mode
    assert old() is None  # the old show's cues are gone, not kept frozen
    assert not scanned(window.show_view.model.cues[0])


def test_a_closed_windows_show_is_let_go(qtbot: QtBot, demo_path: Path) -> None:
    """Frozen, what is left of a closed window in reference cycles would stay for good: each
    show opened and closed in a session would keep its window and its cues."""
    win = MainWindow(demo_path, start_engine=False)
    win.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # as ui/windows.py opens a show
    win.show()
    cue, model = weakref.ref(win.show_view.model.cues[0]), weakref.ref(win.show_view.model)
    assert not scanned(win.show_view.model.cues[0])  # frozen while it is open
    win.close()
    del win
    qtbot.waitUntil(lambda: cue() is None and model() is None, timeout=2000)
