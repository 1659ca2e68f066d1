"""What remote control costs the show. Prints figures; asserts nothing.

    .venv/bin/python bench/remote.py [--gos 200] [--cues 500] [--flood 10000] [--fuzz 0]

- Packet in to cue out: an OSC `/go` sent over UDP (and over TCP) to `showdesk run --live
  --remote`, to its cue's packet arriving at a UDP receiver in its own process (both times on
  CLOCK_MONOTONIC). One GO every 5 ms.
- A chain of N cues 10 ms apart (auto-continue), live to the receiver: lateness on arrival, quiet
  and while another process floods the remote port from one source with `--flood` packets a
  second of garbage (random bytes), then with as many valid queries (`/cue/playhead/uniqueID`)
  spread over 64 source ports, which the per-host budget lets through at 2,000 a second.
- `--fuzz N`: N broken and hostile packets (tests/remote_fuzz.py: random bytes, deep bundles,
  huge strings, cut packets, a damaged SLIP stream) over UDP from 254 loopback addresses (so the
  per-source budget parses nearly all of them) and TCP; then whether the engine still runs and
  how late the next GOs are.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from timing import Receiver, chain_show, single_cues_show, summary  # bench/ is on sys.path

from showdesk.showfile import ShowFile
from showdesk.wire.framing import slip_encode
from showdesk.wire.osc import encode_own

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the suite's fuzz packets
from tests.remote_fuzz import drain, packets, stream

FLOODER = r"""
import os, random, socket, sys, time
rate, mode, port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
rng = random.Random(1)
if mode == "garbage":
    socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM)]
    packets = [rng.randbytes(rng.randint(1, 200)) for _ in range(1000)]
else:
    socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(64)]
    packets = [b"/cue/playhead/uniqueID\0\0,\0\0\0"]
