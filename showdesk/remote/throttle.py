"""Keeping one noisy source from costing the show: a packet budget per host, and news of trouble
told once in a while rather than once a packet.

`Budget` is a token bucket per source (a UDP address and port, or a TCP connection): `RATE`
packets a second on average, bursts up to `BURST`; and one per host, ten times larger, for a
host that sends from many ports. What is over budget is dropped before it is parsed, so a flood
from one source costs the others on the same machine nothing. `Tally` counts dropped and
malformed packets per source and hands out one summary per source every `EVERY` seconds, so a
flood is in the log as a few lines, not a million.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

RATE = 200.0  # packets a second per source: a Companion pulse is a few dozen
BURST = 400.0
HOST_FACTOR = 10.0
EVERY = 5.0  # seconds between two summaries for one source
MAX_HOSTS = 4096


class Budget:
    def __init__(
        self, rate: float = RATE, burst: float = BURST, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self._buckets: dict[object, tuple[float, float]] = {}  # key -> (tokens, at)

    def allow(self, source: object, host: str) -> bool:
        """One packet from `source` (on `host`): True if it is within both budgets."""
        now = self.clock()
        if len(self._buckets) >= MAX_HOSTS:  # a sweep of ports: forget sources, not hosts
            hosts: dict[object, tuple[float, float]] = {
                k: v for k, v in self._buckets.items() if isinstance(k, tuple) and k[0] == "host"
            }
            self._buckets = hosts if len(hosts) < MAX_HOSTS // 2 else {}
        if not self._take(source, now, 1.0):
            return False
        return self._take(("host", host), now, HOST_FACTOR)

    def _take(self, key: object, now: float, factor: float) -> bool:
        burst = self.burst * factor
        tokens, at = self._buckets.get(key, (burst, now))
        tokens = min(burst, tokens + (now - at) * self.rate * factor)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return False
        self._buckets[key] = (tokens - 1.0, now)
        return True


@dataclass
class Count:
    count: int = 0
    first: str = ""  # the first reason since the last summary
    since: float = 0.0


class Tally:
    """Counts of trouble per (source, status), told at most once per `EVERY` seconds."""

    def __init__(self, every: float = EVERY, clock: Callable[[], float] = time.monotonic) -> None:
        self.every, self.clock = every, clock
        self._counts: dict[tuple[str, str], Count] = {}
        self._told: dict[tuple[str, str], float] = {}

    def add(self, source: str, status: str, reason: str) -> tuple[int, str] | None:
        """Counts one; returns (count, first reason) when it is time to tell, else None. The
        first of a kind is told at once."""
        key = (source, status)
        now = self.clock()
        entry = self._counts.setdefault(key, Count(since=now))
        entry.count += 1
        if not entry.first:
            entry.first = reason
        if now - self._told.get(key, -self.every) < self.every:
            return None
        return self._take(key, now)

    def due(self, everything: bool = False) -> list[tuple[str, str, int, str]]:
        """(source, status, count, first reason) of every count waiting longer than `every`
        (of every count at all, at the end)."""
        now = self.clock()
        out = []
        for key, entry in list(self._counts.items()):
            waited = now - self._told.get(key, -self.every) >= self.every
            if entry.count and (waited or everything):
                count, reason = self._take(key, now)
                out.append((*key, count, reason))
        if len(self._told) > MAX_HOSTS:
            self._told = {k: t for k, t in self._told.items() if now - t < self.every}
        return out

    def _take(self, key: tuple[str, str], now: float) -> tuple[int, str]:
        entry = self._counts.pop(key)
        self._told[key] = now
        return entry.count, entry.first
