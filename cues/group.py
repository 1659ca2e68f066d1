"""The group cue: holds the cues that follow it with `group` set to it, and a mode.

Modes (as QLab has them): `timeline` (the default: every child starts with the group, each placed
by its pre-wait), `start-first-and-enter`, `start-first`, `playlist` (one child after another;
`playlist loop` starts again after the last) and `random`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Self

from cues.base import CueType, JSONDict

GroupMode = Literal["timeline", "start-first-and-enter", "start-first", "playlist", "random"]
MODES: tuple[GroupMode, ...] = (
    "timeline",
    "start-first-and-enter",
    "start-first",
    "playlist",
    "random",
)


@dataclass(frozen=True)
class GroupSettings:
    mode: GroupMode = "timeline"
    loop: bool = False  # playlist only

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"group mode must be one of {', '.join(MODES)}, got {self.mode!r}")
        if self.loop and self.mode != "playlist":
            raise ValueError("only a playlist group can loop")

    @classmethod
    def parse(cls, text: str) -> Self:
        words = text.lower().split()
        if not words:
            return cls()
        if words[1:] not in ([], ["loop"]):
            raise ValueError(f"group mode is one of {', '.join(MODES)}, got {text!r}")
        mode = words[0]
        if mode not in MODES:
            raise ValueError(f"group mode must be one of {', '.join(MODES)}, got {mode!r}")
        return cls(mode, loop=len(words) == 2)

    def text(self) -> str:
        return f"{self.mode} loop" if self.loop else self.mode

    def to_json(self) -> JSONDict:
        return {"mode": self.mode, "loop": self.loop}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(data.get("mode", "timeline"), bool(data.get("loop", False)))


GROUP = CueType(
    name="group",
    payload=GroupSettings,
    summary="Holds the cues whose `group` is its number; `mode` says how they play.",
    duration="derived",
    column="mode",
)
