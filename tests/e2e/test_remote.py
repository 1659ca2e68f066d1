"""Remote control with real clients: liblo's oscsend and oscdump over UDP, python-osc over TCP
with SLIP, the engine as its own process, and `ss` to see what listens."""

from __future__ import annotations

import queue
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pythonosc.osc_message import OscMessage
from pythonosc.osc_message_builder import OscMessageBuilder

from showdesk.wire.osc import encode_own
from tests.e2e.remote_engine import (
    Engine,
    SlipTcpClient,
    UdpReplies,
    listening,
    oscdump_replies,
    qlab_reply,
    read_lines,
    remote_show,
)


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} missing (packaging/packages-test.txt)")


def oscsend(port: int, address: str, *types_and_values: str) -> None:
    need("oscsend")
    subprocess.run(["oscsend", "127.0.0.1", str(port), address, *types_and_values],
                   check=True, timeout=10)  # fmt: skip


@pytest.fixture
def replies() -> Iterator[UdpReplies]:
    sock = UdpReplies()
    yield sock
    sock.close()


@pytest.fixture
def running(show_path: Path) -> Iterator[Engine]:
    remote_show(show_path)
    engine = Engine(show_path, "--remote", "--remote-port", "0")
    yield engine
    engine.stop()


def tcp_client(port: int) -> SlipTcpClient:
    return SlipTcpClient(port)


def ask(client: SlipTcpClient, address: str, *args: object) -> dict[str, object]:
    """Sends one message over TCP and returns its reply's JSON (updates are skipped)."""
    builder = OscMessageBuilder(address=address)
    for arg in args:
        builder.add_arg(arg)
    client.send(builder.build())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for raw in client.receive(timeout=1):
            message = OscMessage(raw)
            if message.address.startswith("/update"):
                continue
            _, body = qlab_reply(raw)
            if body["address"] == address:
                return body
    raise AssertionError(f"no reply to {address}")


def test_with_remote_off_nothing_listens(show_path: Path) -> None:
    need("ss")
    remote_show(show_path)
    engine = Engine(show_path)
    try:
        engine.event("ready")
        engine.send("status")
        engine.event("status")
        assert listening(engine.proc.pid) == []
        assert engine.of("remote") == []
    finally:
        engine.stop()


def test_on_it_listens_on_loopback_udp_and_tcp_on_one_port(running: Engine) -> None:
    need("ss")
    port = running.port
    assert listening(running.proc.pid) == [("tcp", f"127.0.0.1:{port}"),
                                           ("udp", f"127.0.0.1:{port}")]  # fmt: skip


def test_beyond_loopback_it_stays_closed_without_a_passcode_and_opens_with_one(
    tmp_path: Path,
) -> None:
    need("ss")
    bare, locked = tmp_path / "bare.showdesk", tmp_path / "locked.showdesk"
    remote_show(bare)
    remote_show(locked, passcode="stage door")
    engine = Engine(bare, "--remote", "--remote-port", "0", "--remote-bind", "0.0.0.0")
    try:
        closed = engine.event("remote", status="closed")
        assert "no passcode is set" in closed["reason"]
        engine.send("go")
        engine.event("go")  # the show runs without it
        assert listening(engine.proc.pid) == []
    finally:
        engine.stop()
    engine = Engine(locked, "--remote", "--remote-port", "0", "--remote-bind", "0.0.0.0")
    try:
        port = engine.port
        assert listening(engine.proc.pid) == [("tcp", f"0.0.0.0:{port}"),
                                              ("udp", f"0.0.0.0:{port}")]  # fmt: skip
    finally:
        engine.stop()