batch = max(1, rate // 1000)  # packets each millisecond
sent, n, start = 0, 0, time.perf_counter()
print("flooding", flush=True)
while True:
    for _ in range(batch):
        socks[n % len(socks)].sendto(packets[n % len(packets)], ("127.0.0.1", port))
        n += 1
    ahead = start + n / rate - time.perf_counter()
    if ahead > 0:
        time.sleep(ahead)
"""


class Engine:
    """`showdesk run --live --remote` with its events read on a thread."""

    def __init__(self, path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "showdesk", "run", str(path), "--live", "--remote",
             "--remote-port", "0"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.events: list[dict[str, Any]] = []
        self.port = 0
        self.got_port = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.got_port.wait(20)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            event = json.loads(line)
            self.events.append(event)
            if event["event"] == "remote" and event.get("status") == "listening":
                self.port = int(event["port"])
                self.got_port.set()

    def stop(self) -> int:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
        except OSError:
            pass
        code = self.proc.wait(timeout=30)
        self.reader.join(timeout=5)
        return code


def packet_to_cue(workdir: Path, gos: int, tcp: bool) -> list[float]:
    receiver = Receiver()
    path = workdir / f"gos-{time.monotonic_ns()}.showdesk"
    single_cues_show(path, receiver.port, gos)
    engine = Engine(path)
    go = encode_own("/go")
    sent = []
    if tcp:
        sock = socket.create_connection(("127.0.0.1", engine.port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=drain, args=(sock,), daemon=True).start()
        framed = slip_encode(go)
        for _ in range(gos):
            sent.append(time.perf_counter())
            sock.sendall(framed)
            time.sleep(0.005)
    else:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for _ in range(gos):
            sent.append(time.perf_counter())
            sock.sendto(go, ("127.0.0.1", engine.port))
            time.sleep(0.005)
    time.sleep(0.2)
    sock.close()
    engine.stop()
    arrivals = receiver.collect()
    return [(t - s) * 1000 for (t, _), s in zip(arrivals, sent, strict=True)]


def chain(workdir: Path, cues: int, flood: int, mode: str) -> tuple[list[float], list[float], str]:
    """Lateness on arrival of a 10 ms chain, the engine's own part (send minus deadline), and
    what the engine told of the flood."""
    receiver = Receiver()
    path = workdir / f"chain-{time.monotonic_ns()}.showdesk"
    chain_show(path, receiver.port, cues)
    engine = Engine(path)
    flooder = None
    if flood:
        command = [sys.executable, "-c", FLOODER, str(flood), mode, str(engine.port)]
        flooder = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert flooder.stdout is not None
        flooder.stdout.readline()
        time.sleep(1.0)  # the flood is under way (and its first burst spent) before the GO
    assert engine.proc.stdin is not None
    engine.proc.stdin.write("go\n")
    engine.proc.stdin.flush()
    deadline = time.monotonic() + cues * 0.01 + 10
    while time.monotonic() < deadline:
        if sum(1 for e in engine.events if e["event"] == "sent") >= cues + 20:
            break
        time.sleep(0.05)
    if flooder is not None:
        flooder.kill()
        flooder.wait()
    engine.stop()
    arrivals = receiver.collect()
    sent = [e for e in engine.events if e["event"] == "sent"]
    scheduled = {e["message"].split()[0]: e["scheduled"] for e in sent}
    told = [e for e in engine.events if e["event"] == "remote" and e["status"] != "listening"]
    counts = sum(int(e.get("count", 1)) for e in told)
    news = f"the engine told {len(told)} remote events, about {counts} packets"
    lateness = [(t - scheduled[address]) * 1000 for t, address in arrivals]
    return lateness, [e["late_ms"] for e in sent], news


def fuzz(workdir: Path, count: int) -> None:
    receiver = Receiver()
    path = workdir / "fuzz.showdesk"
    single_cues_show(path, receiver.port, 40)
    with ShowFile.open(path) as show:
        show.set_setting("min_go_interval", 0.0)
    engine = Engine(path)
    rng = random.Random(100)
    started = time.perf_counter()
    over_tcp = packets(rng, count // 5)
    tcp = socket.create_connection(("127.0.0.1", engine.port))
    threading.Thread(target=drain, args=(tcp,), daemon=True).start()
    tcp.sendall(stream(rng, over_tcp))
    socks = []
    for host in range(2, 256):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((f"127.0.0.{host}", 0))
        socks.append(sock)
    for n, data in enumerate(packets(rng, count - len(over_tcp))):
        socks[n % len(socks)].sendto(data[:65000], ("127.0.0.1", engine.port))
        if n % 100 == 99:
            time.sleep(0.002)
    tcp.close()
    took = time.perf_counter() - started
    time.sleep(1.0)
    alive = engine.proc.poll() is None
    # The next GOs, from stdin: are they on time?
    gone = len([e for e in engine.events if e["event"] == "go"])
    assert engine.proc.stdin is not None
    engine.proc.stdin.write('{"command":"standby","cue":"30"}\n')
    for _ in range(10):
        engine.proc.stdin.write("go\n")
        engine.proc.stdin.flush()
        time.sleep(0.05)
    time.sleep(0.5)
    after = [e for e in engine.events if e["event"] == "sent"][-10:]
    statuses: dict[str, int] = {}
    for e in engine.events:
        if e["event"] == "remote":
            statuses[e["status"]] = statuses.get(e["status"], 0) + int(e.get("count", 1))
    code = engine.stop()
    receiver.collect()
    for sock in socks:
        sock.close()
    print(f"fuzz: {count} packets ({len(over_tcp)} over TCP) in {took:.1f} s; engine alive "
          f"afterwards: {alive}; exit code {code}; GOs the fuzz itself made: {gone}")  # fmt: skip
    print(f"  remote events by status (packets counted): {json.dumps(statuses)}")
    print(f"  the next 10 GOs' sends, late by (ms): {[e['late_ms'] for e in after]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gos", type=int, default=200)
    parser.add_argument("--cues", type=int, default=500)
    parser.add_argument("--flood", type=int, default=10000)
    parser.add_argument("--fuzz", type=int, default=0)
    args = parser.parse_args()
    with open("/proc/loadavg") as f:
        print(f"load average before: {f.read().split()[:3]}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.fuzz:
            fuzz(workdir, args.fuzz)
            return
        print(f"packet in to cue out, UDP /go   {summary(packet_to_cue(workdir, args.gos, False))}")
        print(f"packet in to cue out, TCP /go   {summary(packet_to_cue(workdir, args.gos, True))}")
        rows = [("quiet", 0, ""), ("garbage flood", args.flood, "garbage"),
                ("query flood", args.flood, "queries")]  # fmt: skip
        for name, rate, mode in rows:
            arrival, own, news = chain(workdir, args.cues, rate, mode)
            label = f"{name} ({rate}/s)" if rate else name
            print(f"chain lateness, {label:<22} {summary(arrival)}")
            print(f"  of which the engine           {summary(own)}")
            if rate:
                print(f"  {news}")
    with open("/proc/loadavg") as f:
        print(f"load average after: {f.read().split()[:3]}")


if __name__ == "__main__":
    main()
