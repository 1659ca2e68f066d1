"""Raw MIDI bytes split into messages: what a MIDI port's send() needs from a byte string.

A cue's MIDI data is one or more messages back to back (a SysEx, an NRPN run). This splits them
by their status bytes: channel messages take 1 or 2 data bytes, SysEx runs from F0 to F7,
real-time bytes (F8-FF) stand alone even inside a SysEx, and running status (data bytes with no
status of their own) reuses the last channel status, so the messages come out complete.
"""

from __future__ import annotations

# Data bytes after each status (high nibble for channel messages, the byte for system ones).
_CHANNEL_DATA = {0x80: 2, 0x90: 2, 0xA0: 2, 0xB0: 2, 0xC0: 1, 0xD0: 1, 0xE0: 2}
_SYSTEM_DATA = {0xF1: 1, 0xF2: 2, 0xF3: 1, 0xF6: 0}


class MidiBytesError(ValueError):
    """Bytes that are not complete MIDI messages."""


def split_messages(data: bytes) -> list[bytes]:
    """The complete messages in `data`, running status expanded; MidiBytesError names what is
    wrong (a data byte with no status, a message cut short, an unterminated SysEx)."""
    messages: list[bytes] = []
    running = 0  # the channel status that data bytes with no status of their own continue
    i, n = 0, len(data)
    while i < n:
        byte = data[i]
        if byte >= 0xF8:  # real time: one byte, anywhere
            messages.append(bytes((byte,)))
            i += 1
            continue
        if byte == 0xF0:
            end, sysex = i + 1, bytearray((0xF0,))
            while end < n and data[end] != 0xF7:
                if data[end] >= 0xF8:
                    messages.append(bytes((data[end],)))
                elif data[end] >= 0x80:
                    raise MidiBytesError(f"a SysEx at byte {i} is cut off by {data[end]:02X}")
                else:
                    sysex.append(data[end])
                end += 1
            if end >= n:
                raise MidiBytesError(f"the SysEx at byte {i} has no F7 at its end")
            messages.append(bytes(sysex) + b"\xf7")
            running = 0
            i = end + 1
            continue
        if byte < 0x80:
            if not running:
                raise MidiBytesError(f"byte {i} ({byte:02X}) is data with no status before it")
            status, start = running, i
        elif byte >= 0xF0:
            if byte not in _SYSTEM_DATA:
                raise MidiBytesError(f"byte {i} ({byte:02X}) is not a status that starts a message")
            status, start, running = byte, i + 1, 0
        else:
            status, start, running = byte, i + 1, byte
        size = _SYSTEM_DATA[status] if status >= 0xF0 else _CHANNEL_DATA[status & 0xF0]
        body = data[start : start + size]
        if len(body) < size or any(b >= 0x80 for b in body):
            raise MidiBytesError(f"the message at byte {i} ({status:02X}) is cut short")
        messages.append(bytes((status,)) + body)
        i = start + size
    return messages
