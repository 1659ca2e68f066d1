"""An ordinary user's engine gets real-time from rtkit, as on a desktop: a real system bus,
polkitd and rtkit-daemon started for the test (tests/rtkit.py), the engine run as `nobody`."""

from __future__ import annotations

import contextlib
import json
import pwd
import resource
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cues import Cue, cue_type
from showdesk.showfile import ShowFile
from tests.rtkit import USER, Missing, RealtimeKit, Unavailable, UserPython, realtime_kit
from tests.rtkit import user_python as make_user_python

pytestmark = pytest.mark.slow
FADE = cue_type("fade")
SCHED_RR = 2


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """A directory USER may write in (the show file and its journal live there)."""
    path = Path(tempfile.mkdtemp(prefix="showdesk-rtkit-test-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def user_python(workdir: Path) -> UserPython:
    try:
        from tests.rtkit import check_machine

        check_machine()
    except Unavailable as exc:
        pytest.skip(str(exc))
    except Missing as exc:
        pytest.fail(str(exc))
    return make_user_python(workdir / "python")


@pytest.fixture
def kit(user_python: UserPython) -> Iterator[RealtimeKit]:
    """One per test (they start in a fraction of a second): a second rtkit-daemon cannot start
    while one runs, since rtkit caps its user's processes."""
    with realtime_kit(grant=USER) as running:
        yield running


def user_show(workdir: Path, name: str, cues: list[Cue] | None = None) -> Path:
    folder = workdir / name
    folder.mkdir()
    path = folder / "show.showdesk"
    with ShowFile.create(path) as show:
        show.set_destination("MIX", "osc.udp://127.0.0.1:9")  # the discard port: sends succeed
        show.add_cues(cues or [])
    for item in (folder, path):
        shutil.chown(item, USER)
    return path


def run_as_user(
    python: UserPython, kit: RealtimeKit, *args: str, rttime_us: int | None = None
) -> subprocess.Popen[str]:
    def limits() -> None:
        # The user's own limits allow no real-time and no better nice value, as a fresh desktop
        # login's do, so that what the engine gets can only come from rtkit.
        resource.setrlimit(resource.RLIMIT_RTPRIO, (0, 0))
        resource.setrlimit(resource.RLIMIT_NICE, (0, 0))
        if rttime_us is not None:
            resource.setrlimit(resource.RLIMIT_RTTIME, (rttime_us, rttime_us))

    return subprocess.Popen(
        python.argv(*args),
        env=kit.env(**python.env()),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limits,
    )


def ready_of(proc: subprocess.Popen[str]) -> dict[str, Any]:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line, proc.stderr.read() if proc.stderr else "no output"
    event: dict[str, Any] = json.loads(line)
    assert event["event"] == "ready", event
    return event


def sched(pid: int, tid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/task/{tid}/sched").read_text().splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines) if v}


def workers_below(pid: int, patience: float = 5.0) -> list[str]:
    """The kernel's priority of each real-time thread of the engine but the timing thread,
    once the four workers that ask for it have it."""
    give_up = time.monotonic() + patience
    while True:
        rt = []
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(FileNotFoundError):  # a thread that has just ended
                if int(task.name) != pid and (s := sched(pid, int(task.name)))["policy"] == str(
                    SCHED_RR
                ):
                    rt.append(s["prio"])
        if len(rt) >= 4 or time.monotonic() > give_up:
            return sorted(rt)
        time.sleep(0.05)


def test_an_ordinary_user_gets_round_robin_through_rtkit(
    workdir: Path, user_python: UserPython, kit: RealtimeKit
) -> None:
    path = user_show(workdir, "granted")
    with run_as_user(user_python, kit, "-m", "showdesk", "run", str(path), "--live") as proc:
        ready = ready_of(proc)
        timing_thread = sched(proc.pid, proc.pid)  # setpriv execs: the pid is the engine's
        workers = workers_below(proc.pid)
        status = Path(f"/proc/{proc.pid}/status").read_text()
        limits = Path(f"/proc/{proc.pid}/limits").read_text()
        assert proc.stdin is not None
        proc.stdin.write("quit\n")
        proc.stdin.close()
        assert proc.wait(timeout=10) == 0
    uid = next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:"))
    assert uid == str(pwd.getpwnam(USER).pw_uid)
    assert ready["timing"]["mechanism"] == "rtkit", ready["timing"]
    assert ready["timing"]["realtime"] is True
    assert ready["timing"]["priority"] == ready["priority"] == "real-time (round robin 10)"
    assert ready["timing"]["attempts"][0].startswith("sched_setscheduler: not permitted")
    assert timing_thread["policy"] == str(SCHED_RR)
    assert timing_thread["prio"] == str(99 - 10)  # the kernel's view of RR priority 10
    # The command reader, the run-log writer, its flusher and the printer: one step below the
    # timing loop (rtkit grants RR with SCHED_RESET_ON_FORK, which a lowering must keep).
    assert workers == [str(99 - 9)] * 4, workers
    rttime = next(line for line in limits.splitlines() if line.startswith("Max realtime timeout"))
    assert rttime.split()[3:5] == ["200000", "200000"]  # set before asking, as rtkit requires
    granted = f"made thread {proc.pid} of process {proc.pid} owned by '{uid}' RT at priority 10"
    assert granted in kit.log()


def test_a_1khz_fade_runs_to_the_end_on_rtkit_time(
    workdir: Path, user_python: UserPython, kit: RealtimeKit
) -> None:
    """Under rtkit's RLIMIT_RTTIME the kernel kills a real-time thread that runs that long
    without sleeping, and fade steps 1 ms apart would keep the loop awake for the whole fade.
    The limit is 100 ms here, twice the engine's own 50 ms between breaths (rtkit's is 200 ms):
    tight enough that the fade is killed without them (the loop's waits for the GIL alone may
    or may not let it off at 200 ms), loose enough that the kernel's tick accounting does not
    kill a loop that does breathe."""
    fade = Cue(FADE, FADE.parse("/fader f 0 -> 1 rate=1000"), number="1", target="MIX",
               duration=0.6)  # fmt: skip
    path = user_show(workdir, "fade", [fade])
    command = ("-m", "showdesk", "run", str(path), "--live")
    with run_as_user(user_python, kit, *command, rttime_us=100_000) as proc:
        timing = ready_of(proc)["timing"]
        assert timing["mechanism"] == "rtkit", timing
        out, err = proc.communicate("go\n", timeout=30)
    assert proc.returncode == 0, f"the engine ended with {proc.returncode}: {err}"
    sent = [json.loads(line) for line in out.splitlines() if '"event":"sent"' in line]
    assert len(sent) == 601


def test_without_a_polkit_rule_rtkit_refuses_and_everyone_is_told(
    workdir: Path, user_python: UserPython
) -> None:
    """No desktop session and no rule: rtkit says no. `ready` says so with every refusal, and
    the doctor's check names the fixes."""
    path = user_show(workdir, "refused")
    with realtime_kit(grant=None) as strict:
        with run_as_user(user_python, strict, "-m", "showdesk", "run", str(path)) as proc:
            ready = ready_of(proc)
            policy = sched(proc.pid, proc.pid)["policy"]
            assert proc.stdin is not None
            proc.stdin.close()
            assert proc.wait(timeout=10) == 0
        check = "import json; from showdesk.engine.priority import realtime_check as c; " + (
            "print(json.dumps(c()))"
        )
        with run_as_user(user_python, strict, "-c", check) as doctor:
            out, err = doctor.communicate(timeout=30)
    assert ready["timing"]["mechanism"] == "none"
    assert ready["timing"]["realtime"] is False
    assert ready["priority"] == "normal"
    assert any(
        a.startswith("rtkit: org.freedesktop.DBus.Error.AccessDenied")
        for a in ready["timing"]["attempts"]
    ), ready["timing"]["attempts"]
    assert policy == "0"
    lines = json.loads(out)
    assert lines[0][0] == "warning", err
    assert "normal priority" in lines[0][1]
    fixes = " ".join(fix for _, _, fix in lines)
    assert "limits.d" in fixes
    assert "usermod -aG audio" in fixes
    assert f'subject.user == "{USER}"' in fixes  # the polkit rule, for this very user


WINDOW = (
    "import json, os, threading; from showdesk.window_priority import favour, window_check; "
    "f = favour(threading.get_native_id()); "
    "print(json.dumps([f.nice, f.way, list(f.refusals), os.getpriority(os.PRIO_PROCESS, 0), "
    "window_check()]))"
)


def test_an_ordinary_users_window_gets_nice_minus_5_through_rtkit(
    user_python: UserPython, kit: RealtimeKit
) -> None:
    """The app's window thread: not real-time, but ahead of every ordinary program, so a busy
    machine does not hold up what GO shows (bench/ui.py); the user's own limits allow nothing."""
    with run_as_user(user_python, kit, "-c", WINDOW) as proc:
        out, err = proc.communicate(timeout=30)
    nice, way, refusals, now, check = json.loads(out or "null") or (None, err, 0, 0, 0)
    assert (nice, way, now) == (-5, "rtkit", -5), err
    assert refusals == []
    assert check[0] == "ok"
    assert check[1].startswith("window: nice -5 via rtkit")
    assert "owned by '65534' high priority at nice level -5" in kit.log()


def test_without_a_polkit_rule_the_window_stays_normal_and_the_doctor_says_how(
    user_python: UserPython,
) -> None:
    with realtime_kit(grant=None) as strict, run_as_user(user_python, strict, "-c", WINDOW) as proc:
        out, err = proc.communicate(timeout=30)
    nice, way, refusals, now, check = json.loads(out or "null") or (None, err, 0, 0, 0)
    assert (nice, way, now) == (0, "", 0), err
    assert refusals[0] == "setpriority: Permission denied"
    assert refusals[1].startswith("rtkit: org.freedesktop.DBus.Error.AccessDenied"), refusals
    level, text, fix = check
    assert level == "warning"
    assert text.startswith("window: nice 0 (normal): on a busy machine")
    assert "rtkit" in fix
    assert "'@audio - nice -5' in /etc/security/limits.d/" in fix
