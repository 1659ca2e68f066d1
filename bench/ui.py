"""The desktop app's responsiveness. Prints figures; asserts nothing.

    .venv/bin/python bench/ui.py [--cues 5000] [--gos 100] [--chain 500]

1. Startup: `showdesk-app` on a show of N cues, as its own process, from the moment it is
   launched until the window is shown with its event loop idle (the first time Qt is about to
   wait for events), and until the engine process it starts has loaded the show.
2. GO in the window: from a space key press on the cue table to the cue's row showing it has
   started (the engine's event arrived and the row was repainted), through the real engine. The
   window's thread asks for its nice value as showdesk-app's does, and waits for the engine's
   event asleep, as the app's event loop does (until 2026-12-02 the bench spun meanwhile).
3. Timing with the window open and busy: bench/timing.py's chained show run by the engine while
   this process scrolls and repaints the N-cue table without pause, against the same run with no
   window. The engine is its own process, so the busy window should not move its cues.

Without a display the window is drawn offscreen (QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# This file is bench/ui.py: its folder must not stand in for the `ui` package, so bench/ leaves
# sys.path and bench/timing.py's helpers are loaded from their file.
BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
_spec = importlib.util.spec_from_file_location("timing", BENCH / "timing.py")
assert _spec is not None
assert _spec.loader is not None
timing = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(timing)
run_engine_sequence, summary = timing.run_engine_sequence, timing.summary
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from cues import Cue, cue_type  # noqa: E402
from showdesk.showfile import ShowFile  # noqa: E402

MEMO, OSC = cue_type("memo"), cue_type("osc")
DEPTS = ("LX", "SND", "VID", "FLY", "DECK", "SM")


def big_show(path: Path, count: int) -> Path:
    """N cues the way a long show has them: numbered, departments, call text, notes."""
    with ShowFile.create(path, name=f"{count} cues") as show:
        show.set_destination("LX", "osc.udp://127.0.0.1:9")
        show.set_setting("min_go_interval", 0)  # the GO bench presses faster than a caller
        show.add_cues(
            Cue(OSC, OSC.parse(f"/eos/cue/1/{n}/fire"), number=str(n), name=f"Cue {n}",
                target="LX", dept=DEPTS[n % len(DEPTS)], call=f"LX {n} GO",
                notes="a note long enough to wrap in the standing-by panel " * (n % 3))
            if n % 2 else
            Cue(MEMO, MEMO.parse(""), number=str(n), name=f"Memo {n}", dept="SM",
                call=f"Standby {n}")
            for n in range(1, count + 1)
        )  # fmt: skip
    return path


def startup(path: Path, runs: int) -> None:
    app = [sys.executable, "-m", "ui.app", str(path), "--exit-when-ready"]
    idle, ready, inside = [], [], []
    for _ in range(runs):
        launched = time.time()
        out = subprocess.run(app, capture_output=True, text=True, check=True, timeout=60)
        marks = json.loads(out.stdout.strip().splitlines()[-1])
        idle.append((marks["idle_wall"] - launched) * 1000)
        inside.append(marks["idle_ms"])
        ready.append(marks["ready_ms"] + (marks["idle_wall"] - launched) * 1000 - marks["idle_ms"])
    med = statistics.median
    print(f"  window shown, event loop idle, from launch: median {med(idle):5.0f} ms "
          f"(min {min(idle):.0f}, max {max(idle):.0f}; {runs} runs)")  # fmt: skip
    print(f"    from the app module's first line:          median {med(inside):5.0f} ms")
    print(f"  engine process ready, from launch:          median {med(ready):5.0f} ms")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        # As on the machine these figures were taken on (2026-12-02): about 0.1 s of each start.
        print("  (PYTHONDONTWRITEBYTECODE is set: the app's own modules are compiled at each "
              "start, which an installed app does not do)")  # fmt: skip


def go_latency(path: Path, gos: int) -> None:
    from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: TID251 (a bench of the Qt app)
    from PySide6.QtTest import QTest  # noqa: TID251 (a bench of the Qt app)
    from PySide6.QtWidgets import QApplication  # noqa: TID251 (a bench of the Qt app)

    from showdesk.window_priority import favour_this_thread_soon
    from ui import theme
    from ui.main_window import MainWindow

    favour_this_thread_soon().join()  # as showdesk-app does for its window
    app = QApplication.instance() or QApplication([])
    theme.apply(app, theme.DARK)  # type: ignore[arg-type]
    window = MainWindow(path)
    window.show()
    view = window.show_view
    deadline = time.monotonic() + 30
    while not window.engine_ready and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    # The bench waits as the app's own event loop does, asleep until something happens: a wait
    # that spins (processEvents with a time limit returns at once when nothing is pending) takes
    # a core the real window leaves free, and on a busy machine it spends the window's share of
    # the CPU before the engine's event arrives (until 2026-12-02 it spun).
    waiting, timer = QEventLoop(), QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(waiting.quit)
    number = ""

    def started() -> None:
        if view.model.state(number) != "idle":
            waiting.quit()

    view.model.dataChanged.connect(started)
    values = []
    for n in range(1, gos + 1):
        number = str(n)
        timer.start(10_000)  # an engine that never answers ends the wait
        pressed = time.perf_counter()
        QTest.keyClick(view.table, Qt.Key.Key_Space)
        if view.model.state(number) == "idle":
            waiting.exec()
        app.processEvents()  # the rest of what arrived, and the window's paints it caused
        view.table.viewport().repaint()  # the row, drawn
        values.append((time.perf_counter() - pressed) * 1000)
        number = ""  # the rest of this cue's events do not end the pause below
        timer.start(50)  # let each GO land alone, as a caller's would
        waiting.exec()
    view.model.dataChanged.disconnect(started)
    print(f"  space key to the row showing the cue started:  {summary(values)}")
    window.quit_now()  # 100 GOs in: closing would ask first
    return None


def engine_go(path: Path, gos: int) -> None:
    """The engine alone: `go` written to its stdin until its `go` event is read (the part of
    the window's figure that is the engine's: the event is on disk before it is printed)."""
    proc = subprocess.Popen([sys.executable, "-m", "showdesk", "run", str(path)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdin is not None
    assert proc.stdout is not None
    while json.loads(proc.stdout.readline())["event"] != "ready":
        pass
    values = []
    for _ in range(gos):
        written = time.perf_counter()
        proc.stdin.write("go\n")
        proc.stdin.flush()
        while json.loads(proc.stdout.readline())["event"] != "go":
            pass
        values.append((time.perf_counter() - written) * 1000)
        time.sleep(0.05)
    proc.stdin.close()
    proc.stdout.read()
    proc.wait()
    print(f"  the engine alone, go to its go event:           {summary(values)}")


def busy_lateness(path: Path, workdir: Path, chain: int) -> None:
    from PySide6.QtWidgets import QApplication  # noqa: TID251 (a bench of the Qt app)

    from ui import theme
    from ui.main_window import MainWindow

    print(f"  idle, no window:            {summary(run_engine_sequence(workdir, chain))}")
    app = QApplication.instance() or QApplication([])
    theme.apply(app, theme.DARK)  # type: ignore[arg-type]
    window = MainWindow(path, start_engine=False)
    window.show()
    table = window.show_view.table
    result: list[float] = []
    worker = threading.Thread(target=lambda: result.extend(run_engine_sequence(workdir, chain)))
    worker.start()
    bar, step, frames = table.verticalScrollBar(), 40, 0
    started = time.perf_counter()
    while worker.is_alive():
        value = bar.value() + step
        if not bar.minimum() <= value <= bar.maximum():
            step = -step
        bar.setValue(bar.value() + step)
        table.viewport().repaint()
        window.show_view.tick()
        app.processEvents()
        frames += 1
    worker.join()
    rate = frames / (time.perf_counter() - started)
    print(f"  window scrolling+repainting ({rate:.0f} frames/s): {summary(result)}")
    window.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cues", type=int, default=5000)
    parser.add_argument("--gos", type=int, default=100)
    parser.add_argument("--chain", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"showdesk desktop app bench ({os.environ.get('QT_QPA_PLATFORM') or 'display'}), "
          f"{args.cues} cues")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        path = big_show(workdir / "big.showdesk", args.cues)
        print("startup:")
        startup(path, args.runs)
        print(f"GO in the window ({args.gos} GOs):")
        go_latency(path, args.gos)
        engine_go(path, args.gos)
        print(f"engine lateness, {args.chain} chained cues at 10 ms (bench/timing.py):")
        busy_lateness(path, workdir, args.chain)


if __name__ == "__main__":
    main()
