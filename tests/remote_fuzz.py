"""Packets for fuzzing remote control: what a broken or hostile client could send.

`packets(rng, n)` makes `n` of them, mixed: QLab-dictionary messages with arguments of every
type, huge strings, deep bundles, valid packets cut short or followed by junk, and plain random
bytes. `stream(rng, packets)` frames them for TCP, with frames cut short (some just after an
escape byte), stray escapes and frames over the server's limit; `extremes()` are the largest and
deepest packets a UDP datagram can carry. Used by tests/integration/test_remote_fuzz.py,
tests/e2e/test_remote_fuzz_engine.py and bench/remote.py.
"""

from __future__ import annotations

import random
import socket
import struct

from showdesk.wire.framing import ESC, slip_encode
from showdesk.wire.osc import encode_bundle, encode_own

ADDRESSES = [
    "/go", "/stop", "/pause", "/resume", "/panic", "/reset", "/hardStop", "/playhead/next",
    "/playhead/previous", "/playhead/{n}", "/cue/{n}/start", "/cue/{n}/stop", "/cue/{n}/load",
    "/cue/{n}/preview", "/cue/{n}/valuesForKeys", "/cue/selected/start", "/cue/playhead/name",
    "/cue_id/{n}/start", "/cue/active/valuesForKeys", "/workspace/{n}/go", "/workspaces",
    "/version", "/connect", "/updates", "/alwaysReply", "/udpReplyPort", "/cueLists",
    "/showdesk/note", "/showdesk/mark", "/showdesk/hold", "/showdesk/standby", "/thump",
    "/{n}", "/{n}/{n}/{n}", "/cue//start", "/", "/cue/{n}",
]  # fmt: skip
TAGS = "ifsSdhcTFNIb"
UDP_LIMIT = 65507  # the largest UDP payload over IPv4


def _word(rng: random.Random) -> str:
    return rng.choice(["1", "2", "99", "1.5", "", "x" * rng.randint(1, 300), "selected",
                       "playhead", "ü/ß", '["number","name"]', "-1"])  # fmt: skip


def _arg(rng: random.Random) -> tuple[str, object]:
    tag = rng.choice(TAGS)
    if tag == "i":
        return tag, rng.randint(-(2**31), 2**31 - 1)
    if tag == "h":
        return tag, rng.randint(-(2**63), 2**63 - 1)
    if tag in "fd":
        return tag, rng.choice([0.0, 1.0, -1e30, 1e-30, float("inf")])
    if tag in "sS":
        size = rng.choice([0, 1, 10, 1000, 60000]) if rng.random() < 0.05 else rng.randint(0, 40)
        return tag, "".join(rng.choices('aZ0 /ß"{}[],', k=size))
    if tag == "c":
        return tag, rng.choice("a€\u3042")
    if tag == "b":
        return tag, rng.randbytes(rng.randint(0, 20))
    return tag, None


def message(rng: random.Random) -> bytes:
    address = rng.choice(ADDRESSES)
    while "{n}" in address:
        address = address.replace("{n}", _word(rng), 1)
    args = [_arg(rng) for _ in range(rng.choice([0, 0, 1, 1, 2, 5]))]
    # encode_own writes no blobs: their bytes follow the other arguments, tagged or not.
    body = bytearray(encode_own(address, [a for a in args if a[0] != "b"]))  # type: ignore[misc]
    for tag, value in args:
        if tag == "b":
            assert isinstance(value, bytes)
            body += struct.pack(">i", len(value)) + value + b"\0" * (-len(value) % 4)
    return bytes(body)


def packet(rng: random.Random) -> bytes:
    kind = rng.random()
    if kind < 0.45:
        return message(rng)
    if kind < 0.6:
        inner = message(rng)
        for _ in range(rng.randint(1, 20)):  # deeper than the decoder takes, sometimes
            inner = encode_bundle([inner] * (1 if len(inner) > 20000 else rng.randint(1, 3)))
        return inner[:60000]
    if kind < 0.75:
        data = message(rng)
        return data[: rng.randint(0, len(data))] + rng.randbytes(4)
    size = rng.choice([1, 4, 8, 16, 64, 512])
    return rng.randbytes(size)


def packets(rng: random.Random, n: int) -> list[bytes]:
    return [packet(rng) for _ in range(n)]


def extremes() -> list[bytes]:
    """Packets at the limits: strings that fill a datagram (with and without their NUL), a
    blob that claims more than there is, and bundles nested far deeper than the decoder goes."""
    note = encode_own("/showdesk/note", [("s", "x" * (UDP_LIMIT - 40))])
    unterminated = b"/" + b"a" * (UDP_LIMIT - 1)
    lying_blob = encode_own("/go")[:-4] + b",b\0\0" + struct.pack(">i", 2**31 - 1) + b"x" * 60000
    deep = [encode_own("/go")]
    for _ in range(1000):  # 20 bytes a level: 20 kB, a thousand levels
        deep.append(encode_bundle([deep[-1]]))
    wide = encode_bundle([encode_own("/thump")] * 3000)  # more messages than one packet may hold
    return [note, note[:-3], unterminated, lying_blob, deep[9], deep[100], deep[-1], wide]


def cut_mid_escape(framed: bytes) -> bytes:
    """A SLIP frame cut just after an escape byte (the decoder is left waiting for the escaped
    byte), or cut in half when the frame has no escape."""
    at = framed.find(bytes((ESC,)), 1)
    return framed[: at + 1] if at > 0 else framed[: max(1, len(framed) // 2)]


def stream(rng: random.Random, items: list[bytes]) -> bytes:
    """The packets as one SLIP stream with damage: cut frames, stray ESCs and END-less runs."""
    out = bytearray()
    for data in items:
        framed = slip_encode(data)
        damage = rng.random()
        if damage < 0.05:
            framed = framed[: rng.randint(1, len(framed))]  # cut short: the next END ends it
        elif damage < 0.08:
            framed = b"\xdb" + framed
        elif damage < 0.085:
            framed = cut_mid_escape(framed)
        elif damage < 0.09:
            framed = b"\xc0" + b"\x41" * 70000 + b"\xc0"  # over the frame limit
        out += framed
    return bytes(out)


def drain(sock: socket.socket) -> None:
    """Reads and forgets what a socket receives until it closes (replies nobody checks)."""
    try:
        while sock.recv(65536):
            pass
    except OSError:
        pass
