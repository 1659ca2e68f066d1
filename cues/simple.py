"""Cues with nothing to send: the memo (a call to a department) and the wait (a length of time)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from cues.base import CueType, JSONDict


@dataclass(frozen=True)
class Nothing:
    """The payload of a cue whose whole meaning is in its common fields."""

    @classmethod
    def parse(cls, text: str) -> Self:
        if text.strip():
            raise ValueError(f"this cue sends nothing; leave it blank (got {text.strip()!r})")
        return cls()

    def text(self) -> str:
        return ""

    def to_json(self) -> JSONDict:
        return {}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls()


MEMO = CueType(
    name="memo",
    payload=Nothing,
    summary="A call for the caller to give a department; sends nothing.",
)
WAIT = CueType(
    name="wait",
    payload=Nothing,
    summary="Waits for its duration; sends nothing (use it to time what follows).",
    duration="timed",
)
