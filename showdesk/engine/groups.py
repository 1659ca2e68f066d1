"""Which children a group starts, by group mode: pure decisions the scheduler asks for."""

from __future__ import annotations

import random
from collections.abc import Callable, Container, Sequence

from showdesk.engine.model import SchedCue, Show


class ShuffleBag:
    """A random group's memory: the children not yet played in the current round.

    Every armed child plays once before any repeats; a new round starts when no child left in
    the bag can be played (all played, disarmed, or playing right now).
    """

    def __init__(self) -> None:
        self._left: list[str] = []

    def pick(
        self, eligible: Sequence[str], playing: Container[str], rng: random.Random
    ) -> str | None:
        """Take one eligible child that is not playing, or None when there is none."""
        candidates = [c for c in self._left if c in eligible and c not in playing]
        if not candidates:
            self._left = list(eligible)
            candidates = [c for c in self._left if c not in playing]
        if not candidates:
            return None
        # Candidates are in list order, so a seeded rng gives the same show every time.
        choice = rng.choice(candidates)
        self._left.remove(choice)
        return choice


def children_to_start(
    show: Show,
    group: SchedCue,
    *,
    armed: Callable[[str], bool],
    playing: Container[str],
    bag: ShuffleBag,
    rng: random.Random,
) -> list[SchedCue]:
    """The children a group starts at its action time, in the order to start them."""
    kids = show.children(group.id)
    if not kids:
        return []
    if group.group_mode == "timeline":
        return list(kids)  # each child's pre-wait places it on the group's timeline
    if group.group_mode == "random":
        choice = bag.pick([kid.id for kid in kids if armed(kid.id)], playing, rng)
        return [] if choice is None else [show.get(choice)]
    # start-first, start-first-and-enter and playlist all begin with the first child.
    return [kids[0]]


def playlist_next(show: Show, group: SchedCue, finished: SchedCue) -> SchedCue | None:
    """The child a playlist group plays after `finished` completes, wrapping if it loops."""
    kids = show.children(group.id)
    position = next((i for i, kid in enumerate(kids) if kid.id == finished.id), None)
    if position is None:
        return None
    if position + 1 < len(kids):
        return kids[position + 1]
    return kids[0] if group.loop else None
