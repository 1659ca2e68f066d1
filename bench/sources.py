"""Which of the engine's own habits make it late: the spin window, the GIL switch interval, and
the run-log writer (the Python thread that works beside the timing thread after every send).
Prints figures; asserts nothing.

    .venv/bin/python bench/sources.py [--cues 300] [--runs 3] [--idle]

The timing bench's chained show (bench/timing.py) runs, with its load, under engines that each
change one thing: `spin=0.003` (wake 3 ms before a deadline, not 1), `switch=0.005` (Python's
default switch interval instead of 0.2 ms), `writer=memory` (events kept in memory and written
only at the end: no thread beside the timing thread). Each at normal priority
(SHOWDESK_PRIORITY=normal) and at real-time, the variants taking turns so that a burst of other
work on the machine falls on all of them alike. Printed: the engine's own lateness (send time
minus deadline), the median over the runs of each run's p50 and p99.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

VARIANTS = ["", "spin=0.003", "switch=0.005", "writer=memory"]


def engine_main(args: list[str]) -> int:
    """`showdesk run` with the change named in SHOWDESK_VARIANT."""
    import showdesk.engine.priority as priority
    import showdesk.engine.serve as serve
    from showdesk.cli import main

    change = dict(kv.split("=") for kv in os.environ.get("SHOWDESK_VARIANT", "").split(",") if kv)
    if "spin" in change:
        serve.SPIN = float(change["spin"])
    if "switch" in change:
        priority.SWITCH_INTERVAL = float(change["switch"])
    if change.get("writer") == "memory":
        serve.RunLog = MemoryLog  # type: ignore[misc]
    return main(args)


class MemoryLog:
    """A run log that prints `ready` and `output` events at once and the rest at the end."""

    def __init__(self, path: Path, performance: int, emit: Any) -> None:
        self.emit = emit
        self.events: list[dict[str, Any]] = []

    def start(self) -> None:
        pass

    def put(self, event: dict[str, Any]) -> None:
        if event["event"] in ("ready", "output"):
            self.emit([event])
        else:
            self.events.append(event)

    def close(self) -> None:
        self.emit(self.events)


def main() -> None:
    import timing

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cues", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--idle", action="store_true", help="without the bench's load")
    args = parser.parse_args()
    me = [sys.executable, str(Path(__file__).resolve()), "--engine"]
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        if not args.idle:
            stack.enter_context(timing.load())
        for priority in ("normal", "real-time"):
            env = {**os.environ}
            if priority == "normal":
                env["SHOWDESK_PRIORITY"] = "normal"
            p50s: dict[str, list[float]] = {v: [] for v in VARIANTS}
            p99s: dict[str, list[float]] = {v: [] for v in VARIANTS}
            for _ in range(args.runs):
                for variant in VARIANTS:
                    launcher = timing.Launcher(variant, me, {**env, "SHOWDESK_VARIANT": variant})
                    timing.run_engine_sequence(Path(tmp), args.cues, launcher)
                    late = sorted(timing.SEND_LATENESS)
                    timing.SEND_LATENESS.clear()
                    p50s[variant].append(statistics.median(late))
                    p99s[variant].append(late[min(len(late) - 1, int(len(late) * 0.99))])
            for variant in VARIANTS:
                print(f"{priority:<9} {variant or 'as built':<14} engine p50 "
                      f"{statistics.median(p50s[variant]):7.3f} ms  p99 "
                      f"{statistics.median(p99s[variant]):7.3f} ms  (p99 of each run: "
                      f"{', '.join(f'{x:.3f}' for x in p99s[variant])})")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--engine"]:
        rest = sys.argv[2:]
        sys.exit(engine_main(rest[2:] if rest[:2] == ["-m", "showdesk"] else rest))
    main()
