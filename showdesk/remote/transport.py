"""The sockets: UDP and TCP (SLIP framed) on one port number, served by one thread.

One thread with a selector serves the UDP socket, the TCP listener, every TCP connection and a
wake-up socket, so the server's state needs no locks and costs the engine one thread. It takes
turns: at most `UDP_BATCH` datagrams, then one read per ready connection, so a flood on one
transport does not starve the other. Sends never wait: a datagram that the socket cannot take
is dropped, and a TCP client that stops reading is disconnected once `MAX_PENDING` bytes wait.

The engine's timing loop spins for the last millisecond before each deadline; any Python this
thread runs then competes with it for the GIL. So the thread looks at the loop's next deadline
(`Quiet`): it waits for packets only until `MARGIN` before it, and before it handles each packet
it checks again; inside that window it sleeps until just after the deadline. A command cannot
be carried out sooner anyway: the loop reads commands only after the deadline's sends.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from showdesk.engine.priority import below_timing_loop
from showdesk.outputs import Quiet
from showdesk.remote.sessions import Key
from showdesk.wire.framing import SlipDecoder, slip_encode

UDP_BATCH = 64
MAX_CONNECTIONS = 64
MAX_FRAME = 65536  # the largest SLIP frame taken (a UDP datagram is at most this too)
MAX_PENDING = 1 << 20
MARGIN = 0.0015
TICK = 0.5  # seconds between calls of `tick` when nothing arrives

Packet = Callable[[Key, str, bytes], None]  # (client, source for people, packet)
Trouble = Callable[[str, str, str], None]  # (source, status, reason)


@dataclass
class Connection:
    sock: socket.socket
    key: Key
    source: str
    decoder: SlipDecoder = field(default_factory=lambda: SlipDecoder(MAX_FRAME))
    out: bytearray = field(default_factory=bytearray)
    dropped: int = 0  # frames over MAX_FRAME already reported


def _family(bind: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in bind else socket.AF_INET


class Transports:
    def __init__(
        self,
        bind: str,
        port: int,
        packet: Packet,
        *,
        tick: Callable[[], None],
        closed: Callable[[Key], None],
        trouble: Trouble,
        quiet: Quiet | None = None,
    ) -> None:
        self.bind, self.port = bind, port
        self.packet, self.tick, self.closed, self.trouble = packet, tick, closed, trouble
        self.quiet = quiet
        self.connections: dict[int, Connection] = {}  # by file descriptor
        self.by_key: dict[Key, Connection] = {}
        self.selector = selectors.DefaultSelector()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="remote", daemon=True)
        self._serial = 0
        self.udp: socket.socket | None = None
        self.tcp: socket.socket | None = None
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_w.setblocking(False)

    # -- life ----------------------------------------------------------------------------

    def open(self) -> None:
        """Binds both sockets (OSError when the port is taken or the address is not here)."""
        family = _family(self.bind)
        udp = socket.socket(family, socket.SOCK_DGRAM)
        tcp = socket.socket(family, socket.SOCK_STREAM)
        try:
            if family == socket.AF_INET6:  # "::" takes IPv4 clients too
                for sock in (udp, tcp):
                    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            udp.bind((self.bind, self.port))
            # TCP only: on Linux SO_REUSEADDR would let a second engine share the UDP port.
            tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            tcp.bind((self.bind, self.port or udp.getsockname()[1]))
            tcp.listen(16)
        except OSError:
            udp.close()
            tcp.close()
            raise
        for sock in (udp, tcp, self._wake_r):
            sock.setblocking(False)
        self.udp, self.tcp = udp, tcp
        self.port = udp.getsockname()[1]  # port 0 (tests) picks one; TCP took the same
        self.selector.register(udp, selectors.EVENT_READ, "udp")
        self.selector.register(tcp, selectors.EVENT_READ, "accept")
        self.selector.register(self._wake_r, selectors.EVENT_READ, "wake")

    def start(self) -> None:
        self.thread.start()

    def close(self) -> None:
        self.stopping.set()
        self.wake()
        if self.thread.is_alive():
            self.thread.join(timeout=2.0)
        for conn in list(self.connections.values()):
            conn.sock.close()
        for sock in (self.udp, self.tcp, self._wake_r, self._wake_w):
            if sock is not None:
                sock.close()
        self.selector.close()

    def wake(self) -> None:
        """From any thread: makes the server thread look again (news to push, stopping)."""
        with contextlib.suppress(OSError):  # BlockingIOError: a wake-up is already waiting
            self._wake_w.send(b"\0")

    # -- sending (the server thread) ------------------------------------------------------

    def send_udp(self, host: str, port: int, packet: bytes) -> None:
        if self.udp is None:
            return
        with contextlib.suppress(OSError):  # a full buffer or an unroutable host: dropped
            self.udp.sendto(packet, (host, port))

    def send_tcp(self, key: Key, packet: bytes) -> None:
        conn = self.by_key.get(key)
        if conn is None:
            return
        conn.out += slip_encode(packet)
        self._flush(conn)

    # -- the thread ------------------------------------------------------------------------

    def _run(self) -> None:
        below_timing_loop()
        while not self.stopping.is_set():
            ready = self.selector.select(self._clear_time())
            for key, mask in ready:
                try:
                    self._ready(key.data, mask)
                except Exception as exc:  # a fault of ours: told, and the server goes on
                    source = key.data.source if isinstance(key.data, Connection) else "osc"
                    self.trouble(source, "error", f"showdesk could not handle it: {exc!r}")
            self.tick()

    def _ready(self, what: object, mask: int) -> None:
        if what == "udp":
            self._read_udp()
        elif what == "accept":
            self._accept()
        elif what == "wake":
            with contextlib.suppress(OSError):
                self._wake_r.recv(4096)
        elif isinstance(what, Connection):
            if mask & selectors.EVENT_READ:
                self._read_tcp(what)
            if mask & selectors.EVENT_WRITE and what.sock.fileno() >= 0:
                self._flush(what)

    def _clear_time(self) -> float:
        """How long to wait for packets: never into the last `MARGIN` before a deadline, where
        even waking up (which takes the GIL) would compete with the timing loop's spin. Inside
        that window it sleeps past the deadline first; packets wait in the socket meanwhile."""
        self._keep_clear()
        deadline = self.quiet.next_deadline if self.quiet is not None else None
        if deadline is None:
            return TICK
        return max(0.0, min(TICK, deadline - MARGIN - time.perf_counter()))

    def _keep_clear(self) -> None:
        if self.quiet is not None:
            self.quiet.keep_clear(MARGIN)

    def _read_udp(self) -> None:
        assert self.udp is not None
        for _ in range(UDP_BATCH):
            try:
                data, address = self.udp.recvfrom(MAX_FRAME)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # an ICMP error queued on the socket: nothing to read
                return
            host, port = address[0], address[1]
            self._keep_clear()
            self.packet(("udp", host, port), f"osc {_shown(host)}:{port}", data)

    def _accept(self) -> None:
        assert self.tcp is not None
        try:
            sock, address = self.tcp.accept()
        except OSError:
            return
        source = f"osc tcp {_shown(address[0])}:{address[1]}"
        if len(self.connections) >= MAX_CONNECTIONS:
            sock.close()
            self.trouble(source, "refused", f"more than {MAX_CONNECTIONS} TCP connections")
            return
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._serial += 1
        conn = Connection(sock, ("tcp", address[0], self._serial), source)
        self.connections[sock.fileno()] = conn
        self.by_key[conn.key] = conn
        self.selector.register(sock, selectors.EVENT_READ, conn)

    def _read_tcp(self, conn: Connection) -> None:
        try:
            data = conn.sock.recv(MAX_FRAME)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._drop(conn)
            return
        packets = conn.decoder.feed(data)
        if conn.decoder.dropped > conn.dropped:
            conn.dropped = conn.decoder.dropped
            self.trouble(conn.source, "malformed", f"a SLIP frame over {MAX_FRAME} bytes")
        for packet in packets:
            if conn.key not in self.by_key:
                return  # dropped while handling an earlier packet
            self._keep_clear()
            self.packet(conn.key, conn.source, packet)

    def _flush(self, conn: Connection) -> None:
        if conn.out:
            try:
                sent = conn.sock.send(conn.out)
                del conn.out[:sent]
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                self._drop(conn)
                return
        if len(conn.out) > MAX_PENDING:
            self.trouble(conn.source, "dropped", f"stopped reading ({len(conn.out)} bytes "
                                                 "of replies waiting): disconnected")  # fmt: skip
            self._drop(conn)
            return
        events = selectors.EVENT_READ | (selectors.EVENT_WRITE if conn.out else 0)
        with contextlib.suppress(KeyError, ValueError):
            if self.selector.get_key(conn.sock).events != events:
                self.selector.modify(conn.sock, events, conn)

    def _drop(self, conn: Connection) -> None:
        if self.by_key.pop(conn.key, None) is None:
            return
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(conn.sock)
        self.connections = {fd: c for fd, c in self.connections.items() if c is not conn}
        conn.sock.close()
        self.closed(conn.key)


def _shown(host: str) -> str:
    """An IPv4 client of an IPv6 socket as people know it."""
    return host.removeprefix("::ffff:")
