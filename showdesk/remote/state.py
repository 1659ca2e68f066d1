"""What remote clients may ask about, kept by watching the engine's events.

The cue list is fixed for a run (it was compiled when the show loaded); the playhead, each cue's
state and the app's edit lock follow the events the engine publishes. `observe` is called on the
engine's timing thread for every event, so it only assigns and never waits; the remote server's
thread reads what it wrote (single assignments, atomic under the GIL).
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cues.base import COLOUR_NAMES, Cue

# QLab's word for each cue type, so that clients built for QLab know what they see.
QLAB_TYPES = {
    "osc": "Network", "midi": "MIDI", "msc": "MIDI", "nrpn": "MIDI", "mtc": "Timecode",
    "group": "Group", "fade": "Fade", "memo": "Memo", "wait": "Wait", "start": "Start",
    "stop": "Stop", "pause": "Pause", "resume": "Resume", "goto": "GoTo", "arm": "Arm",
    "disarm": "Disarm",
}  # fmt: skip
CONTINUE = {"none": 0, "auto-continue": 1, "auto-follow": 2}
ACTIVE = frozenset({"prewait", "running", "postwait", "paused", "stopping", "broken"})
_NAMESPACE = uuid.UUID("5d1c0c8e-3f7a-4d53-9d43-7d5a0b9e2c11")  # showdesk's, for uuid5


def workspace_id(created: str) -> str:
    """The show's id for remote clients: stable for a show file (from its creation time)."""
    return str(uuid.uuid5(_NAMESPACE, f"show {created}")).upper()


def list_id(workspace: str, list_name: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"list {workspace} {list_name}")).upper()


@dataclass(frozen=True)
class CueInfo:
    """One cue as a remote client sees it."""

    id: str
    number: str
    name: str
    type: str  # QLab's word
    parent: str  # the group's id, or the cue list's
    top: bool  # directly in the list (where the playhead moves with next/previous)
    pre_wait: float
    duration: float
    post_wait: float
    continue_mode: int
    armed: bool
    notes: str
    colour: str


def cue_infos(cues: list[Cue], list_uid: str) -> list[CueInfo]:
    return [
        CueInfo(
            id=cue.id,
            number=cue.number,
            name=cue.name,
            type=QLAB_TYPES.get(cue.type.name, cue.type.name.capitalize()),
            parent=cue.parent or list_uid,
            top=cue.parent is None,
            pre_wait=cue.pre_wait,
            duration=cue.duration if math.isfinite(cue.duration) else 0.0,
            post_wait=cue.post_wait,
            continue_mode=CONTINUE.get(str(cue.continue_mode), 0),
            armed=cue.armed,
            notes=cue.notes,
            colour=cue.colour if cue.colour in COLOUR_NAMES else "none",
        )
        for cue in cues
    ]


# Called with (kind, cue id) when something a subscriber hears about changes: `cue` for a cue's
# state, `playhead` for the standby.
Changed = Callable[[str, str | None], None]


class ShowMirror:
    def __init__(
        self,
        *,
        workspace: str,
        name: str,
        list_name: str,
        cues: list[Cue],
        min_go_interval: float,
        live: bool,
        playhead: str | None,
    ) -> None:
        self.workspace = workspace
        self.name = name
        self.list_name = list_name
        self.list_id = list_id(workspace, list_name)
        self.cues = cue_infos(cues, self.list_id)
        self.by_id = {cue.id: cue for cue in self.cues}
        self.by_number = {cue.number: cue for cue in self.cues if cue.number}
        self.min_go_interval = min_go_interval
        self.live = live
        self.playhead = playhead
        self.states: dict[str, str] = {}
        self.started: dict[str, float] = {}  # when each running cue's action began (monotonic)
        self.editing = False  # the app is in edit mode: remote GO is refused
        self.last_go: float | None = None  # monotonic time of the last accepted GO
        self.changed: Changed | None = None

    def observe(self, event: dict[str, Any]) -> None:
        """One engine event (on the timing thread: assignments only)."""
        kind = event.get("event")
        if kind == "cue":
            cue_id = event.get("id")
            if isinstance(cue_id, str):
                state = self.states[cue_id] = str(event.get("state"))
                if state == "running":
                    self.started[cue_id] = float(event.get("t") or event.get("mono") or 0.0)
                if self.changed is not None:
                    self.changed("cue", cue_id)
        elif kind == "playhead":
            self.playhead = event.get("id")
            if self.changed is not None:
                self.changed("playhead", self.playhead)
        elif kind == "go":
            self.last_go = event.get("mono")
        elif kind == "edit_mode":
            self.editing = bool(event.get("on"))

    def double_go_remaining(self, now: float | None = None) -> float:
        """Seconds until a GO would pass the minimum GO interval (0: now)."""
        if self.last_go is None or self.min_go_interval <= 0:
            return 0.0
        now = time.perf_counter() if now is None else now
        return round(max(0.0, self.min_go_interval - (now - self.last_go)), 3)

    def state(self, cue_id: str) -> str:
        return self.states.get(cue_id, "idle")

    def active(self) -> list[CueInfo]:
        return [cue for cue in self.cues if self.state(cue.id) in ACTIVE]

    def top_level_after(self, cue_id: str | None, step: int) -> CueInfo | None:
        """The top-level cue `step` places after (or before) the playhead's, for
        /playhead/next and /playhead/previous; None past either end."""
        top = [cue for cue in self.cues if cue.top]
        if not top:
            return None
        here = self.by_id.get(cue_id or "")
        while here is not None and not here.top:
            here = self.by_id.get(here.parent)
        if here is None:  # past the end: previous is the last cue
            return top[-1] if step < 0 else None
        index = top.index(here) + step
        return top[index] if 0 <= index < len(top) else None
