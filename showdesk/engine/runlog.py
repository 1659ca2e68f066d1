"""The run log: every engine event is written to the show file, then announced.

Events are handed over on a queue, so the timing loop never waits for the disk. A writer thread
takes whatever has queued up, commits it in one transaction, and only then hands the events to
the engine's clients (stdout): what a client has seen is already in the file, even if the engine
is killed the next instant. The commit does not wait for the disk itself (`synchronous =
NORMAL`): the `Flusher` syncs the file right behind the writer, so a slow sync never holds up a
GO's event on its way to the window.

A performance starts with the show, not with the engine: the first GO or mark makes its row
(named from its kind and the date unless the run was given a name), in the same transaction as
that GO, on this thread, so the GO itself never waits for it. Until then events are announced
at once and kept here, and written into the performance as it starts; a run with no GO and no
mark (edit mode, a check of the rig) leaves no performance behind. A note typed before the first
GO is written at once, with no performance, and joins the performance when it starts.

When the file cannot be written (a full disk, a failing drive), nothing is lost and nothing is
claimed: the events are printed marked `"saved": false` and kept in memory, in order, up to
MAX_UNWRITTEN; the writer tries again every RETRY seconds and writes them all when it can. A
`log` event says so: `not_saving` (with the count and the reason) at once and then at most every
REPEAT seconds, `saving` when everything is written. A note is only given its `note_id` (its
row in `notes`) once it is in the file. Text that cannot be stored (a lone surrogate from a JSON
`\\udce9`) is kept as its escape. An exception the writer does not expect is an `error` event and
the writer goes on; after GIVE_UP in a row it stops, and the engine with it.

Beside the timing loop (`beside`), the writer runs one step below it at real-time priority and
keeps out of its way: it encodes one event at a time and inserts at most ROWS rows with one
statement (one SQLite step, so one hand-over of the GIL rather than one a row), each piece
outside the last moment before a deadline (`threads.Quiet`).
"""

from __future__ import annotations

import contextlib
import functools
import json
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from showdesk.engine.flusher import Flusher
from showdesk.errors import ShowdeskError
from showdesk.notes import KINDS, STARTS
from showdesk.showfile import ShowFile
from showdesk.threads import GIVE_UP, Pace, Quiet, Report, WorkerProblem, describe

Emit = Callable[[list[dict[str, Any]]], None]
Event = dict[str, Any]
_STOP = object()
EARLY_LIMIT = 5000  # events kept before the performance starts (a run left idle for hours)
RETRY = 0.5  # seconds between attempts while the file cannot be written
REPEAT = 5.0  # seconds between `log` events while it still cannot
MAX_UNWRITTEN = 100_000  # events kept in memory meanwhile (notes and marks are always kept)
KEPT = frozenset({"note", "mark", "log", "quit", "performance"})
CLOSE_PATIENCE = 2.0  # seconds `close` keeps trying to write what is not written
ROWS = 100  # events inserted by one statement (7 values each: SQLite before 3.32 takes 999)
COLUMNS = "performance_id, wall, mono, show_time, kind, cue_id, detail"


@dataclass(frozen=True)
class Pending:
    """A performance this run will start with its first GO or mark."""

    name: str  # "" for the default, made from the kind and the date when it starts
    mode: str
    list: str
    kind: str


def default_name(kind: str, started: float) -> str:
    return f"{kind} {time.strftime('%Y-%m-%d %H:%M', time.localtime(started))}"


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ShowdeskError(f"a performance is a {', '.join(KINDS)}, not {kind!r}")
    return kind


def start_performance(
    show: ShowFile, name: str, mode: str, list_name: str, kind: str = "rehearsal"
) -> int:
    """A performance started now (the engine starts its own with the first GO: `Pending`)."""
    check_kind(kind)
    cursor = show.conn.execute(
        "INSERT INTO performances (name, mode, list, started, kind) VALUES (?, ?, ?, ?, ?)",
        [name, mode, list_name, time.time(), kind],
    )
    return int(cursor.lastrowid or 0)


def close_abandoned(show: ShowFile) -> list[int]:
    """Ends the performances an engine left running when it was killed (the caller holds the
    show's engine lock, so none is running now), at their last logged event; their ids."""
    ids = [row[0] for row in show.conn.execute("SELECT id FROM performances WHERE ended IS NULL")]
    for perf in ids:
        show.conn.execute(
            "UPDATE performances SET ended = coalesce((SELECT max(wall) FROM events"
            " WHERE performance_id = ?), started) WHERE id = ?",
            [perf, perf],
        )
    return ids


