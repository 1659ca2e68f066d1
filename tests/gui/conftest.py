"""GUI fixtures: the real window, the real engine subprocess, real show files, edit mode."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from showdesk.demo import build_demo
from showdesk.showfile import ShowFile
from ui.edit.view import EditView
from ui.main_window import MainWindow

# The engine is a real subprocess: allow for a loaded CI machine, but fail rather than hang.
ENGINE_TIMEOUT_MS = 10000


@pytest.fixture(autouse=True)
def own_prefs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test remembers its own recent shows, theme and columns, never the user's."""
    monkeypatch.setenv("SHOWDESK_CONFIG", str(tmp_path / "config"))


@pytest.fixture(autouse=True)
def collectable_afterwards() -> Iterator[None]:
    """A window keeps its loaded show out of the garbage collector's sight (gc.freeze); after
    the test, what it froze may go, or the suite's windows would add up."""
    yield
    gc.unfreeze()


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    return build_demo(tmp_path / "demo.showdesk")


def open_window(qtbot: QtBot, path: Path) -> MainWindow:
    """The main window on `path`, in rehearsal, once its engine has loaded the show."""
    win = MainWindow(path)
    # Closing mid-show asks first (in place); a test's teardown closes without asking.
    qtbot.addWidget(win, before_close_func=lambda w: setattr(w, "_closing", True))
    win.show()
    qtbot.waitUntil(lambda: win.engine_ready, timeout=ENGINE_TIMEOUT_MS)
    return win


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    """The main window on the demo show, in rehearsal, its engine loaded."""
    win = open_window(qtbot, demo_path)
    yield win
    win.quit_now()


@pytest.fixture
def fast_window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    """The same, with the double-GO guard off, so a test can GO twice without waiting."""
    with ShowFile.open(demo_path) as show:
        show.set_setting("min_go_interval", 0)
    win = open_window(qtbot, demo_path)
    yield win
    win.quit_now()


@pytest.fixture
def view(qtbot: QtBot, show_file: Path) -> Iterator[EditView]:
    """Edit mode on the `show_file` the test's module makes (a module may have its own)."""
    edit = EditView(show_file)
    qtbot.addWidget(edit)
    yield edit
    edit.close_show()
