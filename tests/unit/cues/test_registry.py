"""The cue-type registry: every type comes from the `showdesk.cues` entry points."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import EntryPoint, entry_points

import pytest

from cues import registry
from cues.base import CueError, CueType
from cues.registry import cue_type, cue_types

BUILT_IN = {
    "osc", "fade", "midi", "msc", "memo", "wait", "group",
    "start", "stop", "pause", "resume", "goto", "arm", "disarm",
}  # fmt: skip


def test_every_entry_point_loads_a_cue_type_of_its_own_name() -> None:
    found = entry_points(group="showdesk.cues")
    assert found, "no showdesk.cues entry points: is the package installed?"
    for entry in found:
        kind = entry.load()
        assert isinstance(kind, CueType), entry
        assert kind.name == entry.name
        assert kind.summary


def test_the_14_built_in_types_are_registered() -> None:
    assert set(cue_types()) >= BUILT_IN
    assert len(BUILT_IN) == 14
    assert set(cue_types()) == {entry.name for entry in entry_points(group="showdesk.cues")}


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_types_are_found_by_name_in_any_case(name: str) -> None:
    kind = cue_type(name)
    assert kind.name == name
    assert cue_type(f" {name.upper()} ") is kind


@pytest.mark.parametrize("name", ["video", "osc2", "go"])
def test_an_unknown_type_lists_the_known_ones(name: str) -> None:
    with pytest.raises(CueError) as caught:
        cue_type(name)
    error = caught.value
    assert error.field == "type"
    assert error.reason.startswith(f"unknown cue type {name!r} (known: ")
    known = error.reason.split("(known: ", 1)[1].rstrip(")").split(", ")
    assert set(known) == set(cue_types())


def test_a_blank_type_says_so() -> None:
    with pytest.raises(CueError, match="unknown cue type a blank type") as caught:
        cue_type("  ")
    assert caught.value.field == "type"


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """The registry re-read from fake entry points; the real one is read again afterwards."""
    registry.cue_types.cache_clear()
    yield monkeypatch
    registry.cue_types.cache_clear()


def fake_entry_points(*entries: tuple[str, str]) -> object:
    points = [EntryPoint(name, value, registry.GROUP) for name, value in entries]
    return lambda group: points if group == registry.GROUP else []


def test_a_third_party_type_is_registered_by_its_entry_point(
    fresh_registry: pytest.MonkeyPatch,
) -> None:
    fresh_registry.setattr(
        registry, "entry_points", fake_entry_points(("memo", "cues.simple:MEMO"))
    )
    assert list(cue_types()) == ["memo"]
    with pytest.raises(CueError, match=r"known: memo\)"):
        cue_type("osc")


def test_an_entry_point_naming_another_type_is_refused(fresh_registry: pytest.MonkeyPatch) -> None:
    fresh_registry.setattr(registry, "entry_points", fake_entry_points(("bogus", "cues.osc:OSC")))
    with pytest.raises(RuntimeError, match=r"entry point bogus = cues\.osc:OSC is not the CueType"):
        cue_types()


def test_an_entry_point_that_is_not_a_cue_type_is_refused(
    fresh_registry: pytest.MonkeyPatch,
) -> None:
    fresh_registry.setattr(registry, "entry_points", fake_entry_points(("osc", "cues.osc:TAGS")))
    with pytest.raises(RuntimeError, match="is not the CueType named so"):
        cue_types()


def test_no_entry_points_says_how_to_install(fresh_registry: pytest.MonkeyPatch) -> None:
    fresh_registry.setattr(registry, "entry_points", fake_entry_points())
    with pytest.raises(RuntimeError, match=r"pip install -e \."):
        cue_types()
