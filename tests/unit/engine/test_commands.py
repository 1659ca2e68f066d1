"""The command queue and the stdin reader: what comes first, what is bounded, and what a line
of bad bytes becomes (issue 11: 1, 2, 3, 15, 17)."""

from __future__ import annotations

import io
from typing import Any

import pytest

from cues import Cue, cue_type
from showdesk.engine.commands import (
    BURST,
    EOF,
    MAX_LINE,
    MAX_WAITING,
    CommandQueue,
    Line,
    Refused,
    read_lines,
)
from showdesk.engine.compile import compile_cues
from showdesk.engine.engine import Engine
from showdesk.engine.timing import FakeClock
from showdesk.outputs import OutputChange
from showdesk.showfile import Settings


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t


def texts(queue: CommandQueue, room: float | None = None) -> list[str]:
    taken = []
    while (item := queue.take(room)) is not None:
        assert isinstance(item, Line)
        taken.append(item.text)
    return taken


def test_panic_and_stop_jump_a_backed_up_queue_and_notices_come_first() -> None:
    clock = Clock()
    queue = CommandQueue(clock.now)
    for line in ["go", "status"]:
        queue.put(line)
    clock.t += 0.006  # those have waited: the queue is backed up
    for line in ["stop 4", '{"command": "PANIC", "source": "key"}', "go 2"]:
        queue.put(line)
    change = OutputChange("LX", "live", "")
    queue.notify(change)
    assert queue.take(None) is change
    assert texts(queue) == ["stop 4", '{"command": "PANIC", "source": "key"}', "go", "status",
                            "go 2"]  # fmt: skip


def test_lines_written_together_keep_their_order() -> None:
    queue = CommandQueue(Clock().now)
    script = ["go", "go", "panic", "mark hold", "stop", "note x"]
    for line in script:
        queue.put(line)
    assert texts(queue) == script


def test_a_panic_behind_a_flood_waits_for_no_line_of_it() -> None:
    queue = CommandQueue(Clock().now)
    for _ in range(BURST):
        queue.put("go")
    assert len(texts(queue)) == BURST  # the burst is spent: the next lines wait for the rate
    queue.put("go 3")
    queue.put("panic")
    assert texts(queue) == ["panic"]


def test_lines_are_taken_at_the_bounded_rate() -> None:
    clock = Clock()
    queue = CommandQueue(clock.now)
    for _ in range(300):
        queue.put("go")
    assert len(texts(queue)) == BURST  # at once
    clock.t += 0.05
    assert len(texts(queue)) == 50  # then 1000 a second
    clock.t += 10
    assert len(texts(queue)) == BURST  # a pause lets a burst through again, no more
    clock.t += 10
    assert len(texts(queue)) == 50


def test_a_line_waits_for_room_before_a_deadline_but_not_for_long() -> None:
    clock = Clock()
    queue = CommandQueue(clock.now)
    queue.put("status")
    queue.took(0.002)  # commands have been taking 2 ms
    assert queue.take(room=0.001) is None  # it would make the deadline late
    clock.t += 0.006
    assert texts(queue, room=0.001) == ["status"]  # but it waited long enough


def test_beyond_max_waiting_lines_are_dropped_and_said_once_but_never_a_panic() -> None:
    clock = Clock()
    queue = CommandQueue(clock.now)
    for _ in range(MAX_WAITING + 7):
        queue.put("status")
    assert queue.put("panic")
    clock.t = 5.0
    assert isinstance(queue.take(None), Line)  # the panic jumps the backed-up queue
    refused = queue.take(None)
    assert isinstance(refused, Refused)
    assert refused.message.startswith(f"7 command(s) dropped: more than {MAX_WAITING} were")
    assert len(texts(queue)) == BURST  # then the lines that were kept


def read_all(data: bytes) -> list[object]:
    queue = CommandQueue(Clock().now)
    stream = io.BytesIO(data)
    while read_lines(stream, queue):
        pass
    out: list[object] = []
    while (item := queue.take(None)) is not None:
        out.append(item.text if isinstance(item, Line) else item)
    return out


def test_bytes_that_are_not_utf8_are_kept_as_escapes() -> None:
    assert read_all(b"note caf\xe9\n\xff\xfe go\n\ngo\n") == [
        EOF,  # a notice: taken first
        "note caf\\xe9\n",
        "\\xff\\xfe go\n",
        "go\n",
    ]


def test_a_line_longer_than_max_line_is_refused_whole() -> None:
    out = read_all(b"go\n" + b"x" * (3 * MAX_LINE) + b"\nstatus\n")
    refused = out[0]
    assert isinstance(refused, Refused)
    assert refused.message == f"a command line of more than {MAX_LINE} bytes was not read"
    assert refused.excerpt == "x" * 200
    assert out[1:] == [EOF, "go\n", "status\n"]


# -- the engine's side of bad lines -----------------------------------------------------------


@pytest.fixture
def engine() -> tuple[Engine, list[dict[str, Any]]]:
    memo = cue_type("memo")
    compiled = compile_cues([Cue(memo, memo.parse(""), number="1")], {}, Settings())
    events: list[dict[str, Any]] = []
    return Engine(compiled, {}, FakeClock(1.0), events.append), events


def test_deeply_nested_json_is_one_error(engine: tuple[Engine, list[dict[str, Any]]]) -> None:
    eng, events = engine
    assert eng.command('{"a":' * 100_000) is True  # RecursionError crashed the engine
    (error,) = events
    assert error["message"] == "a JSON command nested too deeply to read"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"command": "note", "text": ["a"]}', '"text" is text or a number, not a list'),
        ('{"command": "go", "cue": {"n": 1}}', '"cue" is text or a number, not an object'),
        ('{"command": "note", "text": "x", "dept": true}', '"dept" is text or a number, not true'),
        ('{"command": "go", "source": [1]}', '"source" is text or a number, not a list'),
    ],
)
def test_a_json_field_that_is_a_list_is_an_error_not_its_python_text(
    engine: tuple[Engine, list[dict[str, Any]]], line: str, message: str
) -> None:
    eng, events = engine
    eng.command(line)
    assert [(e["event"], e.get("message")) for e in events] == [("error", message)]


def test_a_source_given_with_the_line_is_the_commands_source(
    engine: tuple[Engine, list[dict[str, Any]]],
) -> None:
    eng, events = engine
    eng.command("go", source="osc 10.0.0.4:53001")
    assert [e["source"] for e in events if e["event"] == "go"] == ["osc 10.0.0.4:53001"]
