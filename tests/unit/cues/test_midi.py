"""The MIDI cue: mido's text form with channels 1-16 for people, mido's own (0-15) stored, several
messages separated by `;`, and the bytes they make."""

from __future__ import annotations

import json

import pytest

from cues.base import CueError
from cues.midi import MIDI, MidiMessages


def parse(text: str) -> MidiMessages:
    payload = MIDI.parse(text)
    assert isinstance(payload, MidiMessages)
    return payload


def rejected(text: str) -> CueError:
    with pytest.raises(CueError) as caught:
        MIDI.parse(text)
    assert caught.value.field == "message"
    return caught.value


@pytest.mark.parametrize(
    ("text", "people", "stored", "wire"),
    [
        ("note_on note=60", "note_on channel=1 note=60 velocity=64",
         "note_on channel=0 note=60 velocity=64", "903c40"),
        ("note_on  velocity=100 note=60 channel=2", "note_on channel=2 note=60 velocity=100",
         "note_on channel=1 note=60 velocity=100", "913c64"),
        ("program_change channel=16 program=4", "program_change channel=16 program=4",
         "program_change channel=15 program=4", "cf04"),
        ("control_change control=0 value=2", "control_change channel=1 control=0 value=2",
         "control_change channel=0 control=0 value=2", "b00002"),
        ("pitchwheel pitch=-8192", "pitchwheel channel=1 pitch=-8192",
         "pitchwheel channel=0 pitch=-8192", "e00000"),
        ("sysex data=(1,2,3)", "sysex data=(1,2,3)", "sysex data=(1,2,3)", "f0010203f7"),
        ("songpos pos=16383", "songpos pos=16383", "songpos pos=16383", "f27f7f"),
        ("clock", "clock", "clock", "f8"),
        ("  stop  ", "stop", "stop", "fc"),
    ],
)  # fmt: skip
def test_people_write_channels_1_to_16_and_mido_canonical_form_is_stored(
    text: str, people: str, stored: str, wire: str
) -> None:
    payload = parse(text)
    assert payload.messages == (stored,)
    assert payload.to_json() == {"messages": [stored]}
    assert payload.text() == people
    assert parse(payload.text()) == payload
    assert payload.bytes().hex() == wire


def test_several_messages_are_separated_by_semicolons() -> None:
    payload = parse("control_change channel=1 control=0 value=2;program_change program=5 ; clock")
    assert payload.messages == (
        "control_change channel=0 control=0 value=2",
        "program_change channel=0 program=5",
        "clock",
    )
    assert payload.text() == (
        "control_change channel=1 control=0 value=2; program_change channel=1 program=5; clock"
    )
    assert parse(payload.text()) == payload
    # The dLive-style scene recall: bank select then program change, one after the other.
    assert payload.bytes().hex() == "b00002c005f8"


@pytest.mark.parametrize("channel", ["0", "17", "-1", "x", ""])
def test_a_channel_outside_1_to_16_is_refused_with_a_sentence(channel: str) -> None:
    reason = rejected(f"note_on channel={channel} note=60").reason
    assert f"MIDI channels are 1-16, as consoles and QLab count them, got channel={channel}" in (
        reason
    )
    if channel == "0":
        assert "add 1 to a sheet that counts from 0" in reason


def test_blank_parts_between_semicolons_are_ignored() -> None:
    assert parse(";note_on note=1;;  ;").messages == ("note_on channel=0 note=1 velocity=64",)


@pytest.mark.parametrize("text", ["", "   ", ";", " ; ; "])
def test_at_least_one_message(text: str) -> None:
    assert rejected(text).reason == ("a MIDI cue needs at least one message, e.g. note_on note=60")


@pytest.mark.parametrize(
    ("text", "bad", "problem"),
    [
        ("note_on note=200", "note_on note=200", "data byte must be in range 0..127"),
        ("noteon note=60", "noteon note=60", "Unknown message type 'noteon'"),
        ("NOTE_ON note=60", "NOTE_ON note=60", "Unknown message type 'NOTE_ON'"),
        ("note_on chanel=1", "note_on chanel=1", "note_on message has no attribute chanel"),
        ("note_on note=C4", "note_on note=C4", "invalid literal for int()"),
        ("sysex data=(1,2", "sysex data=(1,2", "unable to parse data bytes"),
        ("note_on note=60; bogus", "bogus", "Unknown message type 'bogus'"),
        ("clock; note_on velocity=128 ;stop", "note_on velocity=128",
         "data byte must be in range 0..127"),
    ],
)  # fmt: skip
def test_a_bad_message_is_quoted_with_its_problem(text: str, bad: str, problem: str) -> None:
    reason = rejected(text).reason
    assert reason.startswith(f"{bad!r} is not a MIDI message (")
    assert problem in reason


def test_constructed_messages_are_made_canonical() -> None:
    payload = MidiMessages(("note_off note=1",))
    assert payload == MidiMessages(("note_off channel=0 note=1 velocity=64",))
    with pytest.raises(ValueError, match="at least one message"):
        MidiMessages(())


def test_json_form_and_identity() -> None:
    payload = parse("note_on note=60; note_off note=60")
    data = payload.to_json()
    assert data == {
        "messages": [
            "note_on channel=0 note=60 velocity=64",
            "note_off channel=0 note=60 velocity=64",
        ]
    }
    assert MidiMessages.from_json(json.loads(json.dumps(data))) == payload


def test_the_midi_type_sends_midi_to_a_destination() -> None:
    assert MIDI.target == "destination"
    assert MIDI.sends == frozenset({"midi"})
    assert MIDI.duration == "instant"
