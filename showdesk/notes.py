"""The troubleshooting log: notes typed by the stage manager, and the performances they belong to.

A note is one row of `notes`, committed before whoever wrote it says so. It is stamped with the
wall time and, when it belongs to a running performance, the show time, the cue standing by and
the cues running. Notes are never deleted: an edit or a strike keeps the text it replaced in
`note_revisions`.

The engine writes the notes typed into it (`note TEXT` in the protocol, see engine/runlog.py);
`showdesk note` writes here, from another process, while the engine runs. It learns what is
standing by and running from the last events the engine logged.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from showdesk.errors import ShowdeskError
from showdesk.logrows import readable
from showdesk.showfile import ShowFile

KINDS = ("rehearsal", "tech", "preview", "performance")
STARTS = ("go", "mark")  # what starts a performance: the first GO or mark of the show
SEVERITIES = ("info", "issue", "critical")
ACTIVE = ("prewait", "running", "postwait", "paused")


@dataclass(frozen=True)
class Performance:
    id: int
    name: str
    kind: str
    mode: str
    list: str
    started: float
    ended: float | None
    scheduled: float | None = None  # its own scheduled start (None: the show's curtain setting)
    called_by: str = ""


@dataclass(frozen=True)
class Note:
    id: int
    performance_id: int | None
    wall: float
    show_time: float | None
    cue: str | None
    standing_by: str | None
    running: list[str]
    dept: str
    severity: str
    text: str
    struck: bool = False
    struck_reason: str | None = None
    source: str = "cli"
    revisions: list[dict[str, Any]] = field(default_factory=list)


# -- performances --------------------------------------------------------------------------


def performances(show: ShowFile) -> list[Performance]:
    """Every performance of the show, oldest first: those with a GO or a mark (a run of the
    engine that never started the show, as older showdesks logged, is not one)."""
    rows = show.db.query(
        "SELECT * FROM performances AS p WHERE EXISTS (SELECT 1 FROM events "
        f"WHERE performance_id = p.id AND kind IN ({', '.join(repr(k) for k in STARTS)})) "
        "ORDER BY id"
    )
    return [_performance(row) for row in rows]


_PERFORMANCE_FIELDS = [f.name for f in fields(Performance)]


def _performance(row: dict[str, Any]) -> Performance:
    return Performance(**{f: row[f] for f in _PERFORMANCE_FIELDS})


def find_performance(show: ShowFile, spec: str) -> Performance:
    """A performance by id, name, `last` (the latest started) or `current` (the latest, if it
    has no end yet: the engine is running it, or was killed before it could record one)."""
    every = performances(show)
    spec = spec.strip()
    if not every:
        raise ShowdeskError(f"{show.path} has no performances yet (run the show first)")
    if spec == "last":
        return every[-1]
    if spec == "current":
        if every[-1].ended is not None:
            raise ShowdeskError(
                f"no performance is running in {show.path} (the last one, "
                f"{every[-1].id} {every[-1].name!r}, has ended)"
            )
        return every[-1]
    if spec.isdigit():
        for perf in every:
            if perf.id == int(spec):
                return perf
    named = [p for p in every if p.name == spec]
    if named:
        return named[-1]
    raise ShowdeskError(
        f"there is no performance {spec!r} in {show.path}; give an id "
        f"({every[0].id}-{every[-1].id}), a name, 'last' or 'current'"
    )


def engine_state(show: ShowFile, perf: Performance, now: float) -> dict[str, Any]:
    """Show time, the cue standing by and the cues running at wall time `now`, from the last
    events the engine logged for the performance."""
    rows = show.db.execute(
        "SELECT detail FROM events WHERE performance_id = ? AND kind IN ('ready', 'playhead', "
        "'cue') ORDER BY id",
        [perf.id],
    ).fetchall()
    origin = perf.started
    standing: str | None = None
    states: dict[str, str] = {}
    # A row another program changed is left out: the others still say where the show is.
    for event in readable(detail for (detail,) in rows)[0]:
        if event["event"] == "ready":
            origin = event["wall"] - event["show_time"]
            standing = event.get("playhead")
        elif event["event"] == "playhead":
            standing = event.get("cue")
        elif event.get("cue") is not None:
            states[str(event["cue"])] = str(event.get("state", ""))
    running = [cue for cue, state in states.items() if state in ACTIVE]
    return {"show_time": round(now - origin, 6), "standing_by": standing, "running": running}


# -- notes ---------------------------------------------------------------------------------


def check_note_fields(show: ShowFile, text: str, dept: str, severity: str) -> tuple[str, str, str]:
    """The text, department code and severity, checked; ShowdeskError naming what is wrong."""
    text = text.strip()
    if not text:
        raise ShowdeskError("a note needs some text")
    dept = dept.strip().upper()
    codes = [d.code for d in show.departments()]
    if dept and dept not in codes:
        raise ShowdeskError(
            f"there is no department {dept!r} in this show (known: {', '.join(codes)})"
        )
    severity = severity.strip().lower()
    if severity not in SEVERITIES:
        raise ShowdeskError(f"a note's severity is {', '.join(SEVERITIES)}, not {severity!r}")
    return text, dept, severity


def add_note(
    show: ShowFile,
    text: str,
    *,
    cue: str | None = None,
    dept: str = "",
    severity: str = "info",
    performance: Performance | None = None,
    now: float | None = None,
) -> Note:
    """Stores a note (committed when this returns) and returns it as stored."""
    text, dept, severity = check_note_fields(show, text, dept, severity)
    now = time.time() if now is None else now
    if cue is not None:
        cue = cue.strip()
        list_name = performance.list if performance else None
        if not _cue_exists(show, cue, list_name):
            where = f"cue list {list_name}" if list_name else "this show"
            raise ShowdeskError(f"there is no cue numbered {cue!r} in {where}")
    state: dict[str, Any] = {"show_time": None, "standing_by": None, "running": []}
    if performance is not None and performance.ended is None:
        state = engine_state(show, performance, now)
    cursor = show.db.execute(
        "INSERT INTO notes (performance_id, wall, show_time, cue, standing_by, running, dept,"
        " severity, text, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'cli')",
        [
            performance.id if performance else None,
            now,
            state["show_time"],
            cue or None,
            state["standing_by"],
            json.dumps(state["running"]),
            dept,
            severity,
            text,
        ],
    )
    return get_note(show, int(cursor.lastrowid or 0))


def _cue_exists(show: ShowFile, number: str, list_name: str | None) -> bool:
    sql = "SELECT 1 FROM cues JOIN cue_lists ON cues.list_id = cue_lists.id WHERE number = ?"
    args = [number]
    if list_name:
        sql += " AND cue_lists.name = ?"
        args.append(list_name)
    return show.db.execute(sql, args).fetchone() is not None


def get_note(show: ShowFile, note_id: int) -> Note:
    rows = list(show.db.query("SELECT * FROM notes WHERE id = ?", [note_id]))
    if not rows:
        raise ShowdeskError(f"there is no note {note_id} in {show.path}")
    revisions = list(
        show.db.query(
            "SELECT wall, action, old_text, new_text, reason FROM note_revisions"
            " WHERE note_id = ? ORDER BY id",
            [note_id],
        )
    )
    return _note(rows[0], revisions)


def _note(row: dict[str, Any], revisions: list[dict[str, Any]] | None = None) -> Note:
    return Note(
        id=row["id"],
        performance_id=row["performance_id"],
        wall=row["wall"],
        show_time=row["show_time"],
        cue=row["cue"],
        standing_by=row["standing_by"],
        running=_running(row["running"]),
        dept=row["dept"],
        severity=row["severity"],
        text=row["text"],
        struck=bool(row["struck"]),
        struck_reason=row["struck_reason"],
        source=row["source"],
        revisions=revisions or [],
    )


def _running(stored: str) -> list[str]:
    """The cues running when a note was taken, as stored: a JSON list; anything else (another
    program wrote it) is shown as it is, never a traceback."""
    try:
        value = json.loads(stored)
    except (ValueError, TypeError):
        return [str(stored)]
    return [str(cue) for cue in value] if isinstance(value, list) else [str(value)]


def edit_note(show: ShowFile, note_id: int, text: str, *, now: float | None = None) -> Note:
    """Replaces a note's text; the old text stays in `note_revisions`."""
    text = text.strip()
    if not text:
        raise ShowdeskError("a note needs some text; to take a note back, strike it")
    with _writing(show):
        note = get_note(show, note_id)
        if note.struck:
            raise ShowdeskError(f"note {note_id} is struck; add a new note instead")
        if text == note.text:
            return note
        _revise(show, note, "edit", text, "", now)
        show.db.execute("UPDATE notes SET text = ? WHERE id = ?", [text, note_id])
    return get_note(show, note_id)


