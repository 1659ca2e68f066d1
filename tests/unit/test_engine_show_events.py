"""Show-wide commands, holds, mark undo and what a GO really did, as engine events (the shared
contract the report and remote control read: docs/protocol.md)."""

from __future__ import annotations

import pytest

from cues.base import ContinueMode
from showdesk.engine.broken import broken_reasons
from showdesk.engine.compile import compile_cues
from showdesk.showfile import Settings
from tests.unit.test_engine import PATCH, Rig, cue

SHOW_WIDE = [
    ("panic", "panic"),
    ("stop", "stop_all"),
    ("pause", "pause_all"),
    ("resume", "resume_all"),
    ("reset", "reset"),
]


@pytest.mark.parametrize(("command", "kind"), SHOW_WIDE)
def test_a_show_wide_command_is_one_event_before_the_states_it_causes(
    command: str, kind: str
) -> None:
    rig = Rig([cue("wait", "1", duration=10.0), cue("wait", "2", duration=10.0), cue("memo", "3")])
    rig.at(0, "go")
    rig.at(1, '{"command": "go", "source": "button"}')
    if command == "resume":
        rig.at(2, "pause")
    rig.at(3, f'{{"command": "{command}", "source": "key"}}')
    (event,) = rig.of(kind)
    assert (event["source"], event["standing_by"], event["running"]) == (
        "key",
        "3",
        ["1", "2"],
    )
    assert event["show_time"] == pytest.approx(3.0)
    after = rig.events[rig.events.index(event) + 1 :]
    assert [e["cue"] for e in after if e["event"] == "cue"][:2] == ["1", "2"]


def test_a_text_line_is_from_the_command_source_and_a_named_cue_is_not_show_wide() -> None:
    rig = Rig([cue("wait", "1", duration=10.0), cue("wait", "2", duration=10.0)])
    rig.at(0, "go")
    rig.at(1, "stop 1")
    rig.at(2, "pause 1")
    assert not rig.of("stop_all")
    assert not rig.of("pause_all")
    rig.at(3, "stop")
    (event,) = rig.of("stop_all")
    assert (event["source"], event["running"]) == ("command", [])


def test_panic_with_an_overdue_deadline_reports_the_world_as_the_command_found_it() -> None:
    rig = Rig([
        cue("wait", "1", duration=1.0, continue_mode=ContinueMode.AUTO_FOLLOW),
        cue("wait", "2", duration=10.0),
    ])  # fmt: skip
    rig.at(0, "go")
    rig.clock.set(102.0)  # the follow to 2 was due at 1 s and has not been carried out yet
    rig.engine.command("panic")
    (panic,) = rig.of("panic")
    assert panic["running"] == ["2"]
    assert rig.events.index(panic) > rig.events.index(rig.of("cue")[-2])  # 2 started first
    assert rig.of("cue")[-1]["state"] == "stopped"


def test_a_hold_takes_an_optional_reason_and_ends_with_hold_end() -> None:
    rig = Rig([cue("memo", "1")])
    rig.at(0, "mark hold")
    rig.at(5, "mark hold_end")
    rig.at(6, '{"command": "mark", "mark": "hold", "text": "late audience", "source": "button"}')
    marks = rig.of("mark")
    assert [(m["mark"], m["text"], m["source"]) for m in marks] == [
        ("hold", "", "command"),
        ("hold_end", "", "command"),
        ("hold", "late audience", "button"),
    ]
    assert not rig.of("error")


def test_mark_undo_withdraws_the_latest_marks_one_by_one_then_is_an_error() -> None:
    rig = Rig([cue("memo", "1")])
    rig.at(0, "mark house_open")
    rig.at(1, "mark show_up")
    rig.at(2, "mark undo")
    rig.at(3, '{"command": "mark", "mark": "undo", "source": "button"}')
    rig.at(4, "mark undo")
    house, up, undo1, undo2 = rig.of("mark")
    assert (undo1["mark"], undo1["undone"], undo1["undone_mono"]) == ("undo", "show_up", up["mono"])
    assert (undo2["undone"], undo2["undone_mono"], undo2["source"]) == (
        "house_open",
        house["mono"],
        "button",
    )
    (error,) = rig.of("error")
    assert error["message"] == "there is no mark of this run left to undo"
    rig.at(5, "mark interval")
    rig.at(6, "mark undo")
    assert rig.of("mark")[-1]["undone"] == "interval"


def test_mark_undo_takes_nothing_after_it() -> None:
    rig = Rig([cue("memo", "1")])
    rig.at(0, "mark act 1")
    rig.at(1, "mark undo act")
    assert rig.of("error")[0]["message"] == "mark undo takes nothing after it"
    assert len(rig.of("mark")) == 1


def test_a_go_on_a_disarmed_or_broken_cue_says_so_and_an_ordinary_go_does_not() -> None:
    rig = Rig([
        cue("osc", "1", "/go", target="LX", armed=False),
        cue("osc", "2", "/go", target="NOWHERE"),
        cue("osc", "3", "/go", target="LX"),
    ])  # fmt: skip
    for t in (0, 1, 2):
        rig.at(t, "go")
    first, second, third = rig.of("go")
    assert first.get("disarmed") is True
    assert "broken" not in first
    assert second["broken"] == "unpatched: NOWHERE is not in the patch"
    assert "disarmed" not in second
    assert "disarmed" not in third
    assert "broken" not in third
    assert [e["cue"] for e in rig.of("sent")] == ["3"]


def test_a_cue_inside_a_disarmed_group_is_a_disarmed_go() -> None:
    rig = Rig([
        cue("group", "1", "start-first-and-enter", id="g", armed=False),
        cue("osc", "1.1", "/go", target="LX", parent="g"),
    ])  # fmt: skip
    rig.at(0, "go 1.1")
    assert rig.of("go")[0]["disarmed"] is True


def test_the_windows_broken_reasons_are_the_engines() -> None:
    cues = [
        cue("osc", "1", "/go", target="LX"),
        cue("osc", "2", "/go", target="NOWHERE"),
        cue("fade", "3", "/f f 0 -> 1", target="", duration=1.0),
        cue("msc", "4", "GO cue=1 list=1 device=1", target="LX"),  # MSC to an OSC port
        cue("stop", "5", target="99"),
        cue("stop", "6", target="1"),
        cue("memo", "7"),
        cue("timecode", "8", "start=01:00:00:00 fps=25", target="LX", duration=5.0),  # OSC port
    ]
    compiled = compile_cues(cues, PATCH, Settings())
    engine = {c.id: c.broken for c in compiled.show.cues if c.broken}
    assert broken_reasons(cues, PATCH) == engine
    assert sorted(compiled.cues[i].number for i in engine) == ["2", "3", "4", "5", "8"]
