"""`showdesk run` as a separate process: commands on stdin, JSON events on stdout, real sockets."""

from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cues import Cue, cue_type
from cues.base import ContinueMode
from showdesk.showfile import ShowFile

OSC = cue_type("osc")


@pytest.fixture
def receiver() -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(5.0)
    yield sock
    sock.close()


def chain_show(path: Path, port: int, count: int = 3, post_wait: float = 0.05) -> None:
    """Cues 1..count sending /cue/N, chained by auto-continue `post_wait` apart."""
    with ShowFile.create(path) as show:
        show.set_destination("LX", f"osc.udp://127.0.0.1:{port}")
        show.add_cues(
            Cue(OSC, OSC.parse(f"/cue/{n} i {n}"), number=str(n), target="LX",
                post_wait=post_wait if n < count else 0.0,
                continue_mode=ContinueMode.AUTO_CONTINUE if n < count else ContinueMode.NONE)
            for n in range(1, count + 1)
        )  # fmt: skip


def engine(path: Path, *args: str, **popen: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "showdesk", "run", str(path), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def events_of(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_live_sends_in_order_on_schedule_to_a_real_socket(
    show_path: Path, receiver: socket.socket
) -> None:
    chain_show(show_path, receiver.getsockname()[1])
    with engine(show_path, "--live", "--performance", "tech 1") as proc:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.close()  # closing stdin lets the sequence finish, then the engine exits
        arrivals = []
        for _ in range(3):
            data, _ = receiver.recvfrom(2048)
            arrivals.append((time.perf_counter(), data))
        assert proc.stdout is not None
        out = proc.stdout.read()
        assert proc.wait(timeout=10) == 0
    assert [data.split(b"\0")[0] for _, data in arrivals] == [b"/cue/1", b"/cue/2", b"/cue/3"]
    assert arrivals[2][1] == bytes.fromhex("2f6375652f330000 2c690000 00000003")
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(arrivals)]
    assert all(0.03 < gap < 0.5 for gap in gaps), gaps  # spaced, not all at once
    sent = [e for e in events_of(out) if e["event"] == "sent"]
    assert [e["cue"] for e in sent] == ["1", "2", "3"]
    assert [round(b["scheduled"] - a["scheduled"], 9) for a, b in itertools.pairwise(sent)] == [
        0.05,
        0.05,
    ]
    assert not any(e["offline"] for e in sent)
    ready = events_of(out)[0]
    assert (ready["event"], ready["mode"], ready["name"]) == ("ready", "live", "tech 1")


def test_rehearsal_sends_nothing_and_reports_every_message(
    show_path: Path, receiver: socket.socket
) -> None:
    chain_show(show_path, receiver.getsockname()[1])
    with engine(show_path) as proc:
        out, err = proc.communicate("go\n", timeout=10)
    assert proc.returncode == 0, err
    receiver.settimeout(0.3)
    with pytest.raises(TimeoutError):
        receiver.recvfrom(2048)
    sent = [e for e in events_of(out) if e["event"] == "sent"]
    assert [(e["message"], e["offline"]) for e in sent] == [
        ("/cue/1 i 1", True),
        ("/cue/2 i 2", True),
        ("/cue/3 i 3", True),
    ]
    assert sent[0]["bytes"] == "2f6375652f3100002c69000000000001"


def test_every_event_on_stdout_is_in_the_run_log(show_path: Path, receiver: socket.socket) -> None:
    chain_show(show_path, receiver.getsockname()[1])
    with engine(show_path, "--performance", "preview 2") as proc:
        out, _ = proc.communicate("go\nbogus\nnote Sound late\nstatus\n", timeout=10)
    printed = events_of(out)
    with ShowFile.open(show_path) as show:
        (performance,) = show.db.query("SELECT * FROM performances")
        logged = [
            json.loads(r["detail"]) for r in show.db.query("SELECT detail FROM events ORDER BY id")
        ]
    assert logged == printed
    assert {"ready", "go", "sent", "error", "note", "status"} <= {e["event"] for e in logged}
    assert (performance["name"], performance["mode"]) == ("preview 2", "rehearsal")
    assert performance["ended"] is not None


def test_sigkill_loses_no_event_that_was_printed(show_path: Path, receiver: socket.socket) -> None:
    chain_show(show_path, receiver.getsockname()[1], count=400, post_wait=0.002)
    with engine(show_path) as proc:
        assert proc.stdin is not None
        assert proc.stdout is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
        printed = []
        while len(printed) < 300:  # kill it in the middle of the sequence
            printed.append(json.loads(proc.stdout.readline()))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    with ShowFile.open(show_path) as show:
        assert show.integrity_problems() == []
        logged = [
            json.loads(r["detail"]) for r in show.db.query("SELECT detail FROM events ORDER BY id")
        ]
    assert logged[: len(printed)] == printed


def test_a_cue_list_that_cannot_run_is_refused_with_a_message(show_path: Path) -> None:
    group_type, memo = cue_type("group"), cue_type("memo")
    with ShowFile.create(show_path) as show:
        group = Cue(group_type, group_type.parse("timeline"), number="G")
        show.add_cues([group, Cue(memo, memo.parse(""), number="1"),
                       Cue(memo, memo.parse(""), number="2", parent=group.id)])  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "showdesk", "run", str(show_path)],
        input="", capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode == 1
    assert "cannot run" in result.stderr
    assert "cue 2" in result.stderr
    assert "Traceback" not in result.stderr
