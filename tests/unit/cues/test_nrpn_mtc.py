"""NRPN runs and MIDI Time Code against the published vectors (protocols.md, A&H, MTC spec)."""

from __future__ import annotations

import mido
import pytest

from cues.mtc import full_frame, parse_time, quarter_frames
from cues.nrpn import nrpn14, nrpn_bytes, nrpn_messages


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # A&H dLive input fader (protocols.md): BN 63 <ch> BN 62 17 BN 06 <level>
        ((0, 0x00, 0x17, 0x6B, None), "B0 63 00 B0 62 17 B0 06 6B"),
        ((11, 0x05, 0x17, 0x7F, None), "BB 63 05 BB 62 17 BB 06 7F"),
        # A&H SQ MIDI Protocol, "Mutes" examples: Ip1 mute on ch 1; mute group 4 mute on ch 7
        ((0, 0x00, 0x00, 0x00, 0x01), "B0 63 00 B0 62 00 B0 06 00 B0 26 01"),
        ((6, 0x10, 0x03, 0x00, 0x01), "B6 63 10 B6 62 03 B6 06 00 B6 26 01"),
    ],
)
def test_nrpn_runs_match_the_vendors_bytes(args: tuple[int, ...], expected: str) -> None:
    channel, msb, lsb, value, fine = args
    data = nrpn_bytes(channel, msb, lsb, value, fine)
    assert data == bytes.fromhex(expected)
    # The mido text form the midi cue stores sends the same bytes.
    sent = b"".join(bytes(mido.Message.from_str(m).bytes()) for m in nrpn_messages(*args))
    assert sent == data


def test_nrpn_never_uses_running_status() -> None:
    data = nrpn_bytes(3, 1, 2, 3, 4)
    assert [data[i] for i in range(0, len(data), 3)] == [0xB3] * 4
    assert len(data) == 12


def test_nrpn14_splits_parameter_and_value_msb_first() -> None:
    assert nrpn14(6, (0x10 << 7) | 0x03, 0x0001) == bytes.fromhex(
        "B6 63 10 B6 62 03 B6 06 00 B6 26 01"
    )
    assert nrpn14(0, 0x3FFF, 0x2000) == bytes.fromhex("B0 63 7F B0 62 7F B0 06 40 B0 26 00")


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda: nrpn_bytes(16, 0, 0, 0), "channel"),
        (lambda: nrpn_messages(0, 128, 0, 0), "parameter MSB"),
        (lambda: nrpn_messages(0, 0, 0, 0, 200), "value LSB"),
        (lambda: nrpn14(0, 0x4000, 0), "parameter"),
        (lambda: nrpn14(0, 0, -1), "value"),
    ],
)
def test_nrpn_out_of_range_names_the_field(call: object, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        call()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("time", "fps", "expected"),
    [
        ("01:30:35:20", "30", "F0 7F 7F 01 01 61 1E 23 14 F7"),  # protocols.md
        ("10:00:00:00", "25", "F0 7F 7F 01 01 2A 00 00 00 F7"),
        ("23:59:59:23", "24", "F0 7F 7F 01 01 17 3B 3B 17 F7"),
        ("00:10:00:00", "29.97", "F0 7F 7F 01 01 40 0A 00 00 F7"),
        ("00:01:00:02", "29.97", "F0 7F 7F 01 01 40 01 00 02 F7"),
        ("00:00:00;29", "29.97", "F0 7F 7F 01 01 40 00 00 1D F7"),
    ],
)
def test_mtc_full_frame(time: str, fps: str, expected: str) -> None:
    assert full_frame(time, fps) == bytes.fromhex(expected)


def test_mtc_full_frame_to_one_device() -> None:
    assert full_frame("00:00:01:00", "25", device=5) == bytes.fromhex(
        "F0 7F 05 01 01 20 00 01 00 F7"
    )


def test_mtc_quarter_frames_spell_the_time_low_nibble_first() -> None:
    # 01:30:35:20 at 30 fps: frames 0x14, seconds 0x23, minutes 0x1E, hour byte 0x61
    assert quarter_frames("01:30:35:20", "30") == bytes.fromhex(
        "F1 04 F1 11 F1 23 F1 32 F1 4E F1 51 F1 61 F1 76"
    )


@pytest.mark.parametrize(
    ("time", "fps", "reason"),
    [
        ("24:00:00:00", "30", "out of range"),
        ("00:00:00:25", "25", "out of range"),
        ("00:00:00:30", "30", "out of range"),
        ("00:01:00:00", "29.97", "drop-frame"),
        ("1:2:3", "30", "HH:MM:SS:FF"),
        ("00:00:00:00", "23.976", "fps"),
    ],
)
def test_mtc_refuses_times_that_do_not_exist(time: str, fps: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_time(time, fps)
