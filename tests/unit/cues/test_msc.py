"""The MSC cue against MIDI Show Control 1.1: golden bytes, field layouts and what is refused.

The command and format codes below are copied from the specification (docs: protocols.md), not
from cues/msc.py, so that a wrong code there fails here.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from cues.base import CueError
from cues.msc import COMMANDS, FORMATS, MSC, MscCommand

SPEC_COMMANDS = {
    "GO": 0x01, "STOP": 0x02, "RESUME": 0x03, "TIMED_GO": 0x04, "LOAD": 0x05, "SET": 0x06,
    "FIRE": 0x07, "ALL_OFF": 0x08, "RESTORE": 0x09, "RESET": 0x0A, "GO_OFF": 0x0B,
    "GO/JAM_CLOCK": 0x10, "STANDBY_+": 0x11, "STANDBY_-": 0x12, "SEQUENCE_+": 0x13,
    "SEQUENCE_-": 0x14, "START_CLOCK": 0x15, "STOP_CLOCK": 0x16, "ZERO_CLOCK": 0x17,
    "SET_CLOCK": 0x18, "MTC_CHASE_ON": 0x19, "MTC_CHASE_OFF": 0x1A, "OPEN_CUE_LIST": 0x1B,
    "CLOSE_CUE_LIST": 0x1C, "OPEN_CUE_PATH": 0x1D, "CLOSE_CUE_PATH": 0x1E,
}  # fmt: skip
SPEC_FORMAT_CODES = {
    *range(0x01, 0x07), *range(0x10, 0x19), *range(0x20, 0x2B), *range(0x30, 0x39),
    *range(0x40, 0x46), *range(0x50, 0x59), *range(0x60, 0x65), 0x7F,
}  # fmt: skip
# The least each command needs to be valid.
MINIMAL = {
    "TIMED_GO": "time=00:00:01:00", "SET_CLOCK": "time=00:00:01:00", "SET": "control=1 value=2",
    "FIRE": "macro=3", "OPEN_CUE_LIST": "list=1", "CLOSE_CUE_LIST": "list=1",
    "OPEN_CUE_PATH": "path=1", "CLOSE_CUE_PATH": "path=1",
}  # fmt: skip


def parse(text: str) -> MscCommand:
    payload = MSC.parse(text)
    assert isinstance(payload, MscCommand)
    return payload


def wire(text: str) -> str:
    """The encoded SysEx as spaced upper-case hex, as the specification prints it."""
    return parse(text).encode().hex(" ").upper()


def rejected(text: str) -> CueError:
    with pytest.raises(CueError) as caught:
        MSC.parse(text)
    assert caught.value.field == "message"
    return caught.value


@pytest.mark.parametrize(
    ("text", "golden"),
    [
        (
            "GO cue=235.6 list=36.6 path=59",
            "F0 7F 7F 02 01 01 32 33 35 2E 36 00 33 36 2E 36 00 35 39 F7",
        ),
        ("GO device=1 format=lighting", "F0 7F 01 02 01 01 F7"),
        ("GO cue=5 list=2 device=0x70 format=sound", "F0 7F 70 02 10 01 35 00 32 F7"),
    ],
)
def test_golden_vectors_from_the_specification(text: str, golden: str) -> None:
    assert wire(text) == golden


def test_command_and_format_tables_match_the_specification() -> None:
    assert COMMANDS == SPEC_COMMANDS
    assert set(FORMATS.values()) == SPEC_FORMAT_CODES
    assert len(FORMATS) == len(SPEC_FORMAT_CODES)  # one name per code
    assert FORMATS["lighting"] == 0x01
    assert FORMATS["sound"] == 0x10
    assert FORMATS["machinery"] == 0x20
    assert FORMATS["video"] == 0x30
    assert FORMATS["projection"] == 0x40
    assert FORMATS["process_control"] == 0x50
    assert FORMATS["pyro"] == 0x60
    assert FORMATS["all"] == 0x7F


@pytest.mark.parametrize("command", sorted(SPEC_COMMANDS))
def test_every_command_encodes_with_its_command_byte(command: str) -> None:
    payload = parse(f"{command} {MINIMAL.get(command, '')}")
    data = payload.encode()
    assert data[:5] == bytes.fromhex("F0 7F 7F 02 01")
    assert data[5] == SPEC_COMMANDS[command]
    assert data[-1] == 0xF7
    assert all(byte < 0x80 for byte in data[1:-1])  # SysEx data bytes are 7-bit
    assert parse(payload.text()) == payload


@pytest.mark.parametrize(
    ("text", "golden"),
    [
        # TIMED_GO: 04, time (5 bytes), then the cue number fields.
        ("TIMED_GO time=01:02:03:04.05 cue=5", "F0 7F 7F 02 01 04 61 02 03 04 05 35 F7"),
        ("TIMED_GO time=1:2:3:4 cue=5 list=2", "F0 7F 7F 02 01 04 61 02 03 04 00 35 00 32 F7"),
        ("TIMED_GO time=00:00:10:00", "F0 7F 7F 02 01 04 60 00 0A 00 00 F7"),
        # SET: 06, control LSB MSB, value LSB MSB (14-bit each), then an optional time.
        ("SET control=200 value=16383", "F0 7F 7F 02 01 06 48 01 7F 7F F7"),
        ("SET control=0 value=1 time=00:00:00:01",
         "F0 7F 7F 02 01 06 00 00 01 00 60 00 00 01 00 F7"),
        # FIRE: 07, one macro byte.
        ("FIRE macro=127", "F0 7F 7F 02 01 07 7F F7"),
        ("FIRE macro=0", "F0 7F 7F 02 01 07 00 F7"),
        # SET_CLOCK: 18, time, then an optional list.
        ("SET_CLOCK time=10:00:00:00 list=2", "F0 7F 7F 02 01 18 6A 00 00 00 00 32 F7"),
        ("SET_CLOCK time=00:00:00:00", "F0 7F 7F 02 01 18 60 00 00 00 00 F7"),
        # The list and path commands carry their one number.
        ("OPEN_CUE_LIST list=3.5", "F0 7F 7F 02 01 1B 33 2E 35 F7"),
        ("CLOSE_CUE_LIST list=3", "F0 7F 7F 02 01 1C 33 F7"),
        ("OPEN_CUE_PATH path=12", "F0 7F 7F 02 01 1D 31 32 F7"),
        ("CLOSE_CUE_PATH path=12", "F0 7F 7F 02 01 1E 31 32 F7"),
        ("STANDBY_+ list=7", "F0 7F 7F 02 01 11 37 F7"),
        ("ZERO_CLOCK", "F0 7F 7F 02 01 17 F7"),
        # Commands with no data at all.
        ("ALL_OFF", "F0 7F 7F 02 01 08 F7"),
        ("RESTORE format=sound", "F0 7F 7F 02 10 09 F7"),
        ("RESET device=0", "F0 7F 00 02 01 0A F7"),
        # Cue number, list and path: each field only when given.
        ("STOP cue=1", "F0 7F 7F 02 01 02 31 F7"),
        ("LOAD cue=10.5 list=1", "F0 7F 7F 02 01 05 31 30 2E 35 00 31 F7"),
    ],
)  # fmt: skip
def test_field_layout(text: str, golden: str) -> None:
    assert wire(text) == golden


@pytest.mark.parametrize(
    ("fps", "bits"), [("24", 0b00), ("25", 0b01), ("29.97", 0b10), ("30", 0b11)]
)
def test_frame_rate_goes_in_bits_5_and_6_of_the_hour(fps: str, bits: int) -> None:
    data = parse(f"TIMED_GO time=23:59:59:23 fps={fps} cue=1").encode()
    assert data[6] == (bits << 5) | 23
    assert data[7:11] == bytes((59, 59, 23, 0))
    assert data[6] & 0x80 == 0


@pytest.mark.parametrize(("fps", "last_frame"), [("24", 23), ("25", 24), ("29.97", 29), ("30", 29)])
def test_frames_run_up_to_the_frame_rate(fps: str, last_frame: int) -> None:
    assert parse(f"SET_CLOCK time=00:00:00:{last_frame} fps={fps}").encode()[9] == last_frame
    reason = rejected(f"SET_CLOCK time=00:00:00:{last_frame + 1} fps={fps}").reason
    assert reason == f"time '00:00:00:{last_frame + 1}' is out of range at {fps} fps"


@pytest.mark.parametrize("time", ["24:00:00:00", "00:60:00:00", "00:00:60:00", "00:00:00:00.100"])
def test_time_fields_in_range(time: str) -> None:
    assert rejected(f"TIMED_GO time={time}").reason == f"time {time!r} is out of range at 30 fps"


@pytest.mark.parametrize(
    "time", ["1:00:00", "00:00:00:00:00", "aa:00:00:00", "1:2:3:4.", "100:0:0:0"]
)
def test_time_must_be_written_hh_mm_ss_ff(time: str) -> None:
    assert rejected(f"TIMED_GO time={time}").reason == (
        f"time must be HH:MM:SS:FF or HH:MM:SS:FF.ff, got {time!r}"
    )


@pytest.mark.parametrize("fps", ["29", "60", "30.0", ""])
def test_frame_rate_is_one_of_the_four(fps: str) -> None:
    reason = rejected(f"TIMED_GO time=00:00:00:00 fps={fps}").reason
    assert reason == f"fps must be one of 24, 25, 29.97, 30, got {fps!r}"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("STOP macro=1", "STOP does not take macro"),
        ("GO time=00:00:01:00", "GO does not take time"),
        ("ALL_OFF cue=1", "ALL_OFF does not take cue"),
        ("FIRE macro=1 cue=1 list=2", "FIRE does not take cue, list"),
        ("SET control=1 value=2 cue=3", "SET does not take cue"),
        ("GO control=1 value=2", "GO does not take control, value"),
        ("OPEN_CUE_LIST list=1 cue=1", "OPEN_CUE_LIST does not take cue"),
        ("OPEN_CUE_PATH path=1 list=1", "OPEN_CUE_PATH does not take list"),
        ("STANDBY_+ cue=1", "STANDBY_+ does not take cue"),
        ("TIMED_GO cue=1", "TIMED_GO needs time"),
        ("SET_CLOCK list=1", "SET_CLOCK needs time"),
        ("SET control=1", "SET needs value"),
        ("SET", "SET needs control, value"),
        ("FIRE", "FIRE needs macro"),
        ("OPEN_CUE_LIST", "OPEN_CUE_LIST needs list"),
        ("CLOSE_CUE_PATH", "CLOSE_CUE_PATH needs path"),
        ("GO list=1", "a list needs a cue (MSC fields are cue, list, path in order)"),
        ("GO cue=1 path=2", "a path needs a list (MSC fields are cue, list, path in order)"),
    ],
)
def test_fields_must_suit_the_command(text: str, reason: str) -> None:
    assert rejected(text).reason == reason


@pytest.mark.parametrize("number", ["1..2", "1a", ".5", "5.", "-1", "1,5", "\u0663", "1.\u0663"])
@pytest.mark.parametrize("name", ["cue", "list", "path"])
def test_cue_numbers_are_ascii_digits_and_dots(name: str, number: str) -> None:
    fields = {"cue": "cue=1 list=1", "list": "cue=1", "path": "cue=1 list=1"}[name]
    fields = " ".join(part for part in fields.split() if not part.startswith(f"{name}="))
    reason = rejected(f"GO {fields} {name}={number}").reason
    assert reason == f"{name} must be digits with '.' between parts, got {number!r}"


def test_non_ascii_digits_in_a_time_are_refused() -> None:
    assert rejected("TIMED_GO time=\u0660\u0661:00:00:00").reason.startswith("time must be")


def test_a_message_is_at_most_128_bytes() -> None:
    longest = "1" * 121  # 6 header bytes + 121 + F7 = 128
    assert len(parse(f"GO cue={longest}").encode()) == 128
    assert rejected(f"GO cue={longest}1").reason == "an MSC message is at most 128 bytes"
    parts = "1" * 40
    assert rejected(f"GO cue={parts} list={parts} path={parts}").reason == (
        "an MSC message is at most 128 bytes"
    )


@pytest.mark.parametrize(
    ("device", "byte"), [("all", 0x7F), ("ALL", 0x7F), ("0", 0x00), ("1", 0x01), ("0x70", 0x70),
                         ("0x7E", 0x7E), ("111", 0x6F), ("127", 0x7F)],
)  # fmt: skip
def test_device_ids_by_number_or_all(device: str, byte: int) -> None:
    assert parse(f"GO device={device}").encode()[2] == byte


@pytest.mark.parametrize("device", ["128", "-1", "0x80", "one", "", "1.5"])
def test_device_ids_out_of_range_are_refused(device: str) -> None:
    reason = rejected(f"GO device={device}").reason
    assert reason.startswith("device must be a whole number")


@pytest.mark.parametrize(
    ("fmt", "byte"), [("lighting", 0x01), ("Sound", 0x10), ("MOVING_LIGHTS", 0x02),
                      ("video_projectors", 0x43), ("smoke_pots", 0x64), ("all", 0x7F)],
)  # fmt: skip
def test_command_formats_by_name(fmt: str, byte: int) -> None:
    payload = parse(f"GO format={fmt}")
    assert payload.encode()[4] == byte
    assert payload.format == fmt.lower()


@pytest.mark.parametrize("fmt", ["lights", "0x01", "1", ""])
def test_unknown_command_formats_are_refused(fmt: str) -> None:
    assert rejected(f"GO format={fmt}").reason == f"unknown MSC command format {fmt!r}"


@pytest.mark.parametrize(
    ("typed", "command"),
    [
        ("go", "GO"), ("Timed_Go time=0:0:0:0", "TIMED_GO"), ("GO_JAM_CLOCK", "GO/JAM_CLOCK"),
        ("go/jam_clock", "GO/JAM_CLOCK"), ("STANDBY_PLUS", "STANDBY_+"),
        ("standby_minus", "STANDBY_-"), ("SEQUENCE_PLUS", "SEQUENCE_+"),
        ("SEQUENCE_MINUS", "SEQUENCE_-"),
    ],
)  # fmt: skip
def test_command_spellings(typed: str, command: str) -> None:
    assert parse(typed).command == command


@pytest.mark.parametrize("text", ["JUMP", "GO+", "0x01"])
def test_unknown_commands_are_refused(text: str) -> None:
    assert rejected(text).reason == f"unknown MSC command {text!r}"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "an MSC cue needs a command, e.g. GO cue=1 list=1"),
        ("GO 5", "expected key=value, got '5'"),
        ("GO q=5", "unknown option 'q' (known: cue, list, path, device, format, time, fps, "
                   "control, value, macro)"),
        ("GO cue=1 cue=2", "option 'cue' is given twice"),
        ("FIRE macro=128", "macro must be a whole number from 0 to 127, got 128"),
        ("FIRE macro=x", "macro must be a whole number, got 'x'"),
        ("SET control=16384 value=0", "control must be a whole number from 0 to 16383, got 16384"),
        ("SET control=0 value=-1", "value must be a whole number from 0 to 16383, got -1"),
    ],
)  # fmt: skip
def test_other_mistakes(text: str, reason: str) -> None:
    assert rejected(text).reason == reason


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("go", "GO"),
        ("go cue=1 device=1 format=Sound", "GO cue=1 device=1 format=sound"),
        ("go device=all format=lighting fps=30", "GO"),
        ("SET value=5 control=3 time=1:2:3:4 fps=25", "SET time=1:2:3:4 fps=25 control=3 value=5"),
        ("standby_plus list=2", "STANDBY_+ list=2"),
        ("FIRE macro=0", "FIRE macro=0"),
    ],
)
def test_text_is_canonical_and_reads_back(text: str, canonical: str) -> None:
    payload = parse(text)
    assert payload.text() == canonical
    assert parse(canonical) == payload


def test_json_holds_only_what_is_set() -> None:
    payload = parse("SET control=3 value=5 device=2")
    data = payload.to_json()
    assert data == {"command": "SET", "device": 2, "control": 3, "value": 5}
    assert MscCommand.from_json(json.loads(json.dumps(data))) == payload
    assert parse("GO").to_json() == {"command": "GO"}


@pytest.mark.parametrize(
    "data",
    [{"command": 5}, {"command": "GO", "format": 1}, {"command": "GO", "cue": 5},
     {"command": "GO", "fps": 30}, {"command": "GO", "device": "1"}],
)  # fmt: skip
def test_stored_fields_of_the_wrong_kind_are_value_errors(data: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="must be"):
        MscCommand.from_json(data)


def test_the_msc_type_sends_midi_to_a_destination() -> None:
    assert MSC.target == "destination"
    assert MSC.sends == frozenset({"midi"})
    assert MSC.duration == "instant"
