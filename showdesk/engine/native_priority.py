"""Real-time for the timing thread on macOS and Windows, through the systems' own C libraries.

macOS gives any thread a time-constraint policy without privileges: the kernel then runs it in
its real-time band, above every ordinary thread. Windows gives audio threads the same through
MMCSS (the Multimedia Class Scheduler service) under its "Pro Audio" task, and its timers and
waits keep 1 ms only when the process asks for that resolution (timeBeginPeriod).

Neither can run where the suite runs, so every library is loaded through `load_library`, which
the tests replace with fakes that record the calls (tests/unit/engine/test_native_priority.py).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from typing import Any


class NativeRefused(Exception):
    """The system said no; the message names the call and what it returned."""


def load_library(name: str) -> Any:
    """A system C library by its short name: `System` on macOS; `avrt`, `winmm` on Windows."""
    if sys.platform == "win32":
        return ctypes.WinDLL(name, use_last_error=True)
    path = ctypes.util.find_library(name)
    if path is None:
        raise NativeRefused(f"no {name} library")
    return ctypes.CDLL(path)


def last_error() -> int:
    """The Windows error code of the last failed call through a library from `load_library`."""
    get = getattr(ctypes, "get_last_error", None)
    return int(get()) if get is not None else 0


# macOS, <mach/thread_policy.h>: the flavor, and the policy's size in 32-bit words.
THREAD_TIME_CONSTRAINT_POLICY = 2
THREAD_TIME_CONSTRAINT_POLICY_COUNT = 4
KERN_SUCCESS = 0
# The loop is woken by deadlines, not by a period (0: none). Each wake spins up to 1 ms and then
# sends, so 2 ms of computation within 5 ms covers it; the kernel accepts computation between
# about 50 us and 50 ms and no larger than the constraint.
PERIOD_NS = 0
COMPUTATION_NS = 2_000_000
CONSTRAINT_NS = 5_000_000


class TimeConstraintPolicy(ctypes.Structure):
    _fields_ = [
        ("period", ctypes.c_uint32),
        ("computation", ctypes.c_uint32),
        ("constraint", ctypes.c_uint32),
        ("preemptible", ctypes.c_int),  # boolean_t
    ]


class TimebaseInfo(ctypes.Structure):
    _fields_ = [("numer", ctypes.c_uint32), ("denom", ctypes.c_uint32)]


def time_constraint() -> str:
    """Gives the calling thread THREAD_TIME_CONSTRAINT_POLICY; returns what it got, in words."""
    system = load_library("System")
    timebase = TimebaseInfo()
    system.mach_timebase_info(ctypes.byref(timebase))
    if not timebase.numer or not timebase.denom:
        raise NativeRefused("mach_timebase_info gave no timebase")

    def ticks(ns: int) -> int:  # the policy is in Mach absolute time units, not nanoseconds
        return int(ns * timebase.denom // timebase.numer)

    policy = TimeConstraintPolicy(ticks(PERIOD_NS), ticks(COMPUTATION_NS), ticks(CONSTRAINT_NS), 1)
    system.pthread_self.restype = ctypes.c_void_p
    system.pthread_mach_thread_np.restype = ctypes.c_uint32
    system.pthread_mach_thread_np.argtypes = [ctypes.c_void_p]
    thread = system.pthread_mach_thread_np(system.pthread_self())
    result = system.thread_policy_set(
        ctypes.c_uint32(thread),
        ctypes.c_uint32(THREAD_TIME_CONSTRAINT_POLICY),
        ctypes.byref(policy),
        ctypes.c_uint32(THREAD_TIME_CONSTRAINT_POLICY_COUNT),
    )
    if result != KERN_SUCCESS:
        raise NativeRefused(f"thread_policy_set(THREAD_TIME_CONSTRAINT_POLICY) returned {result}")
    return "real-time (time constraint: 2 ms of computation within 5 ms)"


# Windows, avrt.h and timeapi.h.
MMCSS_TASK = "Pro Audio"
AVRT_PRIORITY_CRITICAL = 2
TIMERR_NOERROR = 0


def mmcss() -> str:
    """Joins the calling thread to MMCSS's "Pro Audio" task at critical priority and asks for
    1 ms timers; returns what it got, in words. Only a refused task is a failure: a refused
    priority or timer resolution is reported in the words."""
    avrt = load_library("avrt")
    winmm = load_library("winmm")
    index = ctypes.c_ulong(0)  # must be 0 on a thread's first call
    avrt.AvSetMmThreadCharacteristicsW.restype = ctypes.c_void_p
    avrt.AvSetMmThreadCharacteristicsW.argtypes = [ctypes.c_wchar_p, ctypes.POINTER(ctypes.c_ulong)]
    handle = avrt.AvSetMmThreadCharacteristicsW(MMCSS_TASK, ctypes.byref(index))
    if not handle:
        raise NativeRefused(f"AvSetMmThreadCharacteristicsW({MMCSS_TASK!r}): error {last_error()}")
    words = f"real-time (MMCSS {MMCSS_TASK}"
    avrt.AvSetMmThreadPriority.restype = ctypes.c_int
    avrt.AvSetMmThreadPriority.argtypes = [ctypes.c_void_p, ctypes.c_int]
    if avrt.AvSetMmThreadPriority(handle, AVRT_PRIORITY_CRITICAL):
        words += ", critical"
    else:
        words += f", AvSetMmThreadPriority refused: error {last_error()}"
    winmm.timeBeginPeriod.restype = ctypes.c_uint
    winmm.timeBeginPeriod.argtypes = [ctypes.c_uint]
    if winmm.timeBeginPeriod(1) == TIMERR_NOERROR:
        words += ", 1 ms timers)"
    else:
        words += ", timeBeginPeriod(1) refused: default timer resolution)"
    return words
