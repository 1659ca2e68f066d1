"""Outputs against real peers in this process: TCP listeners that decode what arrives with the
framing's own stream decoder, and a JACK dummy server read by jack_midi_dump."""

from __future__ import annotations

import queue
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from showdesk.errors import ShowFileError
from showdesk.outputs import (
    CONNECTING,
    ERRORING,
    LIVE,
    MISSING,
    UNREACHABLE,
    MidiOutput,
    OutputChange,
    Quiet,
    TcpOutput,
    build_outputs,
)
from showdesk.outputs.midi import backend_name, find_port
from showdesk.patch import parse_url
from showdesk.showfile import ShowFile
from showdesk.wire.framing import decoder
from showdesk.wire.osc import encode_message
from tests.jack import JackServer, MidiDump, jack_server

H = bytes.fromhex
JACK = "mido.backends.rtmidi/UNIX_JACK"


class Changes:
    """Collects an output's state changes, as the engine's queue would."""

    def __init__(self) -> None:
        self.queue: queue.SimpleQueue[OutputChange] = queue.SimpleQueue()
        self.seen: list[OutputChange] = []

    def __call__(self, change: OutputChange) -> None:
        self.queue.put(change)

    def wait_for(self, state: str, timeout: float = 10.0) -> OutputChange:
        deadline = time.monotonic() + timeout
        while True:
            change = self.queue.get(timeout=max(0.0, deadline - time.monotonic()))
            self.seen.append(change)
            if change.state == state:
                return change


class Listener:
    """A real TCP server: accepts one connection at a time and decodes the stream."""

    def __init__(self, framing: str = "slip", port: int = 0) -> None:
        self.framing = framing
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.packets: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        self.conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)
            threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        dec = decoder(self.framing) if self.framing else None
        while True:
            try:
                data = conn.recv(65536)
            except OSError:
                return
            if not data:
                return
            for packet in dec.feed(data) if dec else [data]:
                self.packets.put(packet)

    def take(self, count: int, timeout: float = 5.0) -> list[bytes]:
        return [self.packets.get(timeout=timeout) for _ in range(count)]

    def raw(self, size: int, timeout: float = 5.0) -> bytes:
        got = b""
        while len(got) < size:
            got += self.packets.get(timeout=timeout)
        return got

    def close(self) -> None:
        for conn in self.conns:
            conn.close()
        self.sock.close()


@pytest.fixture(scope="module")
def jack() -> Iterator[JackServer]:
    """Synchronous: these tests count every message that arrives, and an asynchronous server
    drops one now and then on a busy machine (tests/jack.py)."""
    with jack_server(synchronous=True) as server:
        yield server


@pytest.fixture
def listeners() -> Iterator[list[Listener]]:
    made: list[Listener] = []
    yield made
    for listener in made:
        listener.close()


def tcp_output(url: str) -> tuple[TcpOutput, Changes]:
    endpoint = parse_url(url)
    out = TcpOutput("DEST", endpoint)
    changes = Changes()
    out.start(changes)
    return out, changes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


PACKETS = [
    encode_message("/f", [("f", -2.0)]),  # holds a C0 byte: SLIP must escape it
    encode_message("/eos/ping"),
    encode_message("/ch/01/mix/fader", [("f", 0.75)]),
]


@pytest.mark.parametrize("framing", ["slip", "length"])
def test_osc_tcp_delivers_each_packet_whole_in_its_framing(
    listeners: list[Listener], framing: str
) -> None:
    listener = Listener(framing)
    listeners.append(listener)
    out, changes = tcp_output(f"osc.tcp://127.0.0.1:{listener.port}?framing={framing}")
    try:
        assert changes.wait_for(LIVE).reason == f"connected to 127.0.0.1:{listener.port}"
        results = [out.send(packet, "msg") for packet in PACKETS * 50]
        assert all(r.ok for r in results)
        assert listener.take(150) == PACKETS * 50
        assert (out.stats.sent, out.stats.errors, out.stats.state) == (150, 0, LIVE)
    finally:
        out.close()


def test_osc_tcp_slip_is_the_default_framing_and_bytes_are_exact(
    listeners: list[Listener],
) -> None:
    listener = Listener(framing="")  # raw: the bytes as they crossed the wire
    listeners.append(listener)
    out, changes = tcp_output(f"osc.tcp://127.0.0.1:{listener.port}")
    try:
        changes.wait_for(LIVE)
        assert out.send(PACKETS[0], "/f f -2").ok
        assert listener.raw(15) == H("c0 2f 66 00 00 2c 66 00 00 db dc 00 00 00 c0")
    finally:
        out.close()


