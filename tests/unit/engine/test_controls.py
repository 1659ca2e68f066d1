"""Control cues acting on their targets."""

from __future__ import annotations

from typing import Any

from showdesk.engine.events import Action, ControlDone, CueState, Event, Playhead
from showdesk.engine.model import ControlOp, SchedCue, Show
from showdesk.engine.scheduler import FakeClock, Scheduler, run_until

INF = float("inf")


def make(*cues: SchedCue) -> tuple[Scheduler, FakeClock]:
    clock = FakeClock()
    return Scheduler(Show(cues), clock), clock


def acts(events: list[Event]) -> list[tuple[str, float]]:
    return [(e.cue_id, e.t) for e in events if isinstance(e, Action)]


def control(cue_id: str, op: ControlOp, target: str, **kw: Any) -> SchedCue:
    return SchedCue(cue_id, kind="control", control_op=op, control_target=target, **kw)


def test_control_start_runs_target_sequence_without_moving_playhead() -> None:
    sched, clock = make(
        control("C", "start", "T", pre_wait=1),
        SchedCue("N"),
        SchedCue("T", continue_mode="auto-continue"),
        SchedCue("U", pre_wait=2),
    )
    events = sched.go() + run_until(sched, clock, 100)
    assert acts(events) == [("T", 1.0), ("U", 3.0)]
    assert ControlDone(1.0, "C", "start", "T") in events
    assert sched.playhead == "N"


def test_control_stop_stops_target_at_its_action_time() -> None:
    sched, clock = make(SchedCue("T", duration=INF), control("C", "stop", "T", pre_wait=2))
    events = sched.start("T") + sched.start("C") + run_until(sched, clock, 100)
    assert CueState(2.0, "T", "stopped") in events
    assert events.index(CueState(2.0, "T", "stopped")) < events.index(
        ControlDone(2.0, "C", "stop", "T")
    )


def test_control_pause_and_resume_freeze_and_release_target() -> None:
    sched, clock = make(
        SchedCue("T", pre_wait=5),
        control("P", "pause", "T", pre_wait=2),
        control("R", "resume", "T", pre_wait=4),
    )
    events = sched.start("T") + sched.start("P") + sched.start("R")
    events += run_until(sched, clock, 100)
    assert acts(events) == [("T", 7.0)]  # 3 s of pre-wait remained at 2, released at 4
    assert CueState(2.0, "T", "paused") in events
    assert ControlDone(4.0, "R", "resume", "T") in events


def test_control_goto_moves_playhead_without_go() -> None:
    sched, clock = make(control("C", "goto", "X"), SchedCue("A"), SchedCue("X"))
    events = sched.go() + run_until(sched, clock, 100)
    assert sched.playhead == "X"
    assert acts(events) == []
    assert [e for e in events if isinstance(e, Playhead)] == [
        Playhead(0.0, "A"),
        Playhead(0.0, "X"),
    ]


def test_control_disarm_and_arm_change_target_until_reset() -> None:
    sched, clock = make(
        control("D", "disarm", "T"),
        control("E", "arm", "U"),
        SchedCue("T"),
        SchedCue("U", armed=False),
    )
    sched.start("D")
    sched.start("E")
    assert not sched.is_armed("T")
    assert sched.is_armed("U")
    clock.set(1)
    assert acts(sched.start("T") + sched.start("U")) == [("U", 1.0)]
    sched.reset()
    assert sched.is_armed("T")
    assert not sched.is_armed("U")
    clock.set(2)
    assert acts(sched.start("T") + sched.start("U")) == [("T", 2.0)]


def test_disarmed_or_broken_control_does_nothing_but_keeps_time() -> None:
    sched, clock = make(
        control("C", "start", "T", armed=False, continue_mode="auto-continue"),
        control("D", "start", "T", pre_wait=1),
        SchedCue("T"),
    )
    broken, _ = make(
        SchedCue("C", kind="control", control_op="start", control_target="T", broken="no such"),
        SchedCue("T"),
    )
    events = sched.go() + run_until(sched, clock, 100)
    assert acts(events) == [("T", 1.0)]  # only D's start
    assert [e.cue_id for e in events if isinstance(e, ControlDone)] == ["D"]
    assert acts(broken.go()) == []
    assert broken.state("C") == "completed"


def test_control_cues_starting_each_other_do_not_loop_forever() -> None:
    sched, clock = make(control("A", "start", "B"), control("B", "start", "A"))
    events = sched.start("A") + run_until(sched, clock, 100)
    # A (by command) starts B, B restarts the completed A, whose start of B then finds B
    # running: a second trigger does nothing, and the engine's guard forbids more at t = 0.
    done = [(e.cue_id, e.t) for e in events if isinstance(e, ControlDone)]
    assert done == [("A", 0.0), ("B", 0.0), ("A", 0.0)]
    assert sched.next_deadline() is None


def test_control_stopping_its_own_group_stops_itself() -> None:
    sched, clock = make(
        SchedCue("G", kind="group"),
        SchedCue("X", parent="G", duration=INF),
        control("C", "stop", "G", pre_wait=1, duration=2, parent="G"),
    )
    events = sched.start("G") + run_until(sched, clock, 100)
    assert {sched.state(c) for c in ("G", "X", "C")} == {"stopped"}
    assert ControlDone(1.0, "C", "stop", "G") in events
