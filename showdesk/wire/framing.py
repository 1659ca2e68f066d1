"""Stream framings for packets over TCP: OSC 1.1 SLIP and OSC 1.0 length prefix.

TCP is a byte stream, so OSC packets over it need a framing. OSC 1.1 uses SLIP (RFC 1055) with
an END byte before and after each packet ("double-END"); OSC 1.0 prefixes each packet with its
size as a big-endian int32. The encoders are pure functions; the decoders keep the state a stream
needs (several packets in one read, one packet split across reads).
"""

from __future__ import annotations

import struct
from collections.abc import Callable

END = 0xC0
ESC = 0xDB
ESC_END = 0xDC
ESC_ESC = 0xDD
MAX_PACKET = 1 << 20  # a length prefix above this is taken as a broken stream, not a packet

_ESCAPE = {END: bytes((ESC, ESC_END)), ESC: bytes((ESC, ESC_ESC))}


class FramingError(ValueError):
    """The stream cannot be decoded any further (a peer that does not speak this framing)."""


def slip_encode(packet: bytes) -> bytes:
    """`C0 <packet, C0 -> DB DC, DB -> DB DD> C0` (OSC 1.1 double-END SLIP)."""
    body = packet.replace(b"\xdb", b"\xdb\xdd").replace(b"\xc0", b"\xdb\xdc")
    return b"\xc0" + body + b"\xc0"


def length_encode(packet: bytes) -> bytes:
    """The packet preceded by its size as a big-endian int32 (OSC 1.0 over TCP)."""
    return struct.pack(">i", len(packet)) + packet


def encoder(framing: str) -> Callable[[bytes], bytes]:
    """The encoder for a patch URL's framing: `slip`, `length`, or `` (raw bytes, as MIDI)."""
    encoders: dict[str, Callable[[bytes], bytes]] = {
        "slip": slip_encode,
        "length": length_encode,
        "": bytes,
    }
    return encoders[framing]


class SlipDecoder:
    """Packets from a SLIP stream. Accepts double- and single-END framing and skips empty
    frames; an ESC followed by anything but DC or DD is kept as the byte after it (RFC 1055)."""

    def __init__(self) -> None:
        self._frame = bytearray()
        self._escaped = False

    def feed(self, data: bytes) -> list[bytes]:
        packets = []
        frame = self._frame
        for byte in data:
            if self._escaped:
                self._escaped = False
                frame.append(END if byte == ESC_END else ESC if byte == ESC_ESC else byte)
            elif byte == END:
                if frame:
                    packets.append(bytes(frame))
                    frame.clear()
            elif byte == ESC:
                self._escaped = True
            else:
                frame.append(byte)
        return packets


class LengthDecoder:
    """Packets from an int32-length-prefixed stream."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        buffer = self._buffer
        buffer += data
        packets = []
        while len(buffer) >= 4:
            (size,) = struct.unpack_from(">i", buffer)
            if not 0 <= size <= MAX_PACKET:
                raise FramingError(f"a packet size of {size} bytes: not a length-framed stream")
            if len(buffer) < 4 + size:
                break
            packets.append(bytes(buffer[4 : 4 + size]))
            del buffer[: 4 + size]
        return packets


def decoder(framing: str) -> SlipDecoder | LengthDecoder:
    if framing == "slip":
        return SlipDecoder()
    if framing == "length":
        return LengthDecoder()
    raise ValueError(f"framing must be slip or length, not {framing!r}")