def test_midi_tcp_sends_the_raw_midi_bytes(listeners: list[Listener]) -> None:
    listener = Listener(framing="")
    listeners.append(listener)
    out, changes = tcp_output(f"midi.tcp://127.0.0.1:{listener.port}")
    try:
        changes.wait_for(LIVE)
        scene = H("B0 00 01 C0 05")  # A&H: bank 1, program 5
        msc = H("F0 7F 01 02 01 01 F7")
        assert out.send(scene, "scene").ok
        assert out.send(msc, "msc").ok
        assert listener.raw(len(scene + msc)) == scene + msc
    finally:
        out.close()


def test_a_refused_tcp_destination_fails_at_once_then_goes_live_when_its_peer_appears(
    listeners: list[Listener],
) -> None:
    port = free_port()
    out, changes = tcp_output(f"osc.tcp://127.0.0.1:{port}?framing=length")
    try:
        unreachable = changes.wait_for(UNREACHABLE)
        assert unreachable.reason == f"127.0.0.1:{port}: connection refused"
        started = time.perf_counter()
        result = out.send(PACKETS[1], "/eos/ping")
        assert time.perf_counter() - started < 0.5  # failed at once (a connect takes up to 2 s)
        assert not result.ok
        assert result.error == f"DEST is not connected: 127.0.0.1:{port}: connection refused"
        assert (out.stats.errors, out.stats.last_error) == (1, result.error)
        listener = Listener("length", port)
        listeners.append(listener)
        changes.wait_for(LIVE)
        assert out.send(PACKETS[1], "/eos/ping").ok
        assert listener.take(1) == [PACKETS[1]]
    finally:
        out.close()


def test_a_dropped_connection_is_unreachable_then_remade(listeners: list[Listener]) -> None:
    listener = Listener("slip")
    listeners.append(listener)
    out, changes = tcp_output(f"osc.tcp://127.0.0.1:{listener.port}")
    try:
        changes.wait_for(LIVE)
        assert out.send(PACKETS[1], "ping").ok
        assert listener.take(1) == [PACKETS[1]]
        for conn in list(listener.conns):  # the console drops us, and keeps listening
            conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        dropped = changes.wait_for(UNREACHABLE)
        assert "closed the connection" in dropped.reason
        changes.wait_for(LIVE)
        assert out.send(PACKETS[2], "fader").ok
        assert listener.take(1) == [PACKETS[2]]
    finally:
        out.close()


def test_a_peer_that_never_answers_never_holds_up_a_send() -> None:
    # A listening socket whose accept queue is full: connection attempts get no answer at all.
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))
    dead.listen(0)
    filler = socket.create_connection(dead.getsockname())
    out, changes = tcp_output(f"osc.tcp://127.0.0.1:{dead.getsockname()[1]}")
    try:
        assert out.stats.state == CONNECTING
        started = time.perf_counter()
        results = [out.send(PACKETS[1], "ping") for _ in range(100)]
        assert time.perf_counter() - started < 0.5  # while a 2 s connect is under way
        assert not any(r.ok for r in results)
        assert out.stats.errors == 100
        assert "no answer" in changes.wait_for(UNREACHABLE).reason
        # The peer wakes up: it accepts what was queued, and our connection gets through.
        accepted, _ = dead.accept()
        accepted.close()
        changes.wait_for(LIVE, timeout=15)
        conn, _ = dead.accept()
        assert out.send(PACKETS[1], "ping").ok
        conn.settimeout(5)
        assert conn.recv(100) == b"\xc0" + PACKETS[1] + b"\xc0"
        conn.close()
    finally:
        out.close()
        filler.close()
        dead.close()


# -- MIDI ports through a real JACK server -------------------------------------------------


# The `jack` and `jack_env` fixtures are in tests/conftest.py.


def test_find_port_takes_the_exact_name_or_the_one_port_starting_with_it() -> None:
    ports = ["Midi Through:Midi Through Port-0 14:0", "USB MIDI 1:USB MIDI 1 MIDI 1 20:0"]
    assert find_port("USB MIDI 1", ports) == ports[1]
    assert find_port("Midi Through:Midi Through Port-0 14:0", ports) == ports[0]
    assert find_port("USB", ports) == ports[1]
    assert find_port("", ports) is None  # two start with it: not a choice to guess
    assert find_port("Desk", ports) is None


