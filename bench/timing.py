"""How well `showdesk run --live` keeps time. Prints figures; asserts nothing.

    .venv/bin/python bench/timing.py [--cues 500] [--gos 200] [--runs 1]

A show of N OSC cues chained by auto-continue with 10 ms post-waits, then a timeline group of
20 cues placed 10 ms apart by their pre-waits, runs live to a UDP receiver in its own process.
Lateness is receive time minus the engine's scheduled time (both CLOCK_MONOTONIC). GO-to-wire is
the time from writing `go` to the engine's stdin until the packet arrives. Each is measured idle,
then with a busy process beside it and a busy thread in this (the client's) process; and the
same sequence is played by a naive baseline: one thread per cue, `threading.Event.wait`.
Beside the engine as this user (root here: SCHED_RR directly) the chain is also run by the
engine at normal priority (SHOWDESK_PRIORITY=normal) and as an ordinary user (nobody) granted
real-time by rtkit, through a system bus, polkitd and rtkit-daemon of the bench's own
(tests/rtkit.py; needs root to start them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path

from cues import Cue, cue_type
from cues.base import ContinueMode
from showdesk.showfile import ShowFile

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.rtkit
from tests.rtkit import USER, Missing, Unavailable, realtime_kit, user_python

# The receiver stands for a console: on show day that is another machine, with its own cores.
# Here it shares two cores with the load, so it asks for the same real-time priority the
# engine gets (where the OS allows), or its own scheduling delays would be counted as lateness.
RECEIVER = r"""
import json, os, socket, sys, time
try:
    os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(10))
except (OSError, AttributeError):
    pass
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
sock.bind(("127.0.0.1", 0))
print(sock.getsockname()[1], flush=True)
got = []
while True:
    data = sock.recv(2048)
    now = time.perf_counter()
    if data == b"STOP":
        break
    got.append((now, data.split(b"\0")[0].decode()))
print(json.dumps(got), flush=True)
"""
BUSY = "while True: pass"
SEND_LATENESS: list[float] = []
PRIORITY: dict[str, str] = {}  # what each way of running the engine was granted
OSC, GROUP = cue_type("osc"), cue_type("group")


class Receiver:
    """A UDP receiver in its own process, timestamping each datagram as it arrives."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", RECEIVER], stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout is not None
        self.port = int(self.proc.stdout.readline())

    def collect(self) -> list[tuple[float, str]]:
        import socket

        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.sendto(b"STOP", ("127.0.0.1", self.port))
        assert self.proc.stdout is not None
        got = [(t, address) for t, address in json.loads(self.proc.stdout.readline())]
        self.proc.wait()
        return got


def chain_show(path: Path, port: int, cues: int) -> None:
    with ShowFile.create(path) as show:
        show.set_setting("min_go_interval", 0.0)
        show.set_destination("RX", f"osc.udp://127.0.0.1:{port}")
        chain = [
            Cue(OSC, OSC.parse(f"/c/{n} i {n}"), number=str(n), target="RX", post_wait=0.01,
                continue_mode=ContinueMode.AUTO_CONTINUE)
            for n in range(cues)
        ]  # fmt: skip
        group = Cue(GROUP, GROUP.parse("timeline"), number="G")
        children = [
            Cue(OSC, OSC.parse(f"/g/{n}"), number=f"G.{n}", target="RX", pre_wait=n * 0.01,
                parent=group.id)
            for n in range(20)
        ]  # fmt: skip
        show.add_cues([*chain, group, *children])


def single_cues_show(path: Path, port: int, count: int) -> None:
    with ShowFile.create(path) as show:
        show.set_setting("min_go_interval", 0.0)
        show.set_destination("RX", f"osc.udp://127.0.0.1:{port}")
        show.add_cues(
            Cue(OSC, OSC.parse(f"/go/{n}"), number=str(n), target="RX") for n in range(count)
        )


