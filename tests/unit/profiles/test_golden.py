"""Every bundled profile command sends the bytes its source documents (golden.toml).

golden.toml holds, for each vector, the command, the bytes and the source (vendor document and
section or page, or the secondary source where the vendor's could not be read here). The OSC
bytes there were made by liblo's oscsend from the documented address and values, not by
showdesk; `test_every_osc_command_matches_oscsend` in test_bundled.py repeats that check live.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cues.midi import MIDI, MidiMessages
from cues.osc import OSC, OscMessage
from showdesk import profiles
from showdesk.profiles import catalogue
from showdesk.wire.osc import encode_message

GOLDEN: dict[str, list[dict[str, Any]]] = tomllib.loads(
    (Path(__file__).parent / "golden.toml").read_text()
)


@pytest.fixture(autouse=True, scope="module")
def user_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One empty user folder for the whole module: the bundled profiles are read once, not
    for each of the 150-odd vectors (conftest's fixture reloads them for every test)."""
    folder = tmp_path_factory.mktemp("user-profiles")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(profiles.ENV, str(folder))
        profiles.reload()
        yield folder
    profiles.reload()


def wire_bytes(command: str) -> bytes:
    """What the cue written as `command` puts on the wire."""
    if catalogue().get(command.split()[0][1:]).cue_type == "osc":
        payload = OSC.parse(command)
        assert isinstance(payload, OscMessage)
        return encode_message(payload.address, payload.args)
    midi = MIDI.parse(command)
    assert isinstance(midi, MidiMessages)
    return midi.bytes()


def _vectors(kind: str) -> list[Any]:
    return [pytest.param(v["command"], v["bytes"], id=v["command"]) for v in GOLDEN[kind]]


@pytest.mark.parametrize(("command", "expected"), _vectors("osc"))
def test_osc_commands_send_the_documented_bytes(command: str, expected: str) -> None:
    assert wire_bytes(command) == bytes.fromhex(expected.replace(" ", ""))


@pytest.mark.parametrize(("command", "expected"), _vectors("midi"))
def test_midi_commands_send_the_documented_bytes(command: str, expected: str) -> None:
    assert wire_bytes(command) == bytes.fromhex(expected)


def test_every_vector_names_its_source() -> None:
    for vector in GOLDEN["osc"] + GOLDEN["midi"]:
        assert set(vector) == {"command", "bytes", "source"}, vector
        assert len(vector["source"]) > 10, vector["command"]


def test_every_bundled_command_has_a_golden_vector() -> None:
    covered = {tuple(v["command"].split()[:2]) for v in GOLDEN["osc"] + GOLDEN["midi"]}
    missing = [
        f"@{profile.id} {name}"
        for profile in catalogue().profiles.values()
        if profile.bundled
        for name in profile.commands
        if (f"@{profile.id}", name) not in covered
    ]
    assert missing == []


def test_every_bundled_command_names_the_document_it_comes_from() -> None:
    for profile in catalogue().profiles.values():
        for command in profile.commands.values():
            assert command.source, f"@{profile.id} {command.name} names no source"
