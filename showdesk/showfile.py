"""The show file: one SQLite database (`.showdesk`) holding the whole show.

Every edit is its own transaction, committed before the method returns, in WAL mode with
synchronous=FULL: there is no "save", and a crash loses nothing that was reported done. (The
engine's run log has its own connection and its own rule: `showdesk/engine/flusher.py`.)
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cues.base import Cue
from showdesk import __version__
from showdesk.cuerows import COLUMNS, cue_from_row, cue_from_values, cue_to_row
from showdesk.errors import ShowFileError
from showdesk.filecheck import backup_path, cannot_open, check_openable
from showdesk.patch import check_name, parse_url
from showdesk.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from showdesk.settings import BY_KEY, Settings, check_setting, settings_from

if TYPE_CHECKING:
    import sqlite_utils

SUFFIX = ".showdesk"
MAIN = "Main"


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    colour: str


DEFAULT_DEPARTMENTS = (
    Department("LX", "Lighting", "#e8b931"),
    Department("SND", "Sound", "#3b8fd9"),
    Department("VID", "Video", "#9a5fd0"),
    Department("FLY", "Flys", "#2fa878"),
    Department("DECK", "Deck", "#e07b39"),
    Department("PYRO", "Pyro and effects", "#e04848"),
    Department("SM", "Stage management", "#9aa0a6"),
)
NEW_DEPARTMENT_COLOUR = "#9aa0a6"
_SAVEPOINTS = itertools.count(1)  # names for nested transactions
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class ShowFile:
    """An open show file. Use `ShowFile.create` or `ShowFile.open`; close it (or use `with`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, made when first used. Importing it takes
        ~70 ms (click, dateutil, pluggy), and opening a show to run or show it (the engine's
        load, the window's start) reads with sqlite3 alone; edits and reports use this."""
        if self._db is None:
            import sqlite_utils

            # No sqlite-utils plugins: one installed beside showdesk would run its code on
            # every show file connection (its prepare_connection hook), and finding them scans
            # every installed package (~20 ms).
            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, name: str = "") -> ShowFile:
        """A new, empty show with the default departments and one cue list, `Main`."""
        path = Path(path)
        if path.exists():
            raise ShowFileError(f"{path} already exists; choose another name or remove it first")
        show = cls(_connect(path), path)
        try:
            _use_wal(show.conn)
            with show.transaction():
                show.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                show._migrate(0)
                show.db.execute(
                    "INSERT INTO settings VALUES ('created', ?), ('created_by', ?)",
                    [json.dumps(_now()), json.dumps(f"showdesk {__version__}")],
                )
                show.db.execute("INSERT INTO cue_lists VALUES ('main', ?, 0)", [MAIN])
                for position, dept in enumerate(DEFAULT_DEPARTMENTS):
                    show.db.execute(
                        "INSERT INTO departments VALUES (?, ?, ?, ?)",
                        [dept.code, dept.name, dept.colour, position],
                    )
                show.db.execute(
                    "INSERT INTO settings VALUES ('name', ?)", [json.dumps(name or path.stem)]
                )
        except BaseException:
            show.close()
            path.unlink(missing_ok=True)
            raise
        return show

    @classmethod
    def open(cls, path: str | Path) -> ShowFile:
        """An existing show, migrated to this schema; refused with a message if it is not one."""
        path = Path(path)
        check_openable(path)  # a folder, an empty file, no permission: said as it is
        try:
            conn = _connect(path)
        except sqlite3.DatabaseError as exc:
            raise ShowFileError(cannot_open(path, exc)) from None
        show = cls(conn, path)
        try:
            show._check_and_migrate()
        except BaseException:
            show.close()
            raise
        return show

    def _check_and_migrate(self) -> None:
        try:
            app_id = self._pragma("application_id")
            version = self._pragma("user_version")
        except sqlite3.DatabaseError as exc:
            raise ShowFileError(cannot_open(self.path, exc)) from None
        if app_id != APPLICATION_ID:
            raise ShowFileError(f"{self.path} is an SQLite file, but not a showdesk show file")
        if version < 0:
            raise ShowFileError(
                f"{self.path} has schema version {version}, which no showdesk writes: another "
                "program changed it, or it is damaged. showdesk has not changed it"
            )
        if version > SCHEMA_VERSION:
            raise ShowFileError(
                f"{self.path} was written by a newer showdesk (show file schema {version}); "
                f"this showdesk {__version__} reads schema {SCHEMA_VERSION} and older. "
                "Update showdesk to open it."
            )
        try:
            problems = [row[0] for row in self.conn.execute("PRAGMA quick_check").fetchall()]
        except sqlite3.DatabaseError as exc:
            problems = [str(exc)]
        if problems != ["ok"]:
            raise ShowFileError(
                f"{self.path} is damaged and was not opened: {'; '.join(problems[:3])}"
            )
        _use_wal(self.conn)
        if version < SCHEMA_VERSION:
            self._upgrade(version)

    def _upgrade(self, version: int) -> None:
        """Migrates from `version`, after a backup copy; a file that does not fit its version
        (a hand-lowered user_version) is refused unchanged, and its backup removed."""
        backup = backup_path(self.path, version)
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            shutil.copyfile(self.path, backup)
        except OSError as exc:
            backup.unlink(missing_ok=True)
            raise ShowFileError(
                f"{self.path} needs upgrading from schema {version}, but its backup copy "
                f"{backup.name} could not be written ({exc.strerror}); nothing was changed"
            ) from None
        try:
            with self.transaction():
                self._migrate(version)
        except sqlite3.Error as exc:
            backup.unlink()  # the file is as it was; the copy would only mislead
            if getattr(exc, "sqlite_errorname", "") != "SQLITE_ERROR":
                raise  # the disk, not the file: the caller says what
            raise ShowFileError(
                f"{self.path} says it is schema version {version}, but its tables are not those "
                f"of that version ({exc}): another program changed it, or it is damaged. "
                "showdesk has not changed it"
            ) from None

    def _migrate(self, version: int) -> None:
        for step in MIGRATIONS[version:]:
            step(self.db)
        self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _pragma(self, name: str) -> int:
        return int(self.conn.execute(f"PRAGMA {name}").fetchone()[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ShowFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several edits as one: all of them land, or none (inside another: a savepoint).

        Every edit of this file and the engine's run log use it. It is made on the connection
        itself, as sqlite-utils' `atomic()` makes it, so that the run log, which writes every GO
        in one, does not import sqlite-utils (~60 ms, at the first GO)."""
        conn = self.conn
        if conn.in_transaction:
            savepoint = f"showdesk_{next(_SAVEPOINTS)}"
            conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield
            except BaseException:
                if conn.in_transaction:  # (a RAISE(ROLLBACK) may have ended it all already)
                    conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        conn.execute("BEGIN")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            conn.rollback()  # (nothing to do if the error ended the transaction already)
            raise

    def save_copy(self, target: str | Path) -> Path:
        """A consistent copy of the whole show (its log too) at `target`, made with SQLite's
        backup, so it is whole even while the engine writes; an existing file there is
        replaced only once the copy is complete."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise ShowFileError("a copy needs another name than the show itself")
        partial = target.with_name(f".{target.name}.partial")
        try:
            copy = sqlite3.connect(partial)
            try:
                self.db.conn.backup(copy)
            finally:
                copy.close()
            partial.replace(target)
        except (OSError, sqlite3.Error) as exc:
            partial.unlink(missing_ok=True)
            raise ShowFileError(f"could not save a copy at {target}: {exc}") from None
        return target

    def integrity_problems(self) -> list[str]:
        """What SQLite's full integrity check finds (empty when the file is sound)."""
        rows = [row[0] for row in self.db.execute("PRAGMA integrity_check").fetchall()]
        return [] if rows == ["ok"] else rows

    # -- settings ------------------------------------------------------------------------

    def settings(self) -> Settings:
        stored: dict[str, Any] = {}
        for key, value in self.conn.execute("SELECT key, value FROM settings"):
            if key not in BY_KEY:
                continue  # `created` and the like: kept, but not settings
            try:  # a value another program wrote is checked as one typed in would be
                stored[key] = check_setting(key, json.loads(value))
            except (ValueError, ShowFileError) as exc:
                raise ShowFileError(
                    f"{self.path}: the stored setting {key} is not valid ({exc}); "
                    f"set it again with: showdesk settings FILE {key} VALUE"
                ) from None
        return settings_from(stored)

    def set_setting(self, key: str, value: Any) -> None:
        value = check_setting(key, value)
        self.db.execute(
            "INSERT INTO settings VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value)],
        )

    # -- the patch -----------------------------------------------------------------------

    def patch(self) -> dict[str, str]:
        """Destination name -> URL, by name."""
        return dict(self.conn.execute("SELECT name, url FROM patch ORDER BY name").fetchall())

    def set_destination(self, name: str, url: str, *, replace: bool = True) -> None:
        check_name(name)
        parse_url(url)
        if not replace and name in self.patch():
            raise ShowFileError(f"{name} is already patched; use 'patch set' to change it")
        self.db.execute(
            "INSERT INTO patch VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET url = excluded.url",
            [name, url.strip()],
        )

    def remove_destination(self, name: str) -> int:
        """Unpatches `name`; returns how many cues now name a destination that is not patched."""
        if self.db.execute("DELETE FROM patch WHERE name = ?", [name]).rowcount == 0:
            raise ShowFileError(f"{name} is not in the patch")
        return int(
            self.db.execute("SELECT count(*) FROM cues WHERE target = ?", [name]).fetchone()[0]
        )

    # -- departments ---------------------------------------------------------------------

    def departments(self) -> list[Department]:
        rows = self.conn.execute("SELECT code, name, colour FROM departments ORDER BY position")
        return [Department(*row) for row in rows]

    def add_department(self, dept: Department) -> None:
        if not dept.code or any(ch.isspace() for ch in dept.code):
            raise ShowFileError(f"department code {dept.code!r} must be one word")
        self.db.execute(
            "INSERT INTO departments VALUES (?, ?, ?, (SELECT count(*) FROM departments))",
            [dept.code, dept.name, dept.colour],
        )

    def set_departments(
        self, departments: Iterable[Department], renames: dict[str, str] | None = None
    ) -> None:
        """Makes the show's departments exactly these, in this order, in one transaction.

        `renames` maps old codes to new ones; cues of a renamed department follow it.
        """
        wanted = list(departments)
        codes = [dept.code for dept in wanted]
        for dept in wanted:
            if not dept.code or any(ch.isspace() for ch in dept.code):
                raise ShowFileError(f"department code {dept.code!r} must be one word")
            if codes.count(dept.code) > 1:
                raise ShowFileError(f"department code {dept.code} is used twice")
            if not _HEX_COLOUR.fullmatch(dept.colour):
                raise ShowFileError(f"{dept.code}: colour {dept.colour!r} is not #rrggbb")
        with self.transaction():
            self.db.execute("DELETE FROM departments")
            for position, dept in enumerate(wanted):
                self.db.execute(
                    "INSERT INTO departments VALUES (?, ?, ?, ?)",
                    [dept.code, dept.name, dept.colour, position],
                )
            for old, new in (renames or {}).items():
                self.db.execute("UPDATE cues SET dept = ? WHERE dept = ?", [new, old])

    # -- cue lists and cues --------------------------------------------------------------

    def cue_lists(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM cue_lists ORDER BY position")]

    def _list_id(self, name: str, *, create: bool = False) -> str:
        row = self.conn.execute("SELECT id FROM cue_lists WHERE name = ?", [name]).fetchone()
        if row:
            return str(row[0])
        if not create:
            raise ShowFileError(f"there is no cue list called {name!r}")
        list_id = f"list-{self.db.execute('SELECT count(*) FROM cue_lists').fetchone()[0]}"
        self.db.execute(
            "INSERT INTO cue_lists VALUES (?, ?, (SELECT count(*) FROM cue_lists))",
            [list_id, name],
        )
        return list_id

    def cues(self, list_name: str = MAIN) -> list[Cue]:
        """The cues of one list, in list order (a group's cues follow it)."""
        # sqlite3's own tuples (sqlite-utils makes a dict of each), each stored payload read once.
        rows = self.conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM cues WHERE list_id = ? ORDER BY position",
            [self._list_id(list_name)],
        )
        payloads: dict[tuple[str, Any], Any] = {}
        return [self._load(row, payloads) for row in rows]

    def cue(self, cue_id: str) -> Cue:
        rows = list(self.db["cues"].rows_where("id = ?", [cue_id]))
        if not rows:
            raise ShowFileError(f"there is no cue with id {cue_id}")
        return self._load(rows[0])

    def rows(self) -> Iterable[dict[str, Any]]:
        """Every stored cue row, as stored (for checks that must see bad rows too)."""
        return self.db.query(
            "SELECT cues.*, cue_lists.name AS list FROM cues JOIN cue_lists "
            "ON cues.list_id = cue_lists.id ORDER BY cue_lists.position, cues.position"
        )

    def _load(
        self,
        row: dict[str, Any] | tuple[Any, ...],
        payloads: dict[tuple[str, Any], Any] | None = None,
    ) -> Cue:
        """A cue from a stored row (a dict), or its values in the order of cuerows.COLUMNS."""
        try:
            if isinstance(row, dict):
                return cue_from_row(row)
            return cue_from_values(row, payloads)
        except ValueError as exc:
            raise ShowFileError(f"{self.path}: a stored cue is not valid: {exc}") from None

    def add_cue(self, cue: Cue, list_name: str = MAIN, *, after: str | None = None) -> Cue:
        """Stores a new cue after the cue `after`, or at the end of the list."""
        with self.transaction():
            list_id = self._list_id(list_name, create=True)
            if after is None:
                position = self._end(list_id)
            else:
                position = int(self._row(after)["position"]) + 1
                self.db.execute(
                    "UPDATE cues SET position = position + 1 WHERE list_id = ? AND position >= ?",
                    [list_id, position],
                )
            self._insert(cue, list_id, position)
        return cue

    def add_cues(self, cues: Iterable[Cue], list_name: str = MAIN) -> None:
        """Appends cues to a list in one transaction."""
        with self.transaction():
            list_id = self._list_id(list_name, create=True)
            position = self._end(list_id)
            for offset, cue in enumerate(cues):
                self._insert(cue, list_id, position + offset)

    def clear_list(self, list_name: str) -> None:
        """Removes every cue of a list (children first, for the group links)."""
        with self.transaction():
            list_id = self._list_id(list_name, create=True)
            self.db.execute("UPDATE cues SET parent_id = NULL WHERE list_id = ?", [list_id])
            self.db.execute("DELETE FROM cues WHERE list_id = ?", [list_id])

    def update_cue(self, cue: Cue) -> None:
        row = cue_to_row(cue)
        try:
            changed = self.db.execute(
                f"UPDATE cues SET {', '.join(f'{k} = ?' for k in row)} WHERE id = ?",
                [*row.values(), cue.id],
            ).rowcount
        except sqlite3.IntegrityError as exc:
            raise ShowFileError(_integrity_message(cue, exc)) from None
        if changed == 0:
            raise ShowFileError(f"{cue.label} is not in this show")

    def sync_cues(self, cues: Iterable[Cue], list_name: str = MAIN) -> None:
        """Makes a list exactly these cues, in this order, in one transaction.

        Only what differs is written: new cues are inserted, changed or moved cues updated, and
        cues of the list that are not given are deleted. This is how an editor writes a whole
        edit (or its undo) at once: numbers may be swapped and groups rebuilt in one step.
        """
        wanted = list(cues)
        with self.transaction():
            list_id = self._list_id(list_name, create=True)
            current = {
                row["id"]: row for row in self.db["cues"].rows_where("list_id = ?", [list_id])
            }
            ids = {cue.id for cue in wanted}
            if len(ids) != len(wanted):
                raise ShowFileError("a cue appears twice in the list to store")
            gone = [cue_id for cue_id in current if cue_id not in ids]
            # Free the numbers and group links first, so swaps and regroupings cannot clash.
            for cue_id in gone:
                self.db.execute(
                    "UPDATE cues SET number = '', parent_id = NULL WHERE id = ?", [cue_id]
                )
            for cue in wanted:
                row = current.get(cue.id)
                if row is not None and row["number"] != cue.number:
                    self.db.execute("UPDATE cues SET number = '' WHERE id = ?", [cue.id])
            for position, cue in enumerate(wanted):
                if cue.id not in current:
                    self._insert(replace(cue, number="", parent=None), list_id, position)
            for position, cue in enumerate(wanted):
                row = current.get(cue.id)
                stored = {"position": position, "list_id": list_id, **cue_to_row(cue)}
                if row is not None and all(row[key] == value for key, value in stored.items()):
                    continue
                try:
                    self.db.execute(
                        f"UPDATE cues SET {', '.join(f'{k} = ?' for k in stored)} WHERE id = ?",
                        [*stored.values(), cue.id],
                    )
                except sqlite3.IntegrityError as exc:
                    raise ShowFileError(_integrity_message(cue, exc)) from None
            for cue_id in gone:
                self.db.execute("DELETE FROM cues WHERE id = ?", [cue_id])

    def delete_cue(self, cue_id: str) -> None:
        """Deletes a cue; deleting a group deletes the cues in it."""
        with self.transaction():
            ids = [cue_id]
            for parent in ids:  # grows as children are found: a breadth-first walk
                ids += [row[0] for row in self.db.execute(
                    "SELECT id FROM cues WHERE parent_id = ?", [parent]
                )]  # fmt: skip
            for each in reversed(ids):
                self.db.execute("DELETE FROM cues WHERE id = ?", [each])

    def _row(self, cue_id: str) -> dict[str, Any]:
        rows = list(self.db["cues"].rows_where("id = ?", [cue_id]))
        if not rows:
            raise ShowFileError(f"there is no cue with id {cue_id}")
        return rows[0]

    def _end(self, list_id: str) -> int:
        row = self.db.execute(
            "SELECT coalesce(max(position) + 1, 0) FROM cues WHERE list_id = ?", [list_id]
        ).fetchone()
        return int(row[0])

    def _insert(self, cue: Cue, list_id: str, position: int) -> None:
        row = {"id": cue.id, "list_id": list_id, "position": position, **cue_to_row(cue)}
        try:
            self.db.execute(
                f"INSERT INTO cues ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                list(row.values()),
            )
        except sqlite3.IntegrityError as exc:
            raise ShowFileError(_integrity_message(cue, exc)) from None


def _integrity_message(cue: Cue, exc: sqlite3.IntegrityError) -> str:
    if "cues.list_id, cues.number" in str(exc):
        return f"there is already a cue numbered {cue.number} in this list"
    if "FOREIGN KEY" in str(exc):
        return f"{cue.label} is in a group that is not in this show"
    return f"{cue.label} could not be stored: {exc}"


def _connect(path: Path) -> sqlite3.Connection:
    # Autocommit connection: transactions are explicit (ShowFile.transaction()), so an edit is
    # on disk when the method that made it returns.
    conn = sqlite3.connect(path, isolation_level=None, timeout=10.0)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils sets it (ShowFile.db)
    return conn


def _use_wal(conn: sqlite3.Connection) -> None:
    # Only once the file is known to be ours: this changes the file itself.
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
