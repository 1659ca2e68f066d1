"""The group cue's mode, and the cues that carry nothing: memo, wait and the control cues."""

from __future__ import annotations

import json

import pytest

from cues.base import CueError
from cues.group import GROUP, GroupSettings
from cues.registry import cue_type
from cues.simple import Nothing

MODES = ["timeline", "start-first-and-enter", "start-first", "playlist", "random"]
CONTROLS = ["start", "stop", "pause", "resume", "goto", "arm", "disarm"]


def group_rejected(text: str) -> CueError:
    with pytest.raises(CueError) as caught:
        GROUP.parse(text)
    assert caught.value.field == "mode"
    return caught.value


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_parses_and_reads_back(mode: str) -> None:
    settings = GROUP.parse(mode)
    assert settings == GroupSettings(mode)  # type: ignore[arg-type]
    assert settings.loop is False
    assert settings.text() == mode
    assert GROUP.parse(settings.text()) == settings


@pytest.mark.parametrize("text", ["", "   "])
def test_a_blank_mode_is_a_timeline(text: str) -> None:
    assert GROUP.parse(text) == GroupSettings("timeline", loop=False)


@pytest.mark.parametrize("text", ["playlist loop", "Playlist LOOP", "  playlist   loop "])
def test_a_playlist_can_loop(text: str) -> None:
    settings = GROUP.parse(text)
    assert settings == GroupSettings("playlist", loop=True)
    assert settings.text() == "playlist loop"
    assert GROUP.parse(settings.text()) == settings


@pytest.mark.parametrize("mode", ["timeline", "random", "start-first"])
def test_only_a_playlist_loops(mode: str) -> None:
    assert group_rejected(f"{mode} loop").reason == "only a playlist group can loop"
    with pytest.raises(ValueError, match="only a playlist group can loop"):
        GroupSettings(mode, loop=True)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["shuffle", "loop", "time-line", "parallel"])
def test_unknown_modes_list_the_known_ones(text: str) -> None:
    assert group_rejected(text).reason == (
        "group mode must be one of timeline, start-first-and-enter, start-first, playlist, "
        f"random, got {text!r}"
    )


@pytest.mark.parametrize("text", ["playlist loop twice", "playlist forever", "timeline random"])
def test_nothing_but_loop_may_follow_the_mode(text: str) -> None:
    assert group_rejected(text).reason.startswith("group mode is one of timeline, ")


def test_group_json_form_and_identity() -> None:
    settings = GroupSettings("playlist", loop=True)
    assert settings.to_json() == {"mode": "playlist", "loop": True}
    assert GroupSettings.from_json(json.loads(json.dumps(settings.to_json()))) == settings
    assert GroupSettings.from_json({}) == GroupSettings()
    with pytest.raises(ValueError, match="group mode must be one of"):
        GroupSettings.from_json({"mode": "shuffle"})


def test_the_group_type_reads_the_mode_column_and_takes_its_childrens_time() -> None:
    assert GROUP.column == "mode"
    assert GROUP.duration == "derived"
    assert GROUP.target == "none"
    assert GROUP.sends == frozenset()


@pytest.mark.parametrize("name", ["memo", "wait", *CONTROLS])
def test_cues_that_send_nothing_take_a_blank_message(name: str) -> None:
    kind = cue_type(name)
    assert kind.payload is Nothing
    assert kind.parse("") == Nothing()
    assert kind.parse("  \t ") == Nothing()
    assert Nothing().text() == ""
    assert Nothing.from_json(json.loads(json.dumps(Nothing().to_json()))) == Nothing()


@pytest.mark.parametrize("name", ["memo", "wait", *CONTROLS])
def test_cues_that_send_nothing_reject_a_message(name: str) -> None:
    with pytest.raises(CueError) as caught:
        cue_type(name).parse(" /go ")
    assert caught.value.field == "message"
    assert caught.value.reason == "this cue sends nothing; leave it blank (got '/go')"


@pytest.mark.parametrize("name", CONTROLS)
def test_control_cues_target_another_cue(name: str) -> None:
    kind = cue_type(name)
    assert kind.target == "cue"
    assert kind.duration == "instant"
    assert kind.sends == frozenset()


def test_memo_and_wait() -> None:
    memo, wait = cue_type("memo"), cue_type("wait")
    assert (memo.target, memo.duration) == ("none", "instant")
    assert (wait.target, wait.duration) == ("none", "timed")
