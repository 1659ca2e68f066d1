"""Group modes: what each starts, where the playhead goes, when the group completes."""

from __future__ import annotations

import random
from typing import Any

from showdesk.engine.events import Action, CueState, Event
from showdesk.engine.model import GroupMode, SchedCue, Show
from showdesk.engine.scheduler import FakeClock, Scheduler, run_until

INF = float("inf")


def make(*cues: SchedCue, seed: int = 7) -> tuple[Scheduler, FakeClock]:
    clock = FakeClock()
    return Scheduler(Show(cues), clock, random.Random(seed)), clock


def acts(events: list[Event]) -> list[tuple[str, float]]:
    return [(e.cue_id, e.t) for e in events if isinstance(e, Action)]


def group(mode: GroupMode, **kw: Any) -> SchedCue:
    return SchedCue("G", kind="group", group_mode=mode, **kw)


def test_timeline_group_completes_with_its_last_child_then_follows() -> None:
    sched, clock = make(
        group("timeline", continue_mode="auto-follow"),
        SchedCue("X", parent="G", duration=2),
        SchedCue("Y", parent="G", pre_wait=1, duration=3),
        SchedCue("H"),
    )
    events = sched.go() + run_until(sched, clock, 100)
    assert acts(events) == [("X", 0.0), ("Y", 1.0), ("H", 4.0)]
    assert CueState(4.0, "G", "completed") in events


def test_timeline_group_ignores_children_continue_links() -> None:
    sched, clock = make(
        group("timeline"),
        SchedCue("X", parent="G", post_wait=3, continue_mode="auto-continue"),
        SchedCue("Y", parent="G", duration=1),
    )
    events = sched.go() + run_until(sched, clock, 100)
    assert acts(events) == [("X", 0.0), ("Y", 0.0)]  # Y not started a second time at 3


def test_group_pre_wait_delays_all_children() -> None:
    sched, clock = make(
        group("timeline", pre_wait=2),
        SchedCue("X", parent="G"),
        SchedCue("Y", parent="G", pre_wait=1),
    )
    events = sched.go() + run_until(sched, clock, 100)
    assert acts(events) == [("X", 2.0), ("Y", 3.0)]


def test_group_auto_continue_uses_the_group_post_wait() -> None:
    sched, clock = make(
        group("timeline", pre_wait=1, post_wait=2, continue_mode="auto-continue"),
        SchedCue("X", parent="G", duration=10),
        SchedCue("H"),
    )
    events = sched.go() + run_until(sched, clock, 100)
    assert acts(events) == [("X", 1.0), ("H", 3.0)]
    assert sched.playhead is None  # GO on G went past its sequence, H included


def test_start_first_starts_first_child_and_its_sequence_only() -> None:
    sched, clock = make(
        group("start-first", continue_mode="auto-follow"),
        SchedCue("X", parent="G", duration=1, continue_mode="auto-follow"),
        SchedCue("Y", parent="G", duration=2),
        SchedCue("Z", parent="G"),
        SchedCue("H"),
        SchedCue("I"),
    )
    events = sched.go()
    assert sched.playhead == "I"  # past the group's own sequence (G follows into H)
    events += run_until(sched, clock, 100)
    assert acts(events) == [("X", 0.0), ("Y", 1.0), ("H", 3.0)]
    assert sched.state("Z") == "idle"


def test_continue_from_last_child_goes_nowhere() -> None:
    sched, clock = make(
        group("start-first"),
        SchedCue("X", parent="G", continue_mode="auto-continue"),
        SchedCue("H"),
    )
    events = sched.go() + run_until(sched, clock, 100)
    assert acts(events) == [("X", 0.0)]


def test_entered_group_stays_running_until_the_playhead_leaves_it() -> None:
    sched, clock = make(
        group("start-first-and-enter", continue_mode="auto-follow"),
        SchedCue("X", parent="G"),
        SchedCue("Y", parent="G", duration=5),
        SchedCue("H"),
        SchedCue("I"),
    )
    events = sched.go() + run_until(sched, clock, 1)
    assert sched.state("X") == "completed"
    assert sched.state("G") == "running"  # waiting for the operator inside it
    events += sched.go() + run_until(sched, clock, 100)  # GO on Y, the last child
    assert sched.playhead == "I"  # leaving G passes its sequence: H runs on G's follow
    assert acts(events) == [("X", 0.0), ("Y", 1.0), ("H", 6.0)]  # G's follow after Y
    assert CueState(6.0, "G", "completed") in events


