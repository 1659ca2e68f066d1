"""The OSC server: packets in, engine commands and replies out, with the guards in between.

Each packet passes, in order: the sender's packet budget (throttle.py), decoding (a malformed
packet is dropped), then for each message the route (qlab.py), the client's permission
(sessions.py), show mode's lock (no remote GO while the app is in edit mode) and finally the
engine: a command becomes a JSON command line on the engine's queue, with its `source`
(`osc 10.0.0.4:53001`, `osc tcp 127.0.0.1:50112`) and `via` (the address). The engine's own
guards (the minimum GO interval, rehearsal or live) apply there as to Space. Refusals, denials,
malformed and throttled packets become `remote` events (the first of a kind from a source at
once, then a count every few seconds), published by the engine's loop like every other event.
"""

from __future__ import annotations

import json
import queue
import time
from collections.abc import Callable
from typing import Any

from showdesk.engine.engine import REFUSED_WHILE_EDITING, Notice
from showdesk.outputs import Quiet
from showdesk.remote.config import RemoteConfig
from showdesk.remote.qlab import Routed, route
from showdesk.remote.replies import (
    MAX_UDP_REPLY,
    UDP_REPLY_PORT,
    cue_update,
    playhead_update,
    reply,
)
from showdesk.remote.sessions import Client, Key, Sessions
from showdesk.remote.state import ShowMirror
from showdesk.remote.throttle import RATE, Budget, Tally
from showdesk.remote.transport import Transports
from showdesk.wire.oscin import OscDecodeError, OscIn, decode_packet

Put = Callable[[object], None]  # the engine's command queue
EDITING = "the app is in edit mode: remote control may not start or move cues until it is back "
EDITING += "in show mode"


