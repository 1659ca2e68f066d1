"""The macOS and Windows ways to real-time, checked for the calls they make. Neither system runs
here, so the C libraries are fakes at the ctypes boundary: each function records its arguments
and the C signature declared for it, and answers as the vendor documents say it does.

macOS: <mach/thread_policy.h> (xnu osfmk/mach/thread_policy.h): THREAD_TIME_CONSTRAINT_POLICY
is flavor 2, its policy four 32-bit words (period, computation, constraint, preemptible) in Mach
absolute time units; xnu's thread_policy_set refuses (KERN_INVALID_ARGUMENT, 4) a computation
below min_rt_quantum or above max_rt_quantum (~50 ms) or larger than the constraint.
Windows: learn.microsoft.com, avrt.h: AvSetMmThreadCharacteristicsW(LPCWSTR TaskName, LPDWORD
TaskIndex) returns a task HANDLE or 0 (then GetLastError: ERROR_INVALID_TASK_NAME 1550, ...),
TaskIndex 0 on a thread's first call; AvSetMmThreadPriority(HANDLE, AVRT_PRIORITY) returns
nonzero on success, AVRT_PRIORITY_CRITICAL is 2; timeapi.h: timeBeginPeriod(UINT) returns
TIMERR_NOERROR (0) or TIMERR_NOCANDO (97).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

import pytest

from showdesk.engine import native_priority
from showdesk.engine.priority import acquire, realtime_check


class FakeFunction:
    """One C function: records each call; `restype` and `argtypes` are set on it like ctypes'."""

    def __init__(self, name: str, calls: list[tuple[str, tuple[Any, ...]]], answer: Any) -> None:
        self.name, self.calls, self.answer = name, calls, answer
        self.restype: Any = ctypes.c_int
        self.argtypes: Any = None

    def __call__(self, *args: Any) -> Any:
        self.calls.append((self.name, args))
        return self.answer(*args) if callable(self.answer) else self.answer


class FakeLibrary:
    def __init__(self, calls: list[tuple[str, tuple[Any, ...]]], **answers: Any) -> None:
        self.functions = {name: FakeFunction(name, calls, a) for name, a in answers.items()}

    def __getattr__(self, name: str) -> FakeFunction:
        try:
            return self.__dict__["functions"][name]
        except KeyError:
            raise AttributeError(f"function {name!r} not found") from None


@pytest.fixture
def calls() -> list[tuple[str, tuple[Any, ...]]]:
    return []


def use_libraries(
    monkeypatch: pytest.MonkeyPatch, error: int = 0, **libraries: FakeLibrary
) -> None:
    def load(name: str) -> FakeLibrary:
        return libraries[name]

    monkeypatch.setattr(native_priority, "load_library", load)
    monkeypatch.setattr(native_priority, "last_error", lambda: error)
    monkeypatch.delenv("SHOWDESK_PRIORITY", raising=False)


# --- macOS -------------------------------------------------------------------------------------


def apple_silicon_timebase(info: Any) -> int:
    """mach_timebase_info on Apple silicon: 125/3 ns per tick."""
    info._obj.numer, info._obj.denom = 125, 3
    return 0


def macos(calls: list[tuple[str, tuple[Any, ...]]], result: int = 0) -> FakeLibrary:
    return FakeLibrary(
        calls,
        mach_timebase_info=apple_silicon_timebase,
        pthread_self=0x7000_0000_1000,
        pthread_mach_thread_np=0x1503,
        thread_policy_set=result,
    )


def test_macos_gives_the_calling_thread_a_time_constraint_policy_in_mach_units(
    monkeypatch: pytest.MonkeyPatch, calls: list[tuple[str, tuple[Any, ...]]]
) -> None:
    system = macos(calls)
    use_libraries(monkeypatch, System=system)
    timing = acquire("darwin")
    assert (timing.mechanism, timing.realtime) == ("time-constraint", True)
    assert timing.priority == "real-time (time constraint: 2 ms of computation within 5 ms)"
    assert [name for name, _ in calls] == [
        "mach_timebase_info", "pthread_self", "pthread_mach_thread_np", "thread_policy_set",
    ]  # fmt: skip
    assert calls[2][1] == (0x7000_0000_1000,)  # the port of this very thread
    assert system.pthread_mach_thread_np.restype is ctypes.c_uint32
    thread, flavor, policy, count = calls[3][1]
    assert (thread.value, flavor.value, count.value) == (0x1503, 2, 4)
    fields = policy._obj
    # 2 ms and 5 ms in ticks of 125/3 ns; period 0 (woken by deadlines, not a cycle).
    assert (fields.period, fields.computation, fields.constraint) == (0, 48_000, 120_000)
    assert fields.preemptible == 1
    assert ctypes.sizeof(fields) == 4 * 4  # THREAD_TIME_CONSTRAINT_POLICY_COUNT words


def test_macos_refusal_is_reported_and_the_engine_stays_normal(
    monkeypatch: pytest.MonkeyPatch, calls: list[tuple[str, tuple[Any, ...]]]
) -> None:
    use_libraries(monkeypatch, System=macos(calls, result=4))  # KERN_INVALID_ARGUMENT
    timing = acquire("darwin")
    assert (timing.mechanism, timing.priority, timing.realtime) == ("none", "normal", False)
    assert timing.attempts == (
        "time-constraint: thread_policy_set(THREAD_TIME_CONSTRAINT_POLICY) returned 4",
    )


