"""The scheduler's input: a validated, immutable cue list with only what timing needs.

The show file and the cue types hold much more (addresses, messages, notes); the engine process
projects each cue onto a `SchedCue`, so the scheduler never depends on how a cue acts, only on when.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal, get_args

from cues.limits import MAX_SECONDS, fade_steps_problem, seconds_problem

ContinueMode = Literal["none", "auto-continue", "auto-follow"]
GroupMode = Literal["timeline", "start-first-and-enter", "start-first", "playlist", "random"]
ControlOp = Literal["start", "stop", "pause", "resume", "goto", "arm", "disarm"]
CueKind = Literal["action", "fade", "timecode", "group", "control", "memo", "wait"]
FadeCurve = Literal["linear", "s"]

# Group modes in which the children's own continue links run the group (QLab's "start first"
# family). In the other modes the group itself decides when each child starts.
CONTINUE_MODES_FOLLOWED: frozenset[GroupMode] = frozenset({"start-first", "start-first-and-enter"})


@dataclass(frozen=True, slots=True)
class SchedCue:
    """One cue as the scheduler sees it; seconds everywhere, `math.inf` = runs until stopped."""

    id: str
    number: str = ""
    kind: CueKind = "action"
    pre_wait: float = 0.0
    duration: float = 0.0
    post_wait: float = 0.0
    continue_mode: ContinueMode = "none"
    armed: bool = True
    broken: str = ""
    parent: str | None = None
    group_mode: GroupMode = "timeline"
    loop: bool = False
    control_op: ControlOp | None = None
    control_target: str | None = None
    fade_from: float = 0.0
    fade_to: float = 0.0
    fade_rate: float = 40.0  # steps a second: a fade's values, or a timecode's quarter frames
    fade_curve: FadeCurve = "linear"

    @property
    def label(self) -> str:
        """How error messages name the cue: its number when it has one, and always its id."""
        return f"cue {self.number} (id {self.id!r})" if self.number else f"cue id {self.id!r}"


@dataclass(frozen=True, slots=True)
class Show:
    """An ordered cue list (a group's children directly follow it) plus engine settings.

    Construction validates the structure and raises ValueError naming the offending cue.
    The navigation methods answer the questions the scheduler asks about list order.
    """

    cues: tuple[SchedCue, ...]
    min_go_interval: float = 0.3
    panic_time: float = 1.0
    _index: dict[str, int] = field(init=False, repr=False, compare=False)
    _children: dict[str | None, tuple[SchedCue, ...]] = field(init=False, repr=False, compare=False)
    _next: dict[str, SchedCue] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Accept any sequence of cues, keep a tuple so the show stays immutable and hashable.
        object.__setattr__(self, "cues", tuple(self.cues))
        _check_setting("min_go_interval", self.min_go_interval)
        _check_setting("panic_time", self.panic_time)
        index: dict[str, int] = {}
        for position, cue in enumerate(self.cues):
            _check_cue(cue)
            if cue.id in index:
                raise ValueError(f"{cue.label}: the id is used by another cue too")
            index[cue.id] = position
        object.__setattr__(self, "_index", index)
        _check_nesting(self.cues)
        for cue in self.cues:
            if cue.kind == "control" and cue.control_target not in index:
                raise ValueError(f"{cue.label}: control target {cue.control_target!r} is no cue")
        children: dict[str | None, list[SchedCue]] = {}
        last_at_level: dict[str | None, SchedCue] = {}
        nxt: dict[str, SchedCue] = {}
        for cue in self.cues:
            children.setdefault(cue.parent, []).append(cue)
            previous = last_at_level.get(cue.parent)
            if previous is not None:
                nxt[previous.id] = cue
            last_at_level[cue.parent] = cue
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})
        object.__setattr__(self, "_next", nxt)

    # --- lookups -----------------------------------------------------------------------------

    def get(self, cue_id: str) -> SchedCue:
        """The cue with this id; KeyError when there is none."""
        try:
            return self.cues[self._index[cue_id]]
        except KeyError:
            raise KeyError(f"no cue with id {cue_id!r}") from None

    def index(self, cue_id: str) -> int:
        """Position of the cue in list order (what decides ties between simultaneous events)."""
        self.get(cue_id)
        return self._index[cue_id]

    def first(self) -> SchedCue | None:
        """The first top-level cue (where reset puts the playhead), None for an empty list."""
        return self.cues[0] if self.cues else None

    def children(self, group_id: str) -> tuple[SchedCue, ...]:
        """Direct children of a group, in list order."""
        return self._children.get(self.get(group_id).id, ())

    def top_level(self) -> tuple[SchedCue, ...]:
        """The cues outside any group, in list order."""
        return self._children.get(None, ())

    def next_sibling(self, cue_id: str) -> SchedCue | None:
        """The next cue at the same nesting level: where a continue link goes, if anywhere."""
        return self._next.get(self.get(cue_id).id)

    def parent_of(self, cue_id: str) -> SchedCue | None:
        """The enclosing group, None at top level."""
        parent = self.get(cue_id).parent
        return None if parent is None else self.get(parent)

    def is_inside(self, cue_id: str, group_id: str) -> bool:
        """Whether the cue is a child, grandchild ... of the group (not the group itself)."""
        parent = self.get(cue_id).parent
        while parent is not None:
            if parent == group_id:
                return True
            parent = self.get(parent).parent
        return False

    # --- sequences and the playhead ----------------------------------------------------------

    def follows_continues(self, cue_id: str) -> bool:
        """Whether this cue's continue link is honoured where it sits.

        Top-level cues and children of start-first groups continue; children of timeline,
        playlist and random groups are started by the group itself, so their links are ignored.
        """
        parent = self.parent_of(cue_id)
        return parent is None or parent.group_mode in CONTINUE_MODES_FOLLOWED

    def sequence_end(self, cue_id: str) -> SchedCue:
        """The last cue reached from this one through continue links at its level."""
        cue = self.get(cue_id)
        while cue.continue_mode != "none" and self.follows_continues(cue.id):
            following = self.next_sibling(cue.id)
            if following is None:
                break
            cue = following
        return cue

    def cue_after_sequence(self, cue_id: str) -> str | None:
        """The first cue after this cue's sequence; leaving a group when the sequence ends it."""
        last = self.sequence_end(cue_id)
        following = self.next_sibling(last.id)
        if following is not None:
            return following.id
        if last.parent is None:
            return None
        return self.cue_after_sequence(last.parent)

    def playhead_after_go(self, cue_id: str) -> str | None:
        """Where GO on this cue leaves the playhead.

        A start-first-and-enter group takes the playhead inside, to the child after its first
        child's sequence; every other cue (groups included) sends it past its own sequence.
        """
        cue = self.get(cue_id)
        if cue.kind == "group" and cue.group_mode == "start-first-and-enter":
            kids = self.children(cue.id)
            if kids:
                inside = self.next_sibling(self.sequence_end(kids[0].id).id)
                if inside is not None:
                    return inside.id
        return self.cue_after_sequence(cue.id)


def _check_setting(name: str, value: float) -> None:
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"show setting {name} must be 0 seconds or more, got {value!r}")