def test_the_environment_beats_the_show_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MIDO_BACKEND", raising=False)
    assert backend_name("") == "mido.backends.rtmidi"
    assert backend_name(JACK) == JACK
    monkeypatch.setenv("MIDO_BACKEND", "mido.backends.rtmidi/LINUX_ALSA")
    assert backend_name(JACK) == "mido.backends.rtmidi/LINUX_ALSA"


@pytest.mark.jack
def test_midi_messages_and_a_sysex_reach_jack_midi_dump(jack_env: JackServer) -> None:
    dump = MidiDump(jack_env, "showdesk-rx-a").start()
    out = MidiOutput("DESK", dump.port, JACK)
    try:
        assert (out.stats.state, out.stats.reason) == (LIVE, f"MIDI port {dump.port!r}")
        msc = H("F0 7F 7F 02 01 01 32 33 35 2E 36 00 33 36 2E 36 00 35 39 F7")
        nrpn = H("B0 63 01 62 17 06 40")  # running status: expanded into three messages
        assert out.send(H("C0 04"), "program_change program=4").ok
        assert out.send(msc, "GO 235.6").ok
        assert out.send(nrpn, "nrpn").ok
        assert dump.wait_for(5) == [
            H("C0 04"), msc, H("B0 63 01"), H("B0 62 17"), H("B0 06 40"),
        ]  # fmt: skip
        assert (out.stats.sent, out.stats.errors) == (3, 0)
    finally:
        out.close()
        dump.stop()


@pytest.mark.jack
def test_bytes_that_are_not_midi_fail_and_say_why(jack_env: JackServer) -> None:
    dump = MidiDump(jack_env, "showdesk-rx-b").start()
    out = MidiOutput("DESK", dump.port, JACK)
    try:
        result = out.send(H("3C 64"), "junk")
        assert not result.ok
        assert result.error == "not MIDI: byte 0 (3C) is data with no status before it"
    finally:
        out.close()
        dump.stop()


@pytest.mark.jack
def test_a_missing_port_is_reported_and_opened_by_name_when_it_appears_and_comes_back(
    jack_env: JackServer,
) -> None:
    out = MidiOutput("DESK", "showdesk-rx-c:input", JACK)
    changes = Changes()
    out.start(changes)
    dump = MidiDump(jack_env, "showdesk-rx-c")
    try:
        assert out.stats.state == MISSING
        assert out.stats.reason.startswith("no MIDI port named 'showdesk-rx-c:input'")
        started = time.perf_counter()
        result = out.send(H("90 3C 64"), "note_on")
        assert time.perf_counter() - started < 0.5  # no waiting for a port
        assert not result.ok
        assert "no MIDI port named" in result.error
        dump.start()
        changes.wait_for(LIVE)
        assert out.send(H("90 3C 64"), "note_on").ok
        assert dump.wait_for(1) == [H("90 3C 64")]
        dump.stop()  # the device is unplugged ...
        assert "no MIDI port named" in changes.wait_for(MISSING).reason
        dump.start()  # ... and plugged in again: reopened by name
        changes.wait_for(LIVE)
        # LIVE is the port opened; the server joins it to the dump's a moment later (a message
        # sent in between is lost, as it would be to a device still starting up).
        jack_env.wait_for_connection(dump.port)
        assert out.send(H("80 3C 00"), "note_off").ok
        assert dump.wait_for(2)[1:] == [H("80 3C 00")]
    finally:
        out.close()
        dump.stop()


def test_no_midi_system_is_a_missing_port_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JACK_DEFAULT_SERVER", "showdesk-no-such-server")
    monkeypatch.setenv("JACK_NO_START_SERVER", "1")
    out = MidiOutput("DESK", "anything", JACK)
    try:
        assert out.stats.state == MISSING
        assert out.stats.reason.startswith(f"no MIDI system ({JACK}):")
        assert not out.send(H("90 3C 64"), "note_on").ok
    finally:
        out.close()


def test_build_outputs_picks_each_transport_from_the_url() -> None:
    endpoints = {
        "A": parse_url("osc.udp://127.0.0.1:9"),
        "B": parse_url("osc.tcp://127.0.0.1:9?framing=length"),
        "C": parse_url("midi.tcp://127.0.0.1:9"),
    }
    rehearsal = build_outputs(endpoints, live=False)
    assert {o.stats.state for o in rehearsal.values()} == {"rehearsal capture"}
    live = build_outputs(endpoints, live=True)
    assert [type(o).__name__ for o in live.values()] == ["UdpOutput", "TcpOutput", "TcpOutput"]
    assert [o.stats.state for o in live.values()] == [LIVE, CONNECTING, CONNECTING]
    for out in live.values():
        out.close()


