"""The bundled profiles as a whole: they load, liblo agrees with every OSC command, MIDI is
sent whole, and a stored cue keeps its command. The per-command golden vectors, each with its
source, are in golden.toml (test_golden.py)."""

from __future__ import annotations

import shutil
import socket
import subprocess

import mido
import pytest

from cues.midi import MIDI, MidiMessages
from cues.osc import OSC, OscMessage
from showdesk.profiles import catalogue, expand
from showdesk.wire.osc import encode_message

BUNDLED = ("digico", "dlive", "eos", "ma3", "magicq", "qlab", "sq", "x32", "yamaha-cl")


def osc_bytes(command: str) -> bytes:
    payload = OSC.parse(command)
    assert isinstance(payload, OscMessage)
    return encode_message(payload.address, payload.args)


def midi_bytes(command: str) -> bytes:
    payload = MIDI.parse(command)
    assert isinstance(payload, MidiMessages)
    return payload.bytes()


def test_the_nine_required_devices_are_bundled_and_load_cleanly() -> None:
    loaded = catalogue()
    assert loaded.problems == []
    assert sorted(p.id for p in loaded.profiles.values() if p.bundled) == list(BUNDLED)


def _sample_commands(kind: str) -> list[str]:
    """Every command of every bundled profile of this kind, with every parameter given."""
    found = []
    for profile in catalogue().profiles.values():
        if profile.cue_type != kind:
            continue
        for command in profile.commands.values():
            words = [f"{p.name}={p.text(p.sample())}" for p in command.params]
            found.append(" ".join([f"@{profile.id}", command.name, *words]))
    return found


@pytest.mark.skipif(shutil.which("oscsend") is None, reason="liblo-tools (oscsend) not installed")
def test_every_osc_command_matches_oscsend() -> None:
    """liblo builds the same datagram from the message's text as showdesk does from the command."""
    commands = _sample_commands("osc")
    assert len(commands) >= 40
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.0.0.1", 0))
        receiver.settimeout(5)
        port = receiver.getsockname()[1]
        for command in commands:
            made = expand(command)
            argv = ["oscsend", "127.0.0.1", str(port), made.address]
            if made.args:
                argv.append("".join(tag for tag, _ in made.args))
                argv += [str(value) for _, value in made.args]
            subprocess.run(argv, check=True, timeout=5)
            assert receiver.recv(4096) == osc_bytes(command), command


def test_every_midi_command_is_whole_messages_without_running_status() -> None:
    for command in _sample_commands("midi"):
        payload = MIDI.parse(command)
        assert isinstance(payload, MidiMessages)
        for message in payload.messages:
            data = bytes(mido.Message.from_str(message).bytes())
            assert data[0] & 0x80, command  # every message starts with its status byte


def test_a_stored_profile_cue_keeps_message_and_command() -> None:
    payload = OSC.parse("@eos fire list=1 cue=12.5")
    assert payload == OscMessage("/eos/cue/1/12.5/fire", (), "@eos fire list=1 cue=12.5")
    assert payload.to_json() == {
        "address": "/eos/cue/1/12.5/fire",
        "args": [],
        "device_command": "@eos fire list=1 cue=12.5",
    }
    assert OscMessage.from_json(payload.to_json()) == payload
    assert OSC.parse(payload.text()) == payload
    assert payload.message_text() == "/eos/cue/1/12.5/fire"
    midi = MIDI.parse("@sq scene scene=7")
    assert midi.to_json()["device_command"] == "@sq scene scene=7"
    assert MidiMessages.from_json(midi.to_json()) == midi
    assert (
        midi.message_text() == "control_change channel=1 control=0 value=0; "
        "program_change channel=1 program=6"
    )


def test_commands_are_written_back_in_one_canonical_form() -> None:
    payload = OSC.parse("@X32 FADER level=.5   ch=0x1")
    assert payload.text() == "@x32 fader ch=1 level=0.5"
    assert OSC.parse('@eos cmd text="say \\"hi\\""').text() == '@eos cmd text="say \\"hi\\""'
    assert MIDI.parse("@sq scene channel=1 scene=3").text() == "@sq scene scene=3 channel=1"
