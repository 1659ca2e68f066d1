"""What is wrong with a show file that cannot be opened or written, in a sentence that names it.

A folder, an empty file, a file nobody may read, one on a read-only or full disk and a damaged
one were all reported as "not a showdesk show file": a stage manager reading that at the half
would look for the wrong fix. `check_openable` looks before SQLite does; `sqlite_problem` words
what SQLite says afterwards.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from showdesk.errors import ShowFileError

# SQLite's result codes (sqlite3.Error.sqlite_errorname) and what each means to a person.
_SQLITE = {
    "SQLITE_FULL": "the disk is full: free some space and try again",
    "SQLITE_READONLY": "it cannot be written (a read-only file, folder or disk)",
    "SQLITE_CANTOPEN": "it cannot be opened (check the permissions of the file and its folder)",
    "SQLITE_PERM": "permission denied",
    "SQLITE_BUSY": "another program holds it locked; try again when that one is done",
    "SQLITE_LOCKED": "another program holds it locked; try again when that one is done",
    "SQLITE_CORRUPT": "it is damaged",
    "SQLITE_NOTADB": "it is not a showdesk show file (not an SQLite database at all)",
    "SQLITE_IOERR": "the disk reported an error reading or writing it",
}


def cannot_open(path: Path, exc: sqlite3.Error) -> str:
    """The sentence for a file SQLite would not open or read."""
    if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
        return f"{path} is not a showdesk show file (not an SQLite database at all)"
    return f"{path} cannot be opened: {sqlite_problem(exc, path)}"


def sqlite_problem(exc: sqlite3.Error, path: Path | None = None) -> str:
    """What an SQLite error means, in words; SQLite's own text in brackets. With the file's
    `path`, a write error on a full disk is called that (SQLite often says only "I/O error")."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    failed_write = name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN"))
    if failed_write and path is not None and _disk_full(path):
        name = "SQLITE_FULL"
    for code, meaning in _SQLITE.items():
        if name == code or name.startswith(code + "_"):  # SQLITE_READONLY_DBMOVED ...
            return f"{meaning} ({exc})"
    return str(exc)


def _disk_full(path: Path) -> bool:
    try:
        free = os.statvfs(path.parent)
    except (OSError, AttributeError):
        return False
    return free.f_bavail * free.f_frsize < 64 * 1024  # not even room for a journal page or two


def _read_only_disk(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        return False


def check_openable(path: Path) -> None:
    """ShowFileError naming the problem, if `path` cannot be a show file showdesk opens: it
    must be a regular file, not empty, readable and writable, in a folder it can write to (the
    journal lives beside the file). Root passes the permission checks, as it does in SQLite."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ShowFileError(f"there is no show file at {path}") from None
    except OSError as exc:
        raise ShowFileError(f"{path} cannot be reached: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ShowFileError(f"{path} is a folder, not a show file")
    if not stat.S_ISREG(st.st_mode):
        raise ShowFileError(f"{path} is not a file (a device or a pipe), so not a show file")
    if not os.access(path, os.R_OK):
        raise ShowFileError(f"{path} cannot be read: permission denied ({_owner(st)})")
    if st.st_size == 0:
        raise ShowFileError(
            f"{path} is empty (0 bytes), so not a showdesk show file: it may have been cut short "
            "while it was copied or saved. Open a copy or a backup of the show instead"
        )
    if not os.access(path, os.W_OK):
        why = "it is on a read-only disk" if _read_only_disk(path) else f"permission denied " \
              f"({_owner(st)})"  # fmt: skip
        raise ShowFileError(
            f"{path} cannot be written: {why}. showdesk writes every change at once, so it "
            "opens only show files it can write; copy it somewhere writable"
        )
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        why = "it is on a read-only disk" if _read_only_disk(folder) else "permission denied"
        raise ShowFileError(
            f"the folder {folder} cannot be written ({why}); showdesk keeps the show's journal "
            f"beside {path.name}, so the folder must be writable"
        )


def _owner(st: os.stat_result) -> str:
    return f"owner uid {st.st_uid}, mode {stat.filemode(st.st_mode)}"


def backup_path(path: Path, version: int) -> Path:
    """Where the copy made before upgrading from schema `version` goes: never over an earlier
    backup (that one may be the only copy of an older state)."""
    backup = path.with_name(f"{path.name}.schema{version}.bak")
    n = 2
    while backup.exists():
        backup = path.with_name(f"{path.name}.schema{version}-{n}.bak")
        n += 1
    return backup
