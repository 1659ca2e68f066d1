"""The common fields of every cue: what a cue accepts, and errors that name the cue and column."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest

from cues.base import ContinueMode, Cue, CueError
from cues.fade import FadeRamp
from cues.group import GroupSettings
from cues.osc import OscMessage
from cues.registry import cue_type
from cues.simple import Nothing

GO = OscMessage("/go")


def osc_cue(**fields: Any) -> Cue:
    return Cue(type=cue_type("osc"), payload=GO, **{"number": "5", **fields})


def memo_cue(**fields: Any) -> Cue:
    return Cue(type=cue_type("memo"), payload=Nothing(), **{"number": "5", **fields})


def error_of(make: Any, **fields: Any) -> CueError:
    with pytest.raises(CueError) as caught:
        make(**fields)
    return caught.value


def test_a_valid_cue_keeps_every_field() -> None:
    cue = Cue(
        type=cue_type("fade"),
        payload=FadeRamp("/ch/01/mix/fader", "f", 0.0, 0.75),
        number="12.5",
        name="Band up",
        target="x32",
        pre_wait=1.5,
        duration=5,
        post_wait=0.25,
        continue_mode=ContinueMode.AUTO_FOLLOW,
        armed=False,
        dept="SND",
        call="Sound Q 12.5 GO",
        notes="first line\nsecond line",
        colour="#1a2B3c",
    )
    assert (cue.number, cue.name, cue.target, cue.dept) == ("12.5", "Band up", "x32", "SND")
    assert (cue.pre_wait, cue.duration, cue.post_wait) == (1.5, 5, 0.25)
    assert cue.continue_mode is ContinueMode.AUTO_FOLLOW
    assert cue.armed is False
    assert cue.notes == "first line\nsecond line"
    assert cue.parent is None


def test_cues_get_distinct_ids_and_are_frozen() -> None:
    first, second = memo_cue(), memo_cue()
    assert first.id
    assert first.id != second.id
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.name = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("field", ["pre_wait", "duration", "post_wait"])
@pytest.mark.parametrize("value", [-0.5, -1, math.nan, math.inf, -math.inf, "2", None, True])
def test_times_must_be_finite_seconds_of_zero_or_more(field: str, value: Any) -> None:
    kind = cue_type("wait")  # a timed type, so duration is allowed in principle
    error = error_of(Cue, type=kind, payload=Nothing(), number="5", **{field: value})
    assert error.field == field
    assert str(error).startswith(f"cue 5: {field}: ")
    assert error.cue == "cue 5"


@pytest.mark.parametrize("field", ["pre_wait", "post_wait"])
def test_waits_run_from_zero_to_a_day(field: str) -> None:
    assert getattr(osc_cue(**{field: 0}), field) == 0
    assert getattr(osc_cue(**{field: 86400}), field) == 86400
    with pytest.raises(CueError, match="at most 24 hours"):
        osc_cue(**{field: 86400.5})


INSTANT = {"osc": "/go", "midi": "note_on note=60", "msc": "GO", "memo": "", "start": "", "arm": ""}


@pytest.mark.parametrize(("name", "message"), INSTANT.items())
def test_instant_types_reject_a_duration(name: str, message: str) -> None:
    kind = cue_type(name)
    target = "7" if kind.target == "cue" else ""
    error = error_of(
        Cue, type=kind, payload=kind.parse(message), number="5", duration=2.0, target=target
    )
    assert error.field == "duration"
    assert str(error) == f"cue 5: duration: a {name} cue is instant; leave duration blank"


def test_a_group_takes_its_duration_from_its_children() -> None:
    error = error_of(Cue, type=cue_type("group"), payload=GroupSettings(), number="5", duration=1)
    assert error.field == "duration"
    assert "takes its length from its children" in str(error)


@pytest.mark.parametrize("name", ["fade", "wait"])
def test_timed_types_keep_a_duration(name: str) -> None:
    kind = cue_type(name)
    payload = FadeRamp("/a", "f", 0, 1) if name == "fade" else Nothing()
    assert Cue(type=kind, payload=payload, duration=2.5).duration == 2.5


@pytest.mark.parametrize("name", ["memo", "wait", "group"])
def test_types_without_a_target_reject_one(name: str) -> None:
    kind = cue_type(name)
    error = error_of(Cue, type=kind, payload=kind.parse(""), number="5", target="console")
    assert error.field == "target"
    assert str(error) == f"cue 5: target: a {name} cue has no target; leave it blank"


def test_sending_and_control_cues_keep_their_target() -> None:
    assert osc_cue(target="console").target == "console"
    start = Cue(type=cue_type("start"), payload=Nothing(), target="12.5")
    assert start.target == "12.5"


@pytest.mark.parametrize("colour", ["", "red", "grey", "purple", "#000000", "#a1B2c3", "#FFFFFF"])
def test_colours_people_can_pick(colour: str) -> None:
    assert memo_cue(colour=colour).colour == colour


@pytest.mark.parametrize(
    "colour", ["pink", "Red", "#abc", "#abcdefa", "abcdef", "#ggg000", " red", "#12345 "]
)
def test_other_colours_are_rejected(colour: str) -> None:
    error = error_of(memo_cue, colour=colour)
    assert error.field == "colour"
    assert str(error).startswith("cue 5: colour: ")
    assert repr(colour) in str(error)
    assert "#rrggbb" in error.reason
    assert "red" in error.reason


@pytest.mark.parametrize("field", ["name", "dept", "target"])
@pytest.mark.parametrize("newline", ["\n", "\r", "\r\n"])
def test_one_line_fields_reject_line_breaks(field: str, newline: str) -> None:
    error = error_of(osc_cue, **{field: f"two{newline}lines"})
    assert error.field == field
    assert str(error) == f"cue 5: {field}: must be one line"


def test_a_multi_line_number_names_the_cue_column() -> None:
    error = error_of(memo_cue, number="1\n2")
    assert error.field == "cue"
    assert error.reason == "must be one line"


def test_notes_and_calls_may_run_over_several_lines() -> None:
    cue = memo_cue(notes="a\nb\r\nc", call="Standby\nGo")
    assert cue.notes == "a\nb\r\nc"
    assert cue.call == "Standby\nGo"


@pytest.mark.parametrize("number", [" 5", "5 ", "\t5", "5\t", " "])
def test_a_number_with_spaces_around_it_is_rejected(number: str) -> None:
    error = error_of(memo_cue, number=number)
    assert error.field == "cue"
    assert repr(number) in error.reason
    assert "spaces around it" in error.reason


def test_a_number_may_hold_spaces_inside() -> None:
    assert memo_cue(number="12 A").number == "12 A"


def test_unnumbered_cues_are_named_by_type_and_name() -> None:
    memo = Cue(type=cue_type("memo"), payload=Nothing(), name="Doors")
    assert memo.label == "unnumbered memo cue 'Doors'"
    assert Cue(type=cue_type("wait"), payload=Nothing()).label == "unnumbered wait cue"
    assert memo_cue(number="12.5").label == "cue 12.5"
    error = error_of(Cue, type=cue_type("memo"), payload=Nothing(), name="Doors", pre_wait=-1)
    assert str(error).startswith("unnumbered memo cue 'Doors': pre_wait: ")


def test_the_payload_must_be_of_the_cue_type() -> None:
    error = error_of(Cue, type=cue_type("osc"), payload=Nothing(), number="5")
    assert error.field == "message"
    assert str(error).startswith("cue 5: message: ")
    assert "OscMessage" in error.reason
    group_error = error_of(Cue, type=cue_type("group"), payload=GO, number="5")
    assert group_error.field == "mode"


def test_continue_mode_must_be_a_known_one() -> None:
    error = error_of(memo_cue, continue_mode="auto-go")
    assert error.field == "continue"
    assert "'auto-go'" in error.reason


def test_id_must_not_be_empty_and_a_cue_is_not_its_own_group() -> None:
    assert error_of(memo_cue, id="").field == "id"
    error = error_of(memo_cue, id="abc", parent="abc")
    assert error.field == "group"
    assert str(error) == "cue 5: group: a cue cannot be its own group"
    assert memo_cue(id="abc", parent="def").parent == "def"


def test_cue_error_for_cue_keeps_field_and_reason() -> None:
    error = CueError("message", "bad")
    assert str(error) == "message: bad"
    named = error.for_cue("cue 7")
    assert (named.field, named.reason, named.cue) == ("message", "bad", "cue 7")
    assert str(named) == "cue 7: message: bad"
    assert isinstance(named, ValueError)
