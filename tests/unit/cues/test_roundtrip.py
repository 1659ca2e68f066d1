"""Property tests: every payload reads back from its text and its JSON, and every cue from its row.

The strategies (tests/unit/cues/strategies.py) build valid payloads and cues of every registered
type; a registered type with no strategy fails `test_every_registered_type_has_a_strategy`.
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cues.base import CueError, CueType
from cues.registry import cue_type, cue_types
from showdesk.cuerows import cue_from_row, cue_to_row
from tests.unit.cues import strategies

NAMES = sorted(cue_types())
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_every_registered_type_has_a_strategy() -> None:
    for kind in cue_types().values():
        strategies.payloads_for(kind)  # KeyError names the type that has none


def identical(a: Any, b: Any) -> bool:
    """Equal, and floats of the same sign (a -0.0 that came back as 0.0 would show as "0")."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, tuple | list) and isinstance(b, tuple | list):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b, strict=True))
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(
            identical(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
        )
    return bool(a == b) and type(a) is type(b)


@pytest.mark.parametrize("name", NAMES)
@SETTINGS
@given(data=st.data())
def test_payload_reads_back_from_its_text_and_its_json(name: str, data: st.DataObject) -> None:
    kind = cue_type(name)
    payload = data.draw(strategies.payloads_for(kind))
    text = payload.text()
    from_text = kind.parse(text)
    assert from_text == payload
    assert from_text.text() == text  # the text form is canonical
    stored = json.loads(json.dumps(payload.to_json(), allow_nan=False))
    assert identical(kind.from_json(stored), payload)


@SETTINGS
@given(strategies.cues_of_any_type(exotic=True))
def test_cue_to_row_and_back_is_the_identity(cue: Any) -> None:
    row = cue_to_row(cue)
    for value in row.values():  # what SQLite can store as it is
        assert value is None or isinstance(value, str | int | float)
    again = cue_from_row({**row, "id": cue.id})
    assert again == cue
    assert identical(again, cue)


@settings(SETTINGS, max_examples=100)
@given(strategies.cues_of_any_type(), st.uuids())
def test_shared_strategy_cues_suit_a_sheet_and_keep_their_group(cue: Any, parent: Any) -> None:
    """What the CSV tests rely on: no whitespace around cells, lower-case colours, no parent."""
    assert cue.parent is None
    for name in ("number", "name", "target", "dept", "call", "notes"):
        value = getattr(cue, name)
        assert value == value.strip()
    assert cue.colour == cue.colour.lower()
    grouped = dataclasses.replace(cue, parent=parent.hex)
    assert cue_from_row({**cue_to_row(grouped), "id": grouped.id}) == grouped


CELL_TEXT = st.text(max_size=40) | st.text('/ifhdsScTFNI0123456789.-+ =;"\\x>', max_size=30)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=150, deadline=None)
@given(text=CELL_TEXT)
def test_any_text_parses_or_is_a_cue_error_naming_the_column(name: str, text: str) -> None:
    """Whatever is typed in the cell, the answer is a payload or a CueError, never a crash."""
    kind: CueType = cue_type(name)
    try:
        payload = kind.parse(text)
    except CueError as error:
        problem = error
    else:
        assert kind.parse(payload.text()) == payload
        return
    assert problem.field == kind.column
    assert problem.reason