class Launcher:
    """How the engine is started: as this user, at normal priority, or as USER via rtkit."""

    def __init__(self, name: str, python: list[str] | None = None,
                 env: dict[str, str] | None = None, owner: str | None = None) -> None:  # fmt: skip
        self.name = name
        self.python = python or [sys.executable]
        self.env = env
        self.owner = owner  # who must be able to write the show file

    def start(self, path: Path) -> subprocess.Popen[str]:
        if self.owner is not None:
            shutil.chown(path, self.owner)
            shutil.chown(path.parent, self.owner)
        return subprocess.Popen(
            [*self.python, "-m", "showdesk", "run", str(path), "--live"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=self.env,
            preexec_fn=_no_rt_limits if self.owner is not None else None,
        )


def _no_rt_limits() -> None:
    """An ordinary login's limits: no real-time and no better nice value of its own."""
    import resource

    resource.setrlimit(resource.RLIMIT_RTPRIO, (0, 0))
    resource.setrlimit(resource.RLIMIT_NICE, (0, 0))


AS_IS = Launcher("engine")


def wait_ready(proc: subprocess.Popen[str], launcher: Launcher) -> None:
    assert proc.stdout is not None
    while (event := json.loads(proc.stdout.readline()))["event"] != "ready":
        pass
    timing = event.get("timing", {})
    PRIORITY[launcher.name] = f"{event.get('priority', '?')} via {timing.get('mechanism', '?')}"


def drain(proc: subprocess.Popen[str]) -> threading.Thread:
    """Reads the engine's events so its stdout pipe never fills and stalls its log writer."""
    assert proc.stdout is not None
    thread = threading.Thread(target=proc.stdout.read, daemon=True)
    thread.start()
    return thread


def run_engine_sequence(workdir: Path, cues: int, launcher: Launcher = AS_IS) -> list[float]:
    """Lateness (ms) of every packet of the chained show, run by the engine: arrival minus
    schedule. The engine's own part (its `sent` event's late_ms) goes to SEND_LATENESS."""
    receiver = Receiver()
    folder = workdir / f"chain-{time.monotonic_ns()}"
    folder.mkdir()
    path = folder / "show.showdesk"
    chain_show(path, receiver.port, cues)
    proc = launcher.start(path)
    wait_ready(proc, launcher)
    assert proc.stdin is not None
    assert proc.stdout is not None
    proc.stdin.write("go\n")
    proc.stdin.close()
    scheduled = {}
    for line in proc.stdout:
        event = json.loads(line)
        if event["event"] == "sent":
            scheduled[event["message"].split()[0]] = event["scheduled"]
            SEND_LATENESS.append(event["late_ms"])
    proc.wait()
    arrivals = receiver.collect()
    return [(t - scheduled[address]) * 1000 for t, address in arrivals]


def run_go_to_wire(workdir: Path, gos: int) -> list[float]:
    """Milliseconds from `go` written to the engine's stdin until its packet arrives."""
    receiver = Receiver()
    path = workdir / f"gos-{time.monotonic_ns()}.showdesk"
    single_cues_show(path, receiver.port, gos)
    proc = AS_IS.start(path)
    wait_ready(proc, AS_IS)
    reader = drain(proc)
    assert proc.stdin is not None
    written = []
    for _ in range(gos):
        written.append(time.perf_counter())
        proc.stdin.write("go\n")
        proc.stdin.flush()
        time.sleep(0.005)  # let each GO land alone, as a caller's would
    proc.stdin.close()
    proc.wait()
    reader.join()
    arrivals = receiver.collect()
    return [(t - w) * 1000 for (t, _), w in zip(arrivals, written, strict=True)]


def run_naive(cues: int) -> list[float]:
    """The same schedule played by one thread per cue sleeping with Event.wait (the baseline)."""
    import socket

    receiver = Receiver()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    offsets = [(f"/c/{n}", n * 0.01) for n in range(cues)]
    offsets += [(f"/g/{n}", cues * 0.01 + n * 0.01) for n in range(20)]
    stop = threading.Event()
    scheduled: dict[str, float] = {}
    start = time.perf_counter() + 0.2  # threads are made before the first deadline

    def fire(address: str, at: float) -> None:
        stop.wait(max(0.0, at - time.perf_counter()))
        sock.sendto(address.encode() + b"\0", ("127.0.0.1", receiver.port))

    threads = []
    for address, offset in offsets:
        scheduled[address] = start + offset
        threads.append(threading.Thread(target=fire, args=(address, start + offset)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    arrivals = receiver.collect()
    sock.close()
    return [(t - scheduled[address]) * 1000 for t, address in arrivals]


@contextmanager
def load() -> Iterator[None]:
    """Another process spinning, and a busy Python thread in this (the client's) process."""
    other = subprocess.Popen([sys.executable, "-c", BUSY])
    stop = threading.Event()

    def busy() -> None:
        while not stop.is_set():
            sum(range(1000))

    thread = threading.Thread(target=busy, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        other.kill()
        other.wait()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def summary(values: list[float]) -> str:
    return (
        f"n={len(values):4d}  p50 {statistics.median(values):7.3f} ms  p99 "
        f"{percentile(values, 0.99):7.3f} ms  max {max(values):7.3f} ms"
    )


def launchers(stack: ExitStack, workdir: Path) -> list[Launcher]:
    """The engine as this user, at normal priority, and as USER granted real-time by rtkit
    (left out, with the reason printed, where this machine cannot start rtkit)."""
    normal = Launcher("normal priority", env={**os.environ, "SHOWDESK_PRIORITY": "normal"})
    found = [AS_IS, normal]
    try:
        kit = stack.enter_context(realtime_kit())
    except (Unavailable, Missing) as exc:
        print(f"(no rtkit row: {exc})")
        return found
    python = user_python(workdir / "user-python")
    found.append(Launcher(f"{USER} via rtkit", python.argv(), kit.env(**python.env()), USER))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cues", type=int, default=500)
    parser.add_argument("--gos", type=int, default=200)
    parser.add_argument("--runs", type=int, default=1, help="rounds of every row, taking turns")
    args = parser.parse_args()
    print(f"showdesk timing bench: {args.cues} chained cues at 10 ms + a 20-cue timeline group, "
          f"{args.runs} round(s)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        workdir = Path(tmp)
        workdir.chmod(0o755)  # the rtkit row's engine runs as USER
        rows: list[tuple[str, Callable[[], list[float]]]] = [
            (f"{launcher.name} lateness", lambda launcher=launcher: run_engine_sequence(
                workdir, args.cues, launcher))
            for launcher in launchers(stack, workdir)
        ]  # fmt: skip
        rows += [
            ("engine GO-to-wire", lambda: run_go_to_wire(workdir, args.gos)),
            ("naive lateness", lambda: run_naive(args.cues)),
        ]
        for condition in ("idle", "loaded"):
            # Rows take turns within a round, so a burst of other work on the machine tends to
            # fall on all of them rather than on one; each row pools its rounds.
            values: dict[str, list[float]] = {name: [] for name, _ in rows}
            own: dict[str, list[float]] = {name: [] for name, _ in rows}
            p99s: dict[str, list[float]] = {name: [] for name, _ in rows}  # each round's
            for _ in range(args.runs):
                for name, measure in rows:
                    with load() if condition == "loaded" else nullcontext():
                        got = measure()
                    values[name] += got
                    p99s[name].append(percentile(got, 0.99))
                    own[name] += SEND_LATENESS
                    SEND_LATENESS.clear()
            for name, _ in rows:
                rounds = f"  round p99 median {statistics.median(p99s[name]):7.3f}" * (
                    args.runs > 1
                )
                print(f"{name:<26} {condition:<7} {summary(values[name])}{rounds}")
                if own[name]:
                    print(f"{'  of which the engine':<26} {condition:<7} {summary(own[name])}")
        print(f"load average: {os.getloadavg()[0]:.1f} (1 min)")
    for name, granted in PRIORITY.items():
        print(f"{name}: timing thread {granted}")


if __name__ == "__main__":
    main()
