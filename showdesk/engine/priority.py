"""Asking the operating system to put the timing loop first.

A show computer is not a quiet machine: a browser, a video player or the desktop app itself may be
busy on the same cores, and at normal priority they take the core at the wrong moment (a loaded
p99 of 4 ms instead of 0.05 ms, docs/performance.md). So the engine's timing thread (and the
thread that reads commands, so a GO is not queued behind them) asks for real-time scheduling by
each way its system has, in order, and keeps the first that works:

- Linux: `sched_setscheduler` SCHED_RR directly (root, or an RLIMIT_RTPRIO such as the audio
  group's), then RealtimeKit over the system bus (how desktop audio gets it for ordinary users),
  then a better nice value within RLIMIT_NICE (not real-time).
- macOS: the thread's time-constraint policy (no privileges needed).
- Windows: MMCSS "Pro Audio" at critical priority, with 1 ms timers.

Every way tried is reported with what it got (`Timing.attempts`, in the `ready` event), never
silently assumed. `SHOWDESK_PRIORITY=normal` in the environment keeps the engine at normal
priority. `realtime_check` tells `showdesk doctor` what the engine would get here, and how to get
real-time where it would not.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeVar

# Low among real-time priorities: above every normal program, below audio servers like JACK.
RT_PRIORITY = 10
NICE = -10
# The longest a thread holding the GIL (the log writer) can keep the timing thread waiting.
SWITCH_INTERVAL = 0.0002

T = TypeVar("T")
Mechanism = Literal["sched_setscheduler", "rtkit", "nice", "mmcss", "time-constraint", "none"]


@dataclass(frozen=True)
class Timing:
    """What the calling thread was granted, and what each way tried on the way got."""

    mechanism: Mechanism
    priority: str  # in words, e.g. "real-time (round robin 10)"
    realtime: bool
    attempts: tuple[str, ...] = ()
    # For the doctor: each refused way, the kind of refusal ("absent", "denied"...), its words.
    refusals: tuple[tuple[str, str, str], ...] = ()

    def event(self) -> dict[str, Any]:
        """The `ready` event's `timing` field."""
        return {
            "mechanism": self.mechanism,
            "priority": self.priority,
            "realtime": self.realtime,
            "attempts": list(self.attempts),
        }


NORMAL = Timing("none", "normal", False)


class Refused(Exception):
    """A way that did not get what it asked for; `kind` sorts the reason for the doctor."""

    def __init__(self, message: str, kind: str = "denied") -> None:
        super().__init__(message)
        self.kind = kind


Way = Callable[[], Timing]


