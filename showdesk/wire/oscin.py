"""OSC packets in: messages and bundles from bytes that anyone on the network may have sent.

python-osc's parser mis-reads `S` and `c` and raises whatever the bytes provoke, so remote
control reads packets here: every type tag of OSC 1.0/1.1 (`i f s S b h t d c r m T F N I`,
arrays `[ ]` flattened), bundles nested at most `MAX_DEPTH` deep with at most `MAX_MESSAGES`
messages in all (their timetags are not honoured: everything happens on arrival). Anything else
is an `OscDecodeError` with a sentence; nothing here raises another exception for any input.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

MAX_DEPTH = 8
MAX_MESSAGES = 64
BUNDLE = b"#bundle\0"
_INT = struct.Struct(">i")
_FIXED = {"i": ">i", "f": ">f", "h": ">q", "t": ">Q", "d": ">d", "r": ">I"}
_STRUCTS = {tag: struct.Struct(fmt) for tag, fmt in _FIXED.items()}
_CONSTANTS: dict[str, object] = {"T": True, "F": False, "N": None, "I": float("inf")}

Arg = int | float | str | bytes | bool | None


class OscDecodeError(ValueError):
    """Bytes that are not an OSC packet (the sentence says where it went wrong)."""


@dataclass(frozen=True)
class OscIn:
    """One received message: its address and its arguments as Python values."""

    address: str
    args: tuple[Arg, ...] = ()


def decode_packet(data: bytes) -> list[OscIn]:
    """The messages in one packet (a message, or a bundle of them, in order)."""
    out: list[OscIn] = []
    _packet(bytes(data), 0, len(data), 0, out)
    return out


def _packet(data: bytes, start: int, end: int, depth: int, out: list[OscIn]) -> None:
    if start >= end:
        raise OscDecodeError("an empty packet")
    if data.startswith(BUNDLE, start):
        _bundle(data, start, end, depth, out)
    elif data[start] == 0x2F:  # '/'
        if len(out) >= MAX_MESSAGES:
            raise OscDecodeError(f"more than {MAX_MESSAGES} messages in one packet")
        out.append(_message(data, start, end))
    else:
        raise OscDecodeError("neither a message (starting with '/') nor a bundle")


def _bundle(data: bytes, start: int, end: int, depth: int, out: list[OscIn]) -> None:
    if depth >= MAX_DEPTH:
        raise OscDecodeError(f"bundles nested more than {MAX_DEPTH} deep")
    if end - start < 16:
        raise OscDecodeError("a bundle shorter than its header")
    offset = start + 16  # '#bundle\0' and the timetag
    while offset < end:
        if offset + 4 > end:
            raise OscDecodeError("a bundle element's size is cut off")
        (size,) = _INT.unpack_from(data, offset)
        offset += 4
        if size <= 0 or size % 4 or offset + size > end:
            raise OscDecodeError(f"a bundle element of {size} bytes does not fit the bundle")
        _packet(data, offset, offset + size, depth + 1, out)
        offset += size


def _message(data: bytes, start: int, end: int) -> OscIn:
    address, offset = _string(data, start, end, "the address")
    if offset >= end:
        return OscIn(address)  # OSC 1.0 allows a message with no type tag string
    tags, offset = _string(data, offset, end, "the type tags")
    if not tags.startswith(","):
        raise OscDecodeError(f"type tags must start with ',', got {tags[:20]!r}")
    args: list[Arg] = []
    for tag in tags[1:]:
        if tag in _STRUCTS:
            unpacker = _STRUCTS[tag]
            if offset + unpacker.size > end:
                raise OscDecodeError(f"argument {tag!r} is cut off")
            (value,) = unpacker.unpack_from(data, offset)
            args.append(value)
            offset += unpacker.size
        elif tag in "sS":
            text, offset = _string(data, offset, end, "a string argument")
            args.append(text)
        elif tag == "b":
            if offset + 4 > end:
                raise OscDecodeError("a blob's size is cut off")
            (size,) = _INT.unpack_from(data, offset)
            stop = offset + 4 + size
            if size < 0 or stop > end:
                raise OscDecodeError(f"a blob of {size} bytes does not fit the message")
            args.append(data[offset + 4 : stop])
            offset = stop + (-size % 4)
        elif tag == "c":
            if offset + 4 > end:
                raise OscDecodeError("a char argument is cut off")
            (code,) = _INT.unpack_from(data, offset)
            if not 0 <= code <= 0x10FFFF:
                raise OscDecodeError(f"a char argument of {code} is not a character")
            args.append(chr(code))
            offset += 4
        elif tag == "m":
            if offset + 4 > end:
                raise OscDecodeError("a MIDI argument is cut off")
            args.append(data[offset : offset + 4])
            offset += 4
        elif tag in _CONSTANTS:
            args.append(_CONSTANTS[tag])  # type: ignore[arg-type]
        elif tag not in "[]":  # arrays are read flat
            raise OscDecodeError(f"unknown type tag {tag!r}")
    if offset > end:
        raise OscDecodeError("the arguments run past the end of the message")
    return OscIn(address, tuple(args))


def _string(data: bytes, offset: int, end: int, what: str) -> tuple[str, int]:
    """A NUL-terminated, 4-byte padded string and the offset after it."""
    stop = data.find(b"\0", offset, end)
    if stop < 0:
        raise OscDecodeError(f"{what} has no NUL at its end")
    try:
        text = data[offset:stop].decode("utf-8")
    except UnicodeDecodeError:
        raise OscDecodeError(f"{what} is not UTF-8 text") from None
    return text, stop + 4 - (stop - offset) % 4
