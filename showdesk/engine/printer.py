"""Events to the engine's clients (stdout), from a thread of their own.

The run log hands over each batch once it is in the file; this thread writes them out. A client
that stops reading (a frozen window) fills the pipe and blocks this thread only: the log goes on
being written, so a kill loses nothing the file could have had. Up to MAX_WAITING events wait to
be printed; past that the oldest are not printed (they are in the file) and the timing loop
publishes an `error` saying how many, which is printed when the client reads again.

Beside the timing loop (`beside`), the thread runs one step below it at real-time priority and
keeps out of its way: it encodes one event at a time and writes at most CHUNK at once, each
piece outside the last moment before a deadline (`threads.Quiet`).
"""

from __future__ import annotations

import json
import threading
from collections import deque
from typing import Any, TextIO

from showdesk.threads import Pace, Quiet, Report, WorkerProblem, describe

MAX_WAITING = 100_000  # events waiting for a client that does not read
CHUNK = 64  # events written to the stream at once


class Printer:
    def __init__(self, out: TextIO, report: Report, beside: Quiet | None = None) -> None:
        self.out = out
        self.report = report
        self.pace = Pace(beside)
        self._waiting: deque[dict[str, Any]] = deque()
        self._skipped = 0
        self._ready = threading.Condition()
        self._closing = False
        self.thread = threading.Thread(target=self._run, name="stdout", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def emit(self, events: list[dict[str, Any]]) -> None:
        """Queues events for printing (the run log's thread calls it); never blocks for long."""
        with self._ready:
            self._waiting.extend(events)
            while len(self._waiting) > MAX_WAITING:
                self._waiting.popleft()
                self._skipped += 1
            self._ready.notify()

    def close(self) -> None:
        """Prints what waits, then stops: a client that reads gets every event, to the last."""
        with self._ready:
            self._closing = True
            self._ready.notify()
        self.thread.join()

    def _run(self) -> None:
        self.pace.start()
        while True:
            with self._ready:
                while not self._waiting and not self._closing:
                    self._ready.wait()
                batch, self._waiting = list(self._waiting), deque()
                skipped, self._skipped = self._skipped, 0
                if not batch and self._closing:
                    return
            if skipped:
                self.report(
                    WorkerProblem(
                        "stdout",
                        f"{skipped} event(s) were not printed: the "
                        "client did not read them (they are in the run log)",
                    )
                )
            self._write(batch)

    def _write(self, events: list[dict[str, Any]]) -> None:
        try:
            for start in range(0, len(events), CHUNK):
                lines = []
                for e in events[start : start + CHUNK]:
                    self.pace()
                    lines.append(json.dumps(e, separators=(",", ":")) + "\n")
                self.out.write("".join(lines))
                self.out.flush()
        except (BrokenPipeError, ValueError):
            pass  # the client went away; the show goes on and the log keeps everything
        except Exception as exc:  # e.g. EIO from a vanished terminal: say so, go on
            self.report(WorkerProblem("stdout", f"events not printed: {describe(exc)}"))
