"""Helpers for remote-control tests: an engine process whose events are read as they come, a
show to drive, and QLab replies read back as JSON."""

from __future__ import annotations

import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pythonosc.tcp_client import TCPClient

from cues import Cue, cue_type
from showdesk.showfile import ShowFile
from showdesk.wire.framing import SlipDecoder
from showdesk.wire.oscin import decode_packet

OSC = cue_type("osc")
Event = dict[str, Any]
_OSCDUMP = re.compile(r'^(?:[0-9a-f]+\.[0-9a-f]+ )?(\S+) s "(.*)"$')


def remote_show(path: Path, cues: int = 4, *, port: int = 9, **settings: Any) -> None:
    """Cues 1..cues, each sending /cue/N to 127.0.0.1:port (rehearsal captures them), no
    minimum GO interval unless asked for."""
    with ShowFile.create(path, name="Remote test") as show:
        show.set_destination("LX", f"osc.udp://127.0.0.1:{port}")
        show.add_cues(Cue(OSC, OSC.parse(f"/cue/{n}"), number=str(n), name=f"Cue {n}",
                          target="LX") for n in range(1, cues + 1))  # fmt: skip
        show.set_setting("min_go_interval", 0.0)
        for key, value in settings.items():
            show.set_setting(key, value)


class Engine:
    """`showdesk run` as a subprocess; every event it prints is kept, in order."""

    def __init__(self, path: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "showdesk", "run", str(path), *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, **(env or {})},
        )  # fmt: skip
        self.events: list[Event] = []
        self.arrived = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.arrived:
                self.events.append(json.loads(line))
                self.arrived.notify_all()

    def wait_for(self, match: Callable[[Event], bool], timeout: float = 10.0) -> Event:
        with self.arrived:
            found: list[Event] = []

            def seen() -> bool:
                found[:] = [e for e in self.events if match(e)]
                return bool(found)

            if not self.arrived.wait_for(seen, timeout):
                kinds = [e["event"] for e in self.events][-20:]
                raise AssertionError(f"no such event within {timeout} s (last: {kinds})")
            return found[0]

    def event(self, kind: str, timeout: float = 10.0, **fields: Any) -> Event:
        return self.wait_for(
            lambda e: e["event"] == kind and all(e.get(k) == v for k, v in fields.items()),
            timeout,
        )

    def of(self, kind: str, **fields: Any) -> list[Event]:
        with self.arrived:
            return [e for e in self.events if e["event"] == kind
                    and all(e.get(k) == v for k, v in fields.items())]  # fmt: skip

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    @property
    def port(self) -> int:
        """The port remote control listens on (from its `listening` event)."""
        return int(self.event("remote", status="listening", source="osc")["port"])

    def stop(self) -> str:
        """Quits the engine; returns its stderr."""
        if self.proc.poll() is None:
            try:
                self.send("quit")
                self.proc.stdin.close()  # type: ignore[union-attr]
            except (BrokenPipeError, OSError):
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.reader.join(timeout=5)
        assert self.proc.stderr is not None
        assert self.proc.stdout is not None
        errors = self.proc.stderr.read()
        self.proc.stderr.close()
        self.proc.stdout.close()
        return errors


def listening(pid: int) -> list[tuple[str, str]]:
    """(udp|tcp, local address:port) of every socket process `pid` listens on, from `ss`."""
    out = subprocess.run(["ss", "-H", "-tulpn"], capture_output=True, text=True, timeout=10)
    found = []
    for line in out.stdout.splitlines():
        if f"pid={pid}," in line:
            words = line.split()
            found.append((words[0], words[4]))
    return sorted(found)


def qlab_reply(packet: bytes) -> tuple[str, dict[str, Any]]:
    """(address, the JSON object) of one reply, checked to be laid out as QLab's."""
    (message,) = decode_packet(packet)
    assert len(message.args) == 1
    assert isinstance(message.args[0], str), message
    body = json.loads(message.args[0])
    assert isinstance(body, dict)
    assert message.address == "/reply" + body["address"]
    assert body["status"] in ("ok", "error", "denied")
    return message.address, body


class UdpReplies:
    """A UDP socket where an engine's replies are sent (after /udpReplyPort from this host)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(5.0)
        self.port = self.sock.getsockname()[1]

    def next(self, address: str | None = None) -> dict[str, Any]:
        """The next reply (to `address`, skipping updates and other replies)."""
        while True:
            data, _ = self.sock.recvfrom(65536)
            if data.startswith(b"/update"):
                continue
            _got, body = qlab_reply(data)
            if address is None or body["address"] == address:
                return body

    def close(self) -> None:
        self.sock.close()


def oscdump_replies(lines: Iterable[str]) -> list[tuple[str, dict[str, Any]]]:
    """Replies as liblo's oscdump printed them: (address, JSON object)."""
    out = []
    for line in lines:
        match = _OSCDUMP.match(line.strip())
        if match:
            out.append((match.group(1), json.loads(match.group(2))))
    return out


def read_lines(proc: subprocess.Popen[str], into: queue.SimpleQueue[str]) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        into.put(line)


def wait_until(check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


class SlipTcpClient(TCPClient):
    """python-osc's TCP client (it frames and sends as Companion and TouchOSC do), reading
    replies with a stream decoder of our own: python-osc's receive splits only on C0 C0, so a
    TCP segment that ends on the next frame's opening END loses that frame (protocols.md)."""

    def __init__(self, port: int) -> None:
        super().__init__("127.0.0.1", port, mode="1.1")
        self.frames = SlipDecoder()

    def receive(self, timeout: float | None = None) -> list[bytes]:
        """The whole frames that arrive within `timeout` (none on a timeout); AssertionError
        when the server closed the connection."""
        self.socket.settimeout(timeout)
        try:
            data = self.socket.recv(65536)
        except TimeoutError:
            return []
        if not data:
            raise AssertionError("the server closed the connection")
        return self.frames.feed(data)
