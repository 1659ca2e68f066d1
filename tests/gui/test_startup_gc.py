"""Starting the app holds the garbage collector off until the window is up (ui/app.py), then
turns it back on with what starting made out of its sight (ui/launch.py): the app must never be
left without a collector, whichever way the start ends."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ui import app, launch


@pytest.fixture(autouse=True)
def collector_as_it_was() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def test_the_first_turn_of_the_event_loop_turns_collection_back_on() -> None:
    gc.disable()
    made_at_start = [object() for _ in range(100)]  # tracked, like the window and the cues
    assert gc.is_tracked(made_at_start)
    launch.collect_from_now()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= 1  # the start's objects are not scanned again
    garbage: list[object] = []
    garbage.append(garbage)  # a cycle made afterwards is collected as before
    del garbage
    assert gc.collect() >= 1


@pytest.mark.parametrize("argv", [["--help"], ["--no-such-option"]])
def test_a_start_that_ends_early_leaves_the_collector_on(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        app.main(argv)
    assert gc.isenabled()
