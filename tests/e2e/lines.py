"""Reading an engine's events as they come, with a deadline: a test of a defect must fail, not
hang, when the engine never prints what it waits for."""

from __future__ import annotations

import json
import os
import select
import subprocess
import time
from typing import Any

_BUFFERS: dict[int, bytes] = {}


def next_event(proc: subprocess.Popen[bytes], timeout: float = 20.0) -> dict[str, Any] | None:
    """The next event the engine prints, None when its output ends; AssertionError after
    `timeout` seconds without a whole line."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    deadline = time.monotonic() + timeout
    while b"\n" not in _BUFFERS.get(fd, b""):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise AssertionError(f"the engine printed nothing for {timeout:g} s")
        chunk = os.read(fd, 65536)
        if not chunk:
            return None
        _BUFFERS[fd] = _BUFFERS.get(fd, b"") + chunk
    line, _, _BUFFERS[fd] = _BUFFERS[fd].partition(b"\n")
    event: dict[str, Any] = json.loads(line)
    return event


def read_until(
    proc: subprocess.Popen[bytes],
    kind: str,
    seen: list[dict[str, Any]] | None = None,
    timeout: float = 20.0,
    **match: Any,
) -> dict[str, Any]:
    """The first event of `kind` with the `match` fields (collecting all read into `seen`)."""
    while (event := next_event(proc, timeout)) is not None:
        if seen is not None:
            seen.append(event)
        if event["event"] == kind and all(event.get(k) == v for k, v in match.items()):
            return event
    raise AssertionError(f"no {kind} {match} before the engine's output ended")


def finish(
    proc: subprocess.Popen[bytes], last: bytes = b"", timeout: float = 30.0
) -> tuple[list[dict[str, Any]], bytes]:
    """Writes `last`, closes stdin, waits for the engine to exit; returns every event printed
    after those already read, and what it wrote to stderr."""
    if proc.stdin is not None:
        try:
            proc.stdin.write(last)
            proc.stdin.close()
        except BrokenPipeError:
            pass
    events = []
    while (event := next_event(proc, timeout)) is not None:
        events.append(event)
    assert proc.stdout is not None
    proc.stdout.close()
    err = b""
    if proc.stderr is not None:
        err = proc.stderr.read()
        proc.stderr.close()
    proc.wait(timeout)
    return events, err
