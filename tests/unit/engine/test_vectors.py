"""The semantics brief's test vectors T1-T12, plus closed-form properties of continue chains."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from showdesk.engine.events import Action, CueState, Event, FadeStep, GoAccepted, GoRejected
from showdesk.engine.model import ContinueMode, SchedCue, Show
from showdesk.engine.scheduler import FakeClock, Scheduler, run_until


def make(*cues: SchedCue, **settings_: float) -> tuple[Scheduler, FakeClock]:
    clock = FakeClock()
    return Scheduler(Show(cues, **settings_), clock), clock


def acts(events: list[Event]) -> list[tuple[str, float]]:
    return [(e.cue_id, e.t) for e in events if isinstance(e, Action)]


def test_t1_zero_wait_auto_continue_fires_both_at_once_in_list_order() -> None:
    sched, _ = make(SchedCue("A", continue_mode="auto-continue"), SchedCue("B"), SchedCue("C"))
    events = sched.go()
    assert acts(events) == [("A", 0.0), ("B", 0.0)]
    assert sched.playhead == "C"


def test_t2_auto_continue_starts_next_at_action_plus_post_wait() -> None:
    sched, clock = make(
        SchedCue("A", pre_wait=2, post_wait=3, continue_mode="auto-continue"), SchedCue("B")
    )
    events = sched.go() + run_until(sched, clock, 100)
    assert acts(events) == [("A", 2.0), ("B", 5.0)]


def t3_show() -> tuple[Scheduler, FakeClock]:
    return make(
        SchedCue("A", pre_wait=2, duration=10, post_wait=7, continue_mode="auto-follow"),
        SchedCue("B"),
    )


def test_t3_auto_follow_starts_next_at_completion_ignoring_post_wait() -> None:
    sched, clock = t3_show()
    events = sched.go() + run_until(sched, clock, 100)
    assert acts(events) == [("A", 2.0), ("B", 12.0)]


def test_t4_stopped_auto_follow_cue_does_not_fire_its_follow() -> None:
    sched, clock = t3_show()
    events = sched.go() + run_until(sched, clock, 6)
    events += sched.stop("A") + run_until(sched, clock, 100)
    assert acts(events) == [("A", 2.0)]
    assert CueState(6, "A", "stopped") in events
    assert sched.state("A") == "stopped"
    assert sched.state("B") == "idle"


def test_t5_stop_in_pre_wait_cancels_action_and_continue() -> None:
    sched, clock = make(SchedCue("A", pre_wait=5, continue_mode="auto-continue"), SchedCue("B"))
    events = sched.go() + run_until(sched, clock, 3)
    events += sched.stop("A") + run_until(sched, clock, 100)
    assert acts(events) == []
    assert sched.next_deadline() is None


def test_t6_timeline_group_children_placed_by_their_pre_waits() -> None:
    sched, clock = make(
        SchedCue("G", kind="group", group_mode="timeline"),
        SchedCue("X", parent="G"),
        SchedCue("Y", parent="G", pre_wait=4),
        SchedCue("H"),
    )
    events = sched.go()
    assert sched.playhead == "H"
    events += run_until(sched, clock, 100)
    assert acts(events) == [("X", 0.0), ("Y", 4.0)]
    assert CueState(4.0, "G", "completed") in events


def test_t7_start_first_and_enter_steps_through_children_then_leaves() -> None:
    sched, clock = make(
        SchedCue("G", kind="group", group_mode="start-first-and-enter"),
        SchedCue("X", parent="G", duration=0.5),
        SchedCue("Y", parent="G"),
        SchedCue("Z", parent="G"),
        SchedCue("H"),
    )
    events: list[Event] = []
    playheads = []
    for t in (0.0, 1.0, 2.0, 3.0):
        clock.set(t)
        events += sched.go() + run_until(sched, clock, t + 0.9)
        playheads.append(sched.playhead)
    assert acts(events) == [("X", 0.0), ("Y", 1.0), ("Z", 2.0), ("H", 3.0)]
    assert playheads == ["Y", "Z", "H", None]


def test_t8_double_go_guard() -> None:
    cues = [SchedCue(name) for name in "ABCDE"]
    sched, clock = make(*cues, min_go_interval=1.0)
    verdicts = []
    events: list[Event] = []
    for t in (0.0, 0.5, 0.9, 1.0, 1.4):
        clock.set(t)
        step = sched.go()
        events += step
        verdicts.append("accepted" if any(isinstance(e, GoAccepted) for e in step) else "rejected")
        assert sum(isinstance(e, GoRejected) for e in step) == (verdicts[-1] == "rejected")
    assert verdicts == ["accepted", "rejected", "rejected", "accepted", "rejected"]
    assert acts(events) == [("A", 0.0), ("B", 1.0)]
    assert sched.playhead == "C"


def test_t9_start_by_number_is_not_guarded_and_keeps_playhead() -> None:
    cues = [SchedCue(f"c{n}", number=str(n)) for n in range(1, 9)]
    sched, clock = make(*cues, min_go_interval=1.0)
    events = sched.go()
    clock.set(0.2)
    events += sched.start("c7")
    assert acts(events) == [("c1", 0.0), ("c7", 0.2)]
    assert not any(isinstance(e, GoRejected) for e in events)
    assert sched.playhead == "c2"


def test_t10_second_panic_during_fade_out_stops_everything_at_once() -> None:
    sched, clock = make(
        SchedCue("F", kind="fade", duration=10, fade_to=1.0),
        SchedCue("S", duration=float("inf")),
        SchedCue("P", pre_wait=5),
        panic_time=1.0,
    )
    events = sched.start("F") + sched.start("S") + sched.start("P") + sched.panic()
    assert CueState(0.0, "F", "stopping") in events
    assert CueState(0.0, "S", "stopped") in events
    assert CueState(0.0, "P", "stopped") in events
    clock.set(0.5)
    late = sched.panic()
    assert late == [CueState(0.5, "F", "stopped")]
    events += late + run_until(sched, clock, 100)
    assert [e.t for e in events if isinstance(e, FadeStep)] == [0.0]  # none after the panic
    assert acts(events) == [("F", 0.0), ("S", 0.0)]
    assert sched.next_deadline() is None


def test_t11_preview_skips_pre_wait_and_continue_and_keeps_playhead() -> None:
    sched, clock = make(SchedCue("A", pre_wait=3, continue_mode="auto-continue"), SchedCue("B"))
    events = sched.preview("A") + run_until(sched, clock, 100)
    assert acts(events) == [("A", 0.0)]
    assert sched.playhead == "A"


def test_t12_pause_all_freezes_pre_wait_and_resume_continues_with_what_remained() -> None:
    sched, clock = make(
        SchedCue("A", pre_wait=4, continue_mode="auto-continue"), SchedCue("B", pre_wait=2)
    )
    events = sched.go() + run_until(sched, clock, 1)
    events += sched.pause()
    assert sched.state("A") == "paused"
    events += run_until(sched, clock, 11)
    events += sched.resume() + run_until(sched, clock, 100)
    assert acts(events) == [("A", 14.0), ("B", 16.0)]


# --- properties ------------------------------------------------------------------------------

seconds = st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False)
modes = st.sampled_from(["none", "auto-continue", "auto-follow"])
chains = st.lists(st.tuples(seconds, seconds, seconds, modes), min_size=1, max_size=8)
Spec = tuple[float, float, float, ContinueMode]


def chain_show(specs: list[Spec]) -> tuple[Scheduler, FakeClock]:
    return make(
        *(
            SchedCue(f"c{i}", pre_wait=p, duration=d, post_wait=w, continue_mode=mode)
            for i, (p, d, w, mode) in enumerate(specs)
        )
    )


def closed_form(specs: list[Spec]) -> list[tuple[str, float]]:
    """t_a = t_s + p; next t_s = t_a + w (auto-continue) or t_a + d (auto-follow)."""
    expected = []
    t_s = 0.0
    for i, (p, d, w, mode) in enumerate(specs):
        t_a = t_s + p
        expected.append((f"c{i}", t_a))
        if mode == "none":
            break
        t_s = t_a + w if mode == "auto-continue" else t_a + d
    return expected


@settings(max_examples=300, deadline=None)
@given(chains, st.booleans())
def test_every_action_time_equals_the_closed_form_sum(specs: list[Spec], late: bool) -> None:
    sched, clock = chain_show(specs)
    events = sched.go()
    if late:  # one advance long after everything: times must still be the exact deadlines
        clock.set(1e9)
        events += sched.advance()
    else:
        events += run_until(sched, clock, 1e9)
    assert acts(events) == closed_form(specs)
    times = [e.t for e in events]
    assert times == sorted(times)


@settings(max_examples=200, deadline=None)
@given(chains, seconds, seconds)
def test_pause_all_delays_every_later_action_by_the_time_held(
    specs: list[Spec], pause_at: float, held: float
) -> None:
    sched, clock = chain_show(specs)
    events = sched.go() + run_until(sched, clock, pause_at)
    events += sched.pause() + run_until(sched, clock, pause_at + held)
    events += sched.resume() + run_until(sched, clock, 1e9)
    shifted = [(cue, t if t <= pause_at else t + held) for cue, t in closed_form(specs)]
    got = acts(events)
    assert [cue for cue, _ in got] == [cue for cue, _ in shifted]
    for (_, t_got), (_, t_want) in zip(got, shifted, strict=True):
        assert t_got == pytest.approx(t_want, rel=1e-12, abs=1e-9)
