"""A performance's times from the stage manager's marks: up, down, acts, intervals and holds.

The marks are `mark` events of the run log, in order (docs/protocol.md). A `mark undo` cancels
the latest mark not already undone; the engine names it in the undo event (`undone`,
`undone_mono`), and the marks it cancels are left out before anything is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """An act or an interval: from `start` to `end` (wall times; `end` None if never marked)."""

    label: str
    start: float
    end: float | None

    @property
    def duration(self) -> float | None:
        return None if self.end is None else self.end - self.start


@dataclass(frozen=True)
class Hold:
    start: float
    end: float | None  # None: never released
    reason: str  # "" when none was given
    show_time: float
    before_curtain: bool = False  # held before show up: the curtain went up late

    @property
    def duration(self) -> float | None:
        return None if self.end is None else self.end - self.start


@dataclass
class Times:
    house_open: float | None = None
    show_up: float | None = None
    show_down: float | None = None
    acts: list[Span] = field(default_factory=list)
    intervals: list[Span] = field(default_factory=list)
    holds: list[Hold] = field(default_factory=list)

    @property
    def total(self) -> float | None:
        """Run time: show up to show down, intervals and holds included."""
        if self.show_up is None or self.show_down is None:
            return None
        return self.show_down - self.show_up

    @property
    def playing(self) -> float | None:
        """The acts alone (intervals left out)."""
        durations = [act.duration for act in self.acts]
        if not durations or any(d is None for d in durations):
            return None
        return sum(d for d in durations if d is not None)

    @property
    def held(self) -> float:
        """How long the holds that ended lasted, together."""
        return sum(h.duration for h in self.holds if h.duration is not None)

    def spans(self) -> list[Span]:
        """Acts and intervals in the order they happened."""
        return sorted([*self.acts, *self.intervals], key=lambda s: s.start)


def standing(marks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The marks that stand: each `undo` mark and the mark it undid left out."""
    undone = {(m.get("undone"), m.get("undone_mono")) for m in marks if m.get("mark") == "undo"}
    return [
        m for m in marks
        if m.get("mark") != "undo" and (m.get("mark"), m.get("mono")) not in undone
    ]  # fmt: skip


def times_of(marks: list[dict[str, Any]]) -> Times:
    """Up, down, acts, intervals and holds from a performance's `mark` events, in order.

    Show up opens act 1; `act N` closes what is open (an act, an interval) and opens act N;
    `interval` closes the act and opens an interval; show down closes everything. A hold lasts
    until `hold_end`, or until show up or an act begins (which end it without one); show down
    ends one left open, and a second hold ends the first.
    """
    times = Times()
    act: tuple[int, float] | None = None
    interval: float | None = None
    hold: dict[str, Any] | None = None

    def close(at: float) -> None:
        nonlocal act, interval
        if act is not None:
            times.acts.append(Span(f"Act {act[0]}", act[1], at))
            act = None
        if interval is not None:
            times.intervals.append(Span(f"Interval {len(times.intervals) + 1}", interval, at))
            interval = None

    def release(at: float | None) -> None:
        nonlocal hold
        if hold is not None:
            before = times.show_up is None or hold["wall"] < times.show_up
            times.holds.append(Hold(float(hold["wall"]), at, str(hold.get("text") or "").strip(),
                                    float(hold["show_time"]), before))  # fmt: skip
            hold = None

    for mark in standing(marks):
        kind, wall = mark.get("mark"), float(mark["wall"])
        if kind in ("hold_end", "show_up", "act", "show_down", "hold"):
            release(wall)
        if kind == "house_open" and times.house_open is None:
            times.house_open = wall
        elif kind == "show_up":
            if times.show_up is None:
                times.show_up = wall
            if act is None and interval is None:
                act = (1, wall)
        elif kind == "act":
            number = int(mark.get("act", 1))
            if act is not None and act[0] == number:
                continue  # "act 1" just after "show up": the same act
            close(wall)
            act = (number, wall)
            if times.show_up is None:
                times.show_up = wall
        elif kind == "interval":
            close(wall)
            interval = wall
        elif kind == "hold":
            hold = mark
        elif kind == "show_down":
            close(wall)
            times.show_down = wall
    release(None)
    if act is not None:
        times.acts.append(Span(f"Act {act[0]}", act[1], None))
    if interval is not None:
        times.intervals.append(Span(f"Interval {len(times.intervals) + 1}", interval, None))
    return times
