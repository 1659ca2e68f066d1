"""Worker threads that never die silently, and keep out of the timing loop's way.

The engine's helpers (the stdin reader, the run-log writer, the printer, each output's
connecting thread, remote control's server) run beside the timing loop. An exception in one of
them is reported to the timing loop as a `WorkerProblem`, which publishes it as an `error`
event, and the worker goes on; a worker that cannot go on says so (`fatal`), and the timing
loop stops the engine loudly. Each keeps out of the last moment before a deadline (`Quiet`).
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from showdesk.engine.priority import Breather, below_timing_loop

# A worker that fails this many times in a row, with nothing done in between, cannot go on.
GIVE_UP = 5
# Workers start no work this long before a deadline (see Quiet), nor until this long after it
# (its sends are done by then), nor while it is overdue by less than LATE (the loop is about to
# carry it out, late: they would only make it later).
GUARD = 0.0006
AFTER = 0.0001
LATE = 0.002


@dataclass(frozen=True)
class WorkerProblem:
    """An exception in a worker thread, for the timing loop to publish."""

    thread: str
    message: str
    fatal: bool = False  # the worker has stopped; the engine cannot go on without it


Report = Callable[[WorkerProblem], None]


def describe(exc: BaseException) -> str:
    """An exception as one line for an event: its type, message and where it was raised."""
    where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    place = f" ({where[0].filename.rsplit('/', 1)[-1]}:{where[0].lineno})" if where else ""
    text = str(exc) or "no message"
    return f"{type(exc).__name__}: {text}{place}"


def keep_going(
    name: str,
    step: Callable[[], bool],
    report: Report,
    *,
    stopping: threading.Event | None = None,
    retry: float = 0.2,
    give_up: int = GIVE_UP,
) -> bool:
    """Calls `step` until it returns False (its work is done); True when it ended that way.

    An exception in `step` is reported and `step` runs again after `retry` seconds, doubling up
    to 5 s. After `give_up` failures in a row the worker is reported `fatal` and this returns
    False; `give_up=0` never gives up (an output keeps trying to reach its destination).
    """
    failures = 0
    stopping = stopping or threading.Event()
    while not stopping.is_set():
        try:
            if not step():
                return True
            failures = 0
        except Exception as exc:
            failures += 1
            fatal = give_up > 0 and failures >= give_up
            message = describe(exc)
            if fatal:
                message = f"{name} failed {failures} times in a row and stopped: {message}"
            report(WorkerProblem(name, message, fatal))
            if fatal:
                return False
            stopping.wait(min(retry * 2 ** (failures - 1), 5.0))
    return True


class Quiet:
    """The timing loop's next deadline, for the engine's other threads to keep out of its way.

    Python runs one thread at a time (the GIL). The timing loop spins for the last millisecond
    before a deadline; a worker that takes the GIL from it then holds the send up by Python's
    switch interval at least, and by milliseconds if the worker loses its core meanwhile or the
    timing thread wakes late once the worker lets go. So the loop posts its next deadline here,
    and workers call `keep_clear` before each small piece of work (one event, one line):
    inside the last `guard` seconds before the deadline it sleeps until AFTER the deadline. The
    loop then has the GIL to itself for the end of every wait, however dense the schedule, and
    the workers have the time between (a 1 kHz fade leaves them 0.4 ms of each millisecond).

    Work that holds the GIL for milliseconds in one go (python-rtmidi making a MIDI client or
    opening a port) waits for a gap of `need` seconds instead, up to `patience` seconds, then
    goes ahead anyway (`wait_for_gap`). A GO typed by a person cannot be foreseen.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.perf_counter,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.next_deadline: float | None = None  # on `clock`; only the timing loop writes it
        self._clock = clock
        self._sleep = sleep

    def keep_clear(self, guard: float = GUARD) -> None:
        """Returns at once unless the next deadline is less than `guard` away (or overdue by
        less than LATE); then AFTER it."""
        deadline = self.next_deadline
        if deadline is not None and -LATE < (left := deadline - self._clock()) < guard:
            self._sleep(max(left, 0.0) + AFTER)

    def gap(self, need: float) -> bool:
        deadline = self.next_deadline
        return deadline is None or deadline - self._clock() > need

    def wait_for_gap(self, need: float, patience: float, stop: threading.Event) -> bool:
        """True when there is a gap now (or patience ran out); False if `stop` was set."""
        give_up = self._clock() + patience
        while not self.gap(need) and self._clock() < give_up:
            if stop.wait(0.02):
                return False
        return not stop.is_set()


class Pace:
    """A worker's manners beside the timing loop, called before each small piece of its work:
    keep out of the last moment before a deadline (`Quiet`), and sleep a moment now and then
    (`Breather`: a real-time thread that runs 200 ms without sleeping is killed under rtkit, and
    a backlog of 100,000 events to write would run that long)."""

    def __init__(self, quiet: Quiet | None = None) -> None:
        self.beside = quiet is not None  # beside a timing loop (else a test's, or a tool's)
        self.quiet = quiet or Quiet()
        self.breather = Breather()

    def start(self) -> None:
        """Called first on the worker's own thread: beside a timing loop, real-time one step
        below it (`priority.below_timing_loop`)."""
        if self.beside:
            below_timing_loop()

    def __call__(self) -> None:
        self.quiet.keep_clear()
        self.breather.check()
