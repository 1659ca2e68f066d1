"""MIDI ports by name, through mido's backends (python-rtmidi by default).

Which backend and API: the `MIDO_BACKEND` environment variable when it is set (the machine's
choice), else the show's `midi_backend` setting, e.g. `mido.backends.rtmidi/UNIX_JACK`, else
mido's default (rtmidi, the system's first API).

A port is opened by name when the show loads; from then on a watcher thread looks at the port
list a few times a second: a port that vanishes makes the output `missing port`, and it is
reopened by name when it comes back. The timing loop only ever sends: if the watcher is busy
with the port at that instant, the send fails at once rather than waiting.

For rtmidi each output keeps one rtmidi client for the whole run (making a client costs tens of
milliseconds in which Python's other threads cannot run); listing ports through it is cheap.
Other mido backends are driven through mido's own port API.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from typing import Any, Protocol

import mido

from showdesk.outputs.base import ERRORING, LIVE, MISSING, BaseOutput, Notify, SendResult
from showdesk.threads import Quiet, WorkerProblem, keep_going
from showdesk.wire.midistream import MidiBytesError, split_messages

DEFAULT_BACKEND = "mido.backends.rtmidi"
RTMIDI = "mido.backends.rtmidi"
POLL = 0.25  # seconds between looks at the port list
CLIENT_RETRY = 2.0  # seconds between attempts to reach a MIDI system that is not there
# Making an rtmidi client (even one that fails) holds the GIL for 10-35 ms, opening or closing a
# port for 3-17 ms: done in a gap of the schedule this long, waiting up to the patience.
GAP = 0.1
REOPEN_PATIENCE = 2.0  # a device plugged back in is wanted soon
CLIENT_PATIENCE = 30.0  # a MIDI system that may never come is not worth a stall


def backend_name(setting: str) -> str:
    """The mido backend (`module[/API]`) this engine uses: MIDO_BACKEND, the setting, or mido's
    default."""
    return os.environ.get("MIDO_BACKEND") or setting or DEFAULT_BACKEND


@functools.lru_cache(maxsize=4096)
def messages_of(data: bytes) -> tuple[bytes, ...]:
    return tuple(split_messages(data))


class Driver(Protocol):
    lists_apart: bool  # whether ports() may run while another thread sends

    def ports(self) -> list[str]: ...

    def open(self, port: str) -> None: ...

    def close(self) -> None: ...

    def send(self, message: bytes) -> None: ...

    def release(self) -> None:
        """Lets go of the MIDI system for good (the engine is ending)."""


class RtMidiDriver:
    """One rtmidi client, made once; its port reopened by name as often as needed. The watcher
    lists ports through a second client of its own: listing through the sending one took the
    port's lock, and a send that met it failed (one quarter frame in a thousand of a running
    timecode, more on a busy machine)."""

    lists_apart = True

    def __init__(self, api: str, client_name: str) -> None:
        import rtmidi

        self.rtmidi: Any = rtmidi
        if api and not hasattr(rtmidi, f"API_{api}"):
            known = sorted(n[4:] for n in dir(rtmidi) if n.startswith("API_"))
            raise ValueError(f"unknown MIDI API {api!r} (known: {', '.join(known)})")
        self.api = getattr(rtmidi, f"API_{api}") if api else rtmidi.API_UNSPECIFIED
        self.client_name = client_name
        self.client: Any = None
        self.lister: Any = None  # the watcher's own client, for listing ports only

    def _client(self) -> Any:
        if self.client is None:
            self.client = self.rtmidi.MidiOut(rtapi=self.api, name=self.client_name)
        return self.client

    def ports(self) -> list[str]:
        if self.lister is None:
            self.lister = self.rtmidi.MidiOut(rtapi=self.api, name=f"{self.client_name} ports")
        return list(self.lister.get_ports())

    def open(self, port: str) -> None:
        client = self._client()
        client.open_port(client.get_ports().index(port), "out")

    def close(self) -> None:
        if self.client is not None and self.client.is_port_open():
            self.client.close_port()

    def send(self, message: bytes) -> None:
        self.client.send_message(message)

    def release(self) -> None:
        # Close the client itself, not only its port: a JACK client left open when the process
        # ends is waited for by a synchronous JACK server (seconds) before it is dropped.
        for client in (self.client, self.lister):
            if client is not None:
                client.delete()
        self.client = self.lister = None


class MidoDriver:
    """Any other mido backend, through mido's own port objects."""

    lists_apart = False  # what a backend does when listing while sending is not known

    def __init__(self, backend: str) -> None:
        self.backend = mido.Backend(backend, load=True, use_environ=False)
        self.port: Any = None

    def ports(self) -> list[str]:
        return list(self.backend.get_output_names())

    def open(self, port: str) -> None:
        self.port = self.backend.open_output(port)

    def close(self) -> None:
        if self.port is not None:
            self.port.close()
            self.port = None

    def send(self, message: bytes) -> None:
        self.port.send(mido.Message.from_bytes(list(message)))

    def release(self) -> None:
        self.close()


