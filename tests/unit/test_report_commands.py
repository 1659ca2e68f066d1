"""The engine's `note` and `mark` commands (text and JSON), on a fake clock."""

from __future__ import annotations

from typing import Any

import pytest

from showdesk.engine.engine import Engine
from showdesk.report.refused import refused_of
from tests.unit.test_engine import Rig, cue


@pytest.fixture
def rig() -> Rig:
    made = Rig([cue("wait", "1", duration=5.0), cue("memo", "2"), cue("memo", "3")])
    made.engine = Engine(made.compiled, made.outputs, made.clock, made.events.append,
                         departments=["LX", "SND", "SM"])  # fmt: skip
    return made


def only(rig: Rig, kind: str) -> dict[str, Any]:
    (event,) = rig.of(kind)
    return event


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("note LX 4 late", {"text": "LX 4 late", "dept": "", "severity": "info", "cue": None}),
        ("note dept=snd severity=Critical Mic 3 dropout",
         {"text": "Mic 3 dropout", "dept": "SND", "severity": "critical", "cue": None}),
        ("note cue=2 dept=LX  Too bright",
         {"text": "Too bright", "dept": "LX", "severity": "info", "cue": "2"}),
        ('{"command": "note", "text": "Haze low", "dept": "SM", "severity": "issue", "cue": "3"}',
         {"text": "Haze low", "dept": "SM", "severity": "issue", "cue": "3"}),
    ],
)  # fmt: skip
def test_a_note_carries_its_department_severity_and_cue(
    rig: Rig, line: str, expected: dict[str, Any]
) -> None:
    rig.at(0, "go")
    rig.at(1.5, line)
    note = only(rig, "note")
    assert {k: note[k] for k in expected} == expected
    assert (note["standing_by"], note["running"], note["show_time"]) == ("2", ["1"], 1.5)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("note", "note needs some text"),
        ("note dept=LX   ", "note needs some text"),
        ('{"command": "note", "text": "  "}', "note needs some text"),
        ("note dept=VID x", "no department 'VID' in this show (known: LX, SND, SM)"),
        ("note severity=loud x", "severity is info, issue, critical, not 'loud'"),
        ("note cue=9 x", "no cue numbered '9'"),
        ("mark", "mark takes one of house_open, show_up, act, interval, hold, hold_end, "
                 "show_down or undo, not nothing"),
        ("mark curtain", "not 'curtain'"),
        ("mark act", "mark act needs the act's number"),
        ("mark act two", "mark act needs the act's number: mark act 2 (got 'two')"),
        ('{"command": "mark", "mark": "act", "act": 0}', "mark act needs the act's number"),
        ("mark undo", "there is no mark of this run left to undo"),
    ],
)  # fmt: skip
def test_bad_notes_and_marks_are_error_events(rig: Rig, line: str, message: str) -> None:
    rig.at(0, line)
    assert message in only(rig, "error")["message"]
    assert rig.of("note") == rig.of("mark") == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("mark house_open", {"mark": "house_open", "text": ""}),
        ("mark SHOW_UP", {"mark": "show_up", "text": ""}),
        ("mark act 2", {"mark": "act", "act": 2, "text": ""}),
        ("mark act 2 after the long interval", {"mark": "act", "act": 2,
                                                "text": "after the long interval"}),
        ('{"command": "mark", "mark": "act", "act": 3, "text": "x"}',
         {"mark": "act", "act": 3, "text": "x"}),
        ("mark interval", {"mark": "interval", "text": ""}),
        ('mark hold "late audience"', {"mark": "hold", "text": "late audience"}),
        ('{"command": "mark", "mark": "hold", "text": "fire alarm"}',
         {"mark": "hold", "text": "fire alarm"}),
        ("mark hold_end", {"mark": "hold_end", "text": ""}),
        ("mark show_down", {"mark": "show_down", "text": ""}),
    ],
)  # fmt: skip
def test_marks(rig: Rig, line: str, expected: dict[str, Any]) -> None:
    rig.at(12.25, line)
    mark = only(rig, "mark")
    ignored = ("wall", "mono", "show_time", "event", "source")
    assert {k: v for k, v in mark.items() if k not in ignored} == expected
    assert mark["source"] == "command"
    assert mark["show_time"] == 12.25


def test_a_refused_note_keeps_its_whole_text_for_the_report(rig: Rig) -> None:
    text = " ".join(f"word{n}" for n in range(250))  # 1,889 characters
    rig.at(0, f"note dept=VID {text}")
    (refused,) = refused_of([only(rig, "error")])
    assert (refused.command, refused.field("dept"), refused.field("text")) == ("note", "VID", text)
