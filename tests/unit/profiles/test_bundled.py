"""Every bundled profile's main commands send the bytes their vendors document.

The OSC vectors were checked against liblo's `oscsend` (and the ones from protocols.md are
copied from there); `test_every_osc_command_matches_oscsend` repeats that check for every
command of every bundled OSC profile. MIDI vectors are the vendors' own examples where they
give one (A&H SQ), else built by hand from the documented layout.
"""

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


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        # ETC Eos: fire, GO key, command line (protocols.md vector), submaster level
        (
            "@eos fire list=1 cue=12.5",
            "2f656f73 2f637565 2f312f31 322e352f 66697265 00000000 2c000000",
        ),
        ("@eos go", "2f656f73 2f6b6579 2f676f5f 30000000 2c000000"),
        (
            '@eos cmd text="Chan 1 At 50#"',
            "2f656f73 2f636d64 00000000 2c730000 4368616e 20312041 74203530 23000000",
        ),
        ("@eos sub sub=3 level=0.5", "2f656f73 2f737562 2f330000 2c660000 3f000000"),
        # grandMA3: Go+ on a sequence through /gma3/cmd
        (
            "@ma3 go sequence=1",
            "2f676d61 332f636d 64000000 2c730000 476f2b20 53657175 656e6365 20310000",
        ),
        (
            "@ma3 fader page=1 fader=201 level=100",
            "2f676d61 332f5061 6765312f 46616465 72323031 00000000 2c690000 00000064",
        ),
        # ChamSys MagicQ: playback GO and level
        ("@magicq go pb=1", "2f70622f 312f676f 00000000 2c000000"),
        ("@magicq level pb=2 level=0.5", "2f70622f 32000000 2c660000 3f000000"),
        # QLab 5: GO (protocols.md vector), start a cue
        ("@qlab go", "2f676f00 2c000000"),
        ("@qlab start cue=A1", "2f637565 2f41312f 73746172 74000000 2c000000"),
        # X32: fader (protocols.md vector), mute, scene
        (
            "@x32 fader ch=1 level=0.75",
            "2f63682f 30312f6d 69782f66 61646572 00000000 2c660000 3f400000",
        ),
        ("@x32 mute ch=1", "2f63682f 30312f6d 69782f6f 6e000000 2c690000 00000000"),
        ("@x32 unmute ch=32", "2f63682f 33322f6d 69782f6f 6e000000 2c690000 00000001"),
        ("@x32 scene scene=12", "2f2d6163 74696f6e 2f676f73 63656e65 00000000 2c690000 0000000c"),
        # DiGiCo: snapshot recall, input mute
        (
            "@digico snapshot snapshot=12",
            "2f536e61 7073686f 74732f46 6972655f 536e6170 73686f74 5f6e756d 62657200"
            "2c690000 0000000c",
        ),
        (
            "@digico mute ch=4 state=on",
            "2f73642f 496e7075 745f4368 616e6e65 6c732f34 2f6d7574 65000000 2c690000 00000001",
        ),
    ],
)
def test_osc_profile_commands_send_the_documented_bytes(command: str, expected: str) -> None:
    assert osc_bytes(command) == bytes.fromhex(expected.replace(" ", ""))


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        # Yamaha CL/QL: Program Change Cn pp (program 5 on channel 2)
        ("@yamaha-cl scene program=5 channel=2", "C1 04"),
        ("@yamaha-cl scene program=128", "C0 7F"),
        # A&H dLive: scene BN 00 BK CN PG; fader NRPN; mute as note on + note on velocity 0
        ("@dlive scene scene=1", "B0 00 00 C0 00"),
        ("@dlive scene scene=200 channel=12", "BB 00 01 CB 47"),
        ("@dlive scene scene=500", "B0 00 03 C0 73"),
        ("@dlive fader input=1 level=107", "B0 63 00 B0 62 17 B0 06 6B"),
        ("@dlive mute input=3 state=on", "90 02 7F 90 02 00"),
        ("@dlive mute input=3 state=off channel=2", "91 02 3F 91 02 00"),
        # A&H SQ MIDI Protocol's own examples: scenes 7, 120, 156 on ch 1 and 156 on ch 3
        ("@sq scene scene=7", "B0 00 00 C0 06"),
        ("@sq scene scene=120", "B0 00 00 C0 77"),
        ("@sq scene scene=156", "B0 00 01 C0 1B"),
        ("@sq scene scene=156 channel=3", "B2 00 01 C0 1B"),
        ("@sq scene scene=264", "B0 00 02 C0 07"),
        ("@sq mute input=1 state=on", "B0 63 00 B0 62 00 B0 06 00 B0 26 01"),
        ("@sq mute input=48 state=off channel=16", "BF 63 00 BF 62 2F BF 06 00 BF 26 00"),
    ],
)
def test_midi_profile_commands_send_the_documented_bytes(command: str, expected: str) -> None:
    assert midi_bytes(command) == bytes.fromhex(expected)


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
        midi.message_text() == "control_change channel=0 control=0 value=0; "
        "program_change channel=0 program=6"
    )


def test_commands_are_written_back_in_one_canonical_form() -> None:
    payload = OSC.parse("@X32 FADER level=.5   ch=0x1")
    assert payload.text() == "@x32 fader ch=1 level=0.5"
    assert OSC.parse('@eos cmd text="say \\"hi\\""').text() == '@eos cmd text="say \\"hi\\""'
    assert MIDI.parse("@sq scene channel=1 scene=3").text() == "@sq scene scene=3 channel=1"
