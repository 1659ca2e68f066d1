"""Sending a few packets to one destination now, outside a run of the show: the patch's test
send and the preview of a cue in the app.

Each call makes its own connection or port and closes it: nothing here is on the engine's
timing path, so it may wait (for a name lookup, a TCP connect, a MIDI port to open). It uses the
engine's own pieces (the UDP output, the TCP framings, the MIDI drivers and port matching), so
what a test send reaches is what the show will reach. The caller runs it off the GUI thread.
"""

from __future__ import annotations

import contextlib
import socket
import time

from showdesk.errors import ShowdeskError
from showdesk.outputs import UdpOutput
from showdesk.outputs.midi import backend_name, find_port, make_driver, messages_of
from showdesk.patch import Endpoint, parse_url
from showdesk.wire.framing import encoder
from showdesk.wire.midistream import MidiBytesError
from showdesk.wire.osc import encode_message

TEST_ADDRESS = "/showdesk/test"
# SysEx with the non-commercial manufacturer ID (0x7D) and "showdesk": a MIDI device that is not
# ours ignores it, so a test send cannot change a console's scene or a note's state.
TEST_SYSEX = bytes([0xF0, 0x7D]) + b"showdesk" + bytes([0xF7])
CONNECT_TIMEOUT = 3.0


def probe_packet(endpoint: Endpoint) -> tuple[bytes, str]:
    """The harmless message a test send sends to this kind of destination, and its name."""
    if endpoint.kind == "osc":
        return encode_message(TEST_ADDRESS), TEST_ADDRESS
    return TEST_SYSEX, "a test SysEx that devices ignore"


def send_once(url: str, packets: list[bytes], midi_backend: str = "", what: str = "") -> str:
    """Sends the packets to the destination at `url`, in order; what happened, in words
    (`what` names what was sent). ShowdeskError says why nothing (or not all) was sent."""
    endpoint = parse_url(url)
    size = sum(len(p) for p in packets)
    if endpoint.scheme == "osc.udp":
        where = _udp(endpoint, packets)
        note = " (UDP does not confirm that it arrived)"
    elif endpoint.scheme in ("osc.tcp", "midi.tcp"):
        where = _tcp(endpoint, packets)
        note = " (the connection took it)"
    else:
        where = _midi(endpoint, packets, midi_backend)
        note = ""
    sent = f"{what} ({size} bytes)" if what else f"{size} bytes"
    return f"✓ sent {sent} to {where} at {time.strftime('%H:%M:%S')}{note}"


def midi_ports(midi_backend: str = "") -> list[str]:
    """The MIDI output ports the show's backend sees now (ShowdeskError if there is no MIDI
    system to ask)."""
    backend = backend_name(midi_backend)
    try:
        driver = make_driver(backend, "showdesk ports")
        try:
            return driver.ports()
        finally:
            with contextlib.suppress(Exception):
                driver.close()
    except Exception as exc:  # no MIDI system (rtmidi.SystemError), a bad backend name
        raise ShowdeskError(f"no MIDI system ({backend}): {exc}") from None


def _udp(endpoint: Endpoint, packets: list[bytes]) -> str:
    output = UdpOutput("test", endpoint)  # the engine's own sender: the same name lookup
    where = f"{endpoint.host}:{endpoint.port}"
    try:
        for packet in packets:
            result = output.send(packet, "test")
            if not result.ok:
                raise ShowdeskError(f"could not send to {where}: {result.error}")
    finally:
        output.close()
    return where


def _tcp(endpoint: Endpoint, packets: list[bytes]) -> str:
    where = f"{endpoint.host}:{endpoint.port}"
    frame = encoder(endpoint.framing)
    try:
        with socket.create_connection((endpoint.host, endpoint.port), CONNECT_TIMEOUT) as sock:
            sock.sendall(b"".join(frame(packet) for packet in packets))
    except TimeoutError:
        raise ShowdeskError(f"{where} did not answer within {CONNECT_TIMEOUT:g} s") from None
    except OSError as exc:
        raise ShowdeskError(f"could not send to {where}: {exc.strerror or exc}") from None
    return where


def _midi(endpoint: Endpoint, packets: list[bytes], midi_backend: str) -> str:
    backend = backend_name(midi_backend)
    try:
        messages = [m for packet in packets for m in messages_of(packet)]
    except MidiBytesError as exc:
        raise ShowdeskError(f"not MIDI: {exc}") from None
    try:
        driver = make_driver(backend, "showdesk test")
        ports = driver.ports()
    except Exception as exc:  # no MIDI system (rtmidi.SystemError), a bad backend name
        raise ShowdeskError(f"no MIDI system ({backend}): {exc}") from None
    found = find_port(endpoint.port_name, ports)
    if found is None:
        here = ", ".join(repr(p) for p in ports[:8]) or "none"
        raise ShowdeskError(f"no MIDI port named {endpoint.port_name!r} (ports: {here})")
    try:
        driver.open(found)
        for message in messages:
            driver.send(message)
    except Exception as exc:  # a backend's error types vary
        raise ShowdeskError(f"MIDI port {found!r}: {exc}") from None
    finally:
        with contextlib.suppress(Exception):
            driver.close()
    return f"MIDI port {found!r}"
