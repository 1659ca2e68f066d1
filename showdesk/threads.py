"""Worker threads that never die silently.

The engine's helpers (the stdin reader, the run-log writer, each output's connecting thread)
run beside the timing loop. An exception in one of them is reported to the timing loop as a
`WorkerProblem`, which publishes it as an `error` event, and the worker goes on; a worker that
cannot go on says so (`fatal`), and the timing loop stops the engine loudly.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass

# A worker that fails this many times in a row, with nothing done in between, cannot go on.
GIVE_UP = 5


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
