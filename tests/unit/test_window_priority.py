"""The window's thread asks for a better nice value than ordinary programs (a busy machine must
not hold up what GO shows), never real-time, and only where a nice value is the thread's own."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from showdesk.window_priority import WINDOW_NICE, Favour, favour, window_check

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="setting a better nice value needs root")


def kernel_nice(tid: int) -> int:
    """The thread's nice value as the kernel has it (field 19 of its stat)."""
    stat = Path(f"/proc/self/task/{tid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[16])


def on_a_thread(work: Callable[[int], Any]) -> Any:
    """`work(tid)` on a new thread of normal priority, which then ends."""
    got: list[Any] = []

    def run() -> None:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, 0) if os.geteuid() == 0 else None
        got.append(work(tid))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return got[0]


@root_only
def test_root_gets_nice_minus_5_for_the_thread_and_nothing_more() -> None:
    result, nice, policy = on_a_thread(
        lambda tid: (favour(tid), kernel_nice(tid), os.sched_getscheduler(0))
    )
    assert result == Favour(WINDOW_NICE, "setpriority")
    assert WINDOW_NICE == -5
    assert nice == -5
    assert policy == os.SCHED_OTHER  # not real-time: a window that spins takes no core away
    assert window_check() == (
        "ok",
        "window: nice -5 via setpriority: a busy machine does not hold up what GO shows",
        "",
    )


@root_only
def test_a_thread_already_better_off_is_left_as_it_is() -> None:
    def better(tid: int) -> tuple[Favour, int]:
        os.setpriority(os.PRIO_PROCESS, tid, -10)
        return favour(tid), kernel_nice(tid)

    assert on_a_thread(better) == (Favour(-10, "already"), -10)


def test_showdesk_priority_normal_asks_for_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOWDESK_PRIORITY", "normal")
    result, nice = on_a_thread(lambda tid: (favour(tid), kernel_nice(tid)))
    assert result == Favour(0, "", ("SHOWDESK_PRIORITY=normal",))
    assert nice == 0


def test_macos_and_windows_are_left_to_themselves() -> None:
    assert favour(threading.get_native_id(), "darwin") == Favour(
        0, "", ("not asked on darwin: it favours the window in front",)
    )
    level, text, fix = window_check("win32")
    assert (level, fix) == ("ok", "")
    assert text == "window: left to the system (not asked on win32: it favours the window in front)"
