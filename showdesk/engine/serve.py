"""`showdesk run`: the engine as its own process, commands on stdin, JSON events on stdout.

The timing loop owns the main thread. Each pass it first takes the commands waiting (a few a
pass, in order but for panic and stop, which jump a backed-up queue; only as many as fit before
the next deadline: see commands.py), then sleeps until just before the next deadline (or until a
command arrives), spins to the deadline on the monotonic clock, and lets the scheduler carry out
everything due. However dense the schedule, every pass takes commands, so none is starved.

Reading stdin and writing the log and stdout happen on other threads, so neither a slow client
nor a slow disk moves a cue. An exception in one of them comes to the loop as an `error` event
and the thread goes on; a thread that cannot go on stops the engine (exit code 3, the last event
a `quit` saying why). SIGINT, SIGTERM and SIGHUP end the performance as `quit` does (exit code
128 + the signal). One engine runs a show file at a time (lock.py).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from showdesk.engine.commands import EOF, CommandQueue, Line, Refused, read_lines
from showdesk.engine.compile import compile_cues
from showdesk.engine.engine import Engine, Notice
from showdesk.engine.lock import EngineLock, describe_holder
from showdesk.engine.printer import Printer
from showdesk.engine.priority import Breather, raise_priority
from showdesk.engine.runlog import Pending, RunLog, check_kind, close_abandoned
from showdesk.outputs import OutputChange, Quiet, build_outputs
from showdesk.remote.control import RemoteControl, RemoteOptions
from showdesk.showfile import MAIN, ShowFile
from showdesk.threads import GIVE_UP, Pace, WorkerProblem, describe, keep_going

# Sleep until this long before a deadline, then spin: time.sleep overshoots by ~0.1 ms here.
SPIN = 0.001
# Work out what a deadline does this long before it (a cold scheduler pass takes ~0.1 ms here),
# so that at the deadline only the sends are left.
PREPARE = 0.0004
PER_PASS = 16  # commands taken in one pass at most, however many wait
EXIT_FAULT = 3  # the engine stopped because one of its threads could not go on
SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


@dataclass(frozen=True)
class Signalled:
    """A signal to end the performance, handed to the timing loop."""

    signum: int


class MonotonicClock:
    def now(self) -> float:
        return time.perf_counter()


def _read_stdin(stream: BinaryIO, commands: CommandQueue, quiet: Quiet) -> None:
    pace = Pace(quiet)
    pace.start()  # a GO must not wait behind other programs to be read
    keep_going("stdin reader", lambda: read_lines(stream, commands, pace), commands.notify)


def serve(
    path: Path,
    *,
    live: bool = False,
    performance: str = "",
    kind: str = "",
    list_name: str = MAIN,
    force: bool = False,
    stdin: BinaryIO | None = None,
    stdout: TextIO = sys.stdout,
    remote: RemoteOptions | None = None,
) -> int:
    """Runs the show until `quit` or a signal, or until stdin closes and nothing is left
    running; returns the exit code."""
    with EngineLock.take(path, force=force) as lock:
        return _serve(path, lock, live, performance, kind, list_name, stdin, stdout,
                      remote or RemoteOptions())  # fmt: skip


def _serve(
    path: Path,
    lock: EngineLock,
    live: bool,
    performance: str,
    kind: str,
    list_name: str,
    stdin: BinaryIO | None,
    stdout: TextIO,
    remote: RemoteOptions,
) -> int:
    loaded = time.perf_counter()
    with ShowFile.open(path) as show:
        compiled = compile_cues(show.cues(list_name), show.patch(), show.settings())
        # Remote control (OSC server, MIDI in): nothing is opened unless the show or the
        # command line asks for it.
        control = RemoteControl.plan(show, compiled, list_name, remote, live)
        midi_backend = show.settings().midi_backend
        mode = "live" if live else "rehearsal"
        kind = check_kind(kind or ("performance" if live else "rehearsal"))
        # No performance yet: the first GO or mark starts it (runlog.py).
        pending = Pending(performance, mode, list_name, kind)
        abandoned = close_abandoned(show)  # left running by an engine that was killed
        departments = [dept.code for dept in show.departments()]
    recovered: dict[str, Any] = {}
    if abandoned or lock.stale:
        recovered = {"recovered": {"performances": abandoned, "engine": lock.stale}}
        print(f"showdesk: an engine was killed on this show before ({describe_holder(lock.stale)});"
              f" performance(s) {abandoned} it left running now end at their last logged event",
              file=sys.stderr)  # fmt: skip
    # A MIDI client must never start a JACK server of its own (on a show machine that would
    # grab the sound card); a missing server is a missing port, and the show goes on.
    os.environ.setdefault("JACK_NO_START_SERVER", "1")
    commands = CommandQueue()
    quiet = Quiet()  # the timing loop's next deadline, for outputs' threads to keep out of
    outputs = build_outputs(compiled.endpoints, live, midi_backend, quiet)  # ports open here
    printer = Printer(stdout, commands.notify, quiet)
    printer.start()
    log = RunLog(path, pending, printer.emit, commands.notify, quiet)
    log.start()
    clock = MonotonicClock()
    engine = Engine(compiled, outputs, clock, control.publish(log.put), mode=mode,
                    departments=departments)  # fmt: skip
    log.stamp = engine.event
    control.open(commands.accept, quiet)  # remote control's lines and notices: one queue
    # Outputs' threads (connecting, watching ports) start before this thread raises its
    # priority, so they keep a normal one; their state changes come in as notices.
    for output in outputs.values():
        output.start(commands.notify)
    # What was loaded lives as long as the engine: out of the garbage collector's sight, so that
    # a collection (which holds the GIL, whichever thread sets it off) scans what the run makes,
    # not every cue: on a 100,000-cue show each full collection held sends up by 50-100 ms.
    # Not collected first: what loading left over is a few hundred objects, and a collection
    # over every cue took ~45 ms of a 5,000-cue show's start.
    gc.freeze()
    gc.enable()  # held off while loading (cli.py's `run`)
    timing = raise_priority()  # this thread runs the timing loop
    engine.ready(performance=None, name=performance, kind=kind, list=list_name,
                 load_ms=round((time.perf_counter() - loaded) * 1000, 1),
                 priority=timing.priority, timing=timing.event(), **recovered)  # fmt: skip
    control.start(engine)
    # A reader of its own on stdin: at exit Python takes sys.stdin's lock, which a daemon
    # thread waiting in readline() would hold for ever (a fatal error at interpreter shutdown).
    stream = stdin if stdin is not None else open(os.dup(sys.stdin.fileno()), "rb")  # noqa: SIM115
    threading.Thread(target=_read_stdin, args=(stream, commands, quiet), daemon=True).start()
    code = EXIT_FAULT
    try:
        with _signals_to(commands):
            code = run_loop(engine, clock, commands, quiet)
    finally:
        control.close()
        unwritten = log.close()
        printer.close()
        for output in outputs.values():
            output.close()
    if unwritten:
        print(f"showdesk: {unwritten} event(s) of this run could not be written to {path}",
              file=sys.stderr)  # fmt: skip
        code = code or EXIT_FAULT
    return code


@contextmanager
def _signals_to(commands: CommandQueue) -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP become notices for the timing loop while it runs."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may handle signals (a test may serve from another)
        return
    previous = {}
    for name in SIGNALS:
        if (signum := getattr(signal, name, None)) is not None:
            previous[signum] = signal.signal(signum, lambda n, _: commands.notify(Signalled(n)))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run_loop(
    engine: Engine,
    clock: MonotonicClock,
    commands: CommandQueue,
    quiet: Quiet | None = None,
) -> int:
    """The timing loop; returns the exit code once the engine is to stop."""
    closing = False
    failures = 0  # deadlines in a row whose work raised
    quiet = quiet or Quiet()
    breather = Breather()  # a real-time thread that never sleeps is killed (or demoted)
    while True:
        breather.check()
        deadline = engine.next_deadline()
        quiet.next_deadline = deadline
        for _ in range(PER_PASS):  # commands first, as many as fit before the deadline
            room = None if deadline is None else deadline - PREPARE - clock.now()
            item = commands.take(room)
            if item is None:
                break
            if item is EOF:
                closing = True
            elif (code := carry_out(engine, item, commands, clock)) is not None:
                return code
            deadline = engine.next_deadline()
            quiet.next_deadline = deadline
        if deadline is None and closing and commands.idle():
            return 0  # stdin is closed and nothing is pending: done
        wait = None if deadline is None else deadline - clock.now() - SPIN
        if deadline is None or wait is None or wait > 0:
            commands.wait(wait)
            continue
        try:
            while clock.now() < deadline - PREPARE:
                pass
            prepared = engine.prepare(deadline)  # the scheduler's work, ahead of the deadline
            while clock.now() < deadline:
                pass
            engine.fire(prepared)
            failures = 0
        except Exception as exc:  # a bug: say so; stop only if it happens again and again
            failures += 1
            fatal = failures >= GIVE_UP
            why = f"failed {failures} times in a row: " if fatal else ""
            problem = WorkerProblem("timing loop", f"{why}{describe(exc)}", fatal)
            if (code := carry_out(engine, problem, commands, clock)) is not None:
                return code


def carry_out(
    engine: Engine, item: object, commands: CommandQueue, clock: MonotonicClock
) -> int | None:
    """Does one thing taken from the queue; the exit code if the engine is to stop."""
    if isinstance(item, Line):
        started = clock.now()
        going = engine.command(item.text, item.source)
        commands.took(clock.now() - started)
        return None if going else 0
    if isinstance(item, OutputChange):
        engine.output_changed(item)
    elif isinstance(item, Notice):  # from remote control's threads
        engine.notice(item)
    elif isinstance(item, Refused):
        engine.publish(engine.event("error", message=item.message, command=item.excerpt))
    elif isinstance(item, WorkerProblem):
        engine.publish(engine.event("error", message=item.message, thread=item.thread,
                                    fatal=item.fatal))  # fmt: skip
        if item.fatal:
            try:
                engine.end(error=item.message)
            except Exception:  # the scheduler itself is what failed: say so without it
                engine.publish(engine.event("quit", error=item.message))
            return EXIT_FAULT
    elif isinstance(item, Signalled):
        engine.end(signal=signal.Signals(item.signum).name)
        return 128 + item.signum
    return None
