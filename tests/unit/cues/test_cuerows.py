"""A cue as a row of the `cues` table and back (showdesk/cuerows.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cues.base import ContinueMode, Cue, CueError
from cues.registry import cue_type
from showdesk.cuerows import cue_from_row, cue_to_row

EXAMPLES = {
    "osc": ('/eos/cmd s "Chan 1 At 50#"', "console"),
    "fade": ("/ch/01/mix/fader f 0 -> 0.75 rate=20 curve=s", "x32"),
    "midi": ("control_change control=0 value=2; program_change program=5", "dlive"),
    "msc": ("GO cue=235.6 list=36.6 path=59", "eos-midi"),
    "memo": ("", ""),
    "wait": ("", ""),
    "group": ("playlist loop", ""),
    "start": ("", "12"),
    "stop": ("", "12"),
    "pause": ("", "12"),
    "resume": ("", "12"),
    "goto": ("", "12"),
    "arm": ("", "12"),
    "disarm": ("", "12"),
    "timecode": ("start=01:00:00:00 fps=29.97df", "video"),
}


def example(type_name: str, **fields: Any) -> Cue:
    kind = cue_type(type_name)
    message, target = EXAMPLES[type_name]
    timed = {"duration": 3.5} if kind.duration == "timed" else {}
    return Cue(
        type=kind,
        payload=kind.parse(message),
        **{"number": "5", "name": "Walk-in", "target": target, "pre_wait": 0.5, **timed,
           "post_wait": 1.0, "continue_mode": ContinueMode.AUTO_CONTINUE, "armed": False,
           "dept": "LX", "call": "LX 5 GO", "notes": "line 1\nline 2", "colour": "#336699",
           **fields},
    )  # fmt: skip


def stored(cue: Cue) -> dict[str, Any]:
    return {**cue_to_row(cue), "id": cue.id}


def test_every_type_has_an_example() -> None:
    from cues.registry import cue_types

    assert set(EXAMPLES) == set(cue_types())


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_a_cue_of_every_type_comes_back_from_its_row(name: str) -> None:
    cue = example(name)
    assert cue_from_row(stored(cue)) == cue
    grouped = example(name, parent="0123456789abcdef", number="", name="")
    assert cue_from_row(stored(grouped)) == grouped


def test_the_row_holds_plain_column_values() -> None:
    cue = example("osc")
    row = cue_to_row(cue)
    assert row == {
        "number": "5",
        "type": "osc",
        "name": "Walk-in",
        "target": "console",
        "payload": '{"address":"/eos/cmd","args":[["s","Chan 1 At 50#"]]}',
        "pre_wait": 0.5,
        "duration": 0.0,
        "post_wait": 1.0,
        "continue_mode": "auto-continue",
        "armed": 0,
        "dept": "LX",
        "call": "LX 5 GO",
        "notes": "line 1\nline 2",
        "colour": "#336699",
        "parent_id": None,
    }
    assert "id" not in row  # the store writes the id as the key
    assert cue_to_row(example("memo", armed=True))["armed"] == 1


def test_a_row_stores_the_payload_as_json_of_the_payload() -> None:
    cue = example("msc")
    assert json.loads(cue_to_row(cue)["payload"]) == cue.payload.to_json()


def broken(type_name: str = "osc", **columns: Any) -> CueError:
    row = {**stored(example(type_name)), **columns}
    with pytest.raises(CueError) as caught:
        cue_from_row(row)
    return caught.value


def test_an_unknown_type_names_the_cue_and_the_type_column() -> None:
    error = broken(type="video")
    assert error.field == "type"
    assert str(error).startswith("cue 5: type: unknown cue type 'video' (known: ")


@pytest.mark.parametrize(
    ("type_name", "payload", "column"),
    [
        ("osc", "not json", "message"),
        ("osc", '{"address": "go"}', "message"),
        ("osc", "{}", "message"),
        ("osc", "null", "message"),
        ("osc", '{"address": "/x", "args": [["f"]]}', "message"),
        ("fade", '{"address": "/x", "tag": "s", "from": 0, "to": 1}', "message"),
        ("midi", '{"messages": ["bogus"]}', "message"),
        ("midi", '{"messages": 5}', "message"),
        ("msc", '{"command": "JUMP"}', "message"),
        ("msc", '{"command": 5}', "message"),
        ("msc", '{"command": "GO", "colour": "red"}', "message"),
        ("group", '{"mode": "shuffle"}', "mode"),
        ("group", "[]", "mode"),
        ("group", "null", "mode"),
    ],
)
def test_a_bad_stored_payload_names_the_cue_and_column(
    type_name: str, payload: str, column: str
) -> None:
    error = broken(type_name, payload=payload)
    assert error.field == column
    assert str(error).startswith(f"cue 5: {column}: stored payload is not valid: ")


@pytest.mark.parametrize(
    ("columns", "field"),
    [
        ({"continue_mode": "auto-go"}, "continue"),
        ({"pre_wait": -1.0}, "pre_wait"),
        ({"post_wait": None}, "post_wait"),
        ({"duration": 2.0}, "duration"),
        ({"colour": "pink"}, "colour"),
        ({"name": "a\nb"}, "name"),
    ],
)
def test_a_bad_column_names_the_cue_and_column(columns: dict[str, Any], field: str) -> None:
    error = broken(**columns)
    assert error.field == field
    assert str(error).startswith(f"cue 5: {field}: ")


def test_an_unnumbered_cue_is_named_by_its_id() -> None:
    error = broken(number="", type="video", id="abc123")
    assert str(error).startswith("cue id abc123: type: unknown cue type")
    payload_error = broken(number="", payload="{}", id="abc123")
    assert str(payload_error).startswith("cue id abc123: message: stored payload")
