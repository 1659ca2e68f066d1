"""What a flood of command lines on stdin does to a dense schedule. Prints figures; asserts nothing.

    .venv/bin/python bench/flood.py [--seconds 6] [--runs 3] [--only fade|chain] [--floods ...]

`showdesk run --live` plays one of two schedules to a UDP socket of this process that nobody
reads (the kernel drops what does not fit; a send never fails): a 1 kHz fade (the documented
maximum rate), or a chain of OSC cues 10 ms apart (auto-continue). While it plays, another thread
of this process writes command lines to the engine's stdin, paced every millisecond:

- `none`: nothing (the engine's normal lateness, what a flood is compared with);
- `bad`: random bytes that are not a command (tests/e2e/test_protocol_fuzz.py), 1,000 a second,
  the rate the engine carries lines out at; each is one `error` event;
- `bad-max`: the same at 10,000 a second, ten times what the engine takes: 10,000 wait, the rest
  are dropped and counted (the documented maximum, docs/protocol.md);
- `status`: 1,000 `status` lines a second (each event carries every destination's state);
- `note`: 1,000 `note` lines a second (each a row of the `notes` table as well);
- `go`: 1,000 `go` lines a second, and `go-burst`: 5,000 `go` lines written at once (issue 11's
  defect 15: 5,000 GOs on a 100k-cue show took 20 s with sends 375 ms late), each to a show of
  the fade and 100,000 memo cues (fade schedule only: in the chain a GO would move the chain).

The figure is the engine's own lateness (each `sent` event's `late_ms`: send time minus
deadline) for the sends whose deadline fell inside the flood, p50 / p99 / max, pooled over the
runs; the floods take turns within a run so that other work on the machine falls on all of them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fuzz import fade_show
from timing import chain_show, percentile  # bench/ is on sys.path as a script

from showdesk.showfile import ShowFile

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the suite's fuzzer's lines
from tests.e2e.test_protocol_fuzz import random_bad_line

GO_KINDS = ("go", "go-burst")
GO_BURST = 5000  # GO lines written at once
GO_MEMOS = 100_000  # memo cues after the fade for the GOs to fire
SETTLE = 0.3  # seconds after GO before the flood starts, and kept clear before the end
Lines = Callable[[int], list[bytes]]  # lines to write in one millisecond, given its number


def flood_lines(kind: str, rng: random.Random) -> tuple[int, Lines]:
    """How many lines a second, and what each millisecond writes."""
    bad = [random_bad_line(rng) for _ in range(5000)]
    if kind == "none":
        return 0, lambda n: []
    if kind == "bad":
        return 1000, lambda n: [bad[n % len(bad)]]
    if kind == "bad-max":
        return 10_000, lambda n: [bad[(n * 10 + i) % len(bad)] for i in range(10)]
    if kind == "status":
        return 1000, lambda n: [b"status"]
    if kind == "note":
        return 1000, lambda n: [f"note flood {n}".encode()]
    if kind == "go":
        return 1000, lambda n: [b"go"]
    if kind == "go-burst":
        return 0, lambda n: [b"go"] * GO_BURST if n == 0 else []
    raise SystemExit(f"no flood {kind!r}")


class Engine:
    """`showdesk run --live` whose output is collected whole by a thread, parsed at the end."""

    def __init__(self, path: Path, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "showdesk", "run", str(path), "--live"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
        )  # fmt: skip
        assert self.proc.stdout is not None
        self.ready = json.loads(self.proc.stdout.readline())
        self.chunks: list[bytes] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        while chunk := self.proc.stdout.read1(1 << 16):
            self.chunks.append(chunk)

    def write(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def finish(self) -> list[dict[str, Any]]:
        self.write(b"quit\n")
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(60)
        self.reader.join()
        return [json.loads(line) for line in b"".join(self.chunks).splitlines()]


def paced(engine: Engine, lines: Lines, until: float) -> int:
    """Writes each millisecond's lines on time until `until` (perf_counter); how many."""
    start, n, written = time.perf_counter(), 0, 0
    while (now := time.perf_counter()) < until:
        due = int((now - start) * 1000)
        batch = [line for k in range(n, due + 1) for line in lines(k)]
        n = due + 1
        if batch:
            engine.write(b"\n".join(batch) + b"\n")
            written += len(batch)
        time.sleep(max(0.0, start + n / 1000 - time.perf_counter()))
    return written


