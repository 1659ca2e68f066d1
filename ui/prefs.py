"""What the app remembers between runs (recent shows, the theme, hidden columns), in one INI
file in the user's config folder (`$SHOWDESK_CONFIG` names another folder). Not show data: a
show's own settings live in its file."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

RECENT = "recent"
RECENT_MAX = 10
DOCTOR_SHOWN = "doctor/shown_on_first_start"  # the doctor panel opens by itself once


def _file() -> str:
    folder = os.environ.get("SHOWDESK_CONFIG") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppConfigLocation
    )
    return str(Path(folder or ".") / "showdesk.ini")


def prefs(file: str = "") -> QSettings:
    return QSettings(file or _file(), QSettings.Format.IniFormat)


def text_list(key: str, default: list[str] | None = None, file: str = "") -> list[str]:
    """A stored list of strings (QSettings hands back one string for a list of one)."""
    stored: object = prefs(file).value(key, None)
    if stored is None:
        return list(default or [])
    if isinstance(stored, str):
        return [stored]
    return [str(item) for item in stored] if isinstance(stored, list | tuple) else []


def recent_shows() -> list[Path]:
    """The shows opened last, most recent first (a show still being added is waited for)."""
    wait_for_recent()
    return [Path(text) for text in text_list(RECENT)]


def add_recent(path: Path, file: str = "") -> None:
    shown = str(Path(path).resolve())
    kept = [text for text in text_list(RECENT, file=file) if text != shown]
    prefs(file).setValue(RECENT, [shown, *kept][:RECENT_MAX])


_adding: list[threading.Thread] = []


def add_recent_soon(path: Path) -> None:
    """`add_recent` on a thread of its own: QSettings writes the file with two fdatasyncs, which
    took 80-250 ms of the app's start on a slow disk. Qt documents QSettings as usable from
    several threads at once, on the same file too, and it lets go of the GIL while it writes, so
    the window goes on starting. Not a daemon thread: Python waits for it before it exits."""
    file = _file()  # the folder is named after the app: asked here, on Qt's own thread
    wait_for_recent()  # one at a time, so two shows opened in a row both land, in order
    writer = threading.Thread(target=add_recent, args=(path, file), name="showdesk-recent")
    _adding.append(writer)
    writer.start()


def wait_for_recent() -> None:
    """Until the shows being added to the recent list are in the file."""
    while _adding:
        _adding.pop().join()


def remembered(key: str, default: str) -> str:
    return str(prefs().value(key, default))


def remember(key: str, value: object) -> None:
    prefs().setValue(key, value)
