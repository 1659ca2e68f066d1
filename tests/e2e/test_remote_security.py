"""Remote control's locks: no passcode or a wrong one gets `denied` and changes nothing, a
view-only passcode cannot GO, UDP sessions belong to one source address and port, and a guesser
is slowed down. Real sockets against the engine process."""

from __future__ import annotations

import random
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from showdesk.wire.osc import encode_own
from tests.e2e.remote_engine import Engine, qlab_reply, remote_show
from tests.e2e.test_remote import ask, tcp_client
from tests.remote_fuzz import packets

PASSCODE, VIEW = "stage door", "front of house"


@pytest.fixture
def engine(show_path: Path) -> Iterator[Engine]:
    remote_show(show_path, passcode=PASSCODE, view_passcode=VIEW)
    running = Engine(show_path, "--remote", "--remote-port", "0")
    yield running
    running.stop()


def nothing_ran(engine: Engine) -> None:
    engine.send("status")
    status = engine.wait_for(lambda e: e["event"] == "status")
    assert status["standing_by"] == "1"
    assert status["running"] == []
    assert engine.of("go") == []
    assert engine.of("remote", status="ok") == []


def test_no_passcode_or_a_wrong_one_is_denied_and_changes_nothing(engine: Engine) -> None:
    with tcp_client(engine.port) as client:
        assert ask(client, "/go")["status"] == "denied"
        assert ask(client, "/cue/2/start")["status"] == "denied"
        assert ask(client, "/cueLists")["status"] == "denied"  # not even reading
        assert ask(client, "/connect", "guess")["data"] == "badpass"
        assert ask(client, "/go")["status"] == "denied"
        assert ask(client, "/showdesk/note", "hello")["status"] == "denied"
    nothing_ran(engine)
    denied = engine.of("remote", status="denied")
    assert denied[0]["reason"] == "/go: /connect with the passcode first"
    assert denied[0]["source"].startswith("osc tcp 127.0.0.1:")


def test_the_view_passcode_reads_but_cannot_go(engine: Engine) -> None:
    with tcp_client(engine.port) as client:
        assert ask(client, "/connect", VIEW)["data"] == "ok:view"
        assert ask(client, "/cueLists")["status"] == "ok"
        assert ask(client, "/updates", 1)["status"] == "ok"
        for address in ("/go", "/panic", "/cue/1/start", "/playhead/next"):
            assert ask(client, address)["status"] == "denied", address
    nothing_ran(engine)
    assert engine.of("remote", status="denied")[0]["reason"] == ("/go: this passcode may only read")


def test_the_passcode_lets_a_client_control(engine: Engine) -> None:
    with tcp_client(engine.port) as client:
        assert ask(client, "/connect", PASSCODE)["data"] == "ok:view|control"
        assert ask(client, "/go")["status"] == "ok"
    assert engine.event("go")["cue"] == "1"


def test_a_udp_session_is_one_source_address_and_port(engine: Engine) -> None:
    port = engine.port
    a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    replies = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        replies.bind(("127.0.0.1", 0))
        replies.settimeout(5)
        for sock in (a, b):
            sock.bind(("127.0.0.1", 0))
        # replies for this host go to one socket (they are per host, as /udpReplyPort sets)
        a.sendto(encode_own("/udpReplyPort", [("i", replies.getsockname()[1])]),
                 ("127.0.0.1", port))  # fmt: skip
        time.sleep(0.2)
        a.sendto(encode_own("/connect", [("s", PASSCODE)]), ("127.0.0.1", port))
        time.sleep(0.2)
        b.sendto(encode_own("/go"), ("127.0.0.1", port))  # another port: not connected
        bodies = []
        while len(bodies) < 3:
            bodies.append(qlab_reply(replies.recvfrom(65536)[0])[1])
        assert [(x["address"], x["status"]) for x in bodies[1:]] == [
            ("/connect", "ok"),
            ("/go", "denied"),
        ]
        a.sendto(encode_own("/go"), ("127.0.0.1", port))
        assert qlab_reply(replies.recvfrom(65536)[0])[1]["status"] == "ok"
        assert engine.event("go")["source"] == f"osc 127.0.0.1:{a.getsockname()[1]}"
    finally:
        for sock in (a, b, replies):
            sock.close()
    assert len(engine.of("go")) == 1


def test_a_wrong_passcode_locks_that_address_out_for_a_while(engine: Engine) -> None:
    with tcp_client(engine.port) as client:
        assert ask(client, "/connect", "wrong")["data"] == "badpass"
        # at once, even the right passcode is not looked at
        assert ask(client, "/connect", PASSCODE)["data"] == "badpass"
        time.sleep(0.6)
        assert ask(client, "/connect", PASSCODE)["data"] == "ok:view|control"


def test_a_flood_from_one_source_is_throttled_and_another_source_still_goes(
    show_path: Path,
) -> None:
    remote_show(show_path)
    engine = Engine(show_path, "--remote", "--remote-port", "0")
    rng = random.Random(7)
    junk = packets(rng, 4000)
    flood = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        port = engine.port
        # Small packets a few at a time: a burst of big datagrams overflows the socket's receive
        # buffer, and packets the kernel drops never reach the budget that is under test.
        for k, data in enumerate(junk):
            flood.sendto(data[:256], ("127.0.0.1", port))
            if k % 50 == 49:
                time.sleep(0.001)
        with tcp_client(port) as client:  # another source: its own budget
            assert ask(client, "/go")["status"] == "ok"
        engine.wait_for(lambda e: e["event"] == "go" and e["source"].startswith("osc tcp"))
        engine.send("go")  # and the engine's own commands go on (the flood's GOs may have
        # taken the playhead past the end: then it is a rejected GO, answered all the same)
        engine.wait_for(lambda e: e["event"] in ("go", "go_rejected") and e["source"] == "command")
        throttled = engine.event("remote", status="throttled")
        assert throttled["source"] == f"osc 127.0.0.1:{flood.getsockname()[1]}"
    finally:
        flood.close()
        errors = engine.stop()
    assert engine.proc.returncode == 0, errors
    trouble = [e for e in engine.of("remote") if e["status"] not in ("ok", "listening")]
    assert len(trouble) < 40  # thousands of bad packets, a handful of lines
