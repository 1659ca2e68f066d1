"""`showdesk run`: the engine as its own process, commands on stdin, JSON events on stdout.

The timing loop owns the main thread. It sleeps until just before the next deadline (or until a
command arrives), spins to the deadline on the monotonic clock, and lets the scheduler carry out
everything due. Reading stdin and writing the log and stdout happen on other threads, so neither
a slow client nor a slow disk moves a cue.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
import time
from pathlib import Path
from typing import Any, TextIO

from showdesk.engine.compile import compile_cues
from showdesk.engine.engine import Engine, Notice
from showdesk.engine.priority import Breather, raise_priority
from showdesk.engine.runlog import Pending, RunLog, check_kind
from showdesk.outputs import OutputChange, Quiet, build_outputs
from showdesk.remote.control import RemoteControl, RemoteOptions
from showdesk.showfile import MAIN, ShowFile

# Sleep until this long before a deadline, then spin: time.sleep overshoots by ~0.1 ms here.
SPIN = 0.001
# Work out what a deadline does this long before it (a cold scheduler pass takes ~0.1 ms here),
# so that at the deadline only the sends are left.
PREPARE = 0.0004
_EOF = object()


class MonotonicClock:
    def now(self) -> float:
        return time.perf_counter()


def line_writer(out: TextIO) -> Any:
    def emit(events: list[dict[str, Any]]) -> None:
        try:
            out.write("".join(json.dumps(e, separators=(",", ":")) + "\n" for e in events))
            out.flush()
        except (BrokenPipeError, ValueError):
            pass  # the client went away; the show goes on and the log keeps everything

    return emit


def _read_lines(source: TextIO, commands: queue.SimpleQueue[object]) -> None:
    raise_priority()  # a GO must not wait behind other programs to be read
    for line in source:
        if line.strip():
            commands.put(line)
    commands.put(_EOF)


def serve(
    path: Path,
    *,
    live: bool = False,
    performance: str = "",
    kind: str = "",
    list_name: str = MAIN,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    remote: RemoteOptions | None = None,
) -> int:
    """Runs the show until `quit`, or until stdin closes and nothing is left running."""
    loaded = time.perf_counter()
    with ShowFile.open(path) as show:
        compiled = compile_cues(show.cues(list_name), show.patch(), show.settings())
        # Remote control (OSC server, MIDI in): nothing is opened unless the show or the
        # command line asks for it.
        control = RemoteControl.plan(show, compiled, list_name, remote or RemoteOptions(), live)
        midi_backend = show.settings().midi_backend
        mode = "live" if live else "rehearsal"
        kind = check_kind(kind or ("performance" if live else "rehearsal"))
        # No performance yet: the first GO or mark starts it (runlog.py).
        pending = Pending(performance, mode, list_name, kind)
        departments = [dept.code for dept in show.departments()]
    # A MIDI client must never start a JACK server of its own (on a show machine that would
    # grab the sound card); a missing server is a missing port, and the show goes on.
    os.environ.setdefault("JACK_NO_START_SERVER", "1")
    quiet = Quiet()  # the timing loop's next deadline, for outputs' threads to keep out of
    outputs = build_outputs(compiled.endpoints, live, midi_backend, quiet)  # ports open here
    log = RunLog(path, pending, line_writer(stdout))
    log.start()
    clock = MonotonicClock()
    engine = Engine(compiled, outputs, clock, control.publish(log.put), mode=mode,
                    departments=departments)  # fmt: skip
    commands: queue.SimpleQueue[object] = queue.SimpleQueue()
    control.open(commands.put, quiet)
    # Outputs' threads (connecting, watching ports) start before this thread raises its
    # priority, so they keep a normal one; their state changes come in as commands.
    for output in outputs.values():
        output.start(commands.put)
    timing = raise_priority()  # this thread runs the timing loop
    engine.ready(performance=None, name=performance, kind=kind, list=list_name,
                 load_ms=round((time.perf_counter() - loaded) * 1000, 1),
                 priority=timing.priority, timing=timing.event())  # fmt: skip
    control.start(engine)
    threading.Thread(target=_read_lines, args=(stdin, commands), daemon=True).start()
    try:
        run_loop(engine, clock, commands, quiet)
    finally:
        control.close()
        log.close()
        for output in outputs.values():
            output.close()
    return 0


def run_loop(
    engine: Engine,
    clock: MonotonicClock,
    commands: queue.SimpleQueue[object],
    quiet: Quiet | None = None,
) -> None:
    closing = False
    quiet = quiet or Quiet()
    breather = Breather()  # a real-time thread that never sleeps is killed (or demoted)
    while True:
        breather.check()
        deadline = engine.next_deadline()
        quiet.next_deadline = deadline
        if deadline is None and closing:
            return  # stdin is closed and nothing is pending: done
        wait = None if deadline is None else deadline - clock.now() - SPIN
        if wait is None or wait > 0:
            try:
                item = commands.get(timeout=wait)
            except queue.Empty:
                continue
            if item is _EOF:
                closing = True
            elif isinstance(item, OutputChange):
                engine.output_changed(item)
            elif isinstance(item, Notice):  # from remote control's threads
                engine.notice(item)
            elif isinstance(item, str) and not engine.command(item):
                return
            continue
        assert deadline is not None  # wait was computed from it
        while clock.now() < deadline - PREPARE:
            pass
        prepared = engine.prepare(deadline)  # the scheduler's work, done ahead of the deadline
        while clock.now() < deadline:
            pass
        engine.fire(prepared)
