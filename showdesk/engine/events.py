"""What the scheduler reports. Every event carries `t`: the exact scheduled time it happened at.

`t` is the deadline, not the clock reading when `advance()` ran, so a late advance still reports
exact times and the runner can log lateness as (clock reading - t).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from showdesk.engine.model import ControlOp

CueStateName = Literal[
    "idle", "prewait", "running", "postwait", "completed", "stopped", "paused", "broken", "stopping"
]


@dataclass(frozen=True, slots=True)
class CueState:
    """A cue moved to `state` (see `Scheduler.state` for the meaning of each state)."""

    t: float
    cue_id: str
    state: CueStateName


@dataclass(frozen=True, slots=True)
class Action:
    """The cue's action fires now: the runner sends its pre-encoded message (or logs a memo)."""

    t: float
    cue_id: str


@dataclass(frozen=True, slots=True)
class FadeStep:
    """One value of a fade ramp; `index` counts from 0 at the fade's action time."""

    t: float
    cue_id: str
    index: int
    value: float


@dataclass(frozen=True, slots=True)
class QuarterFrame:
    """One MTC quarter frame of a timecode cue; `index` counts from 0 at its action time.
    With `locate`, a full-frame message goes first: at the start, and after each resume."""

    t: float
    cue_id: str
    index: int
    locate: bool


@dataclass(frozen=True, slots=True)
class Playhead:
    """The cue standing by changed (None = past the end of the list)."""

    t: float
    cue_id: str | None


@dataclass(frozen=True, slots=True)
class GoAccepted:
    """A GO was accepted and started `cue_id`; `source` says where it came from (key, osc ...)."""

    t: float
    cue_id: str
    source: str


@dataclass(frozen=True, slots=True)
class GoRejected:
    """A GO did nothing: too soon after the last accepted one, or nothing standing by."""

    t: float
    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class ControlDone:
    """Control cue `cue_id` applied `op` to `target`."""

    t: float
    cue_id: str
    op: ControlOp
    target: str


Event: TypeAlias = (
    CueState | Action | FadeStep | QuarterFrame | Playhead | GoAccepted | GoRejected | ControlDone
)