def one_run(folder: Path, schedule: str, kind: str, seconds: float, port: int,
            rng: random.Random) -> dict[str, Any]:  # fmt: skip
    path = folder / f"{schedule}-{kind}-{rng.random():.6f}.showdesk"
    if schedule == "fade":
        fade_show(path, 1000, seconds + 2 * SETTLE, GO_MEMOS if kind in GO_KINDS else 0)
        with ShowFile.open(path) as show:  # to this process's socket, which drops quietly
            show.set_destination("MIX", f"osc.udp://127.0.0.1:{port}")
    else:
        chain_show(path, port, int((seconds + 2 * SETTLE) * 100))
    rate, lines = flood_lines(kind, rng)
    engine = Engine(path)
    engine.write(b"go\n")
    time.sleep(SETTLE)
    began = time.perf_counter()
    written = paced(engine, lines, began + seconds)
    ended = time.perf_counter()
    if schedule == "fade":
        time.sleep(SETTLE)
    events = engine.finish()
    late = [
        e["late_ms"] for e in events if e["event"] == "sent" and began <= e["scheduled"] < ended
    ]
    failed = sum(1 for e in events if e["event"] == "sent" and not e["ok"])
    return {"late": late, "written": written, "rate": rate, "failed": failed,
            "errors": sum(1 for e in events if e["event"] == "error"),
            "dropped": sum(int(e["message"].split()[0]) for e in events if e["event"] == "error"
                           and "dropped" in e.get("message", "") and "thread" not in e),
            "answered": sum(1 for e in events if e["event"] in ("status", "note", "go")) - 1,
            "exit": engine.proc.returncode, "timing": engine.ready.get("priority")}  # fmt: skip


def figures(late: list[float]) -> str:
    ordered = sorted(late)
    return (f"n={len(late):6d}  p50 {ordered[len(ordered) // 2]:6.3f}  p99 "
            f"{percentile(late, 0.99):6.3f}  p99.9 {percentile(late, 0.999):6.3f}  "
            f"max {ordered[-1]:7.3f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="of flood per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=("fade", "chain"), default=None)
    parser.add_argument("--floods", default="none,bad,bad-max,status,note,go,go-burst")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    kinds = args.floods.split(",")
    schedules = [args.only] if args.only else ["fade", "chain"]
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # never read: the kernel drops
    sink.bind(("127.0.0.1", 0))
    port = sink.getsockname()[1]
    print(f"seed {seed}; {args.runs} run(s) of {args.seconds:g} s each; "
          f"load average before: {os.getloadavg()[0]:.2f}")  # fmt: skip
    with tempfile.TemporaryDirectory() as name:
        for schedule in schedules:
            here = [k for k in kinds if schedule == "fade" or k not in GO_KINDS]
            pooled: dict[str, dict[str, Any]] = {k: {"late": [], "notes": []} for k in here}
            for _ in range(args.runs):
                for kind in here:
                    got = one_run(Path(name), schedule, kind, args.seconds, port, rng)
                    pooled[kind]["late"] += got["late"]
                    pooled[kind]["notes"].append(
                        f"{got['written']} lines, {got['errors']} errors, {got['dropped']} "
                        f"dropped, {got['answered']} answered, {got['failed']} failed sends, "
                        f"exit {got['exit']}"
                    )
                    pooled[kind]["timing"] = got["timing"]
            label = "1 kHz fade" if schedule == "fade" else "10 ms chain"
            print(f"\n{label}, engine's own lateness (timing thread: "
                  f"{pooled[here[0]]['timing']})")  # fmt: skip
            for kind in here:
                print(f"  {kind:<8} {figures(pooled[kind]['late'])}")
                for note in pooled[kind]["notes"]:
                    print(f"  {'':<8}   {note}")
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
