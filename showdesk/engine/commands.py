"""The engine's command queue: every reader's lines and every worker's news, for the timing loop.

Any thread `put`s a command line with its source (the stdin reader; remote control puts lines
the same way), or `notify`s a notice (an output's new state, a worker's problem, a signal, the
end of input). Only the timing loop takes, so taking needs no lock and never waits for one.

What comes out first: notices, then the lines in order, except that `panic` and `stop` jump
the queue whenever it is backed up (a line has waited JUMP, or waits for the rate). A flood is
bounded twice: lines are taken at most RATE a second (BURST at once), so a burst of GOs cannot
crowd out the schedule or the run log; and at most MAX_WAITING lines wait, the rest are dropped
and counted (a `Refused` a second says how many). The timing loop
tells `take` how much room it has before its next deadline; a line is taken only if its
expected cost fits, or once it has waited MAX_DEFER, so a command never moves a cue by more
than one command's work.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from showdesk.threads import Pace

MAX_LINE = 64 * 1024  # bytes in one command line; a longer line is refused whole
MAX_WAITING = 10_000  # lines waiting to be taken; more are dropped, and counted
RATE = 1000.0  # lines taken a second, once BURST have been taken at once
BURST = 100
MAX_DEFER = 0.005  # a line waits at most this long for room before the next deadline
JUMP = 0.005  # once a line has waited this long the queue is backed up: panic and stop go first
URGENT = frozenset({"panic", "stop"})
MIN_COST = 0.0001  # the least a command is expected to take (s); the estimate learns upward


@dataclass(frozen=True)
class Line:
    """One command line; `source` None lets the line say (JSON `source`), else `command`."""

    text: str
    source: str | None
    received: float
    urgent: bool = False
    order: int = 0  # the order lines were put in, across the urgent and the other lines


@dataclass(frozen=True)
class Refused:
    """A line that was not read: too long, or dropped in a flood."""

    message: str
    excerpt: str = ""


class EndOfInput:
    """A reader's input ended (stdin closed)."""


EOF = EndOfInput()


def is_urgent(text: str) -> bool:
    """Whether the line is a `panic` or `stop` (text or JSON), which jump the queue."""
    text = text.strip()
    if not text.startswith("{"):
        return text.split(" ", 1)[0].lower() in URGENT
    if not any(word in text.lower() for word in URGENT):
        return False  # most lines: no need to parse them here
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False  # the engine will say what is wrong with it, in its turn
    name = data.get("command") if isinstance(data, dict) else None
    return isinstance(name, str) and name.lower() in URGENT


