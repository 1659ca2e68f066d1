"""Passcodes and sessions, the packet budget and the trouble tally, on a fake clock."""

from __future__ import annotations

from showdesk.remote.sessions import MAX_LOCKOUT, UDP_IDLE, Sessions
from showdesk.remote.throttle import BURST, HOST_FACTOR, RATE, Budget, Tally


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


UDP = ("udp", "10.0.0.4", 53001)
TCP = ("tcp", "10.0.0.4", 1)


def test_without_passcodes_everyone_may_control() -> None:
    sessions = Sessions("", "", Clock())
    assert sessions.client(UDP).permission == "control"
    assert sessions.connect(UDP, None) == "ok:view|control"


def test_passcodes_grant_control_or_reading_and_the_rest_nothing() -> None:
    sessions = Sessions("go", "look", Clock())
    assert sessions.client(TCP).permission == "none"
    assert sessions.connect(TCP, None) == "ok:"  # connected, with no permissions
    assert sessions.connect(("tcp", "a", 2), "look") == "ok:view"
    assert sessions.connect(("tcp", "b", 3), "go") == "ok:view|control"
    assert sessions.connect(("tcp", "c", 4), "Go") == "badpass"
    assert Sessions.permits("view", "view")
    assert not Sessions.permits("view", "control")
    assert not Sessions.permits("none", "view")
    assert Sessions.permits("none", "none")


def test_a_udp_session_expires_after_a_minute_without_traffic_and_tcp_does_not() -> None:
    clock = Clock()
    sessions = Sessions("go", "", clock)
    sessions.connect(UDP, "go")
    sessions.connect(TCP, "go")
    clock.t += UDP_IDLE - 1
    assert sessions.client(UDP).permission == "control"  # traffic keeps it alive
    clock.t += UDP_IDLE - 1
    assert sessions.client(UDP).permission == "control"
    clock.t += UDP_IDLE + 1
    assert sessions.client(UDP).permission == "none"
    assert sessions.client(TCP).permission == "control"
    sessions.drop(TCP)
    assert sessions.client(TCP).permission == "none"  # a new connection starts afresh


def test_each_wrong_passcode_doubles_the_lockout_of_that_address() -> None:
    clock = Clock()
    sessions = Sessions("go", "", clock)
    assert sessions.connect(UDP, "no") == "badpass"
    clock.t += 0.25
    assert sessions.connect(UDP, "go") == "badpass"  # locked: not even compared
    assert sessions.connect(("udp", "10.0.0.5", 1), "go") == "ok:view|control"  # others not
    clock.t += 0.25
    assert sessions.connect(UDP, "no") == "badpass"  # the second wrong one: 1 s
    clock.t += 0.75
    assert sessions.connect(UDP, "go") == "badpass"
    clock.t += 0.25
    assert sessions.connect(UDP, "go") == "ok:view|control"  # and that resets the count
    assert sessions.connect(UDP, "no") == "badpass"
    clock.t += 0.5
    for _ in range(12):  # a patient guesser: the lockout stops growing at the maximum
        assert sessions.connect(UDP, "no") == "badpass"
        clock.t += MAX_LOCKOUT
    assert sessions.connect(UDP, "go") == "ok:view|control"


def test_updates_go_to_clients_that_asked_and_may_read() -> None:
    clock = Clock()
    sessions = Sessions("go", "look", clock)
    reader = sessions.client(TCP)
    reader.updates = True
    assert sessions.subscribers() == []  # not connected: nothing pushed to it
    sessions.connect(TCP, "look")
    assert sessions.subscribers() == [TCP]
    sessions.connect(UDP, "go")
    sessions.client(UDP).updates = True
    clock.t += UDP_IDLE + 1
    assert sessions.subscribers() == [TCP]  # the silent UDP client is no longer pushed to


def test_the_budget_takes_bursts_then_the_rate_per_source_and_more_per_host() -> None:
    clock = Clock()
    budget = Budget(clock=clock)
    taken = sum(budget.allow(UDP, "10.0.0.4") for _ in range(int(BURST) * 3))
    assert taken == BURST
    assert budget.allow(TCP, "10.0.0.4")  # another source on that host has its own
    clock.t += 1.0
    assert sum(budget.allow(UDP, "10.0.0.4") for _ in range(int(RATE) * 3)) == RATE
    # a host sending from many ports is held to ten sources' worth
    many = sum(budget.allow(("udp", "10.0.0.9", port), "10.0.0.9") for port in range(20000))
    assert many == BURST * HOST_FACTOR


def test_the_tally_tells_the_first_at_once_then_counts() -> None:
    clock = Clock()
    tally = Tally(every=5.0, clock=clock)
    assert tally.add("osc x", "malformed", "not OSC: a") == (1, "not OSC: a")
    for _ in range(99):
        assert tally.add("osc x", "malformed", "not OSC: b") is None
    assert tally.due() == []
    clock.t += 5.0
    assert tally.due() == [("osc x", "malformed", 99, "not OSC: b")]
    assert tally.due() == []
