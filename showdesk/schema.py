"""The show file's schema and its migrations.

`PRAGMA user_version` holds the schema version and `PRAGMA application_id` marks the file as a
showdesk show. Migration N takes a file from version N-1 to N inside one transaction; a file with
a version above SCHEMA_VERSION was written by a newer showdesk and is refused, never guessed at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils  # (imported when a migration runs: ShowFile.db)

APPLICATION_ID = 0x53484F57  # "SHOW"


def _run(db: sqlite_utils.Database, script: str) -> None:
    # Not executescript(): it commits first, and a migration must be one transaction.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _v1(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE cue_lists (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            position INTEGER NOT NULL
        );
        CREATE TABLE cues (
            id TEXT PRIMARY KEY,
            list_id TEXT NOT NULL REFERENCES cue_lists(id),
            position INTEGER NOT NULL,
            number TEXT NOT NULL DEFAULT '',
            type TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            target TEXT NOT NULL DEFAULT '',
            payload TEXT NOT NULL,
            pre_wait REAL NOT NULL DEFAULT 0,
            duration REAL NOT NULL DEFAULT 0,
            post_wait REAL NOT NULL DEFAULT 0,
            continue_mode TEXT NOT NULL DEFAULT 'none',
            armed INTEGER NOT NULL DEFAULT 1,
            dept TEXT NOT NULL DEFAULT '',
            call TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            colour TEXT NOT NULL DEFAULT '',
            parent_id TEXT REFERENCES cues(id)
        );
        CREATE UNIQUE INDEX cues_number ON cues(list_id, number) WHERE number <> '';
        CREATE INDEX cues_order ON cues(list_id, position);
        CREATE TABLE patch (name TEXT PRIMARY KEY, url TEXT NOT NULL);
        CREATE TABLE departments (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            colour TEXT NOT NULL,
            position INTEGER NOT NULL
        );
        """,
    )


def _v2(db: sqlite_utils.Database) -> None:
    """The run log: one performance per run of the engine, and every event of it."""
    _run(
        db,
        """
        CREATE TABLE performances (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            mode TEXT NOT NULL,
            list TEXT NOT NULL,
            started REAL NOT NULL,
            ended REAL
        );
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            performance_id INTEGER NOT NULL REFERENCES performances(id),
            wall REAL NOT NULL,
            mono REAL NOT NULL,
            show_time REAL NOT NULL,
            kind TEXT NOT NULL,
            cue_id TEXT,
            detail TEXT NOT NULL
        );
        CREATE INDEX events_by_performance ON events(performance_id, id);
        """,
    )


def _v3(db: sqlite_utils.Database) -> None:
    """The troubleshooting log: a performance's kind, notes and their revisions.

    A stage manager's markers (house open, show up, act 2, hold ...) are `mark` events in the
    `events` table: they come from the engine, in order with everything else it logged.
    """
    _run(
        db,
        """
        ALTER TABLE performances ADD COLUMN kind TEXT NOT NULL DEFAULT 'rehearsal';
        UPDATE performances
            SET kind = CASE mode WHEN 'live' THEN 'performance' ELSE 'rehearsal' END;
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            performance_id INTEGER REFERENCES performances(id),
            wall REAL NOT NULL,
            show_time REAL,
            cue TEXT,
            standing_by TEXT,
            running TEXT NOT NULL DEFAULT '[]',
            dept TEXT NOT NULL DEFAULT '',
            severity TEXT NOT NULL DEFAULT 'info'
                CHECK (severity IN ('info', 'issue', 'critical')),
            text TEXT NOT NULL CHECK (trim(text) <> ''),
            struck INTEGER NOT NULL DEFAULT 0,
            struck_reason TEXT,
            source TEXT NOT NULL DEFAULT 'cli'
        );
        CREATE INDEX notes_by_performance ON notes(performance_id, id);
        CREATE TABLE note_revisions (
            id INTEGER PRIMARY KEY,
            note_id INTEGER NOT NULL REFERENCES notes(id),
            wall REAL NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('edit', 'strike')),
            old_text TEXT NOT NULL,
            new_text TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX note_revisions_by_note ON note_revisions(note_id, id);
        """,
    )


def _v4(db: sqlite_utils.Database) -> None:
    """The report's header: a performance's scheduled start (wall time; NULL: the show's usual
    curtain setting applies) and who called it."""
    _run(
        db,
        """
        ALTER TABLE performances ADD COLUMN scheduled REAL;
        ALTER TABLE performances ADD COLUMN called_by TEXT NOT NULL DEFAULT '';
        """,
    )


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2, _v3, _v4]
SCHEMA_VERSION = len(MIGRATIONS)
