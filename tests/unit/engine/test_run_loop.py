"""The timing loop (serve.run_loop) on a clock that moves a little at every reading: commands
are never starved, however dense the schedule (issue 11: 2 and 15).

Every reading of the clock advances it STEP seconds, so the loop's spins and passes take
simulated time, deterministically; a line arrives when the clock passes its time.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any

from cues import Cue, cue_type
from cues.base import ContinueMode
from showdesk.engine.commands import CommandQueue
from showdesk.engine.compile import compile_cues
from showdesk.engine.engine import Engine
from showdesk.engine.serve import EXIT_FAULT, Signalled, run_loop
from showdesk.outputs import CaptureOutput, SendResult
from showdesk.showfile import Settings
from showdesk.threads import WorkerProblem

STEP = 2e-6  # what one reading of the clock costs, in simulated seconds
FADE, MEMO, WAIT, GROUP = cue_type("fade"), cue_type("memo"), cue_type("wait"), cue_type("group")


class SteppingClock:
    def __init__(self) -> None:
        self.t = 100.0
        self.arrivals: list[tuple[float, Callable[[], None]]] = []

    def now(self) -> float:
        self.t += STEP
        due = []
        while self.arrivals and self.arrivals[0][0] <= self.t:
            due.append(self.arrivals.pop(0)[1])
        for arrive in due:  # after taking them: an arrival reads the clock too
            arrive()
        return self.t


class SimulatedQueue(CommandQueue):
    """The real queue, whose waiting passes simulated time instead of real time."""

    def __init__(self, clock: SteppingClock) -> None:
        super().__init__(lambda: clock.t)  # reading it costs the loop nothing: another thread's
        self.sim = clock

    def _block(self, timeout: float | None) -> None:
        arrival = self.sim.arrivals[0][0] if self.sim.arrivals else None
        until = [t for t in (arrival, None if timeout is None else self.sim.t + timeout) if t]
        assert until, "the loop would wait for ever"
        self.sim.t = max(self.sim.t, min(until) - STEP)
        self.sim.now()  # what has arrived by then arrives


class Rig:
    def __init__(self, cues: list[Cue], **settings: Any) -> None:
        self.clock = SteppingClock()
        self.commands = SimulatedQueue(self.clock)
        self.events: list[dict[str, Any]] = []
        compiled = compile_cues(cues, {"MIX": "osc.udp://127.0.0.1:9"}, Settings(**settings))
        outputs = {"MIX": CaptureOutput("MIX")}
        self.engine = Engine(compiled, outputs, self.clock, self.events.append)

    def at(self, t: float, line: str) -> None:
        """`line` arrives at 100 + t (simulated)."""
        self.clock.arrivals.append((100 + t, lambda: self.commands.put(line)))
        self.clock.arrivals.sort(key=lambda arrival: arrival[0])

    def run(self) -> int:
        return run_loop(self.engine, self.clock, self.commands)

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["event"] == kind]


def fade(duration: float, rate: float) -> Cue:
    return Cue(FADE, FADE.parse(f"/ch/1/fader f 0 -> 1 rate={rate:g}"), number="1",
               target="MIX", duration=duration)  # fmt: skip


def test_panic_during_a_1khz_fade_takes_effect_within_5_ms() -> None:
    rig = Rig([fade(3.0, 1000)])
    rig.at(0.0, "go")
    rig.at(0.5, "panic")
    rig.at(0.6, "quit")
    assert rig.run() == 0
    (stopping,) = [e for e in rig.of("cue") if e["state"] == "stopping"]
    assert stopping["t"] - 100.5 < 0.005
    steps = [e["scheduled"] for e in rig.of("sent")]
    assert max(steps) < stopping["t"]  # no value after the panic
    assert len(steps) < 600  # it did not run on to its end at 3 s


def test_status_during_a_1khz_fade_is_answered_at_once_and_moves_no_step() -> None:
    rig = Rig([fade(1.0, 1000)])
    rig.at(0.0, "go")
    for k in range(10):
        rig.at(0.2 + k * 0.0101, "status")
    rig.at(1.5, "quit")
    rig.run()
    answers = [e["mono"] - (100.2 + k * 0.0101) for k, e in enumerate(rig.of("status"))]
    assert len(answers) == 10
    assert max(answers) < 0.002
    sent = rig.of("sent")
    assert len(sent) == 1001
    assert max(e["late_ms"] for e in sent) < 0.2  # the loop's own steps, never a command's


def test_a_playlist_loop_of_1_ms_waits_still_reads_quit() -> None:
    group = Cue(GROUP, GROUP.parse("playlist loop"), number="G")
    waits = [Cue(WAIT, WAIT.parse(""), number=str(n), duration=0.001, parent=group.id)
             for n in (1, 2)]  # fmt: skip
    rig = Rig([group, *waits])
    rig.at(0.0, "go")
    rig.at(0.25, "quit")
    assert rig.run() == 0
    (quit_event,) = rig.of("quit")
    assert quit_event["mono"] - 100.25 < 0.005


def test_a_flood_of_gos_is_taken_at_the_bounded_rate_without_moving_the_fade() -> None:
    memos = [Cue(MEMO, MEMO.parse(""), number=str(n)) for n in range(2, 3002)]
    rig = Rig([fade(4.0, 40), *memos], min_go_interval=0)
    rig.at(0.0, "go")
    for _ in range(3000):
        rig.at(0.5, "go")
    rig.at(4.5, "quit")
    rig.run()
    gos = rig.of("go")
    assert len(gos) == 3001  # every GO was carried out, none dropped
    assert 2.5 < gos[-1]["mono"] - 100.5 < 3.5  # at about 1000 a second after the first 100
    sent = rig.of("sent")
    assert len(sent) == 161
    assert max(e["late_ms"] for e in sent) < 0.2


def test_more_lines_than_may_wait_are_dropped_and_counted_once_a_second() -> None:
    rig = Rig([Cue(MEMO, MEMO.parse(""), number="1", continue_mode=ContinueMode.NONE)])
    for _ in range(10_050):
        rig.commands.put("status")
    rig.at(0.001, "quit")
    rig.run()
    (error,) = rig.of("error")
    assert error["message"].startswith("50 command(s) dropped: more than 10000 were waiting")


def test_a_worker_that_cannot_go_on_stops_the_engine_with_the_reason_last() -> None:
    rig = Rig([fade(3.0, 40)])
    rig.at(0.0, "go")
    problem = WorkerProblem("run log", "it broke", fatal=True)
    rig.clock.arrivals.append((100.5, lambda: rig.commands.notify(problem)))
    assert rig.run() == EXIT_FAULT
    (error,) = rig.of("error")
    assert (error["thread"], error["fatal"]) == ("run log", True)
    assert rig.events[-1] == {**rig.events[-1], "event": "quit", "error": "it broke"}
    assert [e["state"] for e in rig.of("cue")] == ["running", "stopped"]


def test_a_signal_ends_the_performance_as_quit_does() -> None:
    rig = Rig([fade(3.0, 40)])
    rig.at(0.0, "go")
    rig.clock.arrivals.append((100.5, lambda: rig.commands.notify(Signalled(signal.SIGTERM))))
    assert rig.run() == 128 + signal.SIGTERM
    assert rig.events[-1]["event"] == "quit"
    assert rig.events[-1]["signal"] == "SIGTERM"


class Flaky(CaptureOutput):
    """An output whose send raises (a bug: sends never raise) on the calls listed."""

    def __init__(self, failing: set[int]) -> None:
        super().__init__("MIX")
        self.calls = 0
        self.failing = failing

    def send(self, data: bytes, text: str) -> SendResult:
        self.calls += 1
        if self.calls in self.failing:
            raise RuntimeError("a bug in an output")
        return super().send(data, text)


def test_an_exception_at_a_deadline_is_an_error_and_the_fade_goes_on() -> None:
    rig = Rig([fade(1.0, 40)])
    rig.engine.outputs["MIX"] = Flaky({3})
    rig.at(0.0, "go")
    rig.at(2.0, "quit")
    assert rig.run() == 0
    (error,) = rig.of("error")
    assert error["thread"] == "timing loop"
    assert "RuntimeError: a bug in an output" in error["message"]
    assert len(rig.of("sent")) == 40  # every step but the one that raised


def test_a_deadline_that_keeps_raising_stops_the_engine_loudly() -> None:
    rig = Rig([fade(1.0, 40)])
    rig.engine.outputs["MIX"] = Flaky(set(range(1, 100)))
    rig.at(0.0, "go")
    assert rig.run() == EXIT_FAULT
    errors = rig.of("error")
    assert errors[0]["message"].startswith("the command failed")  # the GO's own first step
    assert [e["fatal"] for e in errors[1:]] == [False] * 4 + [True]
    assert rig.events[-1]["event"] == "quit"
    assert rig.events[-1]["error"].startswith("failed 5 times in a row: RuntimeError")
