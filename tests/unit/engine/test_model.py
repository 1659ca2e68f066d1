"""The scheduler's input model: validation and list navigation."""

from __future__ import annotations

import pytest

from showdesk.engine.model import SchedCue, Show


def test_duplicate_ids_are_refused_naming_the_cue() -> None:
    with pytest.raises(ValueError, match=r"cue 12 \(id 'a'\).*another cue"):
        Show((SchedCue("a", number="1"), SchedCue("a", number="12")))


@pytest.mark.parametrize(
    ("cues", "message"),
    [
        ((SchedCue("x", parent="g"),), "parent 'g' is no cue"),
        ((SchedCue("g"), SchedCue("x", parent="g")), "is not a group"),
        (
            (SchedCue("g", kind="group"), SchedCue("h"), SchedCue("x", parent="g")),
            "must directly follow its group",
        ),
        ((SchedCue("x", parent="g"), SchedCue("g", kind="group")), "must directly follow"),
        ((SchedCue("c", kind="control", control_op="start"),), "needs control_op and control"),
        (
            (SchedCue("c", kind="control", control_op="start", control_target="zz"),),
            "control target 'zz' is no cue",
        ),
        ((SchedCue("a", pre_wait=-1),), "pre_wait must be 0 seconds or more"),
        ((SchedCue("a", post_wait=float("nan")),), "post_wait must be"),
        ((SchedCue("a", duration=float("nan")),), "duration must be"),
        ((SchedCue("f", kind="fade", duration=float("inf")),), "finite duration"),
        ((SchedCue("f", kind="fade", fade_rate=0),), "fade_rate"),
        ((SchedCue("a", continue_mode="auto"),), "continue_mode 'auto'"),  # type: ignore[arg-type]
        ((SchedCue(""),), "empty id"),
    ],
)
def test_invalid_shows_are_refused(cues: tuple[SchedCue, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Show(cues)


def test_invalid_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="min_go_interval"):
        Show((), min_go_interval=-0.1)
    with pytest.raises(ValueError, match="panic_time"):
        Show((), panic_time=float("inf"))


def test_infinite_duration_is_allowed_for_cues_that_run_until_stopped() -> None:
    assert Show((SchedCue("a", duration=float("inf")),)).get("a").duration == float("inf")


def nested() -> Show:
    return Show(
        (
            SchedCue("a", continue_mode="auto-continue"),
            SchedCue("g", kind="group", group_mode="start-first-and-enter"),
            SchedCue("x", parent="g", continue_mode="auto-follow"),
            SchedCue("h", kind="group", parent="g"),
            SchedCue("y", parent="h", continue_mode="auto-continue"),
            SchedCue("z", parent="h"),
            SchedCue("w", parent="g"),
            SchedCue("b"),
        )
    )


def test_navigation_follows_nesting_levels() -> None:
    show = nested()
    assert [c.id for c in show.top_level()] == ["a", "g", "b"]
    assert [c.id for c in show.children("g")] == ["x", "h", "w"]
    assert show.next_sibling("x") == show.get("h")
    assert show.next_sibling("w") is None
    assert show.parent_of("y") == show.get("h")
    assert show.is_inside("y", "g")
    assert not show.is_inside("g", "g")
    assert show.index("b") == 7
    with pytest.raises(KeyError):
        show.get("nope")


def test_sequences_and_playhead_targets() -> None:
    show = nested()
    assert show.sequence_end("a").id == "g"  # a continues into g
    assert show.cue_after_sequence("a") == "b"
    assert show.playhead_after_go("g") == "w"  # enter: after x's sequence (x follows into h)
    assert show.playhead_after_go("w") == "b"  # the last child leaves the group
    assert not show.follows_continues("y")  # h is a timeline group: y's link is ignored
    assert show.cue_after_sequence("y") == "z"
    assert show.playhead_after_go("z") == "w"  # leaving h lands on its next sibling
