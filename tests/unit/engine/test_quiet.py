"""The engine's other threads keep out of the timing loop's last moment before a deadline
(`threads.Quiet`), told with a fake clock: a flood of command lines, `status` answers or notes
written then would hold Python's GIL while the loop spins for its send."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from showdesk.engine.commands import CommandQueue, read_lines
from showdesk.engine.printer import Printer
from showdesk.threads import AFTER, GUARD, LATE, Pace, Quiet


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def quiet_at(deadline: float | None) -> tuple[Quiet, FakeTime]:
    fake = FakeTime()
    quiet = Quiet(fake.clock, fake.sleep)
    quiet.next_deadline = None if deadline is None else fake.now + deadline
    return quiet, fake


def test_work_goes_ahead_when_the_next_deadline_is_far_or_there_is_none() -> None:
    for deadline in (None, 0.5, GUARD * 2):
        quiet, fake = quiet_at(deadline)
        quiet.keep_clear()
        assert fake.slept == []


def test_inside_the_guard_before_a_deadline_work_waits_until_just_after_it() -> None:
    quiet, fake = quiet_at(GUARD / 2)
    deadline = quiet.next_deadline
    quiet.keep_clear()
    assert deadline is not None
    assert fake.now == deadline + AFTER  # the loop had the GIL for its send


def test_a_deadline_just_overdue_is_about_to_be_carried_out_so_work_waits_a_moment() -> None:
    quiet, fake = quiet_at(-LATE / 2)
    quiet.keep_clear()
    assert fake.slept == [AFTER]


def test_a_deadline_long_overdue_does_not_hold_work_up() -> None:
    # The loop is late already (a busy machine): waiting would only starve the workers.
    quiet, fake = quiet_at(-LATE * 2)
    quiet.keep_clear()
    assert fake.slept == []


def test_the_command_reader_keeps_clear_before_each_line_it_hands_over() -> None:
    calls: list[str] = []
    commands = CommandQueue()
    stream = io.BytesIO(b"status\ngo\n")
    while read_lines(stream, commands, lambda: calls.append("pace")):
        pass
    assert calls == ["pace", "pace", "pace"]  # two lines, then the end of the stream


def test_the_printer_keeps_clear_before_each_event_it_writes() -> None:
    quiet, fake = quiet_at(GUARD / 2)
    out = io.StringIO()
    printer = Printer(out, lambda problem: None)
    printer.pace = Pace(quiet)
    events: list[dict[str, Any]] = [{"event": "status", "n": n} for n in range(3)]
    printer._write(events)
    assert [json.loads(line)["n"] for line in out.getvalue().splitlines()] == [0, 1, 2]
    # The first waited until after the deadline (the loop, which would then post its next
    # one, is not here to: so each later event waits a moment more while it is just overdue).
    assert fake.slept[0] == pytest.approx(GUARD / 2 + AFTER)
    assert fake.slept[1:] == [AFTER, AFTER]
