"""The run log: every engine event is written to the show file, then announced.

Events are handed over on a queue, so the timing loop never waits for the disk. A writer thread
takes whatever has queued up, commits it in one transaction, and only then writes the events to
the engine's clients (stdout): what a client has seen is already in the file, even if the engine
is killed the next instant.

A performance starts with the show, not with the engine: the first GO or mark makes its row
(named from its kind and the date unless the run was given a name), in the same transaction as
that GO, on this thread, so the GO itself never waits for it. Until then events are announced
at once and kept here, and written into the performance as it starts; a run with no GO and no
mark (edit mode, a check of the rig) leaves no performance behind. A note typed before the first
GO is written at once, with no performance, and joins the performance when it starts.
"""

from __future__ import annotations

import json
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from showdesk.errors import ShowdeskError
from showdesk.notes import KINDS, STARTS
from showdesk.showfile import ShowFile

Emit = Callable[[list[dict[str, Any]]], None]
_STOP = object()
EARLY_LIMIT = 5000  # events kept before the performance starts (a run left idle for hours)


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
    cursor = show.db.execute(
        "INSERT INTO performances (name, mode, list, started, kind) VALUES (?, ?, ?, ?, ?)",
        [name, mode, list_name, time.time(), kind],
    )
    return int(cursor.lastrowid or 0)


class RunLog:
    """Writes events to the performance's log, in order, from its own thread and connection.

    `performance` is a performance's id, or the `Pending` one the first GO or mark starts.
    """

    def __init__(self, path: Path, performance: int | Pending, emit: Emit) -> None:
        self.path = path
        self.pending: Pending | None = None
        self.performance: int | None = None
        if isinstance(performance, Pending):
            self.pending = performance
        else:
            self.performance = performance
        self.early: list[dict[str, Any]] = []  # events announced before the performance
        self.early_notes: list[int] = []
        self.emit = emit
        self.queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="run-log", daemon=True)
        self.opened = threading.Event()

    def start(self) -> None:
        self.thread.start()
        self.opened.wait()

    def put(self, event: dict[str, Any]) -> None:
        """Called from the timing loop: never blocks."""
        self.queue.put(event)

    def close(self) -> None:
        """Writes what is queued, marks the performance ended, and stops the thread."""
        self.queue.put(_STOP)
        self.thread.join()

    def _run(self) -> None:
        with ShowFile.open(self.path) as show:
            self.opened.set()
            stopping = False
            while not stopping:
                batch = [self.queue.get()]
                while True:  # take everything that queued up meanwhile: one commit for it all
                    try:
                        batch.append(self.queue.get_nowait())
                    except queue.Empty:
                        break
                stopping = _STOP in batch
                events = [e for e in batch if isinstance(e, dict)]
                if events and self.performance is None:
                    events = self._before_the_show(show, events)
                if events:
                    self.emit(events + self._write(show, events))
            if self.performance is not None:
                show.db.execute(
                    "UPDATE performances SET ended = ? WHERE id = ?",
                    [time.time(), self.performance],
                )

    def _before_the_show(
        self, show: ShowFile, events: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Events before the performance: announced and kept; the first GO or mark starts it.
        Returns the events still to write (from the start on), with the `performance` event."""
        starter = next((i for i, e in enumerate(events) if e["event"] in STARTS), None)
        before = events if starter is None else events[:starter]
        problems: list[dict[str, Any]] = []
        for e in before:
            if e["event"] == "note":
                problems += self._early_note(show, e)
        self.early = (self.early + before)[-EARLY_LIMIT:]
        if before:
            self.emit(before + problems)
        if starter is None:
            return []
        assert self.pending is not None
        first = events[starter]
        pending, started = self.pending, float(first["wall"])
        name = pending.name or default_name(pending.kind, started)
        try:
            with show.transaction():
                cursor = show.db.execute(
                    "INSERT INTO performances (name, mode, list, started, kind) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [name, pending.mode, pending.list, started, pending.kind],
                )
                self.performance = int(cursor.lastrowid or 0)
                if self.early_notes:
                    marks = ", ".join("?" for _ in self.early_notes)
                    show.db.execute(
                        f"UPDATE notes SET performance_id = ? WHERE id IN ({marks})",
                        [self.performance, *self.early_notes],
                    )
        except sqlite3.Error as exc:
            times = {k: first[k] for k in ("wall", "mono", "show_time")}
            self.emit([{**times, "event": "error",
                        "message": f"the performance could not be started: {exc}"}])  # fmt: skip
            self.performance = None
            return []
        started_event = {
            **{k: first[k] for k in ("wall", "mono", "show_time")},
            "event": "performance",
            "performance": self.performance,
            "name": name,
            "kind": pending.kind,
            "mode": pending.mode,
        }
        early, self.early = self.early, []
        problems = self._write(show, early)  # already announced: written, not announced again
        if problems:
            self.emit(problems)
        return [started_event, *events[starter:]]

    def _early_note(self, show: ShowFile, e: dict[str, Any]) -> list[dict[str, Any]]:
        """A note before the performance: committed now (with no performance) before anyone is
        told it was taken; it joins the performance when that starts."""
        try:
            with show.transaction():
                e["note_id"] = self._note(show, e)
        except sqlite3.Error as exc:
            times = {k: e[k] for k in ("wall", "mono", "show_time")}
            return [{**times, "event": "error", "message": f"the note was not written: {exc}"}]
        self.early_notes.append(e["note_id"])
        return []

    def _write(self, show: ShowFile, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Stores the events (a `note` event also as a row of `notes`, its id in the event's
        `note_id`); returns an error event to announce if the disk refused them."""
        try:
            with show.transaction():
                for e in events:
                    if e["event"] == "note" and "note_id" not in e:  # (an early note has one)
                        e["note_id"] = self._note(show, e)
                show.db.conn.executemany(
                    "INSERT INTO events (performance_id, wall, mono, show_time, kind, cue_id,"
                    " detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    self._rows(events),
                )
        except sqlite3.Error as exc:
            for e in events:
                e.pop("note_id", None)
            times = {k: events[-1][k] for k in ("wall", "mono", "show_time")}
            return [{**times, "event": "error", "message": f"the run log was not written: {exc}"}]
        return []

    def _note(self, show: ShowFile, e: dict[str, Any]) -> int:
        cursor = show.db.execute(
            "INSERT INTO notes (performance_id, wall, show_time, cue, standing_by, running, dept,"
            " severity, text, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'engine')",
            [self.performance, e["wall"], e["show_time"], e.get("cue"), e.get("standing_by"),
             json.dumps(e.get("running", [])), e.get("dept", ""), e.get("severity", "info"),
             e["text"]],
        )  # fmt: skip
        return int(cursor.lastrowid or 0)

    def _rows(self, events: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [
            (
                self.performance,
                e["wall"],
                e["mono"],
                e["show_time"],
                e["event"],
                e.get("id"),
                json.dumps(e, separators=(",", ":")),
            )
            for e in events
        ]
