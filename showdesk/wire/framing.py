"""Stream framings for packets over TCP: OSC 1.1 SLIP and OSC 1.0 length prefix.

TCP is a byte stream, so OSC packets over it need a framing. OSC 1.1 uses SLIP (RFC 1055) with
an END byte before and after each packet ("double-END"); OSC 1.0 prefixes each packet with its
size as a big-endian int32. The encoders are pure functions; the decoders keep the state a stream
needs (several packets in one read, one packet split across reads).
"""

from __future__ import annotations

import re
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
    frames; an ESC followed by anything but DC or DD is kept as the byte after it (RFC 1055).
    An END always ends a frame, even after an ESC, so a truncated frame costs only itself.

    The stream is split on END by bytes methods rather than read byte by byte in Python, so a
    peer streaming megabytes costs little time under the GIL. A frame that grows past
    `max_frame` bytes is dropped (counted in `dropped`) and decoding resumes at the next END.
    """

    def __init__(self, max_frame: int = MAX_PACKET) -> None:
        self._frame = bytearray()  # the escaped bytes of the frame being received
        self._skipping = False  # the current frame is too long and is being dropped
        self.max_frame = max_frame
        self.dropped = 0

    def feed(self, data: bytes) -> list[bytes]:
        *done, rest = bytes(data).split(b"\xc0")
        packets = []
        for part in done:
            if self._skipping:
                self._skipping = False
            elif self._frame or part:
                self._frame += part
                if len(self._frame) > self.max_frame:
                    self.dropped += 1
                else:
                    packets.append(_unescape(bytes(self._frame)))
            self._frame.clear()
        if not self._skipping:
            self._frame += rest
            if len(self._frame) > self.max_frame:
                self.dropped += 1
                self._skipping = True
                self._frame.clear()
        return [p for p in packets if p]


def _unescape(frame: bytes) -> bytes:
    if b"\xdb" not in frame:
        return frame
    return _ESCAPED.sub(_unescape_one, frame)


# An ESC and the byte after it (none when the frame ends in an ESC), scanned left to right so
# that an escaped ESC never starts another escape.
_ESCAPED = re.compile(rb"\xdb(.?)", re.DOTALL)
_UNESCAPED = {b"\xdc": b"\xc0", b"\xdd": b"\xdb"}


def _unescape_one(match: re.Match[bytes]) -> bytes:
    after = match.group(1)
    return _UNESCAPED.get(after, after)


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
