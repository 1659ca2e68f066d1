"""Edit mode's list edits as pure functions (no Qt): numbers, blocks, groups, rebase."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cues import Cue, cue_type
from ui.edit import ops

OSC = cue_type("osc")
GROUP = cue_type("group")


def osc(number: str, parent: str | None = None) -> Cue:
    return Cue(OSC, OSC.parse("/go"), number=number, parent=parent)


def nested() -> list[Cue]:
    """1, group 2 holding 2.1 and group 2.2 (holding 2.2.1), then 3."""
    outer = Cue(GROUP, GROUP.parse(""), number="2")
    inner = Cue(GROUP, GROUP.parse(""), number="2.2", parent=outer.id)
    return [
        osc("1"),
        outer,
        osc("2.1", outer.id),
        inner,
        osc("2.2.1", inner.id),
        osc("3"),
    ]


def numbers(cues: list[Cue]) -> list[str]:
    return [cue.number for cue in cues]


def test_next_number_takes_the_next_whole_number_then_point_numbers() -> None:
    assert ops.next_number({"1", "2"}, "1") == "1.5"
    assert ops.next_number({"1"}, "1") == "2"
    assert ops.next_number({"1", "2", "1.5"}, "1") == "1.1"
    assert ops.next_number({"9"}, "9.5") == "10"
    assert ops.next_number(set(), "LX-A") == ""  # not a number: left blank, not guessed


def test_blocks_move_whole_and_stay_in_their_group() -> None:
    cues = nested()
    ids = {c.number: c.id for c in cues}
    assert numbers(ops.move(cues, {ids["3"]}, -1)) == ["1", "3", "2", "2.1", "2.2", "2.2.1"]
    assert numbers(ops.move(cues, {ids["2.2"]}, -1)) == ["1", "2", "2.2", "2.2.1", "2.1", "3"]
    with pytest.raises(ops.EditError, match="at the top of its group"):
        ops.move(cues, {ids["2.2.1"]}, -1)
    with pytest.raises(ops.EditError, match="at the end of its group"):
        ops.move(cues, {ids["2.2.1"]}, 1)


def test_duplicate_copies_a_group_with_its_cues_and_new_links() -> None:
    cues = nested()
    result, copies = ops.duplicate(cues, {cues[1].id})
    # Each copy takes a free number after its original's (a number that is not decimal, like
    # 2.2.1, is left blank rather than guessed at).
    assert numbers(result) == ["1", "2", "2.1", "2.2", "2.2.1", "2.5", "2.6", "2.7", "", "3"]
    copy = result[5]
    assert copies == [copy]
    assert [c.parent for c in result[6:9]] == [copy.id, copy.id, result[7].id]


def test_delete_takes_a_group_with_everything_in_it() -> None:
    cues = nested()
    assert numbers(ops.delete(cues, {cues[1].id})) == ["1", "3"]


def test_ungroup_lifts_the_cues_one_level() -> None:
    cues = nested()
    result = ops.ungroup(cues, {cues[3].id})
    assert numbers(result) == ["1", "2", "2.1", "2.2.1", "3"]
    assert result[3].parent == cues[1].id


def test_group_wraps_the_selection_in_its_own_group() -> None:
    cues = nested()
    result, holder = ops.group(cues, {cues[2].id, cues[3].id}, GROUP)
    assert holder.parent == cues[1].id
    assert [c.parent for c in result[3:5]] == [holder.id, holder.id]
    assert result[5].parent == cues[3].id  # 2.2.1 stays in 2.2


@given(st.lists(st.booleans(), min_size=1, max_size=12), st.integers(0, 11))
def test_rebase_of_an_unchanged_file_is_the_change_itself(keep: list[bool], at: int) -> None:
    old = [osc(str(n + 1)) for n in range(len(keep))]
    new = [cue for cue, kept in zip(old, keep, strict=True) if kept]
    new.insert(min(at, len(new)), osc("100"))
    assert ops.rebase(old, old, new) == new
    assert ops.rebase(new, new, old) == old