def storable(event: Event) -> Event:
    """The event with every string that UTF-8 cannot hold (lone surrogates) escaped."""
    try:
        json.dumps(event, ensure_ascii=False, default=repr).encode("utf-8")
        return event
    except UnicodeEncodeError:
        return _escape(event)  # type: ignore[no-any-return]


def _escape(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {_escape(k): _escape(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_escape(v) for v in value]
    return value


class RunLog:
    """Writes events to the performance's log, in order, from its own thread and connection.

    `performance` is a performance's id, or the `Pending` one the first GO or mark starts.
    """

    def __init__(
        self,
        path: Path,
        performance: int | Pending,
        emit: Emit,
        report: Report | None = None,
        beside: Quiet | None = None,
    ) -> None:
        self.path = path
        self.pace = Pace(beside)
        self.pending: Pending | None = None
        self.performance: int | None = None
        if isinstance(performance, Pending):
            self.pending = performance
        else:
            self.performance = performance
        self.early: list[Event] = []  # events announced before the performance
        self.early_notes: list[int] = []
        self.starting: Event | None = None  # the `performance` event of a start not yet written
        self.emit = emit
        self.report = report or (lambda problem: None)  # the timing loop hears of failures
        self.stamp: Callable[..., Event] = self._stamp  # serve() gives it the engine's clock
        self.queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="run-log", daemon=True)
        self.opened = threading.Event()
        self.failure = ""  # why the writer stopped, if it did
        self.unwritten: list[Event] = []  # printed, not yet in the file
        self.dropped = 0  # events not kept because MAX_UNWRITTEN were waiting
        self.reason = ""  # why the file cannot be written, while it cannot
        self._reported = 0.0
        self._last: Event = {"wall": time.time(), "mono": time.perf_counter(), "show_time": 0.0}
        self.flusher = Flusher(path, self.report, beside)
        self._size = 0  # bytes of the transaction being written, for the flusher

    def start(self) -> None:
        self.thread.start()
        self.opened.wait()
        if self.failure:
            raise ShowdeskError(f"the run log cannot be written: {self.failure}")

    def put(self, event: Event) -> None:
        """Called from the timing loop: never blocks."""
        self.queue.put(event)

    def close(self) -> int:
        """Writes what is queued (trying CLOSE_PATIENCE seconds more if the file will not take
        it), marks the performance ended, and stops the thread. Returns how many events could
        not be written."""
        self.queue.put(_STOP)
        self.thread.join()
        leftover = [e for e in _drain(self.queue) if isinstance(e, dict)]
        if leftover:  # the writer had stopped: print the rest, marked as not in the file
            self._print([{**e, "saved": False} for e in leftover])
        return len(self.unwritten) + self.dropped + len(leftover)

    # -- the writer's thread -----------------------------------------------------------

    def _run(self) -> None:
        self.pace.start()
        try:
            show = ShowFile.open(self.path)
        except Exception as exc:
            self.failure = str(exc)
            self.opened.set()
            return
        # The writer's commits do not wait for the disk; the flusher's thread does that.
        show.conn.execute("PRAGMA synchronous = NORMAL")
        show.conn.execute("PRAGMA wal_autocheckpoint = 0")
        _start_the_log(show)
        self.flusher.start()
        self.opened.set()
        failures = 0
        stopping = False
        with show:
            while not stopping:
                batch = _drain(self.queue, RETRY if self.unwritten else None)
                stopping = _STOP in batch
                try:
                    self._handle(show, [e for e in batch if isinstance(e, dict)])
                    failures = 0
                except Exception as exc:  # a bug: say so, keep logging
                    failures += 1
                    message = f"the run log failed to handle {len(batch)} event(s): {describe(exc)}"
                    fatal = failures >= GIVE_UP
                    self.report(WorkerProblem("run log", message, fatal))
                    if fatal:
                        self.failure = message
                        self.flusher.close()
                        return
            self._finish(show)
            self.flusher.close()

    def _handle(self, show: ShowFile, events: list[Event]) -> None:
        """Writes what was not written, then `events`, and prints them (with any `log` event)."""
        kept = []
        for e in events:
            self.pace()
            kept.append(storable(e))
        events = kept
        if events:
            self._last = events[-1]
        if self.performance is None and self.starting is None and self.pending is not None:
            events = self._before_the_show(show, events)
        if self.unwritten and self._write(show, self.unwritten):
            events.insert(0, self._saving())  # in the file with the rest, if it fits
        if not events and not self.unwritten:
            return
        if events and not self.unwritten and self._write(show, events):
            self._print(events)
        else:
            self._print(self._keep(events))

    def _before_the_show(self, show: ShowFile, events: list[Event]) -> list[Event]:
        """Events before the performance: announced and kept; the first GO or mark starts it.
        Returns the events still to write (from the start on), with the `performance` event."""
        starter = next((i for i, e in enumerate(events) if e["event"] in STARTS), None)
        before = events if starter is None else events[:starter]
        for e in before:
            if e["event"] == "note":
                self._early_note(show, e)
        self.early = (self.early + before)[-EARLY_LIMIT:]
        self._print(before)
        if starter is None:
            return []
        assert self.pending is not None
        first, pending = events[starter], self.pending
        self.starting = {
            **{k: first[k] for k in ("wall", "mono", "show_time")},
            "event": "performance",
            "performance": None,  # its row's id, once written (with the GO: see `_start`)
            "name": pending.name or default_name(pending.kind, float(first["wall"])),
            "kind": pending.kind,
            "mode": pending.mode,
        }
        return [self.starting, *events[starter:]]

    def _early_note(self, show: ShowFile, e: Event) -> None:
        """A note before the performance: committed now (with no performance) before anyone is
        told it was taken; it joins the performance when that starts. If the file refuses it,
        it is written with the performance (it is kept with the other early events)."""
        try:
            with show.transaction():
                e["note_id"] = self._note(show, e)
        except sqlite3.Error as exc:
            e.pop("note_id", None)
            e["saved"] = False
            self.reason = str(exc)
            return
        self.flusher.wrote()
        self.early_notes.append(e["note_id"])

    def _start(self, show: ShowFile) -> None:
        """The performance's row, and the events announced before it (in `_write`'s
        transaction)."""
        assert self.pending is not None
        assert self.starting is not None
        pending, starting = self.pending, self.starting
        cursor = show.conn.execute(
            "INSERT INTO performances (name, mode, list, started, kind) VALUES (?, ?, ?, ?, ?)",
            [starting["name"], pending.mode, pending.list, float(starting["wall"]), pending.kind],
        )
        self.performance = starting["performance"] = int(cursor.lastrowid or 0)
        if self.early_notes:
            marks = ", ".join("?" for _ in self.early_notes)
            show.conn.execute(
                f"UPDATE notes SET performance_id = ? WHERE id IN ({marks})",
                [self.performance, *self.early_notes],
            )
        self._insert(show, self.early)  # already announced: written, not announced again

    def _write(self, show: ShowFile, events: list[Event]) -> bool:
        """Stores the events (a `note` event also as a row of `notes`, its id in `note_id`),
        starting the performance first if a GO or mark has just started it; False, with the
        reason kept, if the file refused them."""
        starts = self.performance is None and self.starting is not None
        try:
            with show.transaction():
                if starts:
                    self._start(show)
                self._insert(show, events)
        except sqlite3.Error as exc:
            self._size = 0
            if starts:
                self.performance = None
                assert self.starting is not None
                self.starting["performance"] = None
            for e in [*events, *(self.early if starts else [])]:
                if e.get("note_id") not in self.early_notes:
                    e.pop("note_id", None)  # given in this transaction, which did not happen
            self.reason = str(exc)
            return False
        if starts:
            self.early, self.starting = [], None
        self.flusher.wrote(self._size)
        self._size = 0
        return True

    def _insert(self, show: ShowFile, events: list[Event]) -> None:
        for e in events:
            if e["event"] == "note" and "note_id" not in e:  # (an early note has one)
                self.pace()
                e["note_id"] = self._note(show, e)
        rows = self._rows(events)
        for start in range(0, len(rows), ROWS):
            chunk = rows[start : start + ROWS]
            self.pace()
            show.conn.execute(_insert_rows(len(chunk)), [v for row in chunk for v in row])

    def _keep(self, events: list[Event]) -> list[Event]:
        """Marks the events unsaved and keeps them (up to MAX_UNWRITTEN, notes and marks
        always); returns what to print: them, and a `log` event when the failure is new or
        REPEAT old."""
        new = not self.unwritten
        for e in events:
            e["saved"] = False
            if len(self.unwritten) < MAX_UNWRITTEN or e["event"] in KEPT:
                self.unwritten.append(e)
            else:
                self.dropped += 1
        if new or time.monotonic() - self._reported >= REPEAT:
            self._reported = time.monotonic()
            notice = self.stamp("log", state="not_saving", pending=len(self.unwritten) + 1,
                                dropped=self.dropped, reason=self.reason, saved=False)  # fmt: skip
            self.unwritten.append(notice)
            events = [*events, notice]
        return events

    def _saving(self) -> Event:
        """Everything unwritten is written: the `log` event that says so."""
        notes = [e["note_id"] for e in self.unwritten if "note_id" in e]
        event = self.stamp("log", state="saving", written=len(self.unwritten), note_ids=notes,
                           dropped=self.dropped)  # fmt: skip
        self.unwritten, self.dropped, self.reason = [], 0, ""
        return event

    def _finish(self, show: ShowFile) -> None:
        deadline = time.monotonic() + CLOSE_PATIENCE
        while self.unwritten and time.monotonic() < deadline:
            time.sleep(RETRY / 5)
            if self._write(show, self.unwritten):
                self.unwritten = []
        if self.performance is not None:
            try:
                show.conn.execute(
                    "UPDATE performances SET ended = ? WHERE id = ?",
                    [time.time(), self.performance],
                )
                self.flusher.wrote()
            except sqlite3.Error as exc:
                self.reason = self.reason or str(exc)
        if self.unwritten:
            self._print([self.stamp("log", state="lost", pending=len(self.unwritten),
                                    dropped=self.dropped, reason=self.reason)])  # fmt: skip

    def _print(self, events: list[Event]) -> None:
        if not events:
            return
        try:
            self.emit(events)
        except Exception as exc:  # the log is written; a client that cannot read loses lines
            self.report(WorkerProblem("run log", f"events not printed: {describe(exc)}"))

    def _stamp(self, kind: str, /, **fields: Any) -> Event:
        times = {k: self._last[k] for k in ("wall", "mono", "show_time")}
        return {"event": kind, **times, **fields}

    def _note(self, show: ShowFile, e: Event) -> int:
        cursor = show.conn.execute(
            "INSERT INTO notes (performance_id, wall, show_time, cue, standing_by, running, dept,"
            " severity, text, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'engine')",
            [self.performance, e["wall"], e["show_time"], e.get("cue"), e.get("standing_by"),
             json.dumps(e.get("running", [])), e.get("dept", ""), e.get("severity", "info"),
             e["text"]],
        )  # fmt: skip
        return int(cursor.lastrowid or 0)

    def _rows(self, events: list[Event]) -> list[tuple[Any, ...]]:
        rows = []
        for e in events:
            self.pace()
            detail = json.dumps(e, separators=(",", ":"), default=repr)
            self._size += len(detail)
            rows.append((self.performance, e["wall"], e["mono"], e["show_time"], e["event"],
                         e.get("id"), detail))  # fmt: skip
        return rows


def _start_the_log(show: ShowFile) -> None:
    """A first commit now, at the engine's start, that changes nothing (the schema version,
    written as it is): a session's first commit may start the write-ahead log over, and SQLite
    syncs the log's new header then, which took 60 ms in front of a first GO here. A file that
    cannot be written now is said so by the first event's write."""
    with contextlib.suppress(sqlite3.Error):
        version = int(show.conn.execute("PRAGMA user_version").fetchone()[0])
        show.conn.execute(f"PRAGMA user_version = {version}")


@functools.lru_cache(maxsize=ROWS)
def _insert_rows(count: int) -> str:
    """The statement that inserts `count` events."""
    return f"INSERT INTO events ({COLUMNS}) VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * count)


def _drain(source: queue.SimpleQueue[object], timeout: float | None = 0.0) -> list[object]:
    """Everything queued: waiting up to `timeout` (None: for ever) for the first item."""
    batch: list[object] = []
    try:
        batch.append(source.get(timeout=timeout) if timeout != 0.0 else source.get_nowait())
        while True:  # take everything that queued up meanwhile: one commit for it all
            batch.append(source.get_nowait())
    except queue.Empty:
        pass
    return batch