def test_oscsend_drives_the_show_over_udp_and_oscdump_reads_the_replies(
    running: Engine, replies: UdpReplies
) -> None:
    need("oscdump")
    port = running.port
    replies.close()  # a free port for oscdump to take
    dump = subprocess.Popen(["stdbuf", "-oL", "oscdump", "-L", str(replies.port)],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    lines: queue.SimpleQueue[str] = queue.SimpleQueue()
    threading.Thread(target=read_lines, args=(dump, lines), daemon=True).start()
    _until_listening(replies.port, lines)
    try:
        oscsend(port, "/udpReplyPort", "i", str(replies.port))
        oscsend(port, "/go")
        assert running.event("go")["cue"] == "1"
        assert running.event("go")["source"].startswith("osc 127.0.0.1:")
        oscsend(port, "/cue/3/start")
        running.event("cue", cue="3", state="running")
        ws = _workspace(running, port)
        oscsend(port, f"/workspace/{ws}/cue/2/start")
        running.event("cue", cue="2", state="running")
        oscsend(port, f"/workspace/{ws}/panic")
        running.event("remote", via=f"/workspace/{ws}/panic", status="ok")
        oscsend(port, "/cue/99/start")
        refused = running.event("remote", status="error")
        assert "no cue numbered '99'" in refused["reason"]
        got = []
        while len(got) < 6:
            got += oscdump_replies([lines.get(timeout=5)])
    finally:
        dump.kill()
        dump.wait()
        assert dump.stdout is not None
        dump.stdout.close()
    by_address = {body["address"]: (address, body) for address, body in got}
    assert by_address["/go"] == ("/reply/go", {"workspace_id": ws, "address": "/go",
                                               "status": "ok"})  # fmt: skip
    assert by_address["/cue/3/start"][1]["status"] == "ok"
    assert by_address[f"/workspace/{ws}/cue/2/start"][1]["status"] == "ok"
    assert by_address[f"/workspace/{ws}/panic"][1]["status"] == "ok"
    assert by_address["/cue/99/start"][1] == {
        "workspace_id": ws, "address": "/cue/99/start", "status": "error",
        "data": "there is no cue numbered '99'"}  # fmt: skip


QLAB_REPLY_PORT = 53001  # QLab 5's OSC dictionary: UDP replies go here unless /udpReplyPort


def test_a_udp_client_that_never_names_a_reply_port_hears_back_on_53001(running: Engine) -> None:
    """A controller set up for QLab listens on 53001 and never sends /udpReplyPort."""
    heard = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        try:
            heard.bind(("127.0.0.1", QLAB_REPLY_PORT))
        except OSError as exc:
            pytest.skip(f"127.0.0.1:{QLAB_REPLY_PORT} is taken on this machine ({exc.strerror}):"
                        " the test needs QLab's reply port itself")  # fmt: skip
        heard.settimeout(5.0)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
            client.bind(("127.0.0.1", 0))  # any port but 53001: replies must not follow it
            client.sendto(encode_own("/go"), ("127.0.0.1", running.port))
            assert running.event("go")["cue"] == "1"
            client.sendto(encode_own("/cue/playhead/number"), ("127.0.0.1", running.port))
            bodies = [qlab_reply(heard.recvfrom(65536)[0])[1] for _ in range(2)]
    finally:
        heard.close()
    got = [(b["address"], b["status"]) for b in bodies]
    assert got == [("/go", "ok"), ("/cue/playhead/number", "ok")]
    assert bodies[1]["data"] == "2"


def _until_listening(port: int, lines: queue.SimpleQueue[str]) -> None:
    """Waits until oscdump prints a probe sent to its port (it has bound the port)."""
    for _ in range(50):
        oscsend(port, "/probe")
        try:
            if "/probe" in lines.get(timeout=0.1):
                return
        except queue.Empty:
            continue
    raise AssertionError("oscdump did not start")


def _workspace(engine: Engine, port: int) -> str:
    with tcp_client(port) as client:
        data = ask(client, "/workspaces")["data"]
    assert isinstance(data, list)
    return str(data[0]["uniqueID"])


def test_a_python_osc_client_drives_the_show_over_tcp_with_slip(running: Engine) -> None:
    port = running.port
    with tcp_client(port) as client:
        ws = ask(client, "/workspaces")["data"][0]["uniqueID"]  # type: ignore[index]
        assert ask(client, "/go") == {"workspace_id": ws, "address": "/go", "status": "ok"}
        go = running.event("go")
        assert go["cue"] == "1"
        assert go["source"].startswith("osc tcp 127.0.0.1:")
        assert ask(client, f"/workspace/{ws}/cue/4/start")["status"] == "ok"
        running.event("cue", cue="4", state="running")
        assert ask(client, "/cue/playhead/number")["data"] == "2"
        assert ask(client, f"/workspace/{ws}/go")["status"] == "ok"
        assert running.of("go")[-1]["cue"] == "2" or running.event("go", cue="2")
        assert ask(client, "/panic")["status"] == "ok"
        running.event("remote", via="/panic", status="ok")
        wrong = ask(client, "/workspace/NOT-THIS-ONE/go")
        assert wrong["status"] == "error"
    assert len(running.of("go")) == 2  # the wrong workspace started nothing


def test_show_modes_lock_refuses_remote_go_while_the_app_edits(running: Engine) -> None:
    port = running.port
    running.send('{"command": "edit_mode", "text": "on", "source": "app"}')
    running.event("edit_mode", on=True)
    with tcp_client(port) as client:
        refused = ask(client, "/go")
        assert refused["status"] == "error"
        assert "edit mode" in str(refused["data"])
        assert ask(client, "/stop")["status"] == "ok"  # stopping always works
        running.send("edit_mode off")
        running.event("edit_mode", on=False)
        assert ask(client, "/go")["status"] == "ok"
    running.event("go", cue="1")
    assert running.of("remote", status="refused")[0]["reason"].startswith("/go: the app is in")
