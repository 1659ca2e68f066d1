"""The show file's schema and its migrations.

`PRAGMA user_version` holds the schema version and `PRAGMA application_id` marks the file as a
showdesk show. Migration N takes a file from version N-1 to N inside one transaction; a file with
a version above SCHEMA_VERSION was written by a newer showdesk and is refused, never guessed at.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

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


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2]
SCHEMA_VERSION = len(MIGRATIONS)
