"""What the app remembers between runs (recent shows, the theme, hidden columns), in one INI
file in the user's config folder (`$SHOWDESK_CONFIG` names another folder). Not show data: a
show's own settings live in its file."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

RECENT = "recent"
RECENT_MAX = 10


def prefs() -> QSettings:
    folder = os.environ.get("SHOWDESK_CONFIG") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppConfigLocation
    )
    return QSettings(str(Path(folder or ".") / "showdesk.ini"), QSettings.Format.IniFormat)


def text_list(key: str, default: list[str] | None = None) -> list[str]:
    """A stored list of strings (QSettings hands back one string for a list of one)."""
    stored: object = prefs().value(key, None)
    if stored is None:
        return list(default or [])
    if isinstance(stored, str):
        return [stored]
    return [str(item) for item in stored] if isinstance(stored, list | tuple) else []


def recent_shows() -> list[Path]:
    """The shows opened last, most recent first."""
    return [Path(text) for text in text_list(RECENT)]


def add_recent(path: Path) -> None:
    shown = str(Path(path).resolve())
    kept = [text for text in text_list(RECENT) if text != shown]
    prefs().setValue(RECENT, [shown, *kept][:RECENT_MAX])


def remembered(key: str, default: str) -> str:
    return str(prefs().value(key, default))


def remember(key: str, value: object) -> None:
    prefs().setValue(key, value)
