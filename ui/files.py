"""The File menu's work: asking for a name or a place (through `ASK`, which tests replace), and
writing a show's copy, CSV sheet or JSON document from a connection of its own.

Every question here is a dialog, so the File menu asks only in edit mode (or from the start
screen): in show mode no dialog may take the GO key.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from showdesk.errors import ShowdeskError
from showdesk.showfile import SUFFIX, ShowFile

SHOWS = f"showdesk shows (*{SUFFIX})"


def _open(parent: QWidget | None, title: str, filter_: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", filter_)
    return Path(path) if path else None


def _save(parent: QWidget | None, title: str, suggested: str, filter_: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filter_)
    return Path(path) if path else None


def _text(parent: QWidget | None, title: str, label: str, default: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label, text=default)
    return text if ok else None


class Ask:
    """The questions the app asks: file dialogs and a line of text (tests put answers here)."""

    open = staticmethod(_open)
    save = staticmethod(_save)
    text = staticmethod(_text)


ASK = Ask()


def file_name(name: str) -> str:
    """A file name for a show called `name` (letters, digits, spaces and - _ . kept)."""
    cleaned = re.sub(r"[^\w .-]+", "", name).strip(" .") or "show"
    return f"{cleaned}{SUFFIX}"


def with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def ask_new_show(parent: QWidget | None, name: str = "") -> tuple[str, Path] | None:
    """A new show's name, then where to save it; None if either is cancelled."""
    if not name:
        typed = ASK.text(parent, "New show", "The show's name:", "")
        if typed is None or not typed.strip():
            return None
        name = typed.strip()
    path = ASK.save(parent, "Save the new show as", file_name(name), SHOWS)
    return (name, with_suffix(path, SUFFIX)) if path else None


def ask_show_to_open(parent: QWidget | None) -> Path | None:
    return ASK.open(parent, "Open a show", SHOWS)


def save_copy(show_path: Path, target: Path) -> Path:
    with ShowFile.open(show_path) as show:
        return show.save_copy(with_suffix(target, SUFFIX))


def export(show_path: Path, target: Path, kind: str) -> str:
    """Writes the show as a CSV sheet or a JSON document; what was written, in words."""
    # Imported here: the File menu is built with every window, the sheet's code (its profiles)
    # is needed only when a show is exported.
    from showdesk.sheet import write_csv
    from showdesk.showjson import show_to_json

    target = with_suffix(target, f".{kind}")
    with ShowFile.open(show_path) as show:
        if kind == "csv":
            buffer = io.StringIO()
            count = write_csv(show, buffer)
            text, what = buffer.getvalue(), f"{count} cue(s)"
        else:
            text = json.dumps(show_to_json(show), indent=2, ensure_ascii=False) + "\n"
            what = "the show"
    try:
        target.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise ShowdeskError(f"could not write {target}: {exc.strerror}") from None
    return f"exported {what} to {target}"
