"""Streams over TCP: OSC 1.1 (SLIP), OSC 1.0 (length prefix), or raw MIDI bytes (midi.tcp).

The connection is made, and remade with backoff when it fails or drops, on this destination's
own thread, never on the timing loop. `send()` frames the packet and writes it to the
non-blocking socket; what the kernel does not take at once waits in a buffer the thread flushes
as the socket drains. While there is no connection a send fails at once (the destination is
`connecting` or `unreachable`), and nothing waits.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading

from showdesk.outputs.base import (
    CONNECTING,
    ERRORING,
    LIVE,
    UNREACHABLE,
    BaseOutput,
    Notify,
    SendResult,
)
from showdesk.patch import Endpoint
from showdesk.threads import WorkerProblem, keep_going
from showdesk.wire.framing import encoder

CONNECT_TIMEOUT = 2.0  # seconds a connection attempt may take (on the output's own thread)
RETRY_FIRST = 0.05  # the first retry after a failure; doubling up to RETRY_MAX
RETRY_MAX = 2.0
MAX_PENDING = 1 << 20  # bytes waiting for a peer that does not read, before sends fail


def _why(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"no answer within {CONNECT_TIMEOUT:g} s"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


class TcpOutput(BaseOutput):
    def __init__(self, name: str, endpoint: Endpoint) -> None:
        self.where = f"{endpoint.host}:{endpoint.port}"
        super().__init__(name, CONNECTING, f"connecting to {self.where}")
        self.live_reason = f"connected to {self.where}"
        self.endpoint = endpoint
        self.frame = encoder(endpoint.framing)  # "" for midi.tcp: the bytes as they are
        self.sock: socket.socket | None = None  # set while connected; the thread owns it
        self.pending = bytearray()
        self.broken = ""  # set by send() when a write fails: the thread reconnects
        self.stopping = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self.thread = threading.Thread(target=self._run, name=f"output {name}", daemon=True)

    # -- the timing loop's side -----------------------------------------------------------

    def start(self, notify: Notify) -> None:
        super().start(notify)
        self.thread.start()

    def send(self, data: bytes, text: str) -> SendResult:
        frame = self.frame(data)
        with self._lock:
            sock = self.sock
            if sock is None:
                return self._failed(f"{self.name} is not connected: {self.stats.reason}",
                                    self.stats.state, self.stats.reason)  # fmt: skip
            if self.pending:
                if len(self.pending) + len(frame) > MAX_PENDING:
                    waiting = f"{len(self.pending)} bytes are waiting"
                    return self._failed(f"{self.where} is not reading ({waiting})")
                self.pending += frame
                return self._sent(text)
            try:
                written = sock.send(frame)
            except BlockingIOError:
                written = 0
            except OSError as exc:
                reason = f"{self.where}: {_why(exc)}; reconnecting"
                self.sock, self.broken = None, reason
                self._wake()
                return self._failed(reason, UNREACHABLE)
            if written < len(frame):
                self.pending += frame[written:]
                self._wake()
            return self._sent(text)

    def close(self) -> None:
        self.stopping.set()
        self._wake()
        if self.thread.is_alive():
            self.thread.join(timeout=0.5)  # a connect in progress may outlive us: it's a daemon
        self._wake_r.close()
        self._wake_w.close()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send(b"\0")

    # -- the output's own thread ----------------------------------------------------------

    def _run(self) -> None:
        # An exception nothing here expects leaves the destination unreachable, is reported as
        # an error event, and the thread tries again: it never dies with the show running.
        keep_going(f"output {self.name}", self._connect, self._problem, stopping=self.stopping,
                   retry=RETRY_MAX, give_up=0)  # fmt: skip

    def _problem(self, problem: WorkerProblem) -> None:
        with self._lock:
            if self.sock is not None:
                with contextlib.suppress(OSError):
                    self.sock.close()
            self.sock = None
            self.pending.clear()
            self._set_state(UNREACHABLE, f"{self.where}: {problem.message}")
            if self._notify is not None:
                self._notify(problem)

    def _connect(self) -> bool:
        """Connects, serves the connection until it ends, and again, until closing (False)."""
        delay = RETRY_FIRST
        while not self.stopping.is_set():
            try:
                sock = socket.create_connection(
                    (self.endpoint.host, self.endpoint.port), timeout=CONNECT_TIMEOUT
                )
            except OSError as exc:
                self._set_state(UNREACHABLE, f"{self.where}: {_why(exc)}")
                if self.stopping.wait(delay):
                    return False
                delay = min(delay * 2, RETRY_MAX)
                continue
            delay = RETRY_FIRST
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.setblocking(False)
            with self._lock:
                self.sock, self.broken = sock, ""
                self.pending.clear()
                self._set_state(LIVE, self.live_reason)
            reason = self._serve(sock)
            with self._lock:
                if self.sock is sock:
                    self.sock = None
                self.pending.clear()
                if reason:
                    self._set_state(UNREACHABLE, reason)
            sock.close()
            if self.stopping.wait(RETRY_FIRST):
                return False
        return False

    def _serve(self, sock: socket.socket) -> str:
        """Flushes what send() could not write and watches for the peer closing; returns why
        the connection ended ("" when closing)."""
        while not self.stopping.is_set():
            with self._lock:
                if self.broken:
                    return self.broken
                writing = [sock] if self.pending else []
            try:
                readable, writable, _ = select.select([sock, self._wake_r], writing, [], 1.0)
            except (OSError, ValueError) as exc:
                return f"{self.where}: {_why(exc)}; reconnecting"
            if self._wake_r in readable:
                with contextlib.suppress(OSError):
                    self._wake_r.recv(4096)
            if sock in readable:
                try:
                    if not sock.recv(65536):  # replies are not read here; an empty read is EOF
                        return f"{self.where} closed the connection; reconnecting"
                except BlockingIOError:
                    pass
                except OSError as exc:
                    return f"{self.where}: {_why(exc)}; reconnecting"
            if sock in writable:
                with self._lock:
                    try:
                        del self.pending[: sock.send(self.pending)]
                    except BlockingIOError:
                        pass
                    except OSError as exc:
                        return f"{self.where}: {_why(exc)}; reconnecting"
                    if self.stats.state == ERRORING and not self.pending:
                        self._set_state(LIVE, self.live_reason)
        return ""
