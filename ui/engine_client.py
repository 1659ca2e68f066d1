"""The desktop app's link to the engine process (`showdesk run`): JSON lines both ways.

The window never fires cues itself. It starts the engine as its own process, so a frozen or
crashed window does not stop a running sequence, and speaks the engine protocol
(docs/protocol.md) to it: commands in on stdin, events out on stdout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, Signal

# How long a polite `quit` may take before the engine is killed (when the window closes).
QUIT_WAIT_MS = 3000


def showdesk_command(*args: str) -> tuple[str, list[str]]:
    """The program and arguments that run `showdesk ARGS...`: this Python with `-m showdesk`, or,
    in the one-folder bundle (where there is no Python to call), the bundle's own `showdesk`."""
    if getattr(sys, "frozen", False):
        program = Path(sys.executable).with_name("showdesk" + Path(sys.executable).suffix)
        return str(program), list(args)
    return sys.executable, ["-m", "showdesk", *args]


class EngineClient(QObject):
    """Starts and talks to one engine process at a time.

    `received(dict)` carries each event the engine prints; `died(str)` says, in a sentence, that the
    engine stopped when nobody asked it to (killed, crashed, refused the show file).
    """

    # Not `event`: that name would shadow QObject.event(), which Qt calls for every QEvent.
    received = Signal(object)  # a dict, passed through uncopied
    read = Signal()  # after the events of one read: what was put off until then can be done
    died = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.process: QProcess | None = None
        self.path: Path | None = None
        self.live = False
        self._buffer = b""
        self._stderr = b""
        self._stopping = False

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.state() != QProcess.ProcessState.NotRunning

    def start(self, path: Path, live: bool) -> None:
        """Starts the engine on `path` (a running one is stopped first)."""
        self.stop()
        self.path, self.live = Path(path), live
        self._buffer = self._stderr = b""
        self._stopping = False
        process = QProcess(self)
        program, args = showdesk_command("run", str(self.path), *(["--live"] if live else []))
        process.setProgram(program)
        process.setArguments(args)
        process.readyReadStandardOutput.connect(self._read_stdout)
        process.readyReadStandardError.connect(self._read_stderr)
        process.finished.connect(self._finished)
        process.errorOccurred.connect(self._error)
        self.process = process
        process.start()

    def send(self, command: dict[str, Any]) -> bool:
        """Writes one command line; False (and nothing written) when no engine is running."""
        if not self.running or self.process is None:
            return False
        line = json.dumps(command, separators=(",", ":")) + "\n"
        self.process.write(line.encode())
        # QProcess writes from its event loop; hand the line to the pipe now (it never blocks
        # for long: a command line is far smaller than the pipe's buffer).
        self.process.waitForBytesWritten(0)
        return True

    def stop(self) -> None:
        """Asks the engine to quit, and kills it if it does not in time. Not a death."""
        process = self.process
        if process is None:
            return
        self._stopping = True
        if process.state() != QProcess.ProcessState.NotRunning:
            process.write(b'{"command":"quit","source":"app"}\n')
            process.closeWriteChannel()
            if not process.waitForFinished(QUIT_WAIT_MS):
                process.kill()
                process.waitForFinished(QUIT_WAIT_MS)
        process.readyReadStandardOutput.disconnect(self._read_stdout)
        process.deleteLater()
        self.process = None

    def kill(self) -> None:
        """Kills the engine as a crash would (tests and the bench use this)."""
        if self.process is not None:
            self.process.kill()

    # -- from the process ----------------------------------------------------------------

    def _read_stdout(self) -> None:
        if self.process is None:
            return
        self._buffer += self.process.readAllStandardOutput().data()
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            if not line.strip():
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue  # not ours (a stray print); the protocol is one JSON object a line
            if isinstance(event, dict):
                self.received.emit(event)
        self.read.emit()

    def _read_stderr(self) -> None:
        if self.process is not None:
            self._stderr = (self._stderr + self.process.readAllStandardError().data())[-4000:]

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        if self._stopping:
            return
        self._read_stdout()
        self._read_stderr()
        if status == QProcess.ExitStatus.CrashExit:
            why = "the engine process was killed or crashed"
        else:
            why = f"the engine process exited (code {code})"
        detail = self._stderr.decode(errors="replace").strip().splitlines()
        self.died.emit(f"{why}: {detail[-1]}" if detail else why)

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and not self._stopping:
            self.died.emit(f"the engine process could not start ({showdesk_command()[0]})")
