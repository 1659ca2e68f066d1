"""The protocol fuzzer's longer run, and what a flood and a panic do to a dense schedule.
Prints figures; asserts only what the suite's fuzzer asserts.

    .venv/bin/python bench/fuzz.py [--lines 20000] [--rounds 3] [--seed N]

Each round starts `showdesk run --live` on a show whose cue 1 is a 1 kHz fade (the documented
maximum rate) to a UDP port nobody reads, GOes it, and while it runs writes LINES lines of raw
random bytes (never a command) to the engine's stdin, 5,000 at once, each batch followed by a
`status`. Then it checks that every line got
exactly one `error`, times `status` and `panic` during the fade, and sends a last GO. Figures:
how fast the lines were answered, the fade's lateness while they were (the engine's own, from
its `sent` events), and how long `status` and `panic` took to act (write to the event's time,
both on CLOCK_MONOTONIC). Then a flood: 3,000 `go` lines at once during a 40 Hz fade.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from timing import summary  # bench/ is on sys.path as a script

from cues import Cue, cue_type
from showdesk.showfile import ShowFile

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the suite's fuzzer's lines
from tests.e2e.lines import finish, read_until
from tests.e2e.test_protocol_fuzz import random_bad_line

FADE, MEMO = cue_type("fade"), cue_type("memo")
BATCH = 5000  # lines written at once (the engine keeps up to 10,000 waiting)


class Engine:
    def __init__(self, path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "showdesk", "run", str(path), "--live"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip
        self.events: list[dict[str, Any]] = []
        self.until("ready")

    def send(self, data: bytes) -> float:
        assert self.proc.stdin is not None
        at = time.perf_counter()
        self.proc.stdin.write(data)
        self.proc.stdin.flush()
        return at

    def until(self, kind: str, **match: Any) -> dict[str, Any]:
        return read_until(self.proc, kind, self.events, timeout=60, **match)

    def quit(self) -> int:
        events, _ = finish(self.proc, b"quit\n")
        self.events += events
        return self.proc.wait()


def fade_show(path: Path, rate: int, seconds: float, memos: int = 0) -> None:
    with ShowFile.create(path) as show:
        show.set_destination("MIX", "osc.udp://127.0.0.1:9")
        show.set_setting("min_go_interval", 0)
        show.add_cue(Cue(FADE, FADE.parse(f"/ch/1/fader f 0 -> 1 rate={rate}"), number="1",
                         target="MIX", duration=seconds))  # fmt: skip
        show.add_cues(Cue(MEMO, MEMO.parse(""), number=str(n)) for n in range(2, memos + 2))


def fuzz_round(folder: Path, lines: int, rng: random.Random) -> dict[str, Any]:
    path = folder / f"fuzz-{rng.random():.6f}.showdesk"
    fade_show(path, 1000, 60.0)
    engine = Engine(path)
    engine.send(b"go\n")
    engine.until("cue", state="running")
    time.sleep(0.2)
    started = time.perf_counter()
    for _ in range(0, lines, BATCH):  # a batch at a time: a flood past 10,000 waiting is cut
        bad = [random_bad_line(rng) for _ in range(min(BATCH, lines))]
        engine.send(b"\n".join(bad) + b"\nstatus\n")
        engine.until("status")
    answered = time.perf_counter() - started
    asked = engine.send(b"status\n")
    status_ms = (engine.until("status")["mono"] - asked) * 1000
    asked = engine.send(b"panic\n")
    panic_ms = (engine.until("cue", state="stopping")["t"] - asked) * 1000
    code = engine.quit()
    errors = sum(1 for e in engine.events if e["event"] == "error")
    late = [e["late_ms"] for e in engine.events if e["event"] == "sent"]
    return {"lines": lines, "errors": errors, "answered_s": answered, "status_ms": status_ms,
            "panic_ms": panic_ms, "late": late, "exit": code}  # fmt: skip


def flood(folder: Path, gos: int) -> None:
    path = folder / "flood.showdesk"
    fade_show(path, 40, 10.0, memos=gos)
    engine = Engine(path)
    engine.send(b"go\n")
    engine.until("cue", state="running")
    time.sleep(0.5)
    started = engine.send(b"go\n" * gos)
    last = None
    while sum(1 for e in engine.events if e["event"] == "go") < gos + 1:
        last = engine.until("go")
    engine.quit()
    late = [e["late_ms"] for e in engine.events if e["event"] == "sent"]
    assert last is not None
    print(f"flood: {gos} GOs written at once during a 40 Hz fade, all carried out in "
          f"{last['mono'] - started:.2f} s; fade steps' own lateness {summary(late)}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--gos", type=int, default=3000)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    print(f"seed {seed}")
    panics, statuses, late = [], [], []
    with tempfile.TemporaryDirectory() as name:
        for n in range(args.rounds):
            got = fuzz_round(Path(name), args.lines, rng)
            ok = got["errors"] == got["lines"] and got["exit"] == 0
            print(f"round {n + 1}: {got['lines']} random lines, {got['errors']} errors "
                  f"({'one each' if ok else 'NOT one each'}), answered in "
                  f"{got['answered_s']:.2f} s; exit {got['exit']}")  # fmt: skip
            if not ok:
                raise SystemExit(1)
            panics.append(got["panic_ms"])
            statuses.append(got["status_ms"])
            late += got["late"]
        print(f"1 kHz fade steps while the lines were read: {summary(late)}")
        print(f"status during it: median {statistics.median(statuses):.3f} ms, "
              f"max {max(statuses):.3f} ms; panic acts after: median "
              f"{statistics.median(panics):.3f} ms, max {max(panics):.3f} ms")  # fmt: skip
        flood(Path(name), args.gos)


if __name__ == "__main__":
    main()
