"""Real-time scheduling for an ordinary user on Linux, granted by RealtimeKit over the system bus.

rtkit-daemon (what PipeWire and PulseAudio use) makes a thread of the calling process SCHED_RR
when polkit allows `org.freedesktop.RealtimeKit1.acquire-real-time`: by default for the active
local desktop session. It insists that the process first limits how long a real-time thread may
run without blocking (RLIMIT_RTTIME, at most its `RTTimeUSecMax`, 200 ms by default): past that
limit the kernel kills the process, so the timing loop never runs that long without sleeping
(see `Breather` in priority.py). jeepney speaks D-Bus in pure Python: no compiled dependency.
"""

from __future__ import annotations

import resource
from typing import Any

from jeepney import (
    AuthenticationError,
    DBusAddress,
    HeaderFields,
    MessageType,
    Properties,
    new_method_call,
)
from jeepney.io.blocking import open_dbus_connection

RTKIT = DBusAddress(
    "/org/freedesktop/RealtimeKit1",
    bus_name="org.freedesktop.RealtimeKit1",
    interface="org.freedesktop.RealtimeKit1",
)
# How long to wait for an answer: rtkit asks polkit, which may start on demand.
TIMEOUT = 5.0
# D-Bus errors that mean "rtkit is not there", as opposed to "rtkit said no".
ABSENT = {"org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner"}


class RtkitRefused(Exception):
    """What rtkit (or the way to it) said instead of granting; `kind` sorts it for the doctor:
    `no-bus` (no system bus), `absent` (rtkit not installed or not running), `denied` (polkit or
    rtkit's own limits said no)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def make_thread_realtime(tid: int, priority: int) -> int:
    """Asks rtkit to make thread `tid` of this process SCHED_RR; returns the priority granted
    (at most rtkit's MaxRealtimePriority). Sets RLIMIT_RTTIME first, as rtkit requires."""
    with _system_bus() as connection:
        ceiling = int(_property(connection, "MaxRealtimePriority"))
        rttime = int(_property(connection, "RTTimeUSecMax"))
        _limit_rttime(rttime)
        granted = min(priority, ceiling)
        _call(connection, new_method_call(RTKIT, "MakeThreadRealtime", "tu", (tid, granted)))
    return granted


def make_thread_high_priority(tid: int, nice: int) -> int:
    """Asks rtkit for nice value `nice` for thread `tid` of this process (not real-time; polkit's
    `acquire-high-priority`); returns the value granted (no lower than rtkit's MinNiceLevel)."""
    with _system_bus() as connection:
        granted = max(nice, int(_property(connection, "MinNiceLevel")))
        _call(connection, new_method_call(RTKIT, "MakeThreadHighPriority", "ti", (tid, granted)))
    return granted


def _system_bus() -> Any:
    try:
        return open_dbus_connection(bus="SYSTEM")
    except (
        OSError,
        ValueError,
        AuthenticationError,
    ) as exc:  # no socket, refused, or a bad address
        raise RtkitRefused("no-bus", f"no system D-Bus ({exc})") from exc


def _limit_rttime(usec: int) -> None:
    """RLIMIT_RTTIME no higher than rtkit accepts; soft equal to hard, since the soft limit's
    SIGXCPU would end the engine just the same (its default action)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_RTTIME)
    limit = usec if hard == resource.RLIM_INFINITY else min(hard, usec)
    try:
        resource.setrlimit(resource.RLIMIT_RTTIME, (limit, limit))
    except (OSError, ValueError) as exc:  # lowering a limit is always allowed; say so if not
        raise RtkitRefused("denied", f"could not set RLIMIT_RTTIME to {limit} us: {exc}") from exc


def _property(connection: Any, name: str) -> Any:
    (_signature, value) = _call(connection, Properties(RTKIT).get(name))[0]
    return value


def _call(connection: Any, message: Any) -> tuple[Any, ...]:
    try:
        reply = connection.send_and_get_reply(message, timeout=TIMEOUT)
    except TimeoutError as exc:
        raise RtkitRefused("absent", f"rtkit did not answer within {TIMEOUT:g} s") from exc
    if reply.header.message_type == MessageType.error:
        error = str(reply.header.fields.get(HeaderFields.error_name, "unknown error"))
        detail = f": {reply.body[0]}" if reply.body else ""
        kind = "absent" if error in ABSENT else "denied"
        raise RtkitRefused(kind, f"{error}{detail}")
    return tuple(reply.body)
