"""How well `showdesk run --live` keeps time. Prints figures; asserts nothing.

    .venv/bin/python bench/timing.py [--cues 500] [--gos 200]

A show of N OSC cues chained by auto-continue with 10 ms post-waits, then a timeline group of
20 cues placed 10 ms apart by their pre-waits, runs live to a UDP receiver in its own process.
Lateness is receive time minus the engine's scheduled time (both CLOCK_MONOTONIC). GO-to-wire is
the time from writing `go` to the engine's stdin until the packet arrives. Each is measured idle,
then with a busy process beside it and a busy thread in this (the client's) process; and the
same sequence is played by a naive baseline: one thread per cue, `threading.Event.wait`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cues import Cue, cue_type
from cues.base import ContinueMode
from showdesk.showfile import ShowFile

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
PRIORITY: set[str] = set()  # what the engine's timing thread was granted
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


def engine(path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "showdesk", "run", str(path), "--live"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def wait_ready(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    while (event := json.loads(proc.stdout.readline()))["event"] != "ready":
        pass
    PRIORITY.add(event.get("priority", "?"))


def drain(proc: subprocess.Popen[str]) -> threading.Thread:
    """Reads the engine's events so its stdout pipe never fills and stalls its log writer."""
    assert proc.stdout is not None
    thread = threading.Thread(target=proc.stdout.read, daemon=True)
    thread.start()
    return thread


def run_engine_sequence(workdir: Path, cues: int) -> list[float]:
    """Lateness (ms) of every packet of the chained show, run by the engine: arrival minus
    schedule. The engine's own part (its `sent` event's late_ms) goes to SEND_LATENESS."""
    receiver = Receiver()
    path = workdir / f"chain-{time.monotonic_ns()}.showdesk"
    chain_show(path, receiver.port, cues)
    proc = engine(path)
    wait_ready(proc)
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
    proc = engine(path)
    wait_ready(proc)
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


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"n={len(values):4d}  p50 {statistics.median(values):7.3f} ms  p99 {p99:7.3f} ms  "
        f"max {ordered[-1]:7.3f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cues", type=int, default=500)
    parser.add_argument("--gos", type=int, default=200)
    args = parser.parse_args()
    print(f"showdesk timing bench: {args.cues} chained cues at 10 ms + a 20-cue timeline group")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        rows: list[tuple[str, Callable[[], list[float]]]] = [
            ("engine lateness", lambda: run_engine_sequence(workdir, args.cues)),
            ("engine GO-to-wire", lambda: run_go_to_wire(workdir, args.gos)),
            ("naive lateness", lambda: run_naive(args.cues)),
        ]
        for condition in ("idle", "loaded"):
            for name, measure in rows:
                if condition == "loaded":
                    with load():
                        values = measure()
                else:
                    values = measure()
                print(f"{name:<18} {condition:<7} {summary(values)}")
                if name == "engine lateness":
                    print(f"{'  of which engine':<18} {condition:<7} {summary(SEND_LATENESS)}")
                    SEND_LATENESS.clear()
    print(f"engine timing thread priority: {', '.join(sorted(PRIORITY))}")


if __name__ == "__main__":
    main()
