"""OSC 1.0/1.1 packets, encoded once when a show loads, sent as bytes on GO.

python-osc builds messages with explicit type tags for the tags it knows; it cannot build `S`,
`c` or `I`, so those messages go through the small encoder here. Both paths are tested against
the same golden bytes (docs: ../shared/brief/protocols.md).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

from pythonosc.osc_message_builder import OscMessageBuilder

from cues.osc import OscArg

PYTHON_OSC_TAGS = frozenset("ifdhsTFN")
_FORMATS = {"i": ">i", "h": ">q", "f": ">f", "d": ">d"}


def pad(data: bytes) -> bytes:
    """NUL-terminated and padded to a multiple of 4 (at least one NUL), as OSC strings are."""
    return data + b"\0" * (4 - len(data) % 4)


# Bytes each fixed-size argument takes (T, F, N and I take none; strings vary).
_SIZES = {"i": 4, "f": 4, "c": 4, "h": 8, "d": 8}


def message_size(address: str, args: Sequence[OscArg] = ()) -> int:
    """`len(encode_message(address, args))`, counted without encoding: a window that opens a long
    show learns which cues are too large for a datagram without building 5,000 packets."""
    size = _padded(len(address.encode())) + _padded(1 + len(args))
    for tag, value in args:
        fixed = _SIZES.get(tag)
        if fixed is not None:
            size += fixed
        elif tag in "sS":
            size += _padded(len(str(value).encode()))
    return size


def _padded(length: int) -> int:
    """The length of a string of `length` bytes once NUL-terminated and padded (see pad)."""
    return length + 4 - length % 4


def encode_message(address: str, args: Sequence[OscArg] = ()) -> bytes:
    """One OSC message as a datagram, each argument with its own stored type tag."""
    if all(tag in PYTHON_OSC_TAGS for tag, _ in args):
        builder = OscMessageBuilder(address=address)
        for tag, value in args:
            builder.add_arg(value, tag)
        return bytes(builder.build().dgram)
    return encode_own(address, args)


def encode_own(address: str, args: Sequence[OscArg] = ()) -> bytes:
    """Every tag showdesk stores, without python-osc."""
    tags = "," + "".join(tag for tag, _ in args)
    body = bytearray(pad(address.encode()) + pad(tags.encode()))
    for tag, value in args:
        body += encode_value(tag, value)
    return bytes(body)


def encode_value(tag: str, value: object) -> bytes:
    if tag in _FORMATS:
        return struct.pack(_FORMATS[tag], value)
    if tag in "sS":
        return pad(str(value).encode())
    if tag == "c":
        return struct.pack(">i", ord(str(value)))
    if tag in "TFNI":
        return b""
    raise ValueError(f"cannot encode OSC type tag {tag!r}")


def encode_bundle(packets: Sequence[bytes], timetag: int = 1) -> bytes:
    """A bundle of packets; timetag 1 means "immediately"."""
    body = bytearray(b"#bundle\0" + struct.pack(">Q", timetag))
    for packet in packets:
        body += struct.pack(">i", len(packet)) + packet
    return bytes(body)


class ValueTemplate:
    """A message with one numeric argument, for fades: the prefix is encoded once per cue."""

    def __init__(self, address: str, tag: str) -> None:
        self.prefix = pad(address.encode()) + pad(f",{tag}".encode())
        self.tag = tag
        self.format = struct.Struct(_FORMATS[tag])

    def encode(self, value: float) -> bytes:
        number = round(value) if self.tag in "ih" else value
        return self.prefix + self.format.pack(number)