def _check_choice(cue: SchedCue, name: str, value: object, allowed: tuple[object, ...]) -> None:
    # The Literal types are not enforced at run time, and cues come from files.
    if value not in allowed:
        raise ValueError(f"{cue.label}: {name} {value!r} is not one of {allowed}")


def _check_cue(cue: SchedCue) -> None:
    """Field checks that need only the cue itself."""
    if not cue.id:
        raise ValueError(f"a cue numbered {cue.number!r} has an empty id")
    _check_choice(cue, "kind", cue.kind, get_args(CueKind))
    _check_choice(cue, "continue_mode", cue.continue_mode, get_args(ContinueMode))
    _check_choice(cue, "group_mode", cue.group_mode, get_args(GroupMode))
    _check_choice(cue, "fade_curve", cue.fade_curve, get_args(FadeCurve))
    for name, value in (("pre_wait", cue.pre_wait), ("post_wait", cue.post_wait)):
        if problem := seconds_problem(value):
            raise ValueError(f"{cue.label}: {name} {problem}")
    if cue.kind != "group" and not cue.duration >= 0:  # `not >=` also catches NaN
        raise ValueError(f"{cue.label}: duration must be 0 seconds or more, got {cue.duration!r}")
    if math.isfinite(cue.duration) and cue.duration > MAX_SECONDS:  # inf: until stopped
        raise ValueError(f"{cue.label}: duration {seconds_problem(cue.duration)}")
    if cue.kind == "fade":
        if not math.isfinite(cue.duration):
            raise ValueError(f"{cue.label}: a fade needs a finite duration")
        if not (math.isfinite(cue.fade_rate) and cue.fade_rate > 0):
            raise ValueError(f"{cue.label}: fade_rate must be above 0 Hz, got {cue.fade_rate!r}")
        if problem := fade_steps_problem(cue.duration, cue.fade_rate):
            raise ValueError(f"{cue.label}: {problem}")
        if not (math.isfinite(cue.fade_from) and math.isfinite(cue.fade_to)):
            raise ValueError(f"{cue.label}: fade levels must be finite numbers")
    if cue.kind == "timecode" and not (math.isfinite(cue.fade_rate) and cue.fade_rate > 0):
        raise ValueError(f"{cue.label}: a timecode needs a quarter-frame rate above 0")
    if cue.kind == "control":
        if cue.control_op is None or cue.control_target is None:
            raise ValueError(f"{cue.label}: a control cue needs control_op and control_target")
        _check_choice(cue, "control_op", cue.control_op, get_args(ControlOp))