def strike_note(show: ShowFile, note_id: int, reason: str, *, now: float | None = None) -> Note:
    """Strikes a note out (it stays in the file, marked struck, with the reason)."""
    reason = reason.strip()
    if not reason:
        raise ShowdeskError("striking a note needs a reason (--reason TEXT)")
    with _writing(show):
        note = get_note(show, note_id)
        if note.struck:
            raise ShowdeskError(f"note {note_id} is struck already ({note.struck_reason})")
        _revise(show, note, "strike", note.text, reason, now)
        show.db.execute(
            "UPDATE notes SET struck = 1, struck_reason = ? WHERE id = ?", [reason, note_id]
        )
    return get_note(show, note_id)


@contextmanager
def _writing(show: ShowFile) -> Iterator[None]:
    """A transaction that reads, then writes, taking the write lock first: with other writers
    about (the engine, another terminal), a deferred one could fail at its first write instead
    of waiting its turn (busy_timeout only covers waiting for the lock, not upgrading to it)."""
    show.db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        show.db.execute("ROLLBACK")
        raise
    show.db.execute("COMMIT")


def _revise(
    show: ShowFile, note: Note, action: str, new_text: str, reason: str, now: float | None
) -> None:
    show.db.execute(
        "INSERT INTO note_revisions (note_id, wall, action, old_text, new_text, reason)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [note.id, time.time() if now is None else now, action, note.text, new_text, reason],
    )