def test_entered_group_playhead_skips_children_run_by_continues() -> None:
    sched, _ = make(
        group("start-first-and-enter"),
        SchedCue("X", parent="G", continue_mode="auto-continue"),
        SchedCue("Y", parent="G"),
        SchedCue("Z", parent="G"),
    )
    events = sched.go()
    assert acts(events) == [("X", 0.0), ("Y", 0.0)]
    assert sched.playhead == "Z"


def test_standby_out_of_an_entered_group_lets_it_complete() -> None:
    sched, _ = make(
        group("start-first-and-enter"),
        SchedCue("X", parent="G"),
        SchedCue("Y", parent="G"),
        SchedCue("H"),
    )
    sched.go()
    assert sched.state("G") == "running"
    sched.standby("H")
    assert sched.state("G") == "completed"


def test_playlist_plays_children_one_after_another() -> None:
    sched, clock = make(
        group("playlist", continue_mode="auto-follow"),
        SchedCue("X", parent="G", duration=2),
        SchedCue("Y", parent="G", pre_wait=1, duration=3),
        SchedCue("Z", parent="G", duration=1),
        SchedCue("H"),
        SchedCue("I"),
    )
    events = sched.go()
    assert sched.playhead == "I"  # past the group's sequence
    events += run_until(sched, clock, 100)
    assert acts(events) == [("X", 0.0), ("Y", 3.0), ("Z", 6.0), ("H", 7.0)]


def test_looping_playlist_wraps_until_stopped() -> None:
    sched, clock = make(
        group("playlist", loop=True),
        SchedCue("X", parent="G", duration=1),
        SchedCue("Y", parent="G", duration=2),
    )
    events = sched.go() + run_until(sched, clock, 7.5)
    assert acts(events) == [("X", 0.0), ("Y", 1.0), ("X", 3.0), ("Y", 4.0), ("X", 6.0), ("Y", 7.0)]
    events = sched.stop("G") + run_until(sched, clock, 100)
    assert events == [CueState(7.5, "G", "stopped"), CueState(7.5, "Y", "stopped")]


def test_looping_playlist_of_instant_cues_does_not_spin() -> None:
    sched, clock = make(
        group("playlist", loop=True), SchedCue("X", parent="G"), SchedCue("Y", parent="G")
    )
    events = sched.go() + run_until(sched, clock, 10)
    assert acts(events) == [("X", 0.0), ("Y", 0.0)]  # a zero-length pass cannot repeat
    assert sched.state("G") == "completed"


def test_stopping_a_playing_child_ends_the_playlist_without_follow() -> None:
    sched, clock = make(
        group("playlist", continue_mode="auto-follow"),
        SchedCue("X", parent="G", duration=2),
        SchedCue("Y", parent="G"),
        SchedCue("H"),
    )
    events = sched.go() + run_until(sched, clock, 1)
    events += sched.stop("X") + run_until(sched, clock, 100)
    assert acts(events) == [("X", 0.0)]
    assert sched.state("G") == "stopped"


def random_show() -> tuple[SchedCue, ...]:
    return (group("random"), *(SchedCue(f"k{i}", parent="G") for i in range(4)))


def play_random(sched: Scheduler, clock: FakeClock, times: int) -> list[str]:
    picks: list[str] = []
    for n in range(times):
        clock.set(float(n))
        picks += [cue for cue, _ in acts(sched.start("G"))]
    return picks


def test_random_group_plays_every_child_once_before_any_repeats() -> None:
    sched, clock = make(*random_show(), seed=3)
    picks = play_random(sched, clock, 12)
    assert len(picks) == 12
    kids = {"k0", "k1", "k2", "k3"}
    assert set(picks[0:4]) == set(picks[4:8]) == set(picks[8:12]) == kids
    # The seeded rng makes the order reproducible, and it is not simply list order.
    again, clock2 = make(*random_show(), seed=3)
    assert play_random(again, clock2, 12) == picks
    assert picks[0:4] != ["k0", "k1", "k2", "k3"] or picks[4:8] != ["k0", "k1", "k2", "k3"]


