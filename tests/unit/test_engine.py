"""The engine between the scheduler and the wire, on a fake clock: no sleeping, no threads."""

from __future__ import annotations

import time
from typing import Any

import pytest

from cues import Cue, cue_type
from cues.base import ContinueMode
from showdesk.engine.compile import compile_cues
from showdesk.engine.engine import Engine, parse_command
from showdesk.engine.timing import FakeClock
from showdesk.outputs import CaptureOutput, Output, UnavailableOutput
from showdesk.settings import Settings

PATCH = {"LX": "osc.udp://127.0.0.1:8000", "MIX": "midi:desk", "SND": "osc.udp://127.0.0.1:9"}


def cue(kind: str, number: str, message: str = "", **fields: Any) -> Cue:
    t = cue_type(kind)
    return Cue(t, t.parse(message), number=number, **fields)


class Rig:
    """An engine on a fake clock with capture outputs, and what it published."""

    def __init__(self, cues: list[Cue], outputs: dict[str, Output] | None = None, **settings: Any):
        self.clock = FakeClock(100.0)
        self.events: list[dict[str, Any]] = []
        self.compiled = compile_cues(cues, PATCH, Settings(**settings))
        self.outputs = outputs or {name: CaptureOutput(name) for name in self.compiled.endpoints}
        self.engine = Engine(self.compiled, self.outputs, self.clock, self.events.append)

    def run_until(self, t: float) -> None:
        """Advances the clock deadline by deadline, as the real loop does, up to 100 + t."""
        while (deadline := self.engine.next_deadline()) is not None and deadline <= 100 + t:
            self.clock.set(max(deadline, self.clock.now()))
            self.engine.advance()
        self.clock.set(100 + t)

    def at(self, t: float, line: str) -> None:
        self.run_until(t)
        self.engine.command(line)

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["event"] == kind]


def test_go_sends_the_encoded_bytes_at_their_scheduled_times() -> None:
    rig = Rig([
        cue("osc", "1", "/eos/cue/1/1/fire", target="LX", post_wait=2.0,
            continue_mode=ContinueMode.AUTO_CONTINUE),
        cue("msc", "2", "GO cue=8 list=1 device=1", target="MIX", pre_wait=0.5),
    ])  # fmt: skip
    rig.at(0, "go")
    rig.run_until(10)
    sent = rig.of("sent")
    assert [(e["cue"], e["destination"], e["scheduled"] - 100) for e in sent] == [
        ("1", "LX", 0.0),
        ("2", "MIX", 2.5),
    ]
    assert sent[1]["bytes"] == "f07f01020101380031f7"
    assert all(e["offline"] and e["ok"] and e["late_ms"] == 0 for e in sent)
    capture = rig.outputs["LX"]
    assert isinstance(capture, CaptureOutput)
    assert list(capture.captured) == [
        bytes.fromhex("2f656f732f6375652f312f312f66697265000000 2c000000")
    ]


def test_a_fade_sends_its_ramp_and_ends_exactly_on_its_target() -> None:
    rig = Rig([cue("fade", "1", "/ch/01/mix/fader f 0 -> 1 rate=10", target="SND", duration=1.0)])
    rig.at(0, "go")
    rig.run_until(5)
    sent = rig.of("sent")
    assert len(sent) == 11  # 0, 0.1 ... 1.0 s at 10 Hz
    assert [round(e["scheduled"] - 100, 9) for e in sent][:3] == [0.0, 0.1, 0.2]
    assert sent[-1]["message"] == "/ch/01/mix/fader f 1"
    assert sent[-1]["bytes"].endswith("3f800000")  # 1.0 as float32


def test_an_unpatched_cue_is_broken_and_the_sequence_goes_on() -> None:
    rig = Rig([
        cue("osc", "1", "/go", target="NOWHERE", continue_mode=ContinueMode.AUTO_CONTINUE),
        cue("osc", "2", "/go", target="LX"),
    ])  # fmt: skip
    rig.at(0, "go")
    broken = [e for e in rig.of("cue") if e["state"] == "broken"]
    assert [(e["cue"], e["reason"]) for e in broken] == [
        ("1", "unpatched: NOWHERE is not in the patch")
    ]
    assert [e["cue"] for e in rig.of("sent")] == ["2"]


def test_a_failed_send_is_shown_on_the_cue_and_counted_and_the_show_goes_on() -> None:
    outputs: dict[str, Output] = {
        "LX": UnavailableOutput("LX", "console unplugged"),
        "SND": CaptureOutput("SND"),
        "MIX": CaptureOutput("MIX"),
    }
    rig = Rig([
        cue("osc", "1", "/go", target="LX", continue_mode=ContinueMode.AUTO_CONTINUE),
        cue("osc", "2", "/go", target="SND"),
    ], outputs)  # fmt: skip
    rig.at(0, "go")
    first, second = rig.of("sent")
    assert (first["ok"], first["error"]) == (False, "console unplugged")
    assert second["ok"]
    assert ("1", "broken") in [(e["cue"], e["state"]) for e in rig.of("cue")]
    assert rig.outputs["LX"].stats.errors == 1