class CommandQueue:
    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self._clock = clock
        # Three ways in: SimpleQueue.put is safe from any thread, and in a signal handler. Only
        # the timing loop takes, holding the first urgent line and the first other line in hand.
        self._notices: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._urgent: queue.SimpleQueue[Line] = queue.SimpleQueue()
        self._lines: queue.SimpleQueue[Line] = queue.SimpleQueue()
        self._urgent_head: Line | None = None
        self._line_head: Line | None = None
        self._wake: queue.SimpleQueue[None] = queue.SimpleQueue()
        self._sleeping = False  # the loop waits in `wait`: whoever puts wakes it
        self._count_lock = threading.Lock()  # readers' threads count; the loop uncounts
        self._order = itertools.count()
        self._waiting = 0  # lines put and not yet taken
        self._dropped = 0
        self._dropped_reported = 0.0
        self._tokens = float(BURST)
        self._refilled = clock()
        self.cost = MIN_COST  # the expected time one command takes, learnt by `took`

    # -- any thread ----------------------------------------------------------------------

    def put(self, text: str, source: str | None = None) -> bool:
        """Queues one command line, from any thread; False if it was dropped (too many wait).
        A panic or stop is never dropped for the others: it may wait beside MAX_WAITING more."""
        urgent = is_urgent(text)
        with self._count_lock:
            if self._waiting >= MAX_WAITING * (2 if urgent else 1):
                self._dropped += 1
                return False
            self._waiting += 1
        line = Line(text, source, self._clock(), urgent, next(self._order))
        (self._urgent if urgent else self._lines).put(line)
        self._nudge()
        return True

    def notify(self, item: object) -> None:
        """Queues a notice, taken before any line; safe in a signal handler."""
        self._notices.put(item)
        self._nudge()

    def accept(self, item: object) -> None:
        """A line (text) or a notice, for readers that hand over both (remote control)."""
        if isinstance(item, str):
            self.put(item)
        else:
            self.notify(item)

    def _nudge(self) -> None:
        if self._sleeping:  # read after the put: a loop about to sleep sees one or the other
            self._wake.put(None)

    # -- the timing loop -------------------------------------------------------------------

    def take(self, room: float | None) -> object | None:
        """The next thing to do, or None for now. `room`: seconds before the next deadline
        needs the loop (None: nothing is scheduled)."""
        with contextlib.suppress(queue.Empty):
            return self._notices.get_nowait()
        now = self._clock()
        urgent, line = self._heads()
        if urgent is not None and (line is None or self._backlog(line, urgent, now)):
            return self._take_urgent()
        if self._dropped and now - self._dropped_reported >= 1.0:
            with self._count_lock:
                count, self._dropped, self._dropped_reported = self._dropped, 0, now
            return Refused(
                f"{count} command(s) dropped: more than {MAX_WAITING} were waiting "
                f"(the engine takes {RATE:g} a second)"
            )
        if line is None:
            return None
        squeezed = room is not None and room < self.cost
        self._refill(now)
        if (squeezed and now - line.received < MAX_DEFER) or self._tokens < 1:
            # This line must wait: a panic or stop behind it need not.
            return self._take_urgent() if urgent is not None else None
        self._tokens -= 1
        self._line_head = None
        return self._taken(line)

    def _heads(self) -> tuple[Line | None, Line | None]:
        if self._urgent_head is None:
            with contextlib.suppress(queue.Empty):
                self._urgent_head = self._urgent.get_nowait()
        if self._line_head is None:
            with contextlib.suppress(queue.Empty):
                self._line_head = self._lines.get_nowait()
        return self._urgent_head, self._line_head

    def _take_urgent(self) -> Line:
        urgent, self._urgent_head = self._urgent_head, None
        assert urgent is not None
        return self._taken(urgent)

    def _backlog(self, line: Line, urgent: Line, now: float) -> bool:
        """Whether a panic or stop goes before the lines waiting: the first line came after it,
        or lines are backed up (the first has waited JUMP, or waits for the rate). Lines
        written together (a script) keep their order."""
        self._refill(now)
        return line.order > urgent.order or now - line.received > JUMP or self._tokens < 1

    def _refill(self, now: float) -> None:
        self._tokens = min(BURST, self._tokens + (now - self._refilled) * RATE)
        self._refilled = now

    def _taken(self, line: Line) -> Line:
        with self._count_lock:
            self._waiting -= 1
        return line

    def took(self, seconds: float) -> None:
        """How long the last command took: the estimate follows the dearest recent ones."""
        self.cost = max(MIN_COST, seconds, self.cost * 0.9)

    def wait(self, timeout: float | None) -> None:
        """Until something arrives, or `timeout` seconds (None: for ever); at once if there is
        already something to take."""
        if self._heads()[1] is not None:  # a line waits for the rate: back when it may go
            due = max(0.0, (1 - self._tokens) / RATE)
            timeout = due if timeout is None else min(timeout, due)
        self._sleeping = True
        try:  # looked at again now that a put would wake it
            if self._heads()[0] is None and self._notices.empty():
                self._block(timeout)
        finally:
            self._sleeping = False
            with contextlib.suppress(queue.Empty):
                while True:  # wake-ups not needed any more
                    self._wake.get_nowait()

    def _block(self, timeout: float | None) -> None:
        with contextlib.suppress(queue.Empty):
            self._wake.get(timeout=timeout)

    def idle(self) -> bool:
        """Nothing is waiting to be taken."""
        urgent, line = self._heads()
        return urgent is None and line is None and self._notices.empty()


def read_lines(stream: BinaryIO, commands: CommandQueue, pace: Pace | None = None) -> bool:
    """Reads one command line (`threads.keep_going` calls it until the stream ends), then
    notifies EOF. Bytes that are not UTF-8 are kept as escapes (`\\xe9`), never dropped; a line
    over MAX_LINE bytes is refused whole. `pace` is called before each line is handled (`Pace`:
    out of the timing loop's way). Returns False when the stream ended; raises on a read error."""
    raw = stream.readline(MAX_LINE + 1)
    if pace is not None:
        pace()
    if not raw:
        commands.notify(EOF)
        return False
    if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
        excerpt = raw[:200].decode("utf-8", "backslashreplace")
        while raw and not raw.endswith(b"\n"):  # skip the rest of it
            raw = stream.readline(MAX_LINE)
        commands.notify(Refused(f"a command line of more than {MAX_LINE} bytes was not read",
                                excerpt))  # fmt: skip
        return True
    text = raw.decode("utf-8", "backslashreplace")
    if text.strip():
        commands.put(text)
    return True
