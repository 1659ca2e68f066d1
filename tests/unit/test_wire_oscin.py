"""OSC packets in (showdesk/wire/oscin.py): the published vectors, liblo's bytes, and whatever
bytes the network brings, which may only ever be an OscDecodeError."""

from __future__ import annotations

import contextlib
import shutil
import struct
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from showdesk.wire.framing import SlipDecoder, slip_encode
from showdesk.wire.osc import encode_bundle, encode_own
from showdesk.wire.oscin import (
    MAX_DEPTH,
    MAX_MESSAGES,
    OscDecodeError,
    OscIn,
    decode_packet,
)

H = bytes.fromhex


def test_the_published_vectors_read_back() -> None:  # shared/brief/protocols.md
    assert decode_packet(H("2f676f00 2c000000")) == [OscIn("/go")]
    assert decode_packet(H("2f656f73 2f636d64 00000000 2c730000 4368616e 20312041 74203530"
                           " 23000000")) == [OscIn("/eos/cmd", ("Chan 1 At 50#",))]  # fmt: skip
    assert decode_packet(H("2f63682f 30312f6d 69782f66 61646572 00000000 2c660000 3f400000")) == [
        OscIn("/ch/01/mix/fader", (0.75,))
    ]
    bundle = H("2362756e 646c6500 00000000 00000001 00000008 2f676f00 2c000000")
    assert decode_packet(bundle) == [OscIn("/go")]


def oscsend_bytes(*words: str) -> bytes:
    if shutil.which("oscsend") is None:
        pytest.fail("oscsend missing (liblo-tools; packaging/debian-packages.sh)")
    return subprocess.run(["oscsend", "-", *words], capture_output=True, check=True).stdout


def test_every_type_liblo_writes_reads_back() -> None:
    data = oscsend_bytes("/a/b", "sSchdTFNIm", "hello", "sym", "x", "123", "0.25", "01020304")
    assert decode_packet(data) == [
        OscIn(
            "/a/b", ("hello", "sym", "x", 123, 0.25, True, False, None, float("inf"), H("01020304"))
        )
    ]
    assert decode_packet(oscsend_bytes("/cue/12.5/start")) == [OscIn("/cue/12.5/start")]
    assert decode_packet(oscsend_bytes("/connect", "s", "")) == [OscIn("/connect", ("",))]


def test_a_message_with_no_type_tags_is_a_message_without_arguments() -> None:
    assert decode_packet(b"/go\0") == [OscIn("/go")]  # OSC 1.0 senders may leave them out


def test_blobs_arrays_and_timetags_read() -> None:
    blob = b"/b\0\0,b[i]t\0\0" + struct.pack(">i", 5) + b"abcde\0\0\0"
    blob += struct.pack(">i", 9) + struct.pack(">Q", 1)
    assert decode_packet(blob) == [OscIn("/b", (b"abcde", 9, 1))]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "an empty packet"),
        (b"go\0\0", "neither a message"),
        (b"/go", "no NUL"),
        (b"/go\0,i\0\0\0\0", "cut off"),
        (b"/go\0,q\0\0", "unknown type tag"),
        (b"/go\0i\0\0\0", "must start with ','"),
        (b"/\xff\0\0", "not UTF-8"),
        (b"/b\0\0,b\0\0\x7f\xff\xff\xff", "does not fit"),
        (b"#bundle\0\0\0\0\0\0\0\0\x01\x00\x00\x00\x09/go\0", "does not fit"),
    ],
)
def test_broken_packets_are_refused_with_a_reason(data: bytes, says: str) -> None:
    with pytest.raises(OscDecodeError, match=says):
        decode_packet(data)


def nested(depth: int) -> bytes:
    packet = encode_own("/go")
    for _ in range(depth):
        packet = encode_bundle([packet])
    return packet


def test_bundles_nest_only_so_deep_and_hold_only_so_many_messages() -> None:
    assert decode_packet(nested(MAX_DEPTH)) == [OscIn("/go")]
    with pytest.raises(OscDecodeError, match="nested more than"):
        decode_packet(nested(MAX_DEPTH + 1))
    assert len(decode_packet(encode_bundle([encode_own("/go")] * MAX_MESSAGES))) == MAX_MESSAGES
    with pytest.raises(OscDecodeError, match="more than"):
        decode_packet(encode_bundle([encode_own("/go")] * (MAX_MESSAGES + 1)))


ARGS = st.lists(
    st.one_of(
        st.tuples(st.just("i"), st.integers(-(2**31), 2**31 - 1)),
        st.tuples(st.just("h"), st.integers(-(2**63), 2**63 - 1)),
        st.tuples(st.just("d"), st.floats(allow_nan=False)),
        st.tuples(st.sampled_from("sS"), st.text(st.characters(blacklist_characters="\0"))),
        st.tuples(st.just("c"), st.characters(blacklist_characters="\0")),
        st.tuples(st.sampled_from("TFN"), st.none()),
    ),
    max_size=8,
)


@given(ARGS)
def test_what_showdesk_encodes_reads_back(args: list[tuple[str, object]]) -> None:
    packet = encode_own("/x/y", args)  # type: ignore[arg-type]
    constants = {"T": True, "F": False, "N": None}
    expected = tuple(constants.get(t, v) for t, v in args)
    assert decode_packet(packet) == [OscIn("/x/y", expected)]


@given(st.binary(max_size=300))
def test_any_bytes_are_a_packet_or_a_decode_error(data: bytes) -> None:
    with contextlib.suppress(OscDecodeError):
        decode_packet(data)


@given(st.binary(max_size=200), st.integers(0, 40))
def test_a_valid_packet_cut_short_or_with_garbage_is_a_decode_error(tail: bytes, cut: int) -> None:
    packet = encode_own("/cue/1/start", [("s", "abc"), ("i", 5)])
    for data in (packet[: len(packet) - cut - 1], packet + tail, tail + packet):
        with contextlib.suppress(OscDecodeError):
            decode_packet(data)


@given(st.lists(st.binary(min_size=1, max_size=40), max_size=10), st.integers(1, 50))
def test_slip_frames_come_out_whole_however_the_stream_is_cut(
    packets: list[bytes], step: int
) -> None:
    stream = b"".join(slip_encode(p) for p in packets)
    decoder = SlipDecoder()
    got = [p for i in range(0, len(stream), step) for p in decoder.feed(stream[i : i + step])]
    assert got == packets


def test_slip_decoder_drops_a_frame_over_its_limit_and_reads_on() -> None:
    decoder = SlipDecoder(max_frame=8)
    assert decoder.feed(b"\xc0" + b"x" * 5) == []
    assert decoder.feed(b"y" * 5) == []  # now over 8: dropped
    assert decoder.feed(b"z" * 100 + b"\xc0ok\xc0") == [b"ok"]
    assert decoder.dropped == 1


def test_an_end_after_an_escape_still_ends_the_frame() -> None:
    # A frame cut short inside an escape costs only itself: the next frame reads whole.
    assert SlipDecoder().feed(H("c0 61 db c0 62 c0")) == [b"a", b"b"]
    # An escaped ESC does not begin another escape.
    assert SlipDecoder().feed(H("c0 db db dc c0")) == [H("db dc")]
