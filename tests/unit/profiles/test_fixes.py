"""The five corrections of issue 17, each against the bytes (and port) its source documents.

1. DiGiCo: one command set, "Other OSC", with /sd on every address and Fire_Next_Snapshot i 0.
   DiGiCo's "OSC Command List for Other OSC" (2014) could not be read here; the facts come from
   protocols.md and the Bitfocus Companion DiGiCo module's "OSC" command set, which carry it.
2. A&H SQ listens on TCP 51325: "SQ MIDI Protocol" Issue 3, 1.1 Connection (p. 3).
3. grandMA3 with no OSC prefix: grandMA3 User Manual 2.0, Remote In and Out > OSC > Examples >
   Open Stage Control: "If the prefix is empty, this would just be /Page1/Fader230".
4. dLive ports: "dLive MIDI Over TCP/IP Protocol" firmware V2.0, p. 1: MixRack 51325 (51327
   TLS), Surface 51328 (51329 TLS); Scene Recall (MixRack Only).
5. SQ scene recall: the program change goes on C0 in the document's examples (Issue 3, 3.1,
   p. 9, "Scene 156, Ch3: B2 00 01 C0 1B"); the Companion SQ module sends it on the console's
   channel. A profile option chooses; the document's behaviour is the default.
"""

from __future__ import annotations

import pytest

from showdesk.profiles import catalogue, expand
from tests.unit.profiles.test_golden import wire_bytes


def osc(address: str, tags: str = "", *words: str) -> bytes:
    """An OSC message laid out by hand: padded address, padded type tags, big-endian values."""

    def padded(text: bytes) -> bytes:
        return text + b"\0" * (4 - len(text) % 4)

    out = padded(address.encode()) + padded(f",{tags}".encode())
    for tag, word in zip(tags, words, strict=True):
        if tag == "i":
            out += int(word).to_bytes(4, "big", signed=True)
        else:
            assert tag == "s"
            out += padded(word.encode())
    return out


def test_digico_sends_the_other_osc_set_only() -> None:
    assert wire_bytes("@digico snapshot snapshot=12") == osc(
        "/sd/Snapshots/Fire_Snapshot_number", "i", "12"
    )
    assert wire_bytes("@digico next") == osc("/sd/Snapshots/Fire_Next_Snapshot", "i", "0")
    assert wire_bytes("@digico mute ch=4 state=on") == osc("/sd/Input_Channels/4/mute", "i", "1")
    for command in catalogue().get("digico").commands.values():
        assert command.address.startswith("/sd/"), command.name  # never the iPad set


def test_sq_listens_on_51325() -> None:
    sq = catalogue().get("sq")
    assert (sq.transport.scheme, sq.transport.port) == ("midi.tcp", 51325)
    assert wire_bytes("@sq scene scene=7") == bytes.fromhex("B0 00 00 C0 06")  # 3.1 example


def test_grandma3_with_an_empty_prefix_is_reached_at_the_top_level() -> None:
    made = expand('@ma3 fader page=1 fader=230 level=100 prefix=""')
    assert made.address == "/Page1/Fader230"
    assert made.command == '@ma3 fader page=1 fader=230 level=100 prefix=""'  # written back
    assert wire_bytes('@ma3 go sequence=1 prefix=""') == osc("/cmd", "s", "Go+ Sequence 1")
    assert wire_bytes('@ma3 key page=1 key=229 prefix=""') == osc("/Page1/Key229", "i", "1")
    assert wire_bytes("@ma3 go sequence=1") == osc("/gma3/cmd", "s", "Go+ Sequence 1")
    with pytest.raises(ValueError, match="cannot go in an OSC address"):
        expand('@ma3 go sequence=1 prefix="a/b"')  # no slashes in a prefix


def test_dlive_names_both_ports_and_recalls_scenes_on_the_mixrack() -> None:
    dlive = catalogue().get("dlive")
    assert [(t.scheme, t.port) for t in dlive.transports] == [
        ("midi.tcp", 51325),  # the MixRack first: scene recall works there only
        ("midi.tcp", 51328),
    ]
    for words in ("51327", "51329", "MixRack only", "Surface only"):
        assert words in dlive.notes
    assert "MixRack only" in dlive.commands["scene"].summary
    assert wire_bytes("@dlive scene scene=200 channel=12") == bytes.fromhex("BB 00 01 CB 47")


def test_sq_scene_recall_channel_is_an_option_with_the_documents_default() -> None:
    # "Scene 156, Ch3: B2 00 01 C0 1B": the program change on channel 1 whatever N is.
    assert wire_bytes("@sq scene scene=156 channel=3") == bytes.fromhex("B2 00 01 C0 1B")
    assert wire_bytes("@sq scene scene=156 channel=3 program_on=ch1") == bytes.fromhex(
        "B2 00 01 C0 1B"
    )
    # The Companion module's reading: the console's own channel.
    assert wire_bytes("@sq scene scene=156 channel=3 program_on=console") == bytes.fromhex(
        "B2 00 01 C2 1B"
    )
