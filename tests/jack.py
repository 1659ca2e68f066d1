"""A JACK dummy server of the test run's own, and jack_midi_dump as an independent MIDI receiver.

No sound card here: JACK's dummy driver gives real MIDI ports in user space, which python-rtmidi
(built with JACK) opens like any other. Each server gets a name of its own, so a run never uses
(or kills) a server it did not start; it is stopped by its process id, with SIGKILL when SIGTERM
is not enough (the dummy server has been seen ignoring SIGTERM).

A test that must see every one of many messages asks for a synchronous server (`-S`: it waits
for every client each cycle). Asynchronous, a client late for a cycle on a busy machine loses
that cycle's MIDI: about 1 message in 200 at 100 a second, measured with python-rtmidi alone
sending to jack_midi_dump at a load of 7 on two cores; synchronous, none was lost.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

TOOLS = ("jackd", "jack_lsp", "jack_midi_dump")
_DUMP_LINE = re.compile(r"^\s*\d+:\s+((?:[0-9a-f]{2}\s)*[0-9a-f]{2})\b")


def need_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"JACK tools missing: {', '.join(missing)} "
            "(jackd2 in packaging/packages-test.txt; make test installs it)"
        )


def stop_process(
    proc: subprocess.Popen[bytes] | subprocess.Popen[str], first: int = signal.SIGTERM
) -> None:
    if proc.poll() is None:
        proc.send_signal(first)
        try:
            proc.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5.0)


@dataclass
class JackServer:
    name: str
    env: dict[str, str]  # what a client process needs to reach this server

    def ports(self) -> list[str]:
        out = subprocess.run(["jack_lsp"], env=self.env, capture_output=True, text=True, timeout=10)
        return out.stdout.split()

    def connected(self, port: str) -> bool:
        """Whether some port is connected to `port` (`jack_lsp -c` lists them indented)."""
        out = subprocess.run(["jack_lsp", "-c", port], env=self.env, capture_output=True,
                             text=True, timeout=10)  # fmt: skip
        return any(line.startswith((" ", "\t")) for line in out.stdout.splitlines())

    def wait_for_connection(self, port: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.connected(port):
            if time.monotonic() > deadline:
                raise AssertionError(f"nothing was connected to {port!r}")
            time.sleep(0.05)

    def wait_for_port(self, port: str, present: bool = True, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while (port in self.ports()) != present:
            if time.monotonic() > deadline:
                raise AssertionError(f"port {port!r} {'never came' if present else 'stayed'}")
            time.sleep(0.05)


@contextmanager
def jack_server(*, synchronous: bool = False) -> Iterator[JackServer]:
    need_tools()
    name = f"showdesk-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "JACK_DEFAULT_SERVER": name, "JACK_NO_START_SERVER": "1"}
    env.pop("MIDO_BACKEND", None)
    sync = ["-S"] if synchronous else []
    proc = subprocess.Popen(
        ["jackd", "-n", name, *sync, "--no-realtime", "-d", "dummy", "-r", "48000", "-p", "256"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        server = JackServer(name, env)
        deadline = time.monotonic() + 10.0
        while "system:playback_1" not in server.ports():
            if proc.poll() is not None:
                assert proc.stderr is not None
                raise RuntimeError(f"jackd exited: {proc.stderr.read().decode()[-500:]}")
            if time.monotonic() > deadline:
                raise RuntimeError("jackd did not come up within 10 s")
            time.sleep(0.05)
        yield server
    finally:
        stop_process(proc)
        assert proc.stderr is not None
        proc.stderr.close()


@dataclass
class MidiDump:
    """jack_midi_dump under a client name; `messages` are the byte strings it printed."""

    server: JackServer
    client: str
    proc: subprocess.Popen[str] | None = None
    messages: list[bytes] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    @property
    def port(self) -> str:
        return f"{self.client}:input"

    def start(self) -> MidiDump:
        self.proc = subprocess.Popen(
            ["stdbuf", "-oL", "jack_midi_dump", self.client],
            env=self.server.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.server.wait_for_port(self.port)
        return self

    def _read(self) -> None:
        assert self.proc is not None
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            match = _DUMP_LINE.match(line)
            if match:
                with self.arrived:
                    self.messages.append(bytes.fromhex(match.group(1)))
                    self.arrived.notify_all()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[bytes]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)
            return list(self.messages)

    def stop(self) -> None:
        if self.proc is not None:
            # SIGINT: jack_midi_dump closes its client. It dies on SIGTERM without closing, and
            # the synchronous server then waits seconds for it before going on.
            stop_process(self.proc, signal.SIGINT)
            assert self.proc.stdout is not None
            self.proc.stdout.close()
            self.proc = None
            self.server.wait_for_port(self.port, present=False)