def make_driver(backend: str, client_name: str) -> Driver:
    module, _, api = backend.partition("/")
    if module == RTMIDI:
        return RtMidiDriver(api, client_name)
    return MidoDriver(backend)


def find_port(wanted: str, ports: list[str]) -> str | None:
    """The port named `wanted`: exactly, or the one port whose name starts with it (ALSA adds
    client and port numbers, `USB MIDI 1:USB MIDI 1 MIDI 1 20:0`)."""
    if wanted in ports:
        return wanted
    starting = [p for p in ports if p.startswith(wanted)]
    return starting[0] if len(starting) == 1 else None


class MidiOutput(BaseOutput):
    def __init__(self, name: str, port_name: str, backend: str, quiet: Quiet | None = None) -> None:
        super().__init__(name, MISSING, f"looking for MIDI port {port_name!r}")
        self.port_name = port_name
        self.backend = backend
        self.quiet = quiet or Quiet()
        self.opened: str | None = None  # the port's full name while open
        self.driver: Driver | None = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._watch, name=f"output {name}", daemon=True)
        self._look()  # the first open happens as the show loads, before any GO

    def start(self, notify: Notify) -> None:
        super().start(notify)
        self.thread.start()

    def send(self, data: bytes, text: str) -> SendResult:
        try:
            messages = messages_of(data)
        except MidiBytesError as exc:
            return self._failed(f"not MIDI: {exc}", self.stats.state, self.stats.reason)
        if not self._lock.acquire(blocking=False):  # the watcher is (re)opening the port
            return self._failed(f"{self.name}: the port is being reopened", self.stats.state,
                                self.stats.reason)  # fmt: skip
        try:
            if self.opened is None or self.driver is None:
                return self._failed(f"{self.name}: {self.stats.reason}", MISSING,
                                    self.stats.reason)  # fmt: skip
            try:
                for message in messages:
                    self.driver.send(message)
            except Exception as exc:  # a backend's error types vary; the show goes on
                return self._failed(f"{self.port_name}: {exc}", ERRORING)
            return self._sent(text)
        finally:
            self._lock.release()

    def close(self) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout=1.0)
        with self._lock:
            if self.driver is not None:
                with contextlib.suppress(Exception):  # closing at exit: nothing left to tell
                    self.driver.close()
                    self.driver.release()

    def _watch(self) -> None:
        # An exception nothing here expects is reported as an error event, and the watching
        # goes on: the port must come back when it reappears, whatever happened before.
        keep_going(f"output {self.name}", self._watch_once, self._problem,
                   stopping=self.stopping, retry=CLIENT_RETRY, give_up=0)  # fmt: skip

    def _watch_once(self) -> bool:
        if self.stopping.wait(CLIENT_RETRY if self.driver is None else POLL):
            return False
        self._look(self.quiet)
        return True

    def _problem(self, problem: WorkerProblem) -> None:
        with self._lock:
            self._set_state(MISSING, f"{self.port_name}: {problem.message}")
            if self._notify is not None:
                self._notify(problem)

    def _look(self, quiet: Quiet | None = None) -> None:
        """One look at the port list: open, close or leave the port. With `quiet`, the steps
        that hold the GIL wait for a gap in the schedule."""
        try:
            if self.driver is None:
                if quiet and not quiet.wait_for_gap(GAP, CLIENT_PATIENCE, self.stopping):
                    return
                self.driver = make_driver(self.backend, f"showdesk {self.name}")
            if self.driver.lists_apart:  # a send never finds the port taken by a look
                ports = self.driver.ports()
            else:
                with self._lock:
                    ports = self.driver.ports()
        except Exception as exc:  # no MIDI system (rtmidi.SystemError), a bad backend name
            with self._lock:  # a MIDI system that went away: start again with a new client
                self.driver, self.opened = None, None
                self._set_state(MISSING, f"no MIDI system ({self.backend}): {exc}")
            return
        found = find_port(self.port_name, ports)
        if self.opened is not None and found == self.opened:
            return
        if found is None and self.opened is None:
            here = ", ".join(repr(p) for p in ports[:8]) or "none"
            self._set_state(MISSING, f"no MIDI port named {self.port_name!r} (ports: {here})")
            return
        if quiet and not quiet.wait_for_gap(GAP, REOPEN_PATIENCE, self.stopping):
            return
        with self._lock:
            if self.opened is not None:
                self.opened = None
                with contextlib.suppress(Exception):
                    self.driver.close()
            if found is None:
                here = ", ".join(repr(p) for p in ports[:8]) or "none"
                self._set_state(MISSING, f"no MIDI port named {self.port_name!r} (ports: {here})")
                return
            try:
                self.driver.open(found)
            except Exception as exc:
                self._set_state(MISSING, f"MIDI port {found!r} did not open: {exc}")
                return
            self.opened = found
            self.live_reason = f"MIDI port {found!r}"
            self._set_state(LIVE, self.live_reason)