def test_double_go_is_rejected_and_published() -> None:
    rig = Rig([cue("memo", "1"), cue("memo", "2"), cue("memo", "3")], min_go_interval=1.0)
    for t in (0, 0.5, 0.9, 1.0, 1.4):
        rig.at(t, "go")
    assert [e["cue"] for e in rig.of("go")] == ["1", "2"]
    assert len(rig.of("go_rejected")) == 3


def test_go_n_start_n_and_standby_address_cues_by_number() -> None:
    rig = Rig([cue("memo", "1"), cue("memo", "12.5"), cue("memo", "A")])
    rig.at(0, "go 12.5")
    assert rig.of("go")[0]["cue"] == "12.5"
    assert rig.of("playhead")[-1]["cue"] == "A"
    rig.at(1, "standby 1")
    rig.at(2, "start A")  # runs A, leaves the playhead on 1
    assert rig.of("playhead")[-1]["cue"] == "1"
    assert ("A", "running") in [(e["cue"], e["state"]) for e in rig.of("cue")]


def test_bad_commands_are_errors_and_the_engine_keeps_running() -> None:
    rig = Rig([cue("memo", "1")])
    for line in ("dance", "start", "go 99", "status now", '{"command": 5}', "{not json"):
        assert rig.engine.command(line) is True
    messages = [e["message"] for e in rig.of("error")]
    assert len(messages) == 6
    assert messages[2] == "there is no cue numbered '99'"
    rig.at(0, "go")
    assert rig.of("go")


def test_a_note_is_stamped_with_the_cue_standing_by_and_those_running() -> None:
    rig = Rig([cue("wait", "1", duration=5.0), cue("memo", "2")])
    rig.at(0, "go")
    rig.at(1, "note LX 2 was late")
    (note,) = rig.of("note")
    assert (note["text"], note["standing_by"], note["running"]) == ("LX 2 was late", "2", ["1"])
    assert note["show_time"] == pytest.approx(1.0)


def test_status_reports_every_output() -> None:
    rig = Rig([cue("osc", "1", "/go", target="LX")])
    rig.at(0, "go")
    rig.engine.command("status")
    (status,) = rig.of("status")
    lx = status["outputs"]["LX"]
    assert lx == {
        "state": "rehearsal capture", "reason": "rehearsal: nothing leaves this machine",
        "sent": 1, "errors": 0, "last_message": "/go", "last_error": "",
        "last_sent": lx["last_sent"],
    }  # fmt: skip
    assert lx["last_sent"] == pytest.approx(time.time(), abs=60)


def test_quit_stops_everything_and_says_so() -> None:
    rig = Rig([cue("wait", "1", duration=60.0)])
    rig.at(0, "go")
    assert rig.engine.command("quit") is False
    assert rig.of("quit")
    assert ("1", "stopped") in [(e["cue"], e["state"]) for e in rig.of("cue")]


@pytest.mark.parametrize(
    ("line", "parsed"),
    [
        ("go", ("go", "", "command")),
        ("GO 12.5", ("go", "12.5", "command")),
        ("note  Sound late on 5 ", ("note", "Sound late on 5", "command")),
        ('{"command": "go", "source": "key"}', ("go", "", "key")),
        ('{"command": "start", "cue": 7}', ("start", "7", "command")),
    ],
)
def test_commands_parse_from_text_and_json(line: str, parsed: tuple[str, str, str]) -> None:
    assert parse_command(line) == parsed


def test_preparing_a_deadline_ahead_of_it_sends_nothing_until_fired_and_matches_advance() -> None:
    cues = [
        cue("osc", "1", "/a", target="LX", post_wait=0.5, continue_mode=ContinueMode.AUTO_CONTINUE),
        cue("fade", "2", "/f f 0 -> 1", target="SND", duration=0.1),
    ]
    ahead, plain = Rig(cues), Rig(cues)
    for rig in (ahead, plain):
        rig.engine.command("go")
    while (deadline := plain.engine.next_deadline()) is not None:
        plain.clock.set(deadline)
        plain.engine.advance()
        assert ahead.engine.next_deadline() == deadline
        ahead.clock.set(deadline - 0.0004)  # the real loop prepares 0.4 ms early
        prepared = ahead.engine.prepare(deadline)
        sent_before = len(ahead.of("sent"))
        assert ahead.outputs["SND"].stats.sent + ahead.outputs["LX"].stats.sent == sent_before
        ahead.clock.set(deadline)
        ahead.engine.fire(prepared)

    def timeline(rig: Rig) -> list[tuple[Any, ...]]:
        return [(e["event"], e.get("cue"), e.get("state"), e.get("message"), e.get("t"),
                 e.get("scheduled"), e["mono"]) for e in rig.events]  # fmt: skip

    assert timeline(ahead) == timeline(plain)
    assert [e["late_ms"] for e in ahead.of("sent")] == [0.0] * len(ahead.of("sent"))
    assert len(ahead.of("sent")) > 3
