"""One cue's rules: states, stop, pause, second trigger, disarmed, broken, GO paths."""

from __future__ import annotations

import pytest

from showdesk.engine.events import (
    Action,
    CueState,
    Event,
    GoAccepted,
    GoRejected,
    Playhead,
)
from showdesk.engine.model import SchedCue, Show
from showdesk.engine.scheduler import FakeClock, Scheduler, run_until

INF = float("inf")


def make(*cues: SchedCue, min_go_interval: float = 0.3) -> tuple[Scheduler, FakeClock]:
    clock = FakeClock()
    return Scheduler(Show(cues, min_go_interval=min_go_interval), clock), clock


def acts(events: list[Event]) -> list[tuple[str, float]]:
    return [(e.cue_id, e.t) for e in events if isinstance(e, Action)]


def states(events: list[Event], cue_id: str) -> list[tuple[float, str]]:
    return [(e.t, e.state) for e in events if isinstance(e, CueState) and e.cue_id == cue_id]


def test_state_sequence_with_pre_wait_and_post_wait() -> None:
    sched, clock = make(
        SchedCue("A", pre_wait=1, duration=2, post_wait=5, continue_mode="auto-continue"),
        SchedCue("B"),
    )
    events = sched.go() + run_until(sched, clock, 100)
    assert states(events, "A") == [
        (0.0, "prewait"),
        (1.0, "running"),
        (3.0, "postwait"),
        (6.0, "completed"),
    ]
    assert acts(events) == [("A", 1.0), ("B", 6.0)]


def test_auto_continue_shorter_than_duration_starts_next_while_running() -> None:
    sched, clock = make(
        SchedCue("A", duration=10, post_wait=3, continue_mode="auto-continue"), SchedCue("B")
    )
    events = sched.go() + run_until(sched, clock, 100)
    assert acts(events) == [("A", 0.0), ("B", 3.0)]
    assert (10.0, "completed") in states(events, "A")


def test_stop_while_post_wait_pending_cancels_the_start() -> None:
    sched, clock = make(SchedCue("A", post_wait=5, continue_mode="auto-continue"), SchedCue("B"))
    events = sched.go() + run_until(sched, clock, 2)
    assert sched.state("A") == "postwait"
    events += sched.stop("A") + run_until(sched, clock, 100)
    assert acts(events) == [("A", 0.0)]
    assert sched.state("B") == "idle"


def test_stop_of_an_idle_or_finished_cue_does_nothing() -> None:
    sched, _ = make(SchedCue("A"), SchedCue("B"))
    sched.go()
    assert sched.stop("A") == []
    assert sched.stop("B") == []


def test_second_trigger_of_a_running_cue_does_nothing() -> None:
    sched, clock = make(SchedCue("A", duration=10), SchedCue("B"), min_go_interval=0)
    events = sched.start("A")
    clock.set(4)
    assert sched.start("A") == []
    assert sched.preview("A") == []
    again = sched.go_to("A")
    assert again == [GoAccepted(4.0, "A", "key"), Playhead(4.0, "B")]
    events += again + run_until(sched, clock, 100)
    assert acts(events) == [("A", 0.0)]
    assert states(events, "A") == [(0.0, "running"), (10.0, "completed")]


def test_completed_cue_can_run_again() -> None:
    sched, clock = make(SchedCue("A", duration=1))
    events = sched.start("A") + run_until(sched, clock, 2) + sched.start("A")
    assert acts(events) == [("A", 0.0), ("A", 2.0)]


def test_disarmed_cue_keeps_its_place_and_timing() -> None:
    sched, clock = make(
        SchedCue("A", pre_wait=1, duration=2, armed=False, continue_mode="auto-follow"),
        SchedCue("B"),
    )
    events = sched.go() + run_until(sched, clock, 100)
    assert acts(events) == [("B", 3.0)]
    assert states(events, "A") == [(0.0, "prewait"), (1.0, "running"), (3.0, "completed")]


def test_broken_cue_is_shown_broken_and_the_sequence_goes_on() -> None:
    sched, clock = make(
        SchedCue(
            "A", pre_wait=1, post_wait=2, broken="no output LX", continue_mode="auto-continue"
        ),
        SchedCue("B"),
    )
    events = sched.go() + run_until(sched, clock, 100)
    assert acts(events) == [("B", 3.0)]
    assert (1.0, "broken") in states(events, "A")


def test_memo_emits_action_and_wait_does_not() -> None:
    sched, clock = make(
        SchedCue("M", kind="memo", continue_mode="auto-continue"),
        SchedCue("W", kind="wait", duration=2, continue_mode="auto-follow"),
        SchedCue("B"),
    )
    events = sched.go() + run_until(sched, clock, 100)
    assert acts(events) == [("M", 0.0), ("B", 2.0)]


def test_pause_all_freezes_wait_cues_that_send_nothing() -> None:
    sched, clock = make(
        SchedCue("W", kind="wait", duration=5, continue_mode="auto-follow"), SchedCue("B")
    )
    events = sched.go() + run_until(sched, clock, 2)
    events += sched.pause() + run_until(sched, clock, 6)
    events += sched.resume() + run_until(sched, clock, 100)
    assert acts(events) == [("B", 9.0)]
    assert states(events, "W") == [
        (0.0, "running"),
        (2.0, "paused"),
        (6.0, "running"),
        (9.0, "completed"),
    ]