def query_notes(
    show: ShowFile,
    *,
    performance: Performance | None = None,
    dept: str | None = None,
    severity: str | None = None,
    since: float | None = None,
    grep: str | None = None,
) -> list[Note]:
    """Notes matching every filter given, oldest first (struck ones included, marked)."""
    where: list[str] = ["1"]
    args: list[Any] = []
    if performance is not None:
        where.append("performance_id = ?")
        args.append(performance.id)
    if dept:
        where.append("dept = ?")
        args.append(dept.strip().upper())
    if severity:
        if severity not in SEVERITIES:
            raise ShowdeskError(f"a note's severity is {', '.join(SEVERITIES)}, not {severity!r}")
        where.append("severity = ?")
        args.append(severity)
    if since is not None:
        where.append("wall >= ?")
        args.append(since)
    if grep:
        where.append("instr(lower(text), lower(?)) > 0")
        args.append(grep)
    try:
        rows = list(
            show.db.query(
                f"SELECT * FROM notes WHERE {' AND '.join(where)} ORDER BY wall, id", args
            )
        )
    except sqlite3.Error as exc:  # pragma: no cover - a damaged file is refused on open
        raise ShowdeskError(f"the notes could not be read: {exc}") from None
    revisions: dict[int, list[dict[str, Any]]] = {}
    for rev in show.db.query(
        "SELECT note_id, wall, action, old_text, new_text, reason FROM note_revisions ORDER BY id"
    ):
        revisions.setdefault(rev.pop("note_id"), []).append(rev)
    return [_note(row, revisions.get(row["id"])) for row in rows]


_TIME_OF_DAY = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_since(text: str, *, today: datetime | None = None) -> float:
    """Wall time from `HH:MM[:SS]` (today, local time), `YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS]`
    (also with a `T`); ShowdeskError naming the forms otherwise."""
    text = text.strip()
    match = _TIME_OF_DAY.fullmatch(text)
    try:
        if match:
            hours, minutes, seconds = (int(g or 0) for g in match.groups())
            base = today or datetime.now()
            moment = base.replace(hour=hours, minute=minutes, second=seconds, microsecond=0)
        else:
            moment = datetime.fromisoformat(text)
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?", text):
                raise ValueError
    except ValueError:
        raise ShowdeskError(
            f"{text!r} is not a time: write HH:MM, HH:MM:SS, YYYY-MM-DD or 'YYYY-MM-DD HH:MM'"
        ) from None
    return moment.timestamp()
