"""Who may do what: passcodes, per-client sessions, and a lock-out for passcode guessers.

With no passcode set, every client may control (the server then listens on loopback only,
unless a passcode is set: see config.py). With one, a client must `/connect` with it first: a
TCP connection is one client for as long as it is open; over UDP a client is one source address
and port, forgotten after `UDP_IDLE` seconds without a packet. `passcode` lets a client control
and read; `view_passcode` lets it read only. Each wrong passcode from an address doubles the time
before the next /connect from that address is even checked (up to `MAX_LOCKOUT`).
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Permission = Literal["control", "view", "none"]
Key = tuple[str, str, int]  # ("udp", host, port) or ("tcp", host, connection number)
UDP_IDLE = 60.0
MAX_CLIENTS = 1024  # UDP sources remembered at once; the idlest are forgotten first
FIRST_LOCKOUT = 0.5
MAX_LOCKOUT = 30.0
# /connect answers, as QLab 5 gives them (in an "ok" reply): the permissions granted after
# "ok:", nothing after it for a client that gave no passcode where one is needed, "badpass".
GRANTED = {"control": "ok:view|control", "view": "ok:view", "none": "ok:"}
BADPASS = "badpass"


@dataclass
class Client:
    permission: Permission
    seen: float
    updates: bool = False  # /updates 1: pushed changes
    always_reply: bool = True  # /alwaysReply 0 turns off the replies to commands


class Sessions:
    def __init__(
        self, passcode: str, view_passcode: str, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.passcode = passcode
        self.view_passcode = view_passcode
        self.required = bool(passcode or view_passcode)
        self.clock = clock
        self.clients: dict[Key, Client] = {}
        self._fails: dict[str, tuple[int, float]] = {}  # host -> (wrong passcodes, locked until)

    def client(self, key: Key) -> Client:
        """The client's record (a new one for a new source), marked as seen now."""
        now = self.clock()
        client = self.clients.get(key)
        if client is not None and key[0] == "udp" and now - client.seen > UDP_IDLE:
            client = None  # an idle UDP session has expired: connect again
        if client is None:
            if len(self.clients) >= MAX_CLIENTS:
                self._forget_idlest()
            client = Client("none" if self.required else "control", now)
            self.clients[key] = client
        client.seen = now
        return client

    def connect(self, key: Key, given: str | None) -> str:
        """/connect [passcode]: the reply's data (`ok:...` or `badpass`)."""
        client = self.client(key)
        host = key[1]
        if not self.required:
            client.permission = "control"
            return GRANTED["control"]
        now = self.clock()
        fails, until = self._fails.get(host, (0, 0.0))
        if now < until:
            return BADPASS  # still locked out: not even compared
        if given is None or given == "":
            client.permission = "none"
            return GRANTED["none"]
        if self.passcode and hmac.compare_digest(given.encode(), self.passcode.encode()):
            client.permission = "control"
        elif self.view_passcode and hmac.compare_digest(
            given.encode(), self.view_passcode.encode()
        ):
            client.permission = "view"
        else:
            client.permission = "none"
            lockout = min(MAX_LOCKOUT, FIRST_LOCKOUT * 2**fails)
            if len(self._fails) >= MAX_CLIENTS:
                self._fails = {h: f for h, f in self._fails.items() if f[1] > now}
            self._fails[host] = (fails + 1, now + lockout)
            return BADPASS
        self._fails.pop(host, None)
        return GRANTED[client.permission]

    @staticmethod
    def permits(permission: Permission, need: str) -> bool:
        if need == "none" or permission == "control":
            return True
        return need == "view" and permission == "view"

    def disconnect(self, key: Key) -> None:
        client = self.clients.get(key)
        if client is not None:
            client.permission = "none" if self.required else "control"
            client.updates = False

    def drop(self, key: Key) -> None:
        """A TCP connection closed."""
        self.clients.pop(key, None)

    def subscribers(self) -> list[Key]:
        """Clients that asked for updates, may read, and (UDP) have not gone idle."""
        now = self.clock()
        return [
            key
            for key, c in self.clients.items()
            if c.updates
            and c.permission != "none"
            and (key[0] == "tcp" or now - c.seen <= UDP_IDLE)
        ]

    def _forget_idlest(self) -> None:
        now = self.clock()
        idle = [k for k, c in self.clients.items() if k[0] == "udp" and now - c.seen > UDP_IDLE]
        for key in (
            idle
            or sorted(
                (k for k in self.clients if k[0] == "udp"), key=lambda k: self.clients[k].seen
            )[: MAX_CLIENTS // 8]
        ):
            del self.clients[key]
