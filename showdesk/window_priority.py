"""The desktop window's share of a busy machine.

The engine's timing loop is real-time, so a busy machine does not move its cues; what the caller
sees after GO is drawn by the window, an ordinary program. With two other programs keeping both
cores busy, Space to the row showing the cue started took p50 24-44 ms and p99 55-94 ms; with the
window's thread at nice -5, p50 15-18 ms and p99 33-38 ms (`bench/ui.py`, 2026-12-02). So the app
asks for nice WINDOW_NICE for its window's thread: better than every ordinary program, five steps
below the engine's own fallback when real-time is refused (priority.NICE), and never real-time (a
window that spins must not take a core from everything else).

Linux only (a nice value is per thread there): `setpriority` (root, or an RLIMIT_NICE that allows
it), then RealtimeKit's MakeThreadHighPriority (an ordinary user on a desktop, polkit's
`acquire-high-priority`). macOS and Windows favour the window in front themselves: nothing is
asked there. `favour` may be called from any thread for another (rtkit takes a moment over D-Bus,
so the app asks from a thread of its own); `window_check` tells `showdesk doctor` what the window
would get here.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass

from showdesk.engine.priority import NICE, asked_for_normal, on_a_thread_of_its_own

WINDOW_NICE = NICE + 5
LIMITS_FIX = (
    "let rtkit grant it (install rtkit; polkit allows the active desktop session), or allow "
    f"the user nice {WINDOW_NICE}: '@audio - nice {WINDOW_NICE}' in /etc/security/limits.d/"
    "showdesk.conf, then log in again"
)


@dataclass(frozen=True)
class Favour:
    """What the window's thread got: its nice value and the way (`""`: nothing granted)."""

    nice: int
    way: str
    refusals: tuple[str, ...] = ()

    @property
    def granted(self) -> bool:
        return self.nice <= WINDOW_NICE


def favour(tid: int, platform: str = sys.platform) -> Favour:
    """Asks for WINDOW_NICE for thread `tid` of this process by each way there is, in order."""
    if not platform.startswith("linux"):
        return Favour(0, "", (f"not asked on {platform}: it favours the window in front",))
    if asked_for_normal():
        return Favour(os.getpriority(os.PRIO_PROCESS, tid), "", ("SHOWDESK_PRIORITY=normal",))
    current = os.getpriority(os.PRIO_PROCESS, tid)
    if current <= WINDOW_NICE:
        return Favour(current, "already")
    refusals = []
    try:
        os.setpriority(os.PRIO_PROCESS, tid, WINDOW_NICE)
        return Favour(WINDOW_NICE, "setpriority")
    except PermissionError as exc:
        refusals.append(f"setpriority: {exc.strerror}")
    try:
        from showdesk.engine.rtkit import RtkitRefused, make_thread_high_priority
    except ImportError as exc:  # jeepney missing from this installation
        return Favour(current, "", (*refusals, f"rtkit: no D-Bus client ({exc})"))
    try:
        return Favour(make_thread_high_priority(tid, WINDOW_NICE), "rtkit")
    except RtkitRefused as exc:
        refusals.append(f"rtkit: {exc}")
    return Favour(current, "", tuple(refusals))


def favour_this_thread_soon() -> threading.Thread:
    """Asks for the calling thread (the window's) from a thread of its own: the window does not
    wait for D-Bus. Returns that thread (started)."""
    tid = threading.get_native_id()
    asking = threading.Thread(target=favour, args=(tid,), name="window-priority", daemon=True)
    asking.start()
    return asking


def window_check(platform: str = sys.platform) -> tuple[str, str, str]:
    """(level, text, fix) for the doctor: what the window's thread would get here, found on a
    thread of its own that then ends."""
    result = on_a_thread_of_its_own(lambda: favour(threading.get_native_id(), platform))
    if not platform.startswith("linux"):
        return ("ok", f"window: left to the system ({result.refusals[0]})", "")
    if result.granted:
        how = f" via {result.way}" if result.way != "already" else ""
        return ("ok", f"window: nice {result.nice}{how}: a busy machine does not hold up what "
                "GO shows", "")  # fmt: skip
    return (
        "warning",
        f"window: nice {result.nice} (normal): on a busy machine the window may show a GO tens "
        f"of milliseconds late; the cues are on time ({'; '.join(result.refusals)})",
        LIMITS_FIX,
    )
