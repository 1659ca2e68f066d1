"""The run log's events, made to survive a power cut, off the writer's path.

The run-log writer commits with `synchronous = NORMAL`: a batch is in the file (the operating
system has it) before it is printed, so a killed engine (even SIGKILL) loses nothing a client
has seen, but no commit waits for the disk. Asking the disk itself to keep the events (fsync)
takes a millisecond as a rule and now and then a few hundred (a busy or virtual disk), and a
GO's event printed that late leaves the caller looking at a row that has not moved after GO.

So this thread asks the disk instead, at most every EVERY seconds while there is something new:
it syncs the write-ahead log (every commit so far). A power cut or a crash of the whole machine
can lose at most the events of the last EVERY seconds and of the sync under way; the file itself
is never damaged (WAL mode is consistent either way). A sync that fails (an I/O error) is an
`error` event, at most every REPEAT seconds; the show goes on and the writer keeps writing.

The log is copied into the show file itself (a checkpoint) only after about CHECKPOINT_PAGES
pages of it, not at every sync: the first commit after a complete checkpoint starts the log over,
and SQLite syncs its new header then, on the writer's own path. With a checkpoint at each sync
that was a sync in front of nearly every GO, and the rare slow one (30-130 ms here) came back.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from showdesk.threads import Pace, Quiet, Report, WorkerProblem, describe

EVERY = 0.2  # seconds between flushes while events keep coming
CHECKPOINT_PAGES = 1000  # of the log (4 MB), as SQLite's own automatic checkpoint
PAGE = 4096
REPEAT = 5.0  # seconds between `error` events while flushing keeps failing


class Flusher:
    """Syncs the show file's write-ahead log to the disk after the run log has written to it, and
    now and then copies it into the file."""

    def __init__(self, path: Path, report: Report, beside: Quiet | None = None) -> None:
        self.path = path
        self.report = report
        self.pace = Pace(beside)
        # Returns False if a checkpoint due could not copy the whole log (a reader holds part
        # of it): again after EVERY. A test may put a slow disk in its place.
        self.sync: Callable[[], bool] = self._sync_log
        self.flushes = 0  # flushes done (for tests and benches)
        self.checkpoints = 0
        self._pages = 0  # written to the log since the last checkpoint, about
        self._conn: sqlite3.Connection | None = None
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._reported = -REPEAT
        self.thread = threading.Thread(target=self._run, name="run-log flush", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def wrote(self, size: int = 0) -> None:
        """Called by the writer after each commit of `size` bytes: never blocks."""
        self._pages += 2 + size // PAGE  # its rows' pages, and a page of the table's tree
        self._dirty.set()

    def close(self) -> None:
        """Flushes what was written since the last flush, then stops."""
        self._stop.set()
        self._dirty.set()
        self.thread.join()

    def _run(self) -> None:
        self.pace.start()
        try:
            while not self._stop.is_set():
                self._dirty.wait()
                self._stop.wait(EVERY)  # what comes meanwhile goes with this flush
                self._flush()
            self._flush()
        finally:
            if self._conn is not None:
                self._conn.close()

    def _flush(self) -> None:
        if not self._dirty.is_set():
            return
        self._dirty.clear()
        self.pace()
        try:
            if not self.sync():
                self._dirty.set()
            self.flushes += 1
        except Exception as exc:  # an I/O error: said, and tried again after the next write
            if time.monotonic() - self._reported >= REPEAT:
                self._reported = time.monotonic()
                message = f"the show file could not be flushed to the disk: {describe(exc)}"
                self.report(WorkerProblem("run log", message))

    def _sync_log(self) -> bool:
        wal = self.path.with_name(self.path.name + "-wal")
        try:
            fd = os.open(wal, os.O_RDWR)  # Windows flushes only a file open for writing
        except FileNotFoundError:  # no log: every commit is in the show file already
            return True
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if self._pages < CHECKPOINT_PAGES:
            return True
        if self._conn is None:
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=10.0)
            self._conn.execute("PRAGMA synchronous = FULL")
        # PASSIVE: never waits for the writer or a reader, and the writer never waits for it.
        busy, frames, copied = self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if busy or copied < frames:
            return False  # a reader holds part of the log: again after EVERY
        self._pages = 0
        self.checkpoints += 1
        return True
