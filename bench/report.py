"""How long the show report of a long performance takes. Prints figures.

    .venv/bin/python bench/report.py [--runs 5] [--events 2000] [--notes 100]

The performance is three hours of a busy show written by the engine's own run log (RunLog):
GOs with their sends (some late, some failed), marks (house open, a hold before the curtain,
acts, an interval, a hold mid-act), a panic, refused commands, output faults, and the notes of
all departments, some of them paragraphs. Three earlier performances give the history and the
averages. It times building the report from the file, each format in process for each
audience, and `showdesk report` as a command (a new process: Python, the show file, Qt and the
PDF), which is what a stage manager waits for. Beside the wall-clock times, the CPU time each
took (for a command, the child process's), which a machine shared with others changes less.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from showdesk.engine.runlog import RunLog, start_performance
from showdesk.notes import find_performance
from showdesk.report import build_report
from showdesk.report.model import Report
from showdesk.report.output import report_bytes
from showdesk.showfile import ShowFile

T0 = datetime(2026, 11, 26, 19, 0).timestamp()
DEPTS = ["LX", "SND", "SM", "VID", ""]
NOTE = ("The follow spot on the bridge was late on the pick-up after the blackout, and the "
        "iris stuck half closed; LX to check it before tomorrow's call. ")  # fmt: skip


def performance(events: int, notes: int, day: float) -> list[dict[str, Any]]:
    """`events` engine events and `notes` note events over three hours from `day` 19:00."""

    def at(s: float, kind: str, **fields: Any) -> dict[str, Any]:
        return {"event": kind, "wall": day + s, "mono": 1000 + s, "show_time": s, **fields}

    def mark(s: float, kind: str, **fields: Any) -> dict[str, Any]:
        return at(s, "mark", mark=kind, text=fields.pop("text", ""), **fields)

    out = [mark(0, "house_open"), mark(1800, "hold", text="late audience"), mark(2100, "show_up"),
           mark(5400, "interval"), mark(6600, "act", act=2), mark(8000, "hold", text="smoke alarm"),
           mark(8240, "hold_end"), mark(10800, "show_down"),
           at(8001, "panic", source="key", standing_by="300", running=["299"])]  # fmt: skip
    n = 0
    while len(out) < events:
        n += 1
        s = 2100 + (n * 4.0) % 8600
        if 5400 <= s < 6600:
            s += 1200  # no GOs in the interval
        out.append(at(s, "go", cue=str(n), id=f"c{n}", name=f"Cue {n}", source="key"))
        out.append(at(s + 0.001, "sent", cue=str(n), id=f"c{n}", destination="LX",
                      ok=n % 97 != 0, error="no route to host" if n % 97 == 0 else None,
                      late_ms=0.1 + (n % 9) / 10))  # fmt: skip
        if n % 40 == 0:
            out.append(at(s + 1, "error", command=f"go {n}x", message=f"no cue numbered '{n}x'"))
    out = out[:events]
    for i in range(notes):
        text = NOTE * (1 + i % 4)
        out.append(at(2100 + i * 85.0, "note", text=f"{i}: {text}".strip(), dept=DEPTS[i % 5],
                      severity=("info", "issue", "critical")[i % 3], cue=None,
                      standing_by=str(i + 1), running=[]))  # fmt: skip
    return sorted(out, key=lambda e: e["wall"])


def write_show(path: Path, events: int, notes: int) -> None:
    with ShowFile.create(path, name="The Tempest") as show:
        for key, value in (("company", "Northern Lights"), ("venue", "The Courtyard"),
                           ("stage_manager", "Sam Ortiz"), ("curtain", "19:30")):  # fmt: skip
            show.set_setting(key, value)
    for night in range(4):
        day = T0 - (3 - night) * 86400
        with ShowFile.open(path) as show:
            perf = start_performance(show, f"Preview {night + 1}", "rehearsal", "Main", "preview")
            show.db.execute("UPDATE performances SET started = ? WHERE id = ?", [day, perf])
        log = RunLog(path, perf, lambda _: None)
        log.start()
        for event in performance(events, notes, day):
            log.put(event)
        log.close()


def cpu() -> float:
    """CPU seconds used so far by this process and the children it has waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(runs: int, work: Callable[[], object]) -> tuple[float, float, float]:
    """Median and worst of `runs` timings, and the median CPU time they took, in ms. On a
    machine others keep busy the wall clock says how long one waited; the CPU time, what the
    work itself costs."""
    times, used = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), cpu()
        work()
        times.append((time.perf_counter() - start) * 1000)
        used.append((cpu() - start_cpu) * 1000)
    return statistics.median(times), max(times), statistics.median(used)


def main() -> int:
    # Not bench/ on the path: its ui.py would hide the app's `ui` package, where the PDF writer
    # is (an entry point, loaded by name when the first PDF is made).
    here = Path(__file__).parent.resolve()
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--notes", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tempest.showdesk"
        write_show(path, args.events, args.notes)
        with ShowFile.open(path) as show:
            count = show.db.execute("SELECT count(*) FROM events WHERE performance_id = 4")
            print(f"performance 4 of 4: {count.fetchone()[0]} events "
                  f"(notes included), {args.notes} notes, 3 earlier performances")  # fmt: skip

        def build() -> Report:
            with ShowFile.open(path) as show:
                return build_report(show, find_performance(show, "last"))

        report = build()
        rows = [("build the report from the file", *timed(args.runs, build))]
        for audience in ("producer", "crew"):
            for fmt in ("md", "html", "csv", "pdf"):
                work = lambda a=audience, f=fmt: report_bytes(report, a, f)  # noqa: E731
                rows.append((f"{fmt} for the {audience}", *timed(args.runs, work)))
        for audience in ("producer", "crew"):
            out = Path(folder) / f"{audience}.pdf"
            command = [sys.executable, "-m", "showdesk", "report", str(path), "--for", audience,
                       "--format", "pdf", "-o", str(out)]  # fmt: skip
            run = lambda c=command: subprocess.run(c, check=True, capture_output=True)  # noqa: E731
            rows.append((f"`showdesk report --for {audience} --format pdf` (a new process)",
                         *timed(args.runs, run)))  # fmt: skip
            pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
            pages = next((line.split()[-1] for line in pages.splitlines()
                          if line.startswith("Pages")), "?")  # fmt: skip
            print(f"{audience} PDF: {pages} pages, {out.stat().st_size // 1024} KiB")
    width = max(len(r[0]) for r in rows)
    print(f"\n{'what':<{width}}  median ms  worst ms  CPU ms   ({args.runs} runs)")
    for what, median, worst, used in rows:
        print(f"{what:<{width}}  {median:9.1f}  {worst:8.1f}  {used:6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
