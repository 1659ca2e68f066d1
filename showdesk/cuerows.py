"""A cue as a row of the `cues` table and back: `cue_from_row(cue_to_row(c))` is `c`."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
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


# The stored columns a cue is read from, in the order `cues_from_rows` takes them.
COLUMNS = (
    "id", "number", "type", "name", "target", "payload", "pre_wait", "duration", "post_wait",
    "continue_mode", "armed", "dept", "call", "notes", "colour", "parent_id",
)  # fmt: skip
_CONTINUE_MODES = {mode.value: mode for mode in ContinueMode}


def cue_from_row(row: Mapping[str, Any]) -> Cue:
    """The cue a row holds; CueError naming the cue and field when the row is not valid."""
    return cue_from_values(tuple(row[column] for column in COLUMNS))


def cue_from_values(
    values: Sequence[Any], payloads: dict[tuple[str, Any], Any] | None = None
) -> Cue:
    """The cue of one row's values, in the order of COLUMNS (as `cue_from_row`).

    `payloads` (payload by type and stored text) is shared by the rows of one load: payloads are
    frozen, so cues with the same stored message (every memo, a repeated `/eos/key/go`) share
    one, read and checked once.
    """
    (id_, number, type_name, name, target, stored, pre_wait, duration, post_wait, continue_text,
     armed, dept, call, notes, colour, parent) = values  # fmt: skip
    try:
        kind = cue_type(str(type_name))
        payload = None if payloads is None else payloads.get((kind.name, stored))
        if payload is None:
            try:
                payload = kind.from_json(json.loads(stored))
            except (ValueError, TypeError, KeyError, AttributeError) as exc:  # any JSON at all
                raise CueError(kind.column, f"stored payload is not valid: {exc}") from None
            if payloads is not None:
                payloads[kind.name, stored] = payload
        continue_mode = _CONTINUE_MODES.get(continue_text)
        if continue_mode is None:
            raise CueError("continue", f"unknown continue mode {continue_text!r}")
        return Cue.from_fields({
            "type": kind, "payload": payload, "id": id_, "number": number, "name": name,
            "target": target, "pre_wait": pre_wait, "duration": duration,
            "post_wait": post_wait, "continue_mode": continue_mode, "armed": bool(armed),
            "dept": dept, "call": call, "notes": notes, "colour": colour, "parent": parent,
        })  # fmt: skip
    except CueError as exc:
        label = f"cue {number}" if number else f"cue id {id_}"
        raise exc if exc.cue else exc.for_cue(label) from None