def _check_nesting(cues: tuple[SchedCue, ...]) -> None:
    """Parents exist, are groups, and each group's children directly follow it."""
    by_id = {cue.id: cue for cue in cues}
    open_groups: list[str] = []  # the chain of groups enclosing the current position
    for cue in cues:
        if cue.parent is not None:
            parent = by_id.get(cue.parent)
            if parent is None:
                raise ValueError(f"{cue.label}: parent {cue.parent!r} is no cue")
            if parent.kind != "group":
                raise ValueError(f"{cue.label}: parent {parent.label} is not a group")
        # Close the groups this cue is not inside; its parent must then be the innermost one.
        while open_groups and open_groups[-1] != cue.parent:
            open_groups.pop()
        if cue.parent is not None and not open_groups:
            raise ValueError(
                f"{cue.label}: must directly follow its group {cue.parent!r} or a sibling"
            )
        if cue.kind == "group":
            open_groups.append(cue.id)


# --- fade ramps --------------------------------------------------------------------------------
# A fade of duration d at rate r has ramp steps k = 0, 1 ... at t_a + k/r for every k with
# k/r < d, then one final step with value exactly `fade_to` at t_a + d (index = number of ramp
# steps). So 1 s at 40 Hz gives 41 steps: k = 0..39 and the final one at 1 s.
# A timecode cue's quarter frames are the same steps (rate 4 x fps), with no value and no final
# message: it completes at t_a + d, or never when its duration is infinite.


def fade_ramp_steps(cue: SchedCue) -> float:
    """How many ramp steps come before the final one: the count of k with k / rate < duration
    (infinite for a timecode that runs until stopped)."""
    if math.isinf(cue.duration):
        return math.inf
    steps = max(0, math.ceil(cue.duration * cue.fade_rate))
    # ceil(d * r) may be one off after rounding; settle it with the very comparison used to
    # schedule steps, so the count and the deadlines always agree.
    while steps > 0 and (steps - 1) / cue.fade_rate >= cue.duration:
        steps -= 1
    while steps / cue.fade_rate < cue.duration:
        steps += 1
    return steps


def fade_value(cue: SchedCue, index: int) -> float:
    """The level of ramp step `index`; the final step (index == fade_ramp_steps) is `fade_to`."""
    if index >= fade_ramp_steps(cue):
        return cue.fade_to
    x = (index / cue.fade_rate) / cue.duration  # 0 <= x < 1 for a ramp step
    if cue.fade_curve == "s":
        x = x * x * (3.0 - 2.0 * x)  # smoothstep: eases both ends, f(1 - x) == 1 - f(x)
    return cue.fade_from + (cue.fade_to - cue.fade_from) * x
