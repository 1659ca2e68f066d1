"""OSC over UDP: one datagram per packet, from one socket that belongs to this destination (so
replies come back to the port it sent from)."""

from __future__ import annotations

import socket
from typing import Any

from showdesk.outputs.base import ERRORING, LIVE, UNREACHABLE, BaseOutput, SendResult
from showdesk.patch import Endpoint


class UdpOutput(BaseOutput):
    def __init__(self, name: str, endpoint: Endpoint) -> None:
        super().__init__(name, LIVE, f"sending to {endpoint.host}:{endpoint.port}")
        self.live_reason = self.stats.reason
        self.address: tuple[Any, ...] = (endpoint.host, endpoint.port)
        self.sock: socket.socket | None = None
        self.problem = ""
        try:
            # Resolved once, when the show loads, so a GO never waits for a name lookup.
            family, _, _, _, self.address = socket.getaddrinfo(
                endpoint.host, endpoint.port, type=socket.SOCK_DGRAM
            )[0]
            self.sock = socket.socket(family, socket.SOCK_DGRAM)
            self.sock.setblocking(False)
        except (OSError, UnicodeError) as exc:  # UnicodeError: a name the resolver refuses
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            self.problem = f"cannot reach {endpoint.host}:{endpoint.port}: {why}"
            self.stats.state, self.stats.reason = UNREACHABLE, self.problem

    def send(self, data: bytes, text: str) -> SendResult:
        if self.sock is None:
            return self._failed(self.problem, UNREACHABLE)
        try:
            self.sock.sendto(data, self.address)
        except OSError as exc:  # e.g. no route, or a full buffer: the show goes on
            return self._failed(str(exc.strerror or exc), ERRORING)
        return self._sent(text)

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
