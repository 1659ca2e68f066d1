"""The run log: every engine event is written to the show file, then announced.

Events are handed over on a queue, so the timing loop never waits for the disk. A writer thread
takes whatever has queued up, commits it in one transaction, and only then writes the events to
the engine's clients (stdout): what a client has seen is already in the file, even if the engine
is killed the next instant.
"""

from __future__ import annotations

import json
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from showdesk.errors import ShowdeskError
from showdesk.notes import KINDS
from showdesk.showfile import ShowFile

Emit = Callable[[list[dict[str, Any]]], None]
_STOP = object()


def start_performance(
    show: ShowFile, name: str, mode: str, list_name: str, kind: str = "rehearsal"
) -> int:
    if kind not in KINDS:
        raise ShowdeskError(f"a performance is a {', '.join(KINDS)}, not {kind!r}")
    cursor = show.db.execute(
        "INSERT INTO performances (name, mode, list, started, kind) VALUES (?, ?, ?, ?, ?)",
        [name, mode, list_name, time.time(), kind],
    )
    return int(cursor.lastrowid or 0)


class RunLog:
    """Writes events to the performance's log, in order, from its own thread and connection."""

    def __init__(self, path: Path, performance: int, emit: Emit) -> None:
        self.path = path
        self.performance = performance
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
                if events:
                    self.emit(events + self._write(show, events))
            show.db.execute(
                "UPDATE performances SET ended = ? WHERE id = ?", [time.time(), self.performance]
            )

    def _write(self, show: ShowFile, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Stores the events (a `note` event also as a row of `notes`, its id in the event's
        `note_id`); returns an error event to announce if the disk refused them."""
        try:
            with show.transaction():
                for e in events:
                    if e["event"] == "note":
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
