"""One engine per show file: two engines must never drive the same rig from the same show.

`showdesk run` holds an exclusive lock on `FILE.lock`, beside the show file, for as long as it
runs, with its pid and start time written in it. A second engine on the same file is refused
with a sentence naming the first; with `--force` it asks the first to stop (SIGTERM: that one
ends its performance as `quit` would) and takes over once it has. The lock belongs to the
operating system (flock; a locked byte on Windows), so it goes with its process: a file left by
a killed engine is recognised as stale and taken over.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from showdesk.errors import ShowFileError

FORCE_PATIENCE = 10.0  # seconds `--force` waits for the running engine to stop
_WINDOWS_BYTE = 1 << 20  # Windows locks are mandatory: lock a byte past what is read


def lock_path(show: Path) -> Path:
    return show.with_name(show.name + ".lock")


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows
            import msvcrt

            os.lseek(fd, _WINDOWS_BYTE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _read(fd: int) -> dict[str, Any]:
    os.lseek(fd, 0, os.SEEK_SET)
    try:
        data = json.loads(os.read(fd, 4096) or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def describe_holder(holder: dict[str, Any]) -> str:
    """`pid 1234, since 19:02:11` (with the date when it is not today)."""
    since = holder.get("since")
    when = ""
    if isinstance(since, int | float):
        day = (
            "%Y-%m-%d " if time.strftime("%x", time.localtime(since)) != time.strftime("%x") else ""
        )
        when = f", since {time.strftime(day + '%H:%M:%S', time.localtime(since))}"
    return f"pid {holder.get('pid', 'unknown')}{when}"


class EngineLock:
    """The lock of one running engine on one show file (see the module's docstring)."""

    def __init__(self, path: Path, fd: int, stale: dict[str, Any]) -> None:
        self.path = path
        self.fd = fd
        self.stale = stale  # what a killed engine left in the lock file ({} if nothing)

    @classmethod
    def take(cls, show: Path, *, force: bool = False) -> EngineLock:
        """The lock for `show`, or ShowFileError naming the engine that holds it. With `force`,
        that engine is asked to stop, and the lock taken once it has."""
        path = lock_path(show)
        asked: float | None = None
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            if _try_lock(fd):
                if _same_file(fd, path):
                    return cls._held(path, fd)
                os.close(fd)  # the holder removed it as we opened it: open the new one
                continue
            holder = _read(fd)
            os.close(fd)
            if not force:
                raise ShowFileError(
                    f"{show} is already being run by another showdesk engine "
                    f"({describe_holder(holder)}); stop that one first, or run with --force to "
                    "stop it and take over"
                )
            now = time.monotonic()
            if asked is None:
                asked = now
                _ask_to_stop(holder)
            elif now - asked > FORCE_PATIENCE:
                raise ShowFileError(
                    f"the engine running {show} ({describe_holder(holder)}) did not stop within "
                    f"{FORCE_PATIENCE:g} s of being asked; stop it by hand"
                )
            time.sleep(0.05)

    @classmethod
    def _held(cls, path: Path, fd: int) -> EngineLock:
        stale = _read(fd)  # anything here was left by an engine that did not release it
        mine = json.dumps({"pid": os.getpid(), "since": time.time()}).encode()
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, mine)
        return cls(path, fd, stale)

    def release(self) -> None:
        # Remove the file before unlocking it: whoever opens the path next gets a new file.
        with contextlib.suppress(OSError):  # one left behind is recognised as stale next time
            self.path.unlink(missing_ok=True)
        os.close(self.fd)

    def __enter__(self) -> EngineLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def _ask_to_stop(holder: dict[str, Any]) -> None:
    pid = holder.get("pid")
    if isinstance(pid, int) and pid > 0 and pid != os.getpid():
        with contextlib.suppress(OSError):  # gone already, or not ours: the lock will tell
            os.kill(pid, signal.SIGTERM)
