"""`showdesk-app`'s window thread runs ahead of ordinary programs (nice -5), so a machine kept
busy by something else does not hold up the row that shows a GO; the engine it starts is still
the one that is real-time."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.test_app_start import app_env

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="as root the app sets it itself")


def nice_of(pid: int, tid: int) -> int:
    stat = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[16])


def test_the_window_thread_gets_nice_minus_5(tmp_path: Path) -> None:
    env = app_env(tmp_path, QT_QPA_PLATFORM="offscreen")
    with subprocess.Popen([sys.executable, "-m", "ui.app", "--demo"], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:  # fmt: skip
        try:
            deadline = time.monotonic() + 15
            while (nice := nice_of(proc.pid, proc.pid)) != -5 and time.monotonic() < deadline:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                time.sleep(0.05)
            policy = os.sched_getscheduler(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    assert nice == -5
    assert policy == os.SCHED_OTHER  # not real-time
