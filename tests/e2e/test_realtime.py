"""The engine's timing thread as the OS scheduled it: what `ready` reports, checked against the
kernel's own view (/proc), and a dense schedule under RLIMIT_RTTIME (the limit rtkit imposes)."""

from __future__ import annotations

import json
import os
import resource
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cues import Cue, cue_type
from showdesk.showfile import ShowFile
from tests.e2e.test_run import engine

FADE = cue_type("fade")
SCHED_RR = 2  # /proc/PID/task/TID/sched `policy` line (SCHED_RESET_ON_FORK is not shown there)


def can_sched_rr() -> bool:
    """Whether this process may make a thread SCHED_RR (root with CAP_SYS_NICE, or rtprio)."""
    if not sys.platform.startswith("linux"):
        return False
    probe = subprocess.run(
        [sys.executable, "-c", "import os; os.sched_setscheduler(0, os.SCHED_RR, "
         "os.sched_param(10))"], capture_output=True, check=False,
    )  # fmt: skip
    return probe.returncode == 0


needs_rr = pytest.mark.skipif(
    not can_sched_rr(), reason="this user may not use SCHED_RR (not root, no rtprio limit)"
)


def thread_policy(pid: int, tid: int) -> int:
    """The scheduling policy of one thread, as the kernel reports it."""
    for line in Path(f"/proc/{pid}/task/{tid}/sched").read_text().splitlines():
        if line.startswith("policy"):
            return int(line.split(":")[1])
    raise AssertionError(f"no policy line for thread {tid}")


def start(path: Path, *args: str, env: dict[str, str] | None = None,
          rttime_us: int | None = None) -> subprocess.Popen[str]:  # fmt: skip
    def limit() -> None:
        if rttime_us is not None:
            resource.setrlimit(resource.RLIMIT_RTTIME, (rttime_us, rttime_us))

    return engine(path, *args, env=env, preexec_fn=limit)


def ready_of(proc: subprocess.Popen[str]) -> dict[str, Any]:
    assert proc.stdout is not None
    event: dict[str, Any] = json.loads(proc.stdout.readline())
    assert event["event"] == "ready", event
    return event


@needs_rr
def test_ready_reports_real_time_and_the_kernel_agrees(show_path: Path) -> None:
    ShowFile.create(show_path).close()
    with start(show_path) as proc:
        ready = ready_of(proc)
        # The main thread runs the timing loop; its thread id is the process id.
        policy = thread_policy(proc.pid, proc.pid)
        assert proc.stdin is not None
        proc.stdin.write("quit\n")
        proc.stdin.close()
        assert proc.wait(timeout=10) == 0
    assert ready["timing"] == {
        "mechanism": "sched_setscheduler",
        "priority": "real-time (round robin 10)",
        "realtime": True,
        "attempts": ["sched_setscheduler: real-time (round robin 10)"],
    }
    assert ready["priority"] == "real-time (round robin 10)"  # for readers of the old field
    assert policy == SCHED_RR


def test_showdesk_priority_normal_asks_for_nothing(show_path: Path) -> None:
    ShowFile.create(show_path).close()
    env = {**os.environ, "SHOWDESK_PRIORITY": "normal"}
    with start(show_path, env=env) as proc:
        ready = ready_of(proc)
        policy = thread_policy(proc.pid, proc.pid)
        assert proc.stdin is not None
        proc.stdin.close()
        assert proc.wait(timeout=10) == 0
    assert ready["timing"]["mechanism"] == "none"
    assert ready["timing"]["realtime"] is False
    assert ready["priority"] == "normal"
    assert policy == 0  # SCHED_OTHER


@needs_rr
def test_a_1khz_fade_runs_to_the_end_under_rlimit_rttime(show_path: Path) -> None:
    """Fade steps 1 ms apart keep the loop spinning from one deadline to the next. rtkit makes
    the engine set RLIMIT_RTTIME, and the kernel kills a real-time thread that runs that long
    without sleeping; the loop must sleep now and then and lose no step."""
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(5.0)
    with ShowFile.create(show_path) as show:
        show.set_destination("MIX", f"osc.udp://127.0.0.1:{receiver.getsockname()[1]}")
        show.add_cues([Cue(FADE, FADE.parse("/fader f 0 -> 1 rate=1000"), number="1",
                           target="MIX", duration=0.6)])  # fmt: skip
    with start(show_path, "--live", rttime_us=100_000) as proc:
        ready_of(proc)
        out, err = proc.communicate("go\n", timeout=20)
    receiver.close()
    assert proc.returncode == 0, f"engine ended with {proc.returncode}: {err}"
    sent = [json.loads(line) for line in out.splitlines() if '"event":"sent"' in line]
    assert len(sent) == 601  # 0, 1/1000 ... 600/1000 of the way: every step
    assert all(e["ok"] for e in sent)


@needs_rr
def test_the_doctor_check_says_real_time_here() -> None:
    from showdesk.engine.priority import realtime_check

    assert realtime_check() == [
        ("ok", "real-time: the engine gets real-time (round robin 10) via sched_setscheduler", "")
    ]
