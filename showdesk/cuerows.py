"""A cue as a row of the `cues` table and back: `cue_from_row(cue_to_row(c))` is `c`."""

from __future__ import annotations

import json
from typing import Any

from cues.base import ContinueMode, Cue, CueError
from cues.registry import cue_type


def cue_to_row(cue: Cue) -> dict[str, Any]:
    """The stored columns of a cue, except where it stands (list and position)."""
    return {
        "number": cue.number,
        "type": cue.type.name,
        "name": cue.name,
        "target": cue.target,
        "payload": json.dumps(cue.payload.to_json(), separators=(",", ":")),
        "pre_wait": cue.pre_wait,
        "duration": cue.duration,
        "post_wait": cue.post_wait,
        "continue_mode": cue.continue_mode.value,
        "armed": int(cue.armed),
        "dept": cue.dept,
        "call": cue.call,
        "notes": cue.notes,
        "colour": cue.colour,
        "parent_id": cue.parent,
    }


def cue_from_row(row: dict[str, Any]) -> Cue:
    """The cue a row holds; CueError naming the cue and field when the row is not valid."""
    label = f"cue {row['number']}" if row.get("number") else f"cue id {row.get('id')}"
    try:
        kind = cue_type(str(row["type"]))
        try:
            payload = kind.from_json(json.loads(row["payload"]))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:  # any JSON at all
            raise CueError(kind.column, f"stored payload is not valid: {exc}") from None
        try:
            continue_mode = ContinueMode(row["continue_mode"])
        except ValueError:
            raise CueError("continue", f"unknown continue mode {row['continue_mode']!r}") from None
        return Cue(
            type=kind,
            payload=payload,
            id=row["id"],
            number=row["number"],
            name=row["name"],
            target=row["target"],
            pre_wait=row["pre_wait"],
            duration=row["duration"],
            post_wait=row["post_wait"],
            continue_mode=continue_mode,
            armed=bool(row["armed"]),
            dept=row["dept"],
            call=row["call"],
            notes=row["notes"],
            colour=row["colour"],
            parent=row["parent_id"],
        )
    except CueError as exc:
        raise exc if exc.cue else exc.for_cue(label) from None