def raise_priority() -> Timing:
    """Raises the calling thread's priority as far as this system allows; returns what it got."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    return acquire()


def below_timing_loop() -> Timing:
    """For a thread of the engine's beside the timing loop (the command reader, the run log,
    the printer, remote control's server): the same real-time class, one step below. Such a
    thread then loses its core to no ordinary program while it holds the GIL the timing
    thread waits for, and never takes the core from the timing thread."""
    timing = raise_priority()
    if timing.realtime:
        with contextlib.suppress(OSError, AttributeError):  # AttributeError: not Linux
            # The policy as granted, SCHED_RESET_ON_FORK included: rtkit grants it so, and an
            # ordinary user may not clear it (EPERM), which left every worker at the timing
            # loop's own priority.
            os.sched_setscheduler(0, os.sched_getscheduler(0), os.sched_param(RT_PRIORITY - 1))
    return timing


def acquire(platform: str = sys.platform) -> Timing:
    """Tries each way of `platform` in order for the calling thread and keeps the first that
    works, or reports normal priority with every refusal."""
    if asked_for_normal():
        return replace(NORMAL, attempts=("SHOWDESK_PRIORITY=normal: nothing asked",))
    attempts: list[str] = []
    refusals: list[tuple[str, str, str]] = []
    for name, way in ways(platform):
        try:
            timing = way()
        except Refused as exc:
            attempts.append(f"{name}: {exc}")
            refusals.append((name, exc.kind, str(exc)))
            continue
        attempts.append(f"{name}: {timing.priority}")
        return replace(timing, attempts=tuple(attempts), refusals=tuple(refusals))
    return replace(NORMAL, attempts=tuple(attempts), refusals=tuple(refusals))


def ways(platform: str) -> list[tuple[str, Way]]:
    """The ways to try on a system, best first."""
    if platform.startswith("linux"):
        return [("sched_setscheduler", _sched_rr), ("rtkit", _rtkit), ("nice", _nice)]
    if platform == "darwin":
        return [("time-constraint", _time_constraint)]
    if platform == "win32":
        return [("mmcss", _mmcss)]
    return []


def _sched_rr() -> Timing:
    """SCHED_RR for the calling thread (pid 0 is the calling thread on Linux): root, or up to
    the RLIMIT_RTPRIO the user was given."""
    import resource  # not on Windows

    allowed = resource.getrlimit(resource.RLIMIT_RTPRIO)[0]
    tries = [RT_PRIORITY]
    if allowed != resource.RLIM_INFINITY and 0 < allowed < RT_PRIORITY:
        tries.append(allowed)
    for level in tries:
        try:
            os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(level))
        except PermissionError:
            continue
        return Timing("sched_setscheduler", f"real-time (round robin {level})", True)
    limit = "unlimited" if allowed == resource.RLIM_INFINITY else str(allowed)
    raise Refused(f"not permitted (uid {os.geteuid()}, RLIMIT_RTPRIO {limit})")


def _rtkit() -> Timing:
    try:
        from showdesk.engine.rtkit import RtkitRefused, make_thread_realtime
    except ImportError as exc:  # jeepney missing from this installation
        raise Refused(f"no D-Bus client ({exc})", "no-bus") from exc
    try:
        level = make_thread_realtime(threading.get_native_id(), RT_PRIORITY)
    except RtkitRefused as exc:
        raise Refused(str(exc), exc.kind) from exc
    return Timing("rtkit", f"real-time (round robin {level})", True)


def _nice() -> Timing:
    """A lower nice value for the calling thread (on Linux a nice value is per thread), as low
    as NICE or as RLIMIT_NICE allows (a soft limit of r allows down to 20 - r)."""
    import resource

    tid = threading.get_native_id()
    current = os.getpriority(os.PRIO_PROCESS, tid)
    allowed = resource.getrlimit(resource.RLIMIT_NICE)[0]
    floor = NICE if os.geteuid() == 0 or allowed == resource.RLIM_INFINITY else 20 - allowed
    target = max(NICE, floor)
    if target >= current:
        raise Refused(f"RLIMIT_NICE {allowed} allows nothing better than nice {current}")
    try:
        os.setpriority(os.PRIO_PROCESS, tid, target)
    except PermissionError as exc:
        raise Refused(f"nice {target} not permitted ({exc.strerror})") from exc
    return Timing("nice", f"nice {target}", False)


def _time_constraint() -> Timing:
    from showdesk.engine.native_priority import NativeRefused, time_constraint

    try:
        return Timing("time-constraint", time_constraint(), True)
    except (NativeRefused, OSError, AttributeError) as exc:
        raise Refused(str(exc)) from exc


def _mmcss() -> Timing:
    from showdesk.engine.native_priority import NativeRefused, mmcss

    try:
        return Timing("mmcss", mmcss(), True)
    except (NativeRefused, OSError, AttributeError) as exc:
        raise Refused(str(exc)) from exc


# A real-time thread must not run for long without sleeping: rtkit has the process set
# RLIMIT_RTTIME (200 ms) and the kernel kills it past that; macOS demotes such a thread. The loop
# sleeps between deadlines, but deadlines under 1 ms apart (a 1 kHz fade, many fades in step)
# keep it spinning from one to the next. So after MAX_RUN without sleeping it sleeps for BREATH.
MAX_RUN = 0.05
BREATH = 0.0002
# Off the CPU for longer than this between two checks: the thread slept (it blocked).
_SLEPT = 0.0001


class Breather:
    """Called once per turn of a real-time loop; sleeps briefly when the loop has not."""

    def __init__(self) -> None:
        self.breaths = 0
        self._wall = time.perf_counter()
        self._cpu = time.thread_time()
        self._awake_since = self._wall

    def check(self) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        if (wall - self._wall) - (cpu - self._cpu) > _SLEPT:
            self._awake_since = wall
        elif wall - self._awake_since > MAX_RUN:
            time.sleep(BREATH)
            self.breaths += 1
            wall, cpu = time.perf_counter(), time.thread_time()
            self._awake_since = wall
        self._wall, self._cpu = wall, cpu


# `showdesk doctor`: lines of (level ok|warning|problem, text, fix).
Line = tuple[str, str, str]
RULE_PATH = "/etc/polkit-1/rules.d/50-showdesk-realtime.rules"
AUDIO_GROUP = (
    "give your user a real-time limit as JACK users do: "
    "echo '@audio - rtprio 95' | sudo tee /etc/security/limits.d/95-audio.conf; "
    "sudo usermod -aG audio $USER; then log out and in again"
)
RTKIT_FIX = {  # USER is replaced by the user's name
    "no-bus": "rtkit needs the system D-Bus: sudo apt install dbus rtkit",
    "absent": "install rtkit (the system bus starts it when asked): sudo apt install rtkit",
    "denied": (
        "rtkit grants real-time to the active local desktop session: start showdesk from the "
        "desktop, not over ssh or from a service; or allow your user with a polkit rule in "
        f"{RULE_PATH}: polkit.addRule(function(action, subject) {{ if (action.id == "
        '"org.freedesktop.RealtimeKit1.acquire-real-time" && subject.user == "USER") '
        "return polkit.Result.YES; });"
    ),
}
WAY_FIX = {
    "sched_setscheduler": AUDIO_GROUP,
    "time-constraint": "the system refused a time-constraint policy; please report it",
    "mmcss": "start the Multimedia Class Scheduler service (MMCSS) or report the error",
}


def asked_for_normal() -> bool:
    """`SHOWDESK_PRIORITY=normal`: nothing is asked for (the engine's threads, the window's)."""
    return os.environ.get("SHOWDESK_PRIORITY", "").lower() == "normal"


def on_a_thread_of_its_own(work: Callable[[], T]) -> T:
    """`work()` on a new thread that then ends: what a thread would be granted, found without
    changing the caller's own priority (the doctor's probes)."""
    got: list[T] = []
    probe = threading.Thread(target=lambda: got.append(work()), name="priority-check")
    probe.start()
    probe.join()
    return got[0]


def realtime_check(platform: str = sys.platform) -> list[Line]:
    """What the engine's timing thread would get on this machine, found by asking on a thread of
    its own that then ends, and how to get real-time where it would not."""
    timing = on_a_thread_of_its_own(lambda: acquire(platform))
    if timing.realtime:
        return [("ok", f"real-time: the engine gets {timing.priority} via {timing.mechanism}", "")]
    if asked_for_normal():
        return [("warning", "real-time: SHOWDESK_PRIORITY=normal keeps the engine at normal "
                 "priority", "unset SHOWDESK_PRIORITY")]  # fmt: skip
    lines: list[Line] = [
        (
            "warning",
            f"real-time: not granted, the engine would run at {timing.priority} priority: on a "
            "busy machine cues can be milliseconds late",
            "any one of the fixes below gives real-time" if timing.refusals else "",
        )
    ]
    for name, kind, words in timing.refusals:
        fix = RTKIT_FIX.get(kind, "") if name == "rtkit" else WAY_FIX.get(name, "")
        if fix:
            fix = fix.replace('"USER"', f'"{_user_name()}"')
            lines.append(("warning", f"real-time: {name}: {words}", fix))
    return lines


def _user_name() -> str:
    try:
        import pwd  # not on Windows

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        return "USER"