def test_random_group_skips_disarmed_and_playing_children() -> None:
    cues = (
        group("random"),
        SchedCue("k0", parent="G", duration=INF),
        SchedCue("k1", parent="G", armed=False),
        SchedCue("k2", parent="G"),
    )
    sched, clock = make(*cues)
    sched.start("k0")  # playing already
    picks = play_random(sched, clock, 3)
    assert picks == ["k2", "k2", "k2"]


def test_random_group_with_nothing_to_play_completes_at_once() -> None:
    sched, _ = make(group("random"), SchedCue("k0", parent="G", armed=False))
    events = sched.start("G")
    assert acts(events) == []
    assert CueState(0.0, "G", "completed") in events


def test_nested_groups_complete_inside_out() -> None:
    sched, clock = make(
        group("timeline", continue_mode="auto-follow"),
        SchedCue("G2", kind="group", parent="G"),
        SchedCue("X", parent="G2", pre_wait=3, duration=1),
        SchedCue("Y", parent="G", pre_wait=1),
        SchedCue("H"),
        SchedCue("I"),
    )
    events = sched.go()
    assert sched.playhead == "I"
    events += run_until(sched, clock, 100)
    assert acts(events) == [("Y", 1.0), ("X", 3.0), ("H", 4.0)]
    assert CueState(4.0, "G2", "completed") in events
    assert CueState(4.0, "G", "completed") in events


def test_disarmed_group_keeps_timing_but_children_do_not_act() -> None:
    sched, clock = make(
        group("timeline", armed=False, continue_mode="auto-follow"),
        SchedCue("X", parent="G", pre_wait=2, duration=1),
        SchedCue("H"),
    )
    events = sched.go() + run_until(sched, clock, 100)
    assert acts(events) == [("H", 3.0)]
    assert CueState(2.0, "X", "running") in events


def test_stopping_a_group_stops_its_children_and_its_follow() -> None:
    sched, clock = make(
        group("timeline", continue_mode="auto-follow"),
        SchedCue("X", parent="G", duration=10),
        SchedCue("Y", parent="G", pre_wait=5),
        SchedCue("H"),
    )
    events = sched.go() + run_until(sched, clock, 2)
    stop = sched.stop("G")
    assert stop == [
        CueState(2.0, "G", "stopped"),
        CueState(2.0, "X", "stopped"),
        CueState(2.0, "Y", "stopped"),
    ]
    events += stop + run_until(sched, clock, 100)
    assert acts(events) == [("X", 0.0)]


def test_pausing_a_group_freezes_its_children() -> None:
    sched, clock = make(
        group("timeline"),
        SchedCue("X", parent="G", pre_wait=3),
        SchedCue("Y", parent="G", pre_wait=1, duration=4, continue_mode="auto-follow"),
    )
    events = sched.go() + run_until(sched, clock, 2)
    events += sched.pause("G") + run_until(sched, clock, 12)
    assert {sched.state(c) for c in ("G", "X", "Y")} == {"paused"}
    events += sched.resume("G") + run_until(sched, clock, 100)
    assert acts(events) == [("Y", 1.0), ("X", 13.0)]
    assert CueState(15.0, "G", "completed") in events


def test_cue_started_alone_inside_a_running_group_joins_it() -> None:
    sched, clock = make(
        group("start-first"),
        SchedCue("X", parent="G", duration=1),
        SchedCue("Y", parent="G", duration=5),
    )
    events = sched.start("G") + sched.start("Y") + run_until(sched, clock, 100)
    assert CueState(5.0, "G", "completed") in events


def test_empty_group_completes_at_its_action_time() -> None:
    sched, clock = make(group("timeline", pre_wait=1))
    events = sched.go() + run_until(sched, clock, 100)
    assert CueState(1.0, "G", "completed") in events
