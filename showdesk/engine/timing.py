"""Timekeeping for the scheduler: clocks, runs and the queue of absolute deadlines.

Each start of a cue is a `Run` with two anchors, its start time `t_s` and its action time
`t_a = t_s + pre_wait`. Every deadline is computed from an anchor in one addition (`t_a + d`,
`t_a + w`, `t_a + k / rate`), never by chaining, so error does not add up over a sequence.
Pausing a run takes its timers out of the queue; resuming shifts both anchors by the time held
and puts the same timers back, recomputed from the shifted anchors.

Deadlines sit in one heap ordered by (deadline, list position, insertion order): simultaneous
work fires in list order, and work created at an instant (a zero pre-wait or post-wait) fires in
that same instant, after what was already due then.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field
from typing import Literal, Protocol

from showdesk.engine.model import SchedCue

TimerKind = Literal["action", "continue", "complete", "fade", "panic"]
Phase = Literal["prewait", "running", "postwait", "stopping"]


class Clock(Protocol):
    """Where the scheduler reads time: monotonic seconds."""

    def now(self) -> float:
        """The current monotonic time in seconds."""
        ...


class FakeClock:
    """A clock that moves only when told to, for tests and offline simulation."""

    def __init__(self, t: float = 0.0) -> None:
        self._t = float(t)

    def now(self) -> float:
        """The time last set."""
        return self._t

    def set(self, t: float) -> None:
        """Move to `t`; a monotonic clock never goes back, so an earlier `t` is a ValueError."""
        if t < self._t:
            raise ValueError(f"a monotonic clock cannot go back from {self._t} to {t}")
        self._t = float(t)

    def advance(self, dt: float) -> None:
        """Move forward by `dt` seconds (prefer `set` when exact times matter)."""
        self.set(self._t + dt)


@dataclass(eq=False, slots=True)
class Timer:
    """One pending deadline of a run; cancelled timers stay in the heap and are skipped."""

    kind: TimerKind
    run: Run
    k: int = 0  # fade step index
    cancelled: bool = False

    def deadline(self) -> float:
        """When it is due, computed afresh from the run's anchors."""
        run, cue = self.run, self.run.cue
        if self.kind == "action":
            return run.t_s + run.pre_wait
        if self.kind == "continue":
            return run.t_a + cue.post_wait
        if self.kind == "fade" and self.k < run.ramp_steps:
            return run.t_a + self.k / cue.fade_rate  # a fraction of the rate, never a sum
        if self.kind in ("complete", "fade"):
            return run.t_a + cue.duration
        return run.stop_at


@dataclass(eq=False, slots=True)
class Run:
    """One start of one cue, from its start until it completes or is stopped (engine-internal)."""

    cue: SchedCue
    index: int
    t_s: float
    pre_wait: float  # 0 for a preview
    follow: bool  # whether its continue link is honoured
    group: Run | None  # the group run it joined (that group waits for it)
    phase: Phase = "prewait"
    t_a: float = 0.0  # meaningful once the phase is past "prewait"
    stop_at: float = 0.0  # end of a panic fade-out
    acting: bool = False  # armed and unbroken at its action time
    ramp_steps: float = 0  # a fade's or timecode's steps before its end (inf: until stopped)
    relocate: bool = False  # a resumed timecode: its next quarter frame locates again
    paused_at: float | None = None
    frozen: list[tuple[TimerKind, int]] = field(default_factory=list)
    timers: list[Timer] = field(default_factory=list)
    ended: bool = False
    # Group runs only: the children that joined this run and are still active.
    children: set[str] = field(default_factory=set)
    child_stopped: bool = False

    def has_pending(self, kind: TimerKind) -> bool:
        """Whether a timer of this kind is waiting (or frozen by a pause)."""
        return any(t.kind == kind for t in self.timers) or any(f[0] == kind for f in self.frozen)


class DeadlineQueue:
    """All pending timers of all runs, earliest first, ties in list order."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, int, Timer]] = []
        self._seq = itertools.count()

    def push(self, run: Run, kind: TimerKind, k: int, *, not_before: float) -> None:
        """Schedule work for a run; a paused run keeps it aside until resumed."""
        if run.paused_at is not None:
            run.frozen.append((kind, k))
            return
        timer = Timer(kind, run, k)
        run.timers.append(timer)
        # Never schedule into the past: after a pause, the rounding of shifted anchors could put
        # a deadline a hair before now, and events must come out in time order.
        deadline = max(timer.deadline(), not_before)
        heapq.heappush(self._heap, (deadline, run.index, next(self._seq), timer))

    def cancel(self, run: Run) -> None:
        """Drop every pending timer of a run."""
        for timer in run.timers:
            timer.cancelled = True
        run.timers.clear()

    def next_deadline(self) -> float | None:
        """The earliest pending deadline, None when nothing is pending."""
        while self._heap and self._heap[0][3].cancelled:
            heapq.heappop(self._heap)
        return self._heap[0][0] if self._heap else None

    def pop_due(self, now: float) -> tuple[float, Timer] | None:
        """Remove and return the earliest timer due at or before `now`, with its deadline."""
        deadline = self.next_deadline()
        if deadline is None or deadline > now:
            return None
        timer = heapq.heappop(self._heap)[3]
        timer.run.timers.remove(timer)
        return deadline, timer

    def freeze(self, run: Run, t: float) -> None:
        """Pause a run at `t`: its timers leave the queue and wait in the run."""
        run.paused_at = t
        run.frozen = [(timer.kind, timer.k) for timer in run.timers]
        self.cancel(run)

    def thaw(self, run: Run, t: float) -> None:
        """Resume a run at `t`: shift its anchors by the time held and requeue its timers."""
        assert run.paused_at is not None
        held = t - run.paused_at
        run.t_s += held
        if run.phase != "prewait":
            run.t_a += held
        run.paused_at = None
        frozen, run.frozen = run.frozen, []
        for kind, k in frozen:
            self.push(run, kind, k, not_before=t)
