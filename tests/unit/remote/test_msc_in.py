"""MSC in (showdesk/remote/msc.py): the published vectors read back, each command's engine
command, extra 00s, the device filter, and what is refused."""

from __future__ import annotations

import mido
import pytest

from cues.msc import MscCommand
from showdesk.remote.msc import MscError, MscIn, answers, decode_msc, device_ids, is_msc

H = bytes.fromhex


def test_the_published_vectors_read_back() -> None:  # shared/brief/protocols.md (MSC 1.1)
    go = decode_msc(H("F0 7F 7F 02 01 01 32 33 35 2E 36 00 33 36 2E 36 00 35 39 F7"))
    assert go == MscIn(0x7F, 0x01, "GO", "235.6", "36.6", "59")
    assert go.command_line() == "go 235.6"
    assert go.text() == "MSC GO cue 235.6 list 36.6 path 59 (lighting, device 127)"
    assert decode_msc(H("F0 7F 01 02 01 01 F7")).command_line() == "go"
    group = decode_msc(H("F0 7F 70 02 10 01 35 00 32 F7"))
    assert (group.device, group.format, group.cue, group.list) == (0x70, 0x10, "5", "2")


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("GO", "go"),
        ("GO cue=12.5 list=1", "go 12.5"),
        ("STOP", "pause"),  # MSC's STOP halts a cue that RESUME continues
        ("STOP cue=3", "pause 3"),
        ("RESUME", "resume"),
        ("RESUME cue=3", "resume 3"),
        ("GO_OFF cue=3", "stop 3"),
        ("GO_OFF", "stop"),
        ("LOAD cue=7", "standby 7"),
        ("ALL_OFF", "panic"),
        ("RESET", "reset"),
    ],
)
def test_each_command_showdesk_takes(text: str, command: str) -> None:
    # The bytes come from the project's own MSC encoder (cue type msc), checked against the
    # published vectors in tests/unit/cues; mido agrees that they are one SysEx message.
    data = MscCommand.parse(text).encode()
    assert mido.Message.from_bytes(list(data)).type == "sysex"
    assert is_msc(data)
    assert decode_msc(data).command_line() == command


def test_extra_zeros_between_fields_are_accepted() -> None:
    msc = decode_msc(H("F0 7F 7F 02 10 01 00 35 00 00 32 00 F7"))
    assert (msc.cue, msc.list) == ("5", "2")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (MscCommand.parse("TIMED_GO time=00:00:01:00").encode(), "does not take MSC TIMED_GO"),
        (MscCommand.parse("FIRE macro=3").encode(), "does not take MSC FIRE"),
        (MscCommand.parse("LOAD").encode(), "LOAD needs a cue number"),
        (H("F0 7F 7F 02 01 0A 35 F7"), "RESET takes no cue"),
    ],
)
def test_commands_showdesk_does_not_take_are_refused_with_a_reason(data: bytes, says: str) -> None:
    with pytest.raises(MscError, match=says):
        decode_msc(data).command_line()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (H("F0 7F 7F 02 01 01"), "cut short"),
        (H("F0 7F 7F 02 01 55 F7"), "unknown MSC command 55"),
        (H("F0 7F 7F 02 01 01 41 42 F7"), "is not a cue number"),
    ],
)
def test_broken_messages_are_errors(data: bytes, says: str) -> None:
    with pytest.raises(MscError, match=says):
        decode_msc(data)


def test_only_msc_is_msc() -> None:
    assert not is_msc(H("F0 7E 7F 06 01 F7"))  # a universal non-real-time SysEx
    assert not is_msc(H("F0 7F 7F 01 01 61 1E 23 14 F7"))  # MIDI time code, full frame
    assert not is_msc(H("90 3C 64"))


def test_the_device_filter_answers_its_ids_and_all_call() -> None:
    assert device_ids("any") is None
    ids = device_ids("1,112")
    assert answers(0x7F, ids)
    assert answers(1, ids)
    assert answers(0x70, ids)  # group 1
    assert not answers(2, ids)
    assert answers(2, None)