def test_pause_freezes_a_pending_post_wait() -> None:
    sched, clock = make(SchedCue("A", post_wait=4, continue_mode="auto-continue"), SchedCue("B"))
    events = sched.go() + run_until(sched, clock, 1)
    events += sched.pause("A") + run_until(sched, clock, 11)
    assert sched.state("A") == "paused"
    events += sched.resume("A") + run_until(sched, clock, 100)
    assert acts(events) == [("A", 0.0), ("B", 14.0)]
    assert states(events, "A")[-2:] == [(11.0, "postwait"), (14.0, "completed")]


def test_pause_and_resume_of_one_cue_leave_others_running() -> None:
    sched, clock = make(SchedCue("A", pre_wait=4), SchedCue("B", pre_wait=4))
    events = sched.start("A") + sched.start("B") + run_until(sched, clock, 1)
    events += sched.pause("A") + run_until(sched, clock, 3)
    events += sched.resume("A") + run_until(sched, clock, 100)
    assert acts(events) == [("B", 4.0), ("A", 6.0)]


def test_stopping_a_paused_cue_stops_it() -> None:
    sched, clock = make(SchedCue("A", pre_wait=4))
    sched.start("A")
    sched.pause("A")
    clock.set(1)
    assert sched.stop("A") == [CueState(1.0, "A", "stopped")]
    assert sched.resume("A") == []
    assert run_until(sched, clock, 100) == []


def test_go_hammering_cannot_lock_out_go() -> None:
    sched, clock = make(*(SchedCue(f"c{i}") for i in range(10)), min_go_interval=1.0)
    accepted = []
    rejected = 0
    for n in range(41):  # a GO every 0.1 s for 4 s
        clock.set(n / 10)
        for event in sched.go(source="osc"):
            if isinstance(event, GoAccepted):
                accepted.append(event.t)
            rejected += isinstance(event, GoRejected)
    assert accepted == [0.0, 1.0, 2.0, 3.0, 4.0]  # rejections never moved t_last_accepted
    assert rejected == 36


def test_go_to_is_guarded_and_a_rejected_go_to_leaves_the_playhead() -> None:
    sched, clock = make(SchedCue("A"), SchedCue("B"), SchedCue("C"), min_go_interval=1.0)
    sched.go()
    clock.set(0.5)
    events = sched.go_to("C", source="midi")
    assert len(events) == 1
    assert isinstance(events[0], GoRejected)
    assert events[0].source == "midi"
    assert sched.playhead == "B"
    clock.set(1.0)
    events = sched.go_to("C")
    assert acts(events) == [("C", 1.0)]
    assert sched.playhead is None


def test_zero_interval_disables_the_guard() -> None:
    sched, _ = make(SchedCue("A"), SchedCue("B"), min_go_interval=0)
    assert acts(sched.go() + sched.go()) == [("A", 0.0), ("B", 0.0)]


def test_go_with_nothing_standing_by_is_rejected_and_does_not_arm_the_guard() -> None:
    sched, clock = make(SchedCue("A"), min_go_interval=1.0)
    sched.go()
    clock.set(1.0)
    assert sched.go() == [GoRejected(1.0, "key", "nothing is standing by")]
    clock.set(1.5)
    sched.standby("A")
    assert acts(sched.go()) == [("A", 1.5)]


def test_standby_moves_the_playhead_only() -> None:
    sched, _ = make(SchedCue("A"), SchedCue("B"))
    assert sched.standby("B") == [Playhead(0.0, "B")]
    assert sched.standby("B") == []
    assert sched.state("B") == "idle"


def test_late_advance_reports_exact_deadlines_in_order() -> None:
    sched, clock = make(
        SchedCue("A", pre_wait=2, duration=10, continue_mode="auto-follow"),
        SchedCue("B", pre_wait=0.5),
    )
    sched.go()
    clock.set(50)
    events = sched.advance()
    assert acts(events) == [("A", 2.0), ("B", 12.5)]
    assert [e.t for e in events] == sorted(e.t for e in events)


def test_command_first_catches_up_with_overdue_deadlines() -> None:
    sched, clock = make(SchedCue("A", pre_wait=2, duration=10))
    sched.start("A")
    clock.set(5)  # no advance since 0: A's action at 2 is overdue
    events = sched.stop("A")
    assert events == [
        CueState(2.0, "A", "running"),
        Action(2.0, "A"),
        CueState(5.0, "A", "stopped"),
    ]


def test_next_deadline_tracks_pending_work() -> None:
    sched, clock = make(SchedCue("A", pre_wait=2, duration=3))
    assert sched.next_deadline() is None
    sched.go()
    assert sched.next_deadline() == 2.0
    clock.set(2.0)
    sched.advance()
    assert sched.next_deadline() == 5.0


def test_unknown_cue_ids_raise_without_side_effects() -> None:
    sched, clock = make(SchedCue("A", pre_wait=1))
    sched.go()
    clock.set(2)
    for command in (sched.start, sched.stop, sched.pause, sched.preview, sched.standby):
        with pytest.raises(KeyError):
            command("nope")
    with pytest.raises(KeyError):
        sched.state("nope")
    assert acts(sched.advance()) == [("A", 1.0)]  # the overdue action was not consumed


def test_fake_clock_is_monotonic() -> None:
    clock = FakeClock(5.0)
    clock.advance(0.5)
    assert clock.now() == 5.5
    with pytest.raises(ValueError, match="cannot go back"):
        clock.set(5.0)