class RemoteServer:
    def __init__(
        self,
        config: RemoteConfig,
        mirror: ShowMirror,
        put: Put,
        quiet: Quiet | None = None,
        clock: Callable[[], float] = time.monotonic,
        budget: Budget | None = None,
    ) -> None:
        self.config = config
        self.mirror = mirror
        self.put = put
        self.sessions = Sessions(config.passcode, config.view_passcode, clock)
        self.budget = budget or Budget(clock=clock)
        self.tally = Tally(clock=clock)
        self.reply_ports: dict[str, int] = {}  # host -> UDP port its replies go to
        self.transports = Transports(config.bind, config.port, self._packet, tick=self._tick,
                                     closed=self.sessions.drop, trouble=self._trouble,
                                     quiet=quiet)  # fmt: skip
        self.subscribed = False  # some client asked for updates (read on the timing thread)
        self._news: queue.SimpleQueue[tuple[str, str | None]] = queue.SimpleQueue()
        self._waking = False
        mirror.changed = self._changed

    @property
    def port(self) -> int:
        return self.transports.port

    def open(self) -> None:
        """Binds the port (OSError if it cannot): done as the show loads."""
        self.transports.open()

    def start(self) -> None:
        self.transports.start()
        self.put(Notice("remote", {
            "status": "listening", "source": "osc",
            "reason": f"OSC on {self.config.bind}:{self.port}, UDP and TCP; "
                      + ("a passcode is needed" if self.sessions.required else "no passcode")
                      + f"; workspace id {self.mirror.workspace}",
            "bind": self.config.bind, "port": self.port, "workspace": self.mirror.workspace,
        }))  # fmt: skip

    def close(self) -> list[Notice]:
        """Stops serving; returns the counts of trouble not yet told, for the log."""
        self.transports.close()
        return [_told(source, status, reason, count)
                for source, status, count, reason in self.tally.due(everything=True)]  # fmt: skip

    # -- the timing thread: news for subscribers -------------------------------------------

    def _changed(self, kind: str, cue_id: str | None) -> None:
        if not self.subscribed:
            return
        self._news.put((kind, cue_id))
        if not self._waking:
            self._waking = True
            self.transports.wake()

    # -- the server thread -----------------------------------------------------------------

    def _packet(self, key: Key, source: str, data: bytes) -> None:
        if not self.budget.allow(key, key[1]):
            self._trouble(source, "throttled", f"over {RATE:g} packets a second: dropped")
            return
        try:
            messages = decode_packet(data)
        except OscDecodeError as exc:
            self._trouble(source, "malformed", f"not OSC: {exc}")
            return
        for message in messages:
            self._message(key, source, message)

    def _message(self, key: Key, source: str, message: OscIn) -> None:
        client = self.sessions.client(key)
        address = message.address
        routed = route(message, self.mirror, port=self.port, needs_passcode=self.sessions.required)
        workspace = None if routed.app else self.mirror.workspace
        if routed.session:
            self._session(key, source, client, routed, message)
        elif not self.sessions.permits(client.permission, routed.need):
            why = "this passcode may only read" if client.permission == "view" else (
                "/connect with the passcode first")  # fmt: skip
            self._send(key, reply(address, "denied", workspace))
            self._trouble(source, "denied", f"{address}: {why}")
        elif routed.error:
            if routed.need == "control":  # a command that could not be carried out
                self._trouble(source, "error", f"{address}: {routed.error}")
            self._send(key, reply(address, "error", workspace, routed.error, True))
        elif routed.command is not None:
            if self.mirror.editing and routed.command["command"] in REFUSED_WHILE_EDITING:
                self._trouble(source, "refused", f"{address}: {EDITING}")
                self._send(key, reply(address, "error", workspace, EDITING, True))
                return
            line = {**routed.command, "source": source, "via": address}
            self.put(json.dumps(line, separators=(",", ":")))
            if client.always_reply:
                self._send(key, reply(address, "ok", workspace))
        else:
            self._send(key, reply(address, "ok", workspace, routed.data, routed.has_data))

    def _session(
        self, key: Key, source: str, client: Client, routed: Routed, message: OscIn
    ) -> None:
        op, args, address = routed.session, message.args, message.address
        workspace = None if routed.app else self.mirror.workspace
        if op == "connect":
            given = args[0] if args and isinstance(args[0], str) else None
            before = client.permission
            data = self.sessions.connect(key, given)
            if data == "badpass":
                self._trouble(source, "denied", "/connect: a wrong passcode")
            elif client.permission != before:
                self._tell(source, "connected", f"may {client.permission}", address)
            self._send(key, reply(address, "ok", workspace, data, True))
            return
        if op == "disconnect":
            self.sessions.disconnect(key)
            self._send(key, reply(address, "ok", workspace))
            return
        number = args[0] if args and isinstance(args[0], int | float) else None
        # Where replies go is allowed before /connect: the answer to /connect has to reach
        # the client too. It only ever names a port of the sender's own address.
        if op != "udpReplyPort" and not self.sessions.permits(client.permission, "view"):
            self._send(key, reply(address, "denied", workspace))
            self._trouble(source, "denied", f"{address}: /connect with the passcode first")
            return
        if op == "udpReplyPort":
            if number is None or not 1 <= number <= 65535 or key[0] != "udp":
                self._send(key, reply(address, "error", workspace, "a UDP port, 1-65535", True))
                return
            self.reply_ports[key[1]] = int(number)
        elif op == "updates":
            if number is not None:
                client.updates = bool(number)
                self.subscribed = bool(self.sessions.subscribers())
        elif number is not None:  # alwaysReply
            client.always_reply = bool(number)
        self._send(key, reply(address, "ok", workspace))

    def _send(self, key: Key, packet: bytes) -> None:
        if key[0] == "tcp":
            self.transports.send_tcp(key, packet)
        elif len(packet) <= MAX_UDP_REPLY:
            self.transports.send_udp(key[1], self.reply_ports.get(key[1], UDP_REPLY_PORT), packet)

    def _tick(self) -> None:
        """After each round of the server thread: push news, tell counts that are due."""
        self._waking = False
        news: list[tuple[str, str | None]] = []
        while True:
            try:
                item = self._news.get_nowait()
            except queue.Empty:
                break
            if item not in news:
                news.append(item)
        if news:
            subscribers = self.sessions.subscribers()
            self.subscribed = bool(subscribers)
            for kind, cue_id in news:
                ws = self.mirror.workspace
                packet = cue_update(ws, cue_id or "") if kind == "cue" else (
                    playhead_update(ws, self.mirror.list_id, cue_id))  # fmt: skip
                for key in subscribers:
                    self._send(key, packet)
        for source, status, count, reason in self.tally.due():
            self._tell(source, status, reason, count=count)

    def _trouble(self, source: str, status: str, reason: str) -> None:
        """Refusals and bad packets: the first of a kind from a source is told at once, then a
        count every few seconds (a flood is a few lines in the log)."""
        told = self.tally.add(source, status, reason)
        if told is not None:
            self._tell(source, status, told[1], count=told[0])

    def _tell(self, source: str, status: str, reason: str, via: str = "", count: int = 1) -> None:
        self.put(_told(source, status, reason, count, via))


def _told(source: str, status: str, reason: str, count: int = 1, via: str = "") -> Notice:
    fields: dict[str, Any] = {"status": status, "source": source, "reason": reason}
    if via:
        fields["via"] = via
    if count != 1:
        fields["count"] = count
    return Notice("remote", fields)
