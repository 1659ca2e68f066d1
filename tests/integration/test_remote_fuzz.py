"""Fuzzing the OSC server over real sockets: Hypothesis-drawn and random packets over UDP, and a
damaged SLIP stream over TCP. The server must never stop, every command it hands the engine must
be a well-formed command line, and it must still answer at once afterwards.

The packet budget is lifted here so that every packet is parsed (from one host the budget would
drop most of them unread); bench/remote.py --fuzz sends 100,000 to the engine process itself.
"""

from __future__ import annotations

import json
import queue
import random
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cues import Cue, cue_type
from showdesk.engine.engine import Notice, parse_command
from showdesk.remote.config import RemoteConfig
from showdesk.remote.server import RemoteServer
from showdesk.remote.state import ShowMirror
from showdesk.remote.throttle import Budget
from showdesk.wire.framing import SlipDecoder, slip_encode
from showdesk.wire.osc import encode_own
from tests.remote_fuzz import drain, packets, stream

OSC = cue_type("osc")
STATUSES = {"listening", "ok", "error", "denied", "malformed", "throttled", "refused",
            "connected", "dropped"}  # fmt: skip


class Served:
    def __init__(self) -> None:
        cues = [Cue(OSC, OSC.parse(f"/c/{n}"), id=f"id{n}", number=str(n)) for n in range(1, 5)]
        self.mirror = ShowMirror(workspace="WS", name="Fuzz", list_name="Main", cues=cues,
                                 min_go_interval=0.0, live=False, playhead="id1")  # fmt: skip
        self.queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        config = RemoteConfig(True, 0, "127.0.0.1", "", "")
        self.server = RemoteServer(config, self.mirror, self.queue.put,
                                   budget=Budget(rate=1e9, burst=1e9))  # fmt: skip
        self.server.open()
        self.server.start()
        self.commands = 0
        self.notices: list[dict[str, object]] = []

    def check(self) -> None:
        """Alive, answering, and everything it handed the engine well formed."""
        assert self.server.transports.thread.is_alive()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=5) as sock:
            sock.sendall(slip_encode(encode_own("/thump")))
            decoder = SlipDecoder()
            started = time.perf_counter()
            got: list[bytes] = []
            while not got:
                got = decoder.feed(sock.recv(65536))
            assert time.perf_counter() - started < 2.0
            assert got[0].startswith(b"/reply/thump")
        while True:
            try:
                item = self.queue.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, Notice):
                assert item.fields["status"] in STATUSES, item
                assert "could not handle" not in str(item.fields.get("reason")), item
                self.notices.append(item.fields)
            else:
                assert isinstance(item, str)
                _, _, source = parse_command(item)
                assert source.startswith("osc ")
                assert "via" in json.loads(item)
                self.commands += 1

    def close(self) -> None:
        self.server.close()


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    running = Served()
    yield running
    running.close()


def send_udp(port: int, items: list[bytes]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
        for n, data in enumerate(items):
            sock.sendto(data[:65000], ("127.0.0.1", port))
            if n % 200 == 199:
                time.sleep(0.005)  # let the server keep up: a dropped datagram tests nothing


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)  # fmt: skip
@given(st.lists(st.binary(max_size=120), min_size=1, max_size=30))
def test_hypothesis_packets_never_stop_the_server(served: Served, items: list[bytes]) -> None:
    send_udp(served.server.port, [*items, *(b"/" + item for item in items)])
    served.check()


def test_thousands_of_broken_packets_over_udp_and_tcp(served: Served) -> None:
    rng = random.Random(15)
    over_udp = packets(rng, 3000)
    over_tcp = packets(rng, 2000)
    with socket.create_connection(("127.0.0.1", served.server.port), timeout=10) as sock:
        replies = threading.Thread(target=drain, args=(sock,), daemon=True)
        replies.start()
        sock.sendall(stream(rng, over_tcp))
        send_udp(served.server.port, over_udp)
        time.sleep(0.5)
    served.check()
    assert served.commands > 100  # some of it was a valid dictionary command
    statuses = {n["status"] for n in served.notices}
    assert {"malformed", "error"} <= statuses
