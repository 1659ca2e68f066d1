"""TCP framings (OSC 1.1 SLIP, OSC 1.0 length prefix) and MIDI byte splitting: golden bytes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from showdesk.wire.framing import (
    FramingError,
    LengthDecoder,
    SlipDecoder,
    decoder,
    encoder,
    length_encode,
    slip_encode,
)
from showdesk.wire.midistream import MidiBytesError, split_messages
from showdesk.wire.osc import encode_message

H = bytes.fromhex
F_MINUS_2 = encode_message("/f", [("f", -2.0)])  # its float holds a C0 byte
EOS_PING = encode_message("/eos/ping")


def test_slip_frame_of_a_packet_holding_an_end_byte_is_the_published_vector() -> None:
    assert slip_encode(F_MINUS_2) == H("c0 2f 66 00 00 2c 66 00 00 db dc 00 00 00 c0")


def test_slip_escapes_esc_before_end_and_frames_an_empty_packet() -> None:
    assert slip_encode(H("db c0 01")) == H("c0 db dd db dc 01 c0")
    assert slip_encode(b"") == H("c0 c0")


def test_length_frame_of_eos_ping_is_etcs_published_vector() -> None:
    assert length_encode(EOS_PING) == H(
        "00 00 00 10 2f 65 6f 73 2f 70 69 6e 67 00 00 00 2c 00 00 00"
    )


def test_encoder_by_framing_name() -> None:
    assert encoder("slip")(b"\xc0") == H("c0 db dc c0")
    assert encoder("length")(b"ab") == H("00000002 6162")
    assert encoder("")(b"\x90\x3c\x64") == H("90 3c 64")


def test_slip_decoder_reads_several_packets_in_one_read() -> None:
    stream = slip_encode(F_MINUS_2) + slip_encode(EOS_PING) + slip_encode(b"x")
    assert SlipDecoder().feed(stream) == [F_MINUS_2, EOS_PING, b"x"]


def test_slip_decoder_joins_a_packet_split_across_reads_even_inside_an_escape() -> None:
    stream = slip_encode(F_MINUS_2)
    cut = stream.index(0xDB) + 1  # between DB and DC
    dec = SlipDecoder()
    assert dec.feed(stream[:cut]) == []
    assert dec.feed(stream[cut:]) == [F_MINUS_2]


def test_slip_decoder_accepts_single_end_framing_and_skips_empty_frames() -> None:
    assert SlipDecoder().feed(H("c0 c0 c0 61 c0 62 c0 c0")) == [b"a", b"b"]
    assert SlipDecoder().feed(H("61 c0 62 c0")) == [b"a", b"b"]


def test_length_decoder_reads_several_packets_and_split_ones_byte_by_byte() -> None:
    stream = length_encode(EOS_PING) + length_encode(F_MINUS_2)
    assert LengthDecoder().feed(stream) == [EOS_PING, F_MINUS_2]
    dec = LengthDecoder()
    got = [p for i in range(len(stream)) for p in dec.feed(stream[i : i + 1])]
    assert got == [EOS_PING, F_MINUS_2]


def test_length_decoder_refuses_a_stream_that_is_not_length_framed() -> None:
    with pytest.raises(FramingError, match="not a length-framed stream"):
        LengthDecoder().feed(slip_encode(EOS_PING) + b"\0" * 8)


def test_decoder_by_name_refuses_an_unknown_framing() -> None:
    assert isinstance(decoder("slip"), SlipDecoder)
    assert isinstance(decoder("length"), LengthDecoder)
    with pytest.raises(ValueError, match="framing must be slip or length"):
        decoder("cobs")


@given(st.lists(st.binary(min_size=1, max_size=64), max_size=8), st.integers(1, 7))
def test_framings_round_trip_in_any_read_sizes(packets: list[bytes], step: int) -> None:
    for framing in ("slip", "length"):
        stream = b"".join(encoder(framing)(p) for p in packets)
        dec = decoder(framing)
        got = [p for i in range(0, len(stream), step) for p in dec.feed(stream[i : i + step])]
        assert got == packets


MSC_GO = H("F0 7F 7F 02 01 01 32 33 35 2E 36 00 33 36 2E 36 00 35 39 F7")


def test_split_midi_channel_messages_and_a_sysex_back_to_back() -> None:
    data = H("C0 04") + MSC_GO + H("90 3C 64") + H("B0 63 01 B0 62 17 B0 06 40")
    assert split_messages(data) == [
        H("C0 04"),
        MSC_GO,
        H("90 3C 64"),
        H("B0 63 01"),
        H("B0 62 17"),
        H("B0 06 40"),
    ]


def test_split_midi_expands_running_status_and_passes_real_time_bytes() -> None:
    assert split_messages(H("B0 63 01 62 17 F8 06 40")) == [
        H("B0 63 01"),
        H("B0 62 17"),
        H("F8"),
        H("B0 06 40"),
    ]
    assert split_messages(H("F0 7F 01 FE 02 F7")) == [H("FE"), H("F0 7F 01 02 F7")]
    assert split_messages(H("F1 61 F2 10 20 F6")) == [H("F1 61"), H("F2 10 20"), H("F6")]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ("3C 64", "data with no status"),
        ("90 3C", "cut short"),
        ("90 3C 90 3C 64", "cut short"),
        ("F0 7F 01", "no F7"),
        ("F0 7F 90 F7", "cut off by 90"),
        ("F7", "not a status"),
        ("F0 01 F7 40", "data with no status"),
    ],
)
def test_split_midi_names_what_is_wrong(data: str, problem: str) -> None:
    with pytest.raises(MidiBytesError, match=problem):
        split_messages(H(data))
