"""Outputs: where a cue's bytes go. Each has one `send()` that returns what happened.

In rehearsal every destination is a `CaptureOutput`: it records exactly the bytes that would
have gone out and sends nothing. Live, an OSC-over-UDP destination is a `UdpOutput` (one socket
per destination, so replies come back to the port it sent from). A send never raises and never
blocks the timing loop: failures are results, and counted.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import Any, Protocol

from showdesk.patch import Endpoint

OFFLINE = "rehearsal capture"


@dataclass(frozen=True)
class SendResult:
    ok: bool
    offline: bool = False
    error: str = ""


@dataclass
class OutputStats:
    state: str
    sent: int = 0
    errors: int = 0
    last_message: str = ""
    last_error: str = ""


class Output(Protocol):
    name: str
    stats: OutputStats

    def send(self, data: bytes, text: str) -> SendResult: ...

    def close(self) -> None: ...


@dataclass
class CaptureOutput:
    """Rehearsal: records what would have been sent, sends nothing."""

    name: str
    stats: OutputStats = field(default_factory=lambda: OutputStats(OFFLINE))
    captured: list[bytes] = field(default_factory=list)

    def send(self, data: bytes, text: str) -> SendResult:
        self.captured.append(data)
        self.stats.sent += 1
        self.stats.last_message = text
        return SendResult(ok=True, offline=True)

    def close(self) -> None:
        pass


class UdpOutput:
    """OSC over UDP: one datagram per packet, from one socket that belongs to this destination."""

    def __init__(self, name: str, endpoint: Endpoint) -> None:
        self.name = name
        self.stats = OutputStats("live")
        self.address: tuple[Any, ...] = (endpoint.host, endpoint.port)
        self.sock: socket.socket | None = None
        try:
            # Resolved once, here, so a GO never waits for a name lookup.
            family, _, _, _, self.address = socket.getaddrinfo(
                endpoint.host, endpoint.port, type=socket.SOCK_DGRAM
            )[0]
            self.sock = socket.socket(family, socket.SOCK_DGRAM)
            self.sock.setblocking(False)
        except OSError as exc:
            self._failed(f"cannot reach {endpoint.host}:{endpoint.port}: {exc.strerror or exc}")

    def send(self, data: bytes, text: str) -> SendResult:
        if self.sock is None:
            return self._failed(self.stats.last_error)
        try:
            self.sock.sendto(data, self.address)
        except OSError as exc:  # e.g. no route, or a full buffer: the show goes on
            return self._failed(str(exc.strerror or exc))
        self.stats.sent += 1
        self.stats.last_message = text
        self.stats.state = "live"
        return SendResult(ok=True)

    def _failed(self, reason: str) -> SendResult:
        self.stats.errors += 1
        self.stats.last_error = reason
        self.stats.state = "erroring"
        return SendResult(ok=False, error=reason)

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()


@dataclass
class UnavailableOutput:
    """A destination this engine cannot send to: every send is an error that says why."""

    name: str
    reason: str
    stats: OutputStats = field(default_factory=lambda: OutputStats("unavailable"))

    def send(self, data: bytes, text: str) -> SendResult:
        self.stats.errors += 1
        self.stats.last_error = self.reason
        return SendResult(ok=False, error=self.reason)

    def close(self) -> None:
        pass
