"""Reading the run log back for the report: a row that is not an event is left out and counted.

The engine writes every row, but a show file travels: a hand edit, a tool that rewrote a cell,
or a disk that lost a sector can leave a row whose detail is not the JSON object the engine
wrote. One such row must not cost the stage manager the whole report, so the report is built
from the rows that read as events and says how many it could not read.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

# Every event has these, as numbers (docs/protocol.md); readers reckon with wall and show time.
TIMES = ("wall", "show_time")
_NUMBER = (int, float)
_TEXT = (str,)
_TEXT_OR_NONE = (str, type(None))
# The fields readers of the log rely on, with the types the engine writes them in. A row whose
# field has another type was not written by the engine: it is left out like an unreadable one.
FIELDS: dict[str, tuple[type, ...]] = {
    "event": _TEXT,
    "cue": _TEXT_OR_NONE,
    "id": _TEXT_OR_NONE,
    "name": _TEXT_OR_NONE,
    "source": _TEXT_OR_NONE,
    "state": _TEXT_OR_NONE,
    "reason": _TEXT_OR_NONE,
    "error": _TEXT_OR_NONE,
    "message": _TEXT_OR_NONE,
    "command": _TEXT_OR_NONE,
    "destination": _TEXT_OR_NONE,
    "status": _TEXT_OR_NONE,
    "via": _TEXT_OR_NONE,
    "mark": _TEXT_OR_NONE,
    "text": _TEXT_OR_NONE,
    "tc": _TEXT_OR_NONE,
    "playhead": _TEXT_OR_NONE,
    "standing_by": _TEXT_OR_NONE,
    "undone": _TEXT_OR_NONE,
    "mode": _TEXT_OR_NONE,
    "kind": _TEXT_OR_NONE,
    "dept": _TEXT_OR_NONE,
    "severity": _TEXT_OR_NONE,
    "broken": _TEXT_OR_NONE,
    "running": (list,),
    "ok": (bool,),
    "offline": (bool,),
    "disarmed": (bool,),
    "act": (int,),
    "count": (int, type(None)),
    "quarter_frames": (int, type(None)),
    "failed": (int, type(None)),
    "late_ms": (*_NUMBER, type(None)),
    "late_ms_max": (*_NUMBER, type(None)),
    "scheduled": (*_NUMBER, type(None)),
    "actual": (*_NUMBER, type(None)),
    "mono": _NUMBER,
    "undone_mono": (*_NUMBER, type(None)),
    "fps": (*_NUMBER, str, type(None)),
}


def readable(details: Iterable[str]) -> tuple[list[dict[str, Any]], int]:
    """The events among the stored details, in order, and how many rows were not events."""
    events: list[dict[str, Any]] = []
    damaged = 0
    for detail in details:
        event = _event(detail)
        if event is None:
            damaged += 1
        else:
            events.append(event)
    return events, damaged


def _event(detail: str) -> dict[str, Any] | None:
    try:
        event = json.loads(detail)
    except (TypeError, ValueError, RecursionError):
        return None
    if not isinstance(event, dict) or not isinstance(event.get("event"), str):
        return None
    for key in TIMES:
        value = event.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if not math.isfinite(value):
            return None
    for key, kinds in FIELDS.items():
        if key in event and not _is(event[key], kinds):
            return None
    running = event.get("running", [])
    if not all(isinstance(cue, str) for cue in running):
        return None
    return event


def _is(value: object, kinds: tuple[type, ...]) -> bool:
    if isinstance(value, bool) and bool not in kinds:
        return False  # JSON's true is not a number or a count
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return isinstance(value, kinds)
