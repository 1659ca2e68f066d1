"""Remote commands in the engine: each one a `remote` event with its source, the app's edit mode
refusing those that start or move cues, and Learn asked for only with a MIDI input."""

from __future__ import annotations

import json

from showdesk.engine.engine import Notice
from tests.unit.test_engine import Rig, cue


def rig() -> Rig:
    return Rig([cue("osc", "1", "/a", target="LX"), cue("osc", "2", "/b", target="LX")],
               min_go_interval=0.5)  # fmt: skip


def remote(name: str, **fields: str) -> str:
    return json.dumps({"command": name, "source": "osc 10.0.0.4:53001", "via": f"/{name}",
                       **fields})  # fmt: skip


def test_a_remote_command_is_a_remote_event_then_what_it_does() -> None:
    r = rig()
    r.at(0, remote("go"))
    kinds = [e["event"] for e in r.events]
    assert kinds[:2] == ["remote", "go"]
    assert r.of("remote")[0] | {"wall": 0, "mono": 0, "show_time": 0} == {
        "event": "remote", "wall": 0, "mono": 0, "show_time": 0, "status": "ok",
        "source": "osc 10.0.0.4:53001", "via": "/go", "command": "go"}  # fmt: skip
    assert r.of("go")[0]["source"] == "osc 10.0.0.4:53001"


def test_a_remote_go_passes_the_minimum_go_interval_like_space() -> None:
    r = rig()
    r.at(0, remote("go"))
    r.at(0.1, remote("go"))
    rejected = r.of("go_rejected")
    assert rejected[0]["source"] == "osc 10.0.0.4:53001"
    assert "minimum GO interval is 0.5 s" in rejected[0]["reason"]


def test_in_edit_mode_remote_control_may_stop_but_not_start_or_move() -> None:
    r = rig()
    r.at(0, '{"command": "edit_mode", "text": "on", "source": "app"}')
    assert r.of("edit_mode")[0]["on"] is True
    for line in (remote("go"), remote("start", cue="2"), remote("standby", cue="2"),
                 remote("reset")):  # fmt: skip
        r.engine.command(line)
    assert r.of("go") == []
    assert r.of("playhead") == []
    refused = r.of("remote")
    assert {e["status"] for e in refused} == {"refused"}
    assert refused[0]["reason"] == (
        "the app is in edit mode: remote control may not start or move cues"
    )
    r.engine.command(remote("stop"))
    r.engine.command(remote("panic"))
    assert [e["status"] for e in r.of("remote")][-2:] == ["ok", "ok"]
    r.engine.command("go")  # the app's own commands are not remote: the lock is the app's
    assert r.of("go")[0]["source"] == "command"
    r.at(1, "edit_mode off")
    r.engine.command(remote("go"))
    assert r.of("go")[-1]["source"] == "osc 10.0.0.4:53001"


def test_edit_mode_takes_on_or_off() -> None:
    r = rig()
    r.engine.command("edit_mode sideways")
    assert r.of("error")[0]["message"] == "edit_mode takes on or off, not 'sideways'"


def test_learn_needs_a_midi_input_and_then_asks_remote_control() -> None:
    r = rig()
    r.engine.command("learn")
    assert "learn needs a MIDI input" in r.of("error")[0]["message"]
    r.engine.midi_in = "pedal"
    r.engine.command("learn")
    assert r.of("learn")[0] | {"wall": 0, "mono": 0, "show_time": 0} == {
        "event": "learn", "wall": 0, "mono": 0, "show_time": 0, "on": True, "port": "pedal",
        "source": "command"}  # fmt: skip


def test_notices_from_remote_control_are_published_in_order() -> None:
    r = rig()
    r.engine.notice(Notice("remote", {"status": "malformed", "source": "osc 1.2.3.4:5",
                                      "reason": "not OSC", "count": 3}))  # fmt: skip
    (event,) = r.of("remote")
    assert (event["status"], event["count"]) == ("malformed", 3)
    assert "wall" in event