def test_intel_macs_count_nanoseconds(
    monkeypatch: pytest.MonkeyPatch, calls: list[tuple[str, tuple[Any, ...]]]
) -> None:
    def intel(info: Any) -> int:
        info._obj.numer, info._obj.denom = 1, 1
        return 0

    system = macos(calls)
    system.functions["mach_timebase_info"].answer = intel
    use_libraries(monkeypatch, System=system)
    acquire("darwin")
    policy = calls[-1][1][2]._obj
    assert (policy.computation, policy.constraint) == (2_000_000, 5_000_000)


# --- Windows -----------------------------------------------------------------------------------

HANDLE = 0x2A0


def windows(
    calls: list[tuple[str, tuple[Any, ...]]],
    task: int | None = HANDLE,
    priority: int = 1,
    period: int = 0,
) -> dict[str, FakeLibrary]:
    return {
        "avrt": FakeLibrary(calls, AvSetMmThreadCharacteristicsW=task,
                            AvSetMmThreadPriority=priority),
        "winmm": FakeLibrary(calls, timeBeginPeriod=period),
    }  # fmt: skip


def test_windows_joins_mmcss_pro_audio_at_critical_priority_with_1ms_timers(
    monkeypatch: pytest.MonkeyPatch, calls: list[tuple[str, tuple[Any, ...]]]
) -> None:
    libraries = windows(calls)
    use_libraries(monkeypatch, **libraries)
    timing = acquire("win32")
    assert (timing.mechanism, timing.realtime) == ("mmcss", True)
    assert timing.priority == "real-time (MMCSS Pro Audio, critical, 1 ms timers)"
    assert [name for name, _ in calls] == [
        "AvSetMmThreadCharacteristicsW", "AvSetMmThreadPriority", "timeBeginPeriod",
    ]  # fmt: skip
    task, index = calls[0][1]
    assert task == "Pro Audio"
    assert index._obj.value == 0  # 0 on the thread's first call
    assert calls[1][1] == (HANDLE, 2)  # the task's handle, AVRT_PRIORITY_CRITICAL
    assert calls[2][1] == (1,)
    characteristics = libraries["avrt"].AvSetMmThreadCharacteristicsW
    # A HANDLE is pointer-sized: the default int result would cut it to 32 bits.
    assert characteristics.restype is ctypes.c_void_p
    assert characteristics.argtypes[0] is ctypes.c_wchar_p


def test_windows_without_the_task_stays_normal_and_says_why(
    monkeypatch: pytest.MonkeyPatch, calls: list[tuple[str, tuple[Any, ...]]]
) -> None:
    use_libraries(monkeypatch, error=1550, **windows(calls, task=None))  # no such task
    timing = acquire("win32")
    assert (timing.mechanism, timing.realtime) == ("none", False)
    assert timing.attempts == ("mmcss: AvSetMmThreadCharacteristicsW('Pro Audio'): error 1550",)
    assert [name for name, _ in calls] == ["AvSetMmThreadCharacteristicsW"]


@pytest.mark.parametrize(
    ("priority", "period", "words"),
    [
        (0, 0, "real-time (MMCSS Pro Audio, AvSetMmThreadPriority refused: error 5, 1 ms timers)"),
        (1, 97, "real-time (MMCSS Pro Audio, critical, timeBeginPeriod(1) refused: default "
                "timer resolution)"),
    ],
)  # fmt: skip
def test_windows_partial_grants_are_spelled_out(
    monkeypatch: pytest.MonkeyPatch,
    calls: list[tuple[str, tuple[Any, ...]]],
    priority: int,
    period: int,
    words: str,
) -> None:
    use_libraries(monkeypatch, error=5, **windows(calls, priority=priority, period=period))
    timing = acquire("win32")
    assert (timing.mechanism, timing.realtime, timing.priority) == ("mmcss", True, words)


# --- the doctor --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "setup", "fix"),
    [
        ("darwin", lambda c: {"System": macos(c, result=4)}, "please report it"),
        ("win32", lambda c: windows(c, task=None), "Multimedia Class Scheduler service"),
    ],
)
def test_the_doctor_names_a_fix_where_real_time_is_refused(
    monkeypatch: pytest.MonkeyPatch,
    calls: list[tuple[str, tuple[Any, ...]]],
    platform: str,
    setup: Callable[[list[tuple[str, tuple[Any, ...]]]], dict[str, FakeLibrary]],
    fix: str,
) -> None:
    use_libraries(monkeypatch, error=1550, **setup(calls))
    lines = realtime_check(platform)
    assert lines[0][0] == "warning"
    assert lines[0][1].startswith("real-time: not granted, the engine would run at normal")
    assert fix in lines[1][2]


def test_the_doctor_says_ok_where_real_time_is_granted(
    monkeypatch: pytest.MonkeyPatch, calls: list[tuple[str, tuple[Any, ...]]]
) -> None:
    use_libraries(monkeypatch, **windows(calls))
    assert realtime_check("win32") == [
        (
            "ok",
            "real-time: the engine gets real-time (MMCSS Pro Audio, critical, 1 ms timers) via "
            "mmcss",
            "",
        )
    ]


def test_an_unknown_system_is_tried_nothing_and_stays_normal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SHOWDESK_PRIORITY", raising=False)
    timing = acquire("plan9")
    assert (timing.mechanism, timing.realtime, timing.attempts) == ("none", False, ())
