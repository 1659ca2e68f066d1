"""How the real outputs behave under `showdesk run --live`. Prints figures; asserts nothing.

    .venv/bin/python bench/outputs.py [--burst 1000] [--fade 5] [--cues 300]

(a) Burst: one GO fires 1,000 OSC cues (chained by auto-continue, no waits) to one UDP
    destination: time from writing `go` until the last message leaves (its `sent` event's
    `actual`) and until it arrives at a receiver in its own process.
(b) Fade: one OSC fade at 50 Hz for N seconds to UDP: the rate achieved at the receiver and the
    jitter of the spacing between arrivals (deviation from 20 ms).
(c) Failure isolation: N cues 10 ms apart to UDP, lateness of each arrival (arrival minus
    scheduled), alone and then with a TCP destination that never answers (a listener whose
    accept queue is full) and a MIDI port that does not exist (on a JACK dummy server when
    jackd is installed; then with no MIDI system at all) fired at the same instants.
All clocks are CLOCK_MONOTONIC (perf_counter), shared by the processes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from timing import Receiver  # the timing bench's receiver (bench/ is on sys.path as a script)

from cues import Cue, cue_type
from cues.base import ContinueMode
from showdesk.showfile import ShowFile

OSC, FADE, MIDI = cue_type("osc"), cue_type("fade"), cue_type("midi")


def run_engine(path: Path, env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Runs the show live: waits for ready, writes `go`, closes stdin, returns every event
    (with the time `go` was written as `go_written` on the first)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "showdesk", "run", str(path), "--live"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    events = []
    while True:
        event = json.loads(proc.stdout.readline())
        events.append(event)
        if event["event"] == "ready":
            break
    time.sleep(0.3)  # let TCP and MIDI outputs settle into their states
    written = time.perf_counter()
    proc.stdin.write("go\n")
    proc.stdin.close()
    events += [json.loads(line) for line in proc.stdout]
    proc.wait()
    events[0]["go_written"] = written
    return events


def new_show(path: Path, port: int) -> ShowFile:
    show = ShowFile.create(path)
    show.set_setting("min_go_interval", 0.0)
    show.set_destination("RX", f"osc.udp://127.0.0.1:{port}")
    return show


def burst(workdir: Path, count: int) -> None:
    receiver = Receiver()
    path = workdir / "burst.showdesk"
    with new_show(path, receiver.port) as show:
        show.add_cues(
            Cue(OSC, OSC.parse(f"/burst/{n} i {n}"), number=str(n), target="RX",
                continue_mode=ContinueMode.AUTO_CONTINUE if n < count else ContinueMode.NONE)
            for n in range(1, count + 1)
        )  # fmt: skip
    events = run_engine(path)
    arrivals = receiver.collect()
    go = events[0]["go_written"]
    sent = [e for e in events if e["event"] == "sent"]
    leaves = (max(e["actual"] for e in sent) - go) * 1000
    starts = (min(e["actual"] for e in sent) - go) * 1000
    first = (min(t for t, _ in arrivals) - go) * 1000
    last = (max(t for t, _ in arrivals) - go) * 1000
    print(f"(a) burst: one GO, {count} OSC messages to one UDP destination")
    print(f"    sent {sum(e['ok'] for e in sent)}/{count}, received {len(arrivals)}/{count}")
    print(f"    go -> first leaves  {starts:8.2f} ms")
    print(f"    go -> first arrives {first:8.2f} ms")
    print(f"    go -> last leaves   {leaves:8.2f} ms  ({leaves * 1000 / count:.1f} us a message)")
    print(f"    go -> last arrives  {last:8.2f} ms")


def fade(workdir: Path, seconds: float) -> None:
    receiver = Receiver()
    path = workdir / "fade.showdesk"
    with new_show(path, receiver.port) as show:
        show.add_cues([Cue(FADE, FADE.parse("/ch/01/mix/fader f 0 -> 1 rate=50"), number="1",
                           target="RX", duration=seconds)])  # fmt: skip
    run_engine(path)
    times = [t for t, _ in receiver.collect()]
    gaps = [(b - a) * 1000 for a, b in itertools.pairwise(times)]
    deviation = sorted(abs(g - 20.0) for g in gaps)
    rate = (len(times) - 1) / (times[-1] - times[0])
    print(f"(b) fade: one OSC fade at 50 Hz for {seconds:g} s to UDP")
    print(f"    received {len(times)} values (expected {round(seconds * 50) + 1}), "
          f"achieved {rate:.3f} Hz")  # fmt: skip
    print(f"    spacing mean {statistics.mean(gaps):.3f} ms, stdev {statistics.stdev(gaps):.3f} ms")
    print(f"    |spacing - 20 ms| p50 {statistics.median(deviation):.3f} ms, "
          f"p99 {pct(deviation, 0.99):.3f} ms, max {deviation[-1]:.3f} ms")  # fmt: skip


@contextmanager
def jack() -> Iterator[dict[str, str]]:
    """A JACK dummy server of our own when jackd is installed; else no MIDI system at all."""
    name = f"showdesk-bench-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "JACK_DEFAULT_SERVER": name, "JACK_NO_START_SERVER": "1"}
    if shutil.which("jackd") is None:
        yield env
        return
    proc = subprocess.Popen(
        ["jackd", "-n", name, "--no-realtime", "-d", "dummy", "-r", "48000", "-p", "256"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(1.5)
    try:
        yield env
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def isolation(workdir: Path, cues: int, dead: bool, env: dict[str, str]) -> list[float]:
    receiver = Receiver()
    path = workdir / f"isolation-{time.monotonic_ns()}.showdesk"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    filler = socket.create_connection(listener.getsockname())  # now the accept queue is full
    with new_show(path, receiver.port) as show:
        show.set_setting("midi_backend", "mido.backends.rtmidi/UNIX_JACK")
        show.set_destination("EOS", f"osc.tcp://127.0.0.1:{listener.getsockname()[1]}")
        show.set_destination("DESK", "midi:No Such Desk")
        made = []
        for n in range(cues):
            last = n == cues - 1
            made.append(Cue(OSC, OSC.parse(f"/c/{n}"), number=str(n), target="RX",
                            post_wait=0.0 if dead else 0.01,
                            continue_mode=ContinueMode.NONE if last and not dead
                            else ContinueMode.AUTO_CONTINUE))  # fmt: skip
            if dead:
                made.append(Cue(OSC, OSC.parse(f"/eos/{n}"), number=f"{n}.1", target="EOS",
                                continue_mode=ContinueMode.AUTO_CONTINUE))  # fmt: skip
                made.append(Cue(MIDI, MIDI.parse(f"note_on note={n % 128}"), number=f"{n}.2",
                                target="DESK", post_wait=0.01,
                                continue_mode=ContinueMode.NONE if last
                                else ContinueMode.AUTO_CONTINUE))  # fmt: skip
        show.add_cues(made)
    events = run_engine(path, env)
    arrivals = receiver.collect()
    filler.close()
    listener.close()
    scheduled = {e["message"]: e["scheduled"] for e in events if e["event"] == "sent"}
    if dead:
        failed = sum(1 for e in events if e["event"] == "sent" and not e["ok"])
        states = sorted({(e["destination"], e["state"]) for e in events if e["event"] == "output"})
        print(f"    failed sends to the dead ones: {failed}; their states: {states}")
    return [(t - scheduled[address]) * 1000 for t, address in arrivals]


def pct(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    return (
        f"n={len(values):4d}  p50 {statistics.median(values):7.3f} ms  "
        f"p99 {pct(ordered, 0.99):7.3f} ms  max {ordered[-1]:7.3f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--fade", type=float, default=5.0, help="fade length, seconds")
    parser.add_argument("--cues", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        burst(workdir, args.burst)
        fade(workdir, args.fade)
        print(f"(c) failure isolation: {args.cues} cues 10 ms apart to UDP, lateness on arrival")
        with jack() as env:
            alone = isolation(workdir, args.cues, dead=False, env=env)
            print(f"    UDP alone                          {summary(alone)}")
            beside = isolation(workdir, args.cues, dead=True, env=env)
            print(f"    UDP + dead TCP + missing MIDI port {summary(beside)}")
        # No MIDI system at all: the watcher retries making a client every 2 s (each attempt
        # holds the GIL for 10-15 ms), in gaps of the schedule only.
        nothing = {**env, "JACK_DEFAULT_SERVER": f"showdesk-none-{uuid.uuid4().hex[:8]}"}
        beside = isolation(workdir, args.cues, dead=True, env=nothing)
        print(f"    UDP + dead TCP + no MIDI system    {summary(beside)}")


if __name__ == "__main__":
    threading.excepthook = lambda hook: None  # a receiver that died prints its own error
    main()
