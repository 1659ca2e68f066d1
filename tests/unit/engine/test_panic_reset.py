"""Panic, stop all and reset."""

from __future__ import annotations

from showdesk.engine.events import Action, CueState, Event, FadeStep, Playhead
from showdesk.engine.model import SchedCue, Show
from showdesk.engine.scheduler import FakeClock, Scheduler, run_until

INF = float("inf")


def make(*cues: SchedCue, panic_time: float = 1.0) -> tuple[Scheduler, FakeClock]:
    clock = FakeClock()
    return Scheduler(Show(cues, panic_time=panic_time), clock), clock


def acts(events: list[Event]) -> list[tuple[str, float]]:
    return [(e.cue_id, e.t) for e in events if isinstance(e, Action)]


def busy_show(panic_time: float = 1.0) -> tuple[Scheduler, FakeClock]:
    """At t = 2: F fading, S sounding, P in pre-wait, post-wait of W pending, D disarmed fade."""
    sched, clock = make(
        SchedCue("F", kind="fade", duration=10, fade_to=1.0),
        SchedCue("S", duration=INF),
        SchedCue("P", pre_wait=5),
        SchedCue("W", post_wait=5, continue_mode="auto-continue"),
        SchedCue("N"),
        SchedCue("D", kind="fade", duration=10, armed=False),
        panic_time=panic_time,
    )
    for cue in ("F", "S", "P", "W", "D"):
        sched.start(cue)
    run_until(sched, clock, 2)
    assert sched.state("W") == "postwait"
    return sched, clock


def test_panic_stops_everything_but_fades_which_stop_after_the_panic_time() -> None:
    sched, clock = busy_show()
    events = sched.panic()
    assert events == [
        CueState(2.0, "F", "stopping"),
        CueState(2.0, "S", "stopped"),
        CueState(2.0, "P", "stopped"),
        CueState(2.0, "W", "stopped"),
        CueState(2.0, "D", "stopped"),  # a disarmed fade sends nothing, so nothing to fade out
    ]
    assert sched.next_deadline() == 3.0
    later = run_until(sched, clock, 100)
    assert later == [CueState(3.0, "F", "stopped")]  # no FadeStep while stopping
    assert sched.state("N") == "idle"  # W's pending post-wait start was cancelled


def test_panic_with_zero_panic_time_stops_fades_at_once() -> None:
    sched, _ = busy_show(panic_time=0.0)
    events = sched.panic()
    assert CueState(2.0, "F", "stopped") in events
    assert sched.next_deadline() is None


def test_panic_after_the_fade_outs_is_a_new_first_panic() -> None:
    sched, clock = busy_show()
    sched.panic()
    run_until(sched, clock, 5)
    clock.set(5)
    sched.start("F")
    assert sched.panic() == [CueState(5.0, "F", "stopping")]


def test_stop_all_stops_everything_at_once_including_fades() -> None:
    sched, clock = busy_show()
    events = sched.stop()
    assert {e.cue_id for e in events if isinstance(e, CueState) and e.state == "stopped"} == {
        "F",
        "S",
        "P",
        "W",
        "D",
    }
    assert all(e.t == 2.0 for e in events)
    assert run_until(sched, clock, 100) == []
    assert sched.next_deadline() is None


def test_stop_all_during_a_panic_fade_out_ends_it() -> None:
    sched, clock = busy_show()
    sched.panic()
    clock.set(2.5)
    assert sched.stop() == [CueState(2.5, "F", "stopped")]


def test_reset_stops_all_puts_playhead_on_top_and_forgets_states() -> None:
    sched, clock = make(SchedCue("A"), SchedCue("B", duration=INF), SchedCue("C"))
    sched.go()
    clock.set(0.5)  # past the default 0.3 s double-GO guard
    sched.go()
    assert sched.playhead == "C"
    clock.set(1)
    events = sched.reset()
    assert events == [
        CueState(1.0, "B", "stopped"),
        CueState(1.0, "A", "idle"),
        CueState(1.0, "B", "idle"),
        Playhead(1.0, "A"),
    ]
    assert sched.playhead == "A"
    clock.set(2)
    assert acts(sched.go()) == [("A", 2.0)]


def test_panic_does_not_touch_fade_steps_already_sent() -> None:
    sched, clock = make(SchedCue("F", kind="fade", duration=1, fade_to=1.0))
    events = sched.go() + run_until(sched, clock, 0.5)
    sent = [e for e in events if isinstance(e, FadeStep)]
    assert [s.index for s in sent] == list(range(21))
    assert sched.panic() == [CueState(0.5, "F", "stopping")]
    assert run_until(sched, clock, 10) == [CueState(1.5, "F", "stopped")]
