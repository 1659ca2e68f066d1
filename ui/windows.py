"""The app's open shows: one main window per show file, each with its own engine (as a QLab
workspace is a window of its own). Opening a show that is open already brings its window up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from showdesk.showfile import ShowFile
from ui import prefs, theme

if TYPE_CHECKING:
    from ui.main_window import MainWindow

OPEN: list[QWidget] = []  # every window the app keeps alive (show windows and the start screen)


def keep(window: QWidget) -> None:
    """Keeps a top-level window alive until it is closed."""
    OPEN.append(window)
    window.destroyed.connect(lambda _=None, w=window: OPEN.remove(w) if w in OPEN else None)


def show_windows() -> list[MainWindow]:
    from ui.main_window import MainWindow

    return [w for w in OPEN if isinstance(w, MainWindow) and w.isVisible()]


def open_show(path: Path, *, mode: str = "show", live: bool = False) -> MainWindow:
    """The show's window, opened (or raised, if it is open already) and remembered in the
    recent shows. ShowdeskError, with the reason, when the file cannot be opened."""
    from PySide6.QtCore import Qt

    from ui.main_window import MainWindow

    path = Path(path)
    for window in show_windows():
        if window.path.resolve() == path.resolve():
            window.raise_()
            window.activateWindow()
            return window
    chosen = theme.THEMES.get(prefs.remembered("theme", "dark"), theme.DARK)
    window = MainWindow(path, live=live, theme=chosen)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    keep(window)
    if mode == "edit":
        window.set_mode("edit")
    window.show()
    prefs.add_recent_soon(path)
    return window


def new_show(path: Path, name: str) -> MainWindow:
    """A new, empty show file at `path`, opened in edit mode. ShowdeskError if it cannot be."""
    ShowFile.create(path, name=name).close()
    return open_show(path, mode="edit")
