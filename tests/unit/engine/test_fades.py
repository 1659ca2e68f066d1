"""Fade ramps: step times on absolute deadlines, exact final value, curves, pause."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from showdesk.engine.events import Action, CueState, Event, FadeStep
from showdesk.engine.model import SchedCue, Show, fade_ramp_steps, fade_value
from showdesk.engine.scheduler import FakeClock, Scheduler, run_until


def make(*cues: SchedCue) -> tuple[Scheduler, FakeClock]:
    clock = FakeClock()
    return Scheduler(Show(cues), clock), clock


def fade(**kw: Any) -> SchedCue:
    base: dict[str, Any] = {"duration": 1.0, "fade_from": 0.0, "fade_to": 1.0}
    return SchedCue("F", kind="fade", **(base | kw))


def steps(events: list[Event]) -> list[FadeStep]:
    return [e for e in events if isinstance(e, FadeStep)]


def test_one_second_at_40_hz_is_41_steps_on_exact_deadlines() -> None:
    sched, clock = make(fade(pre_wait=0.1, fade_from=0.25, fade_to=0.75))
    events = sched.go() + run_until(sched, clock, 100)
    got = steps(events)
    assert len(got) == 41
    assert [s.index for s in got] == list(range(41))
    assert [s.t for s in got[:40]] == [0.1 + k / 40 for k in range(40)]
    assert got[-1].t == 0.1 + 1.0
    assert got[0].value == 0.25
    assert got[20].value == 0.5
    assert got[-1].value == 0.75  # exactly `to`, not a rounded ramp value
    assert CueState(1.1, "F", "completed") in events
    assert [e.t for e in events if isinstance(e, Action)] == [0.1]


def test_zero_length_fade_is_one_step_to_the_target() -> None:
    sched, _ = make(fade(duration=0.0, fade_to=0.6))
    assert steps(sched.go()) == [FadeStep(0.0, "F", 0, 0.6)]


def test_s_curve_is_symmetric_and_eases_both_ends() -> None:
    cue = fade(fade_curve="s", duration=2.0, fade_rate=10.0, fade_from=-1.0, fade_to=3.0)
    count = fade_ramp_steps(cue)
    assert count == 20
    values = [fade_value(cue, k) for k in range(count + 1)]
    for k in range(count + 1):
        assert values[k] - (-1.0) == pytest.approx(3.0 - values[count - k], abs=1e-12)
    assert values[10] == pytest.approx(1.0)
    linear = fade(duration=2.0, fade_rate=10.0, fade_from=-1.0, fade_to=3.0)
    assert values[1] < fade_value(linear, 1)  # slower start than linear
    assert values[19] > fade_value(linear, 19)  # slower finish than linear


def test_pausing_a_fade_freezes_its_ramp_and_resume_keeps_the_grid() -> None:
    sched, clock = make(fade())
    events = sched.go() + run_until(sched, clock, 0.5)
    assert steps(events)[-1].t == 0.5
    events += sched.pause() + run_until(sched, clock, 2.5)
    assert steps(events)[-1].t == 0.5  # nothing while paused
    events += sched.resume() + run_until(sched, clock, 100)
    after = [s for s in steps(events) if s.t > 0.5]
    assert [s.index for s in after] == list(range(21, 41))
    assert [s.t for s in after[:-1]] == [2.0 + k / 40 for k in range(21, 40)]
    assert after[-1] == FadeStep(3.0, "F", 40, 1.0)
    assert CueState(3.0, "F", "completed") in events


def test_disarmed_fade_sends_nothing_but_keeps_its_duration() -> None:
    sched, clock = make(fade(armed=False, continue_mode="auto-follow"), SchedCue("N"))
    events = sched.go() + run_until(sched, clock, 100)
    assert steps(events) == []
    assert [(e.cue_id, e.t) for e in events if isinstance(e, Action)] == [("N", 1.0)]


def test_broken_fade_sends_nothing_and_continues() -> None:
    sched, clock = make(fade(broken="no such output", continue_mode="auto-follow"), SchedCue("N"))
    events = sched.go() + run_until(sched, clock, 100)
    assert steps(events) == []
    assert CueState(0.0, "F", "broken") in events
    assert [(e.cue_id, e.t) for e in events if isinstance(e, Action)] == [("N", 1.0)]


def test_edited_fade_length_moves_its_follow() -> None:
    sched, clock = make(fade(duration=8.0, continue_mode="auto-follow"), SchedCue("N"))
    events = sched.go() + run_until(sched, clock, 100)
    assert [(e.cue_id, e.t) for e in events if isinstance(e, Action)] == [("F", 0.0), ("N", 8.0)]


@settings(max_examples=200, deadline=None)
@given(
    st.floats(min_value=0, max_value=30, allow_nan=False),
    st.floats(min_value=0.5, max_value=200, allow_nan=False),
)
def test_ramp_steps_lie_strictly_before_the_end(duration: float, rate: float) -> None:
    cue = fade(duration=duration, fade_rate=rate)
    count = fade_ramp_steps(cue)
    assert all(k / rate < duration for k in range(count))
    assert count / rate >= duration
    assert fade_value(cue, count) == 1.0
