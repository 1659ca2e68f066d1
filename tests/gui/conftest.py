"""Show-mode fixtures: the real window, the real engine subprocess, real show files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from showdesk.demo import build_demo
from ui.main_window import MainWindow

# The engine is a real subprocess: allow for a loaded CI machine, but fail rather than hang.
ENGINE_TIMEOUT_MS = 10000


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    return build_demo(tmp_path / "demo.showdesk")


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    """The main window on the demo show, in rehearsal, its engine loaded."""
    win = MainWindow(demo_path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.engine_ready, timeout=ENGINE_TIMEOUT_MS)
    yield win
    win.close()
