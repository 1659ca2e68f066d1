"""How the real outputs behave under `showdesk run --live`. Prints figures; asserts nothing.

    .venv/bin/python bench/outputs.py [--burst 1000] [--fade 5] [--cues 300] [--timecode 10]

(a) Burst: one GO fires 1,000 OSC cues (chained by auto-continue, no waits) to one UDP
    destination: time from writing `go` until the last message leaves (its `sent` event's
    `actual`) and until it arrives at a receiver in its own process.
(b) Fade: one OSC fade at 50 Hz for N seconds to UDP: the rate achieved at the receiver and the
    jitter of the spacing between arrivals (deviation from 20 ms).
(c) Failure isolation: N cues 10 ms apart to UDP, lateness of each arrival (arrival minus
    scheduled), alone and then with a TCP destination that never answers (a listener whose
    accept queue is full) and a MIDI port that does not exist (on a JACK dummy server when
    jackd is installed; then with no MIDI system at all) fired at the same instants.
(d) Timecode: a timecode cue at 25 fps for N seconds to a `midi.tcp` destination, read by a
    receiver in its own process with kernel receive timestamps (SO_TIMESTAMPNS): each quarter
    frame's arrival against its place on the 10 ms grid (t_a + k / 100) and the spacing of
    arrivals. The kernel stamps a segment when it arrives, so the receiver's own scheduling does
    not count; when one read holds several quarter frames only the last one has its own stamp,
    and the others are left out (and counted).
The clocks are CLOCK_MONOTONIC (perf_counter), shared by the processes; kernel stamps are
CLOCK_REALTIME, mapped to it by the offset between the two clocks read back to back.
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
TIMECODE = cue_type("timecode")
# A TCP receiver that keeps the kernel's receive time of every read (SO_TIMESTAMPNS, realtime
# clock) and the realtime-monotonic offset; it asks for real-time priority like timing.py's.
STAMPING_RECEIVER = r"""
import json, os, socket, struct, time
try:
    os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(10))
except (OSError, AttributeError):
    pass
listener = socket.create_server(("127.0.0.1", 0))
print(listener.getsockname()[1], flush=True)
conn, _ = listener.accept()
STAMP = getattr(socket, "SO_TIMESTAMPNS", 35)  # Linux; Python 3.11 lacks the name
conn.setsockopt(socket.SOL_SOCKET, STAMP, 1)
reads = []
while True:
    data, ancillary, _, _ = conn.recvmsg(65536, socket.CMSG_SPACE(16))
    if not data:
        break
    stamp = None
    for level, kind, value in ancillary:
        if level == socket.SOL_SOCKET and kind == STAMP:
            seconds, nanoseconds = struct.unpack("qq", value[:16])
            stamp = seconds + nanoseconds / 1e9
    reads.append((len(data), stamp))
offset = min(time.time() - time.perf_counter() for _ in range(1000))
print(json.dumps({"reads": reads, "offset": offset}), flush=True)
"""


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


def timecode(workdir: Path, seconds: float) -> None:
    receiver = subprocess.Popen(
        [sys.executable, "-c", STAMPING_RECEIVER], stdout=subprocess.PIPE, text=True
    )
    assert receiver.stdout is not None
    port = int(receiver.stdout.readline())
    path = workdir / "timecode.showdesk"
    with ShowFile.create(path) as show:
        show.set_destination("MTC", f"midi.tcp://127.0.0.1:{port}")
        show.add_cues([Cue(TIMECODE, TIMECODE.parse("start=01:00:00:00 fps=25"), number="1",
                           target="MTC", duration=seconds)])  # fmt: skip
    events = run_engine(path)
    result = json.loads(receiver.stdout.readline())
    receiver.wait()
    locate = next(e for e in events if e["event"] == "timecode" and e["state"] == "locate")
    summary = next(e for e in events if e["event"] == "timecode" and e["state"] == "completed")
    # The stream: a 10-byte full frame, then 2 bytes for each quarter frame from 0 on.
    arrivals: dict[int, float] = {}
    received, merged, done = 0, 0, 0
    for size, stamp in result["reads"]:
        received += size
        now_done = (received - 10) // 2  # quarter frames complete after this read
        merged += max(0, now_done - done - 1)
        if stamp is not None and now_done > done:
            arrivals[now_done - 1] = stamp - result["offset"]
        done = now_done
    grid = {k: locate["scheduled"] + k / 100 for k in arrivals}
    deviation = sorted(abs(arrivals[k] - grid[k]) * 1000 for k in arrivals)
    ks = sorted(arrivals)
    gaps = [(arrivals[b] - arrivals[a]) * 1000 for a, b in itertools.pairwise(ks) if b == a + 1]
    spacing = sorted(abs(g - 10.0) for g in gaps)
    expected = round(seconds * 100)
    print(f"(d) timecode: 25 fps for {seconds:g} s to midi.tcp, kernel receive timestamps")
    print(f"    quarter frames sent {summary['quarter_frames']}/{expected}, bytes received "
          f"{received} (expected {10 + 2 * expected}); {merged} arrived in a read after "
          f"another and are left out")  # fmt: skip
    print(f"    |arrival - grid| n={len(deviation)}  p50 {statistics.median(deviation):.3f} ms  "
          f"p99 {pct(deviation, 0.99):.3f} ms  max {deviation[-1]:.3f} ms")  # fmt: skip
    print(f"    |spacing - 10 ms| n={len(spacing)}  p50 {statistics.median(spacing):.3f} ms  "
          f"p99 {pct(spacing, 0.99):.3f} ms  max {spacing[-1]:.3f} ms")  # fmt: skip
    print(f"    engine's own lateness at the send, worst: {summary['late_ms_max']:.3f} ms; "
          f"timing thread priority: {events[0].get('priority')}")  # fmt: skip


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
    parser.add_argument("--timecode", type=float, default=10.0, help="timecode length, seconds")
    parser.add_argument("--only", choices=("burst", "fade", "isolation", "timecode"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.only == "timecode":
            timecode(workdir, args.timecode)
            return
        burst(workdir, args.burst)
        fade(workdir, args.fade)
        timecode(workdir, args.timecode)
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
