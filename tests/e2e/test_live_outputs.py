"""`showdesk run --live` sending to real, independent peers: liblo's oscdump over UDP and TCP,
jack_midi_dump behind a JACK dummy server, and TCP listeners of our own; and a dead TCP peer
and a missing MIDI port that must not hold up the rest of the rig."""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cues import Cue, cue_type
from cues.base import ContinueMode
from showdesk.showfile import ShowFile
from showdesk.wire.framing import decoder
from tests.jack import JackServer, MidiDump, jack_server

OSC, MIDI, MSC = cue_type("osc"), cue_type("midi"), cue_type("msc")
JACK = "mido.backends.rtmidi/UNIX_JACK"
H = bytes.fromhex
Event = dict[str, Any]


class Run:
    """`showdesk run FILE ARGS` with its events read as they come."""

    def __init__(self, path: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.stderr = (path.parent / f"{path.stem}-stderr.txt").open("w+")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "showdesk", "run", str(path), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
            env=env,
        )
        self.queue: queue.SimpleQueue[Event | None] = queue.SimpleQueue()
        self.events: list[Event] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.queue.put(json.loads(line))
        self.queue.put(None)

    def command(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def wait_for(self, match: Callable[[Event], bool], timeout: float = 10.0) -> Event:
        deadline = time.monotonic() + timeout
        while True:
            try:
                event = self.queue.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                seen = [(e["event"], e.get("destination"), e.get("state")) for e in self.events]
                raise AssertionError(
                    f"no such event in {seen}; stderr: {self.err()[-800:]}"
                ) from None
            if event is None:
                raise AssertionError(f"the engine ended; stderr: {self.err()[-800:]}")
            self.events.append(event)
            if match(event):
                return event

    def output(self, destination: str, state: str, timeout: float = 10.0) -> Event:
        """The output event that put `destination` in `state`, already seen or still to come."""

        def match(e: Event) -> bool:
            return e["event"] == "output" and (e["destination"], e["state"]) == (destination, state)

        seen = [e for e in self.events if match(e)]
        return seen[0] if seen else self.wait_for(match, timeout)

    def finish(self) -> list[Event]:
        """Closes stdin, waits for the engine to end, and returns every event it printed."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        assert self.proc.wait(timeout=20) == 0, self.err()
        self.reader.join()
        while (event := self.queue.get()) is not None:
            self.events.append(event)
        self.kill()
        return self.events

    def err(self) -> str:
        self.stderr.flush()
        return Path(self.stderr.name).read_text()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.stderr):
            if stream is not None and not stream.closed:
                stream.close()


@pytest.fixture
def runs() -> Iterator[list[Run]]:
    made: list[Run] = []
    yield made
    for run in made:
        run.kill()


def free_port(kind: int = socket.SOCK_DGRAM) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_bound(port: int, kind: int) -> None:
    """Waits until another process has bound `port` (our own bind then fails)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_INET, kind) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                return
        time.sleep(0.02)
    raise AssertionError(f"nothing bound port {port}")