def test_midi_backend_is_a_show_setting_checked_when_set(show: ShowFile) -> None:
    assert show.settings().midi_backend == ""
    show.set_setting("midi_backend", JACK)
    assert show.settings().midi_backend == JACK
    with pytest.raises(ShowFileError, match="midi_backend is a mido backend and optional API"):
        show.set_setting("midi_backend", "rtmidi jack")
    assert show.settings().midi_backend == JACK


def test_a_peer_that_stops_reading_makes_the_output_erroring_until_it_reads_again() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    out, changes = tcp_output(f"osc.tcp://127.0.0.1:{server.getsockname()[1]}?framing=length")
    conn, _ = server.accept()  # accepted, then never read: the kernel's buffers fill up
    try:
        changes.wait_for(LIVE)
        packet = encode_message("/blob", [("s", "x" * 65000)])
        results = [out.send(packet, "blob") for _ in range(200)]
        refused = [r for r in results if not r.ok]
        assert refused, "200 x 64 KB all taken by a peer that reads nothing"
        assert "is not reading" in refused[0].error
        assert changes.wait_for(ERRORING).reason == refused[0].error
        accepted = len(results) - len(refused)
        dec = decoder("length")
        got: list[bytes] = []
        conn.settimeout(10)
        while len(got) < accepted:  # the peer reads again: everything taken arrives, whole
            got += dec.feed(conn.recv(1 << 20))
        assert got == [packet] * accepted
        changes.wait_for(LIVE)
        assert out.send(PACKETS[1], "ping").ok
    finally:
        out.close()
        conn.close()
        server.close()


class NearDeadline(Quiet):
    """A timing loop that always has a deadline 10 ms away (until released)."""

    def __init__(self) -> None:
        super().__init__()
        self.busy = True

    def gap(self, need: float) -> bool:
        self.next_deadline = time.perf_counter() + 0.01 if self.busy else None
        return super().gap(need)


def test_quiet_sees_a_gap_only_when_the_next_deadline_is_far_enough() -> None:
    quiet = Quiet()
    assert quiet.gap(0.1)  # nothing scheduled
    quiet.next_deadline = time.perf_counter() + 1.0
    assert quiet.gap(0.1)
    quiet.next_deadline = time.perf_counter() + 0.01
    assert not quiet.gap(0.1)
    stop = threading.Event()
    assert quiet.wait_for_gap(0.1, patience=0.02, stop=stop)  # patience ran out: go ahead
    stop.set()
    assert not quiet.wait_for_gap(0.1, patience=5.0, stop=stop)


@pytest.mark.jack
def test_a_returning_port_is_reopened_in_a_gap_of_the_schedule(jack_env: JackServer) -> None:
    quiet = NearDeadline()
    out = MidiOutput("DESK", "showdesk-rx-d:input", JACK, quiet)
    changes = Changes()
    out.start(changes)
    dump = MidiDump(jack_env, "showdesk-rx-d").start()
    try:
        with pytest.raises(queue.Empty):  # the port is there, but no gap: not opened yet
            changes.wait_for(LIVE, timeout=0.8)
        quiet.busy = False
        changes.wait_for(LIVE)
        assert out.send(H("90 3C 64"), "note_on").ok
        assert dump.wait_for(1) == [H("90 3C 64")]
    finally:
        out.close()
        dump.stop()


def test_an_exception_in_a_tcp_outputs_thread_is_reported_and_the_thread_lives() -> None:
    # Issue 11 (7): a host name the resolver cannot take (here it bypasses the patch's check,
    # as a file from an older showdesk could) raised UnicodeError in the connecting thread,
    # which died: the destination stayed `connecting` for ever and nobody was told.
    from showdesk.patch import Endpoint
    from showdesk.threads import WorkerProblem

    got: queue.SimpleQueue[object] = queue.SimpleQueue()
    output = TcpOutput("LX", Endpoint("osc.tcp", "a..b", 9000, "slip"))
    output.start(got.put)
    try:
        seen = [got.get(timeout=10), got.get(timeout=10)]
        changes = [item for item in seen if isinstance(item, OutputChange)]
        problems = [item for item in seen if isinstance(item, WorkerProblem)]
        assert [c.state for c in changes] == [UNREACHABLE]
        assert "UnicodeError" in changes[0].reason
        assert problems[0].thread == "output LX"
        assert problems[0].fatal is False
        assert output.thread.is_alive()  # it tries again
        assert not output.send(b"x", "/x").ok
    finally:
        output.close()
