"""MIDI in through a real JACK server (dummy driver): a sender made with mido through rtmidi
fires cues by MSC and by a note the app learned, into the engine process."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import mido
import pytest

from cues.msc import MscCommand
from showdesk.showfile import ShowFile
from tests.e2e.remote_engine import Engine, remote_show
from tests.jack import JackServer

JACK = "mido.backends.rtmidi/UNIX_JACK"
PORT = "showdesk remote in"  # the input port the engine creates


def engine_env(jack: JackServer) -> dict[str, str]:
    return {"JACK_DEFAULT_SERVER": jack.name, "JACK_NO_START_SERVER": "1"}


def start(path: Path, jack: JackServer) -> Engine:
    # An earlier engine's port must be gone first, or the sender could pick it (JACK would name
    # the new client `showdesk in-01`, and both ports end the same way).
    deadline = time.monotonic() + 10
    while any(port.endswith(PORT) for port in jack.ports()):
        assert time.monotonic() < deadline, "an earlier engine's MIDI port stayed"
        time.sleep(0.05)
    engine = Engine(path, env=engine_env(jack))
    engine.event("remote", status="listening", source=f"midi {PORT}")
    return engine


def output(jack: JackServer) -> Any:
    backend = mido.Backend(JACK, load=True, use_environ=False)
    name = next(p for p in backend.get_output_names() if p.endswith(PORT))
    return backend.open_output(name)


def msc(text: str) -> mido.Message:
    return mido.Message.from_bytes(list(MscCommand.parse(text).encode()))


@pytest.mark.jack
def test_msc_go_with_and_without_a_cue_fires_and_an_unknown_cue_is_refused(
    show_path: Path, jack_env: JackServer
) -> None:
    remote_show(show_path, midi_backend=JACK, midi_in=PORT, midi_in_virtual=True,
                msc_device="1")  # fmt: skip
    engine = start(show_path, jack_env)
    port = output(jack_env)
    try:
        port.send(msc("GO device=1"))
        go = engine.event("go")
        assert (go["cue"], go["source"]) == ("1", f"msc {PORT}")
        port.send(msc("GO cue=3 list=1 device=127"))  # all-call
        assert engine.event("go", cue="3")["source"] == f"msc {PORT}"
        port.send(msc("GO cue=4 device=2"))  # for another device on the line: not ours
        port.send(msc("GO cue=99"))
        refused = engine.event("remote", status="error")
        assert refused["reason"] == (
            "MSC GO cue 99 (lighting, device 127): there is no cue numbered '99'"
        )
        port.send(msc("STOP cue=3"))
        engine.event("remote", status="ok", command="pause 3")
        port.send(msc("ALL_OFF device=1"))
        engine.event("remote", via="MSC ALL_OFF (lighting, device 1)", command="panic")
        assert [e["cue"] for e in engine.of("go")] == ["1", "3"]  # device 2's GO was not ours
        accepted = engine.of("remote", status="ok")
        assert [e["via"] for e in accepted][:2] == [
            "MSC GO (lighting, device 1)",
            "MSC GO cue 3 list 1 (lighting, device 127)",
        ]
    finally:
        port.close()
        engine.stop()


@pytest.mark.jack
def test_a_learned_note_fires_its_cue(show_path: Path, jack_env: JackServer) -> None:
    remote_show(show_path, midi_backend=JACK, midi_in=PORT, midi_in_virtual=True)
    engine = start(show_path, jack_env)
    port = output(jack_env)
    try:
        engine.send("learn")
        engine.event("learn", on=True)
        time.sleep(0.1)
        port.send(mido.Message("note_off", channel=9, note=36))  # nothing a trigger can be
        port.send(mido.Message("note_on", channel=9, note=36, velocity=90))  # channel 10
        learned = engine.event("learned")
        assert {k: learned[k] for k in ("message", "channel", "number", "text")} == {
            "message": "note",
            "channel": 10,
            "number": 36,
            "text": "note 36, channel 10",
        }
        port.send(mido.Message("note_on", channel=9, note=36, velocity=90))
        time.sleep(0.3)
        assert engine.of("go") == []  # no trigger yet: the map is the show's, not Learn's
    finally:
        port.close()
        engine.stop()
    # The app stores the learned row with its action (the Remote tab) and restarts the engine.
    trigger = {k: learned[k] for k in ("message", "channel", "number")}
    with ShowFile.open(show_path) as show:
        show.set_setting("midi_triggers", [{**trigger, "action": "start", "cue": "3"},
                                           {"message": "cc", "channel": 10, "number": 64,
                                            "action": "go"}])  # fmt: skip
    engine = start(show_path, jack_env)
    port = output(jack_env)
    try:
        port.send(mido.Message("note_on", channel=9, note=36, velocity=90))
        started = engine.event("remote", status="ok")
        assert (started["source"], started["via"], started["command"]) == (
            f"midi {PORT}",
            "note 36, channel 10",
            "start 3",
        )
        engine.event("cue", cue="3", state="running")
        port.send(mido.Message("control_change", channel=9, control=64, value=0))  # release
        port.send(mido.Message("control_change", channel=9, control=64, value=127))  # press
        assert engine.event("go")["source"] == f"midi {PORT}"
        assert len(engine.of("go")) == 1
    finally:
        port.close()
        engine.stop()


@pytest.mark.jack
def test_an_existing_port_is_opened_by_name(show_path: Path, jack_env: JackServer) -> None:
    backend = mido.Backend(JACK, load=True, use_environ=False)
    pedal = backend.open_output("pedal", virtual=True, client_name="footswitch")
    try:
        remote_show(show_path, midi_backend=JACK, midi_in="footswitch:pedal",
                    midi_triggers=[{"message": "program", "channel": 1, "number": 0,
                                    "action": "go"}])  # fmt: skip
        engine = Engine(show_path, env=engine_env(jack_env))
        opened = engine.event("remote", status="listening", source="midi footswitch:pedal")
        assert opened["reason"] == "MIDI in on 'footswitch:pedal'"
        pedal.send(mido.Message("program_change", channel=0, program=0))
        assert engine.event("go")["source"] == "midi footswitch:pedal"
        engine.stop()
    finally:
        pedal.close()
    assert json.loads(json.dumps(engine.of("go")[0]))["cue"] == "1"
