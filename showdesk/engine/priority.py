"""Asking the operating system to put the timing loop first.

A show computer is not a quiet machine: a browser, a video player or the desktop app itself may be
busy on the same cores. The engine's timing thread (and the thread that reads commands, so a GO is
not queued behind them) asks for real-time round-robin scheduling where the OS allows it (Linux as
root, or with an rtprio limit), else for a better nice value, else stays as it is. The loop only
spins for the last millisecond before a deadline, so a real-time priority costs other programs
almost nothing. What was granted is reported in the `ready` event, never silently assumed.
`SHOWDESK_PRIORITY=normal` in the environment keeps the engine at normal priority.
"""

from __future__ import annotations

import os
import sys

# Low among real-time priorities: above every normal program, below audio servers like JACK.
RT_PRIORITY = 10
NICE = -10
# The longest a thread holding the GIL (the log writer) can keep the timing thread waiting.
SWITCH_INTERVAL = 0.0002


def raise_priority() -> str:
    """Raises the calling thread's priority as far as allowed; returns what it got, in words."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    if os.environ.get("SHOWDESK_PRIORITY", "").lower() == "normal":
        return "normal"
    if sys.platform.startswith("linux"):
        try:
            # pid 0 is the calling thread on Linux: only the threads that ask are raised.
            os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(RT_PRIORITY))
            return f"real-time (round robin {RT_PRIORITY})"
        except (OSError, AttributeError):
            pass
    if hasattr(os, "nice"):
        try:
            os.nice(NICE)  # on Linux this is per thread too
            return f"nice {NICE}"
        except OSError:
            pass
    return "normal"