class OscDump:
    """liblo's oscdump, line-buffered; `lines` are what it printed, timestamps dropped."""

    def __init__(self, url: str, port: int, kind: int) -> None:
        self.proc = subprocess.Popen(
            ["oscdump", "-L", url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.lines: queue.SimpleQueue[str] = queue.SimpleQueue()
        threading.Thread(target=self._read, daemon=True).start()
        wait_bound(port, kind)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line[line.index("/") :].rstrip() if "/" in line else line.rstrip())

    def take(self, count: int) -> list[str]:
        return [self.lines.get(timeout=10) for _ in range(count)]

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            assert stream is not None
            stream.close()


@pytest.fixture
def oscdumps() -> Iterator[list[OscDump]]:
    made: list[OscDump] = []
    yield made
    for dump in made:
        dump.stop()


def osc_cues(target: str, messages: list[str], prefix: str = "") -> list[Cue]:
    return [
        Cue(OSC, OSC.parse(text), number=f"{prefix}{n}", target=target)
        for n, text in enumerate(messages, 1)
    ]


FADER = "/ch/01/mix/fader f 0.75"
EOS_CMD = '/eos/cmd s "Chan 1 At 50#"'


def test_oscdump_over_udp_prints_what_a_live_run_sends(
    show_path: Path, runs: list[Run], oscdumps: list[OscDump]
) -> None:
    port = free_port()
    oscdumps.append(dump := OscDump(str(port), port, socket.SOCK_DGRAM))
    with ShowFile.create(show_path) as show:
        show.set_setting("min_go_interval", 0.0)
        show.set_destination("LX", f"osc.udp://127.0.0.1:{port}")
        show.add_cues(osc_cues("LX", [FADER, EOS_CMD, "/go"]))
    runs.append(run := Run(show_path, "--live"))
    live = run.output("LX", "live")
    assert live["reason"] == f"sending to 127.0.0.1:{port}"
    for _ in range(3):
        run.command("go")
    assert dump.take(3) == [
        "/ch/01/mix/fader f 0.750000",
        '/eos/cmd s "Chan 1 At 50#"',
        "/go",
    ]
    events = run.finish()
    assert [e["ok"] for e in events if e["event"] == "sent"] == [True] * 3


def test_oscdump_over_tcp_reads_both_length_prefix_and_slip_framing(
    show_path: Path, runs: list[Run], oscdumps: list[OscDump]
) -> None:
    # liblo 0.31's TCP server tells the framings apart per connection; both must arrive.
    port = free_port(socket.SOCK_STREAM)
    oscdumps.append(dump := OscDump(f"osc.tcp://:{port}", port, socket.SOCK_STREAM))
    with ShowFile.create(show_path) as show:
        show.set_setting("min_go_interval", 0.0)
        show.set_destination("EOS", f"osc.tcp://127.0.0.1:{port}?framing=length")
        show.set_destination("QLAB", f"osc.tcp://127.0.0.1:{port}?framing=slip")
        show.add_cues(osc_cues("EOS", [EOS_CMD, "/f f -2.0"], "e"))
        show.add_cues(osc_cues("QLAB", ["/cue/5/start", "/f f -2.0"], "q"))
    runs.append(run := Run(show_path, "--live"))
    for name in ("EOS", "QLAB"):
        assert run.output(name, "live")["reason"] == f"connected to 127.0.0.1:{port}"
    got = []
    for number in ("e1", "e2", "q1", "q2"):
        run.command(f"go {number}")
        got += dump.take(1)
    assert got == [
        '/eos/cmd s "Chan 1 At 50#"',
        "/f f -2.000000",  # its float holds C0: SLIP had to escape it
        "/cue/5/start",
        "/f f -2.000000",
    ]
    events = run.finish()
    assert all(e["ok"] for e in events if e["event"] == "sent")


class TcpPeer:
    """A TCP listener of our own that decodes what arrives (framing "" keeps raw bytes)."""

    def __init__(self, framing: str, port: int = 0) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.framing = framing
        self.got: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        self.conns: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        self.conns.append(conn)
        dec = decoder(self.framing) if self.framing else None
        while data := conn.recv(65536):
            for packet in dec.feed(data) if dec else [data]:
                self.got.put(packet)

    def raw(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            data += self.got.get(timeout=10)
        return data

    def close(self) -> None:
        for conn in self.conns:
            conn.close()
        self.sock.close()


def test_midi_tcp_and_framed_osc_reach_our_own_listeners(show_path: Path, runs: list[Run]) -> None:
    dlive, qlab = TcpPeer(""), TcpPeer("slip")
    try:
        with ShowFile.create(show_path) as show:
            show.set_setting("min_go_interval", 0.0)
            show.set_destination("DLIVE", f"midi.tcp://127.0.0.1:{dlive.port}")
            show.set_destination("QLAB", f"osc.tcp://127.0.0.1:{qlab.port}")
            show.add_cues([
                Cue(MIDI, MIDI.parse("control_change channel=1 control=0 value=1; "
                                     "program_change channel=1 program=5"),
                    number="1", target="DLIVE"),
                Cue(MSC, MSC.parse("GO cue=5 list=2 device=112 format=sound"), number="2",
                    target="DLIVE"),
                Cue(OSC, OSC.parse("/cue/5/start"), number="3", target="QLAB"),
            ])  # fmt: skip
        runs.append(run := Run(show_path, "--live"))
        run.output("DLIVE", "live")
        run.output("QLAB", "live")
        for _ in range(3):
            run.command("go")
        wire = H("B0 00 01 C0 05") + H("F0 7F 70 02 10 01 35 00 32 F7")
        assert dlive.raw(len(wire)) == wire
        assert qlab.got.get(timeout=10) == H("2f637565 2f352f73 74617274 00000000 2c000000")
        run.finish()
    finally:
        dlive.close()
        qlab.close()


@pytest.fixture(scope="module")
def jack() -> Iterator[JackServer]:
    with jack_server() as server:
        yield server


def midi_show(path: Path, port: str, backend: str = JACK) -> None:
    with ShowFile.create(path) as show:
        show.set_setting("min_go_interval", 0.0)
        show.set_setting("midi_backend", backend)
        show.set_destination("DESK", f"midi:{port}")
        show.add_cues([
            Cue(MIDI, MIDI.parse("program_change channel=1 program=4"), number="1",
                target="DESK"),
            Cue(MSC, MSC.parse("GO cue=12.5 list=1 device=1"), number="2", target="DESK"),
        ])  # fmt: skip


@pytest.mark.jack
def test_midi_and_msc_reach_jack_midi_dump_with_the_backend_from_the_show_setting(
    show_path: Path, runs: list[Run], jack: JackServer
) -> None:
    dump = MidiDump(jack, "showdesk-e2e-a").start()
    try:
        midi_show(show_path, dump.port)
        runs.append(run := Run(show_path, "--live", env=jack.env))
        assert run.output("DESK", "live")["reason"] == f"MIDI port {dump.port!r}"
        run.command("go")
        run.command("go")
        assert dump.wait_for(2) == [H("C0 04"), H("F0 7F 01 02 01 01 31 32 2E 35 00 31 F7")]
        run.finish()
    finally:
        dump.stop()


@pytest.mark.jack
def test_mido_backend_in_the_environment_still_chooses_the_backend(
    show_path: Path, runs: list[Run], jack: JackServer
) -> None:
    dump = MidiDump(jack, "showdesk-e2e-b").start()
    try:
        midi_show(show_path, dump.port, backend="mido.backends.rtmidi/LINUX_ALSA")
        env = {**jack.env, "MIDO_BACKEND": JACK}  # the machine's choice beats the show's
        runs.append(run := Run(show_path, "--live", env=env))
        run.output("DESK", "live")
        run.command("go")
        assert dump.wait_for(1) == [H("C0 04")]
        run.finish()
    finally:
        dump.stop()


@pytest.mark.jack
def test_a_dead_tcp_peer_and_a_missing_midi_port_do_not_hold_up_udp_and_recover(
    show_path: Path, runs: list[Run], jack: JackServer
) -> None:
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    udp.settimeout(10)
    dead = socket.socket()  # listening, accept queue full: connection attempts go unanswered
    dead.bind(("127.0.0.1", 0))
    dead.listen(0)
    filler = socket.create_connection(dead.getsockname())
    dump = MidiDump(jack, "showdesk-e2e-late")
    try:
        with ShowFile.create(show_path) as show:
            show.set_setting("min_go_interval", 0.0)
            show.set_setting("midi_backend", JACK)
            show.set_destination("LX", f"osc.udp://127.0.0.1:{udp.getsockname()[1]}")
            show.set_destination("EOS", f"osc.tcp://127.0.0.1:{dead.getsockname()[1]}")
            show.set_destination("DESK", f"midi:{dump.port}")
            cues = []
            for n in range(1, 11):  # LX, then EOS and DESK at the same instant, 20 ms apart
                cues += [
                    Cue(OSC, OSC.parse(f"/lx/{n}"), number=f"{n}", target="LX",
                        continue_mode=ContinueMode.AUTO_CONTINUE),
                    Cue(OSC, OSC.parse(f"/eos/{n}"), number=f"{n}.1", target="EOS",
                        continue_mode=ContinueMode.AUTO_CONTINUE),
                    Cue(MIDI, MIDI.parse(f"note_on note={n}"), number=f"{n}.2", target="DESK",
                        post_wait=0.02, continue_mode=ContinueMode.AUTO_CONTINUE if n < 10
                        else ContinueMode.NONE),
                ]  # fmt: skip
            show.add_cues(cues)
        runs.append(run := Run(show_path, "--live", env=jack.env))
        run.wait_for(lambda e: e["event"] == "ready")
        missing = run.output("DESK", "missing port")
        assert missing["reason"].startswith(f"no MIDI port named {dump.port!r}")
        run.command("go")
        arrivals = []
        for _ in range(10):
            data = udp.recv(2048)
            arrivals.append((time.perf_counter(), data.split(b"\0")[0].decode()))
        sent = {}
        while len(sent) < 30:
            e = run.wait_for(lambda e: e["event"] == "sent")
            sent[e["cue"]] = e
        late_ms = [(t - sent[address.split("/")[2]]["scheduled"]) * 1000 for t, address in arrivals]
        assert [a for _, a in arrivals] == [f"/lx/{n}" for n in range(1, 11)]
        assert max(late_ms) < 250, late_ms  # busy CI; a blocking connect: 2 s
        assert all(sent[f"{n}"]["ok"] for n in range(1, 11))
        eos = [sent[f"{n}.1"] for n in range(1, 11)]
        desk = [sent[f"{n}.2"] for n in range(1, 11)]
        assert not any(e["ok"] for e in eos + desk)
        assert eos[0]["error"].startswith("EOS is not connected")
        assert desk[0]["error"].startswith(f"DESK: no MIDI port named {dump.port!r}")
        assert run.output("EOS", "unreachable")["reason"].endswith("no answer within 2 s")

        # The peers appear: the console starts answering, the MIDI device is plugged in.
        accepted, _ = dead.accept()
        accepted.close()
        dump.start()
        assert run.output("DESK", "live")["reason"] == f"MIDI port {dump.port!r}"
        run.output("EOS", "live", timeout=15)
        console, _ = dead.accept()
        console.settimeout(10)
        run.command("go 10.1")  # 10.1 to the console, continuing to 10.2 to the desk
        assert decoder("slip").feed(console.recv(4096)) == [b"/eos/10\0,\0\0\0"]
        assert dump.wait_for(1) == [H("90 0A 40")]
        run.command("status")
        status = run.wait_for(lambda e: e["event"] == "status")["outputs"]
        assert {name: out["state"] for name, out in status.items()} == {
            "LX": "live", "EOS": "live", "DESK": "live",
        }  # fmt: skip
        assert (status["EOS"]["sent"], status["EOS"]["errors"]) == (1, 10)
        assert (status["DESK"]["sent"], status["DESK"]["errors"]) == (1, 10)
        assert status["LX"]["sent"] == 10
        console.close()
        events = run.finish()
    finally:
        dump.stop()
        filler.close()
        dead.close()
        udp.close()
    broken = {e["cue"] for e in events if e["event"] == "cue" and e["state"] == "broken"}
    assert broken >= {f"{n}.1" for n in range(1, 11)} | {f"{n}.2" for n in range(1, 11)}
    with ShowFile.open(show_path) as show:
        logged = [
            (json.loads(r["detail"])["destination"], json.loads(r["detail"])["state"])
            for r in show.db.query("SELECT detail FROM events WHERE kind = 'output' ORDER BY id")
        ]
    assert ("EOS", "unreachable") in logged
    assert ("DESK", "missing port") in logged
    assert logged.index(("EOS", "unreachable")) < logged.index(("EOS", "live"))
    assert logged.index(("DESK", "missing port")) < logged.index(("DESK", "live"))


def test_rehearsal_reports_every_destination_as_a_capture(show_path: Path) -> None:
    with ShowFile.create(show_path) as show:
        show.set_destination("LX", "osc.udp://127.0.0.1:9")
        show.set_destination("DESK", "midi:No Such Port")
    proc = subprocess.run(
        [sys.executable, "-m", "showdesk", "run", str(show_path)],
        input="status\n",
        capture_output=True,
        text=True,
        timeout=20,
        env={**os.environ, "JACK_DEFAULT_SERVER": "showdesk-none"},
    )
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    rig = {e["destination"]: e["state"] for e in events if e["event"] == "output"}
    assert rig == {"LX": "rehearsal capture", "DESK": "rehearsal capture"}
