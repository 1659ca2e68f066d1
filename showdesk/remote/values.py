"""The JSON values remote clients read: cues, the cue list, the workspace, as QLab 5 lays them out.

Keys are QLab's (`uniqueID`, `number`, `listName`, `type`, `colorName` ...), so clients built for
QLab (Companion's QLab module reads the ones in `CUE_KEYS`) read showdesk without changes. Keys
for what showdesk does not have are answered with QLab's value for "none of that": not flagged,
not loaded, not auditioning, no cart position.
"""

from __future__ import annotations

import time
from typing import Any

from showdesk import __version__
from showdesk.remote.state import ACTIVE, CueInfo, ShowMirror

# What /version answers: the QLab dictionary spoken (clients read the leading number as QLab's
# major version and pick their addresses by it), then showdesk's own version.
VERSION = f"5.0.0 (showdesk {__version__})"
RUNNING = frozenset({"prewait", "running", "postwait", "stopping", "broken"})


def cue_values(cue: CueInfo, mirror: ShowMirror, now: float | None = None) -> dict[str, Any]:
    """Every key showdesk answers for one cue."""
    state = mirror.state(cue.id)
    elapsed = 0.0
    started = mirror.started.get(cue.id)
    if started is not None and state == "running":
        elapsed = max(0.0, (time.perf_counter() if now is None else now) - started)
    percent = min(1.0, elapsed / cue.duration) if cue.duration > 0 else 0.0
    return {
        "uniqueID": cue.id,
        "number": cue.number,
        "name": cue.name,
        "listName": cue.name,
        "displayName": cue.name or (f"Cue {cue.number}" if cue.number else cue.type),
        "type": cue.type,
        "colorName": cue.colour,
        "flagged": False,
        "armed": cue.armed,
        "notes": cue.notes,
        "preWait": cue.pre_wait,
        "duration": cue.duration,
        "postWait": cue.post_wait,
        "continueMode": cue.continue_mode,
        "parent": cue.parent,
        "mode": 0,
        "actionElapsed": round(elapsed, 3),
        "percentActionElapsed": round(percent, 4),
        "isRunning": state in RUNNING,
        "isPaused": state == "paused",
        "isBroken": state == "broken",
        "isActive": state in ACTIVE,
        "isLoaded": False,
        "isAuditioning": False,
        "autoLoad": False,
        "cartPosition": [0, 0],
        "infiniteLoop": False,
        "holdLastFrame": False,
        "playbackPositionId": mirror.playhead or "",
    }


def some_values(cue: CueInfo, mirror: ShowMirror, keys: list[str]) -> dict[str, Any]:
    """The keys asked for that showdesk has (valuesForKeys)."""
    values = cue_values(cue, mirror)
    return {key: values[key] for key in keys if key in values}


def cue_tree(mirror: ShowMirror, parent: str) -> list[dict[str, Any]]:
    """The cues directly inside `parent` (a group's id or the list's), each with its `cues`."""
    out = []
    for cue in mirror.cues:
        if cue.parent == parent:
            values = cue_values(cue, mirror)
            if cue.type == "Group":
                values["cues"] = cue_tree(mirror, cue.id)
            out.append(values)
    return out


def cue_list(mirror: ShowMirror) -> dict[str, Any]:
    """The cue list being run, as QLab's /cueLists shows one (a cue of type `Cue List`)."""
    return {
        "uniqueID": mirror.list_id,
        "number": "",
        "name": mirror.list_name,
        "listName": mirror.list_name,
        "displayName": mirror.list_name,
        "type": "Cue List",
        "colorName": "none",
        "flagged": False,
        "armed": True,
        "playbackPositionId": mirror.playhead or "",
        "cues": cue_tree(mirror, mirror.list_id),
    }


def workspace(mirror: ShowMirror, port: int, needs_passcode: bool) -> dict[str, Any]:
    return {
        "uniqueID": mirror.workspace,
        "displayName": mirror.name,
        "hasPasscode": needs_passcode,
        "version": VERSION,
        "port": port,
        "udpReplyPort": 53001,
    }


def standing_by(mirror: ShowMirror) -> dict[str, Any]:
    """/showdesk/standby: the cue standing by and the cues running, for a status display."""
    cue = mirror.by_id.get(mirror.playhead or "")
    return {
        "cue": cue.number if cue else None,
        "uniqueID": cue.id if cue else None,
        "name": cue.name if cue else None,
        "running": [c.number for c in mirror.active()],
        "editing": mirror.editing,
    }
