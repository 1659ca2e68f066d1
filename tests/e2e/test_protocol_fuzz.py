"""A protocol fuzzer (issue 11): bad lines, JSON, raw bytes and invalid UTF-8 in every command.

What must hold, whatever comes in: the engine stays up, every bad line gets exactly one `error`
event (and nothing else), and a GO afterwards fires on time. In-process, Hypothesis drives the
stdin reader and the engine on a fake clock; a real engine process then gets raw random bytes on
its stdin. `bench/fuzz.py` runs the same for longer.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cues import Cue, cue_type
from showdesk.engine.commands import CommandQueue, Line, Refused, read_lines
from showdesk.engine.compile import compile_cues
from showdesk.engine.engine import COMMANDS, CommandError, Engine, parse_command
from showdesk.engine.timing import FakeClock
from showdesk.outputs import CaptureOutput
from showdesk.showfile import Settings, ShowFile
from tests.e2e.lines import finish, read_until

OSC = cue_type("osc")
NUMBERS = ("1", "2", "3")
PRE_WAIT = 0.25  # cue 1's: the final GO must send exactly this long after it
INVALID = st.binary(min_size=1, max_size=3).map(lambda b: bytes(0x80 | x for x in b))
WORD = st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), min_size=1, max_size=12)


def cues() -> list[Cue]:
    return [Cue(OSC, OSC.parse(f"/cue/{n}"), number=n, target="LX",
                pre_wait=PRE_WAIT if n == "1" else 0.0) for n in NUMBERS]  # fmt: skip


def not_a_cue(word: str) -> bool:
    return word.strip() not in NUMBERS and bool(word.strip())


def insert(data: bytes, bad: bytes, at: int) -> bytes:
    at %= len(data) + 1
    return data[:at] + bad + data[at:]


@st.composite
def bad_lines(draw: st.DrawFn) -> bytes:
    """One line that is not a command the engine can carry out."""
    kind = draw(st.sampled_from(["unknown", "argument", "fields", "json", "utf8"]))
    if kind == "unknown":
        word = draw(WORD.filter(lambda w: w.strip() and w.split()[0].lower() not in COMMANDS))
        text = word if not word.lstrip().startswith("{") else "x" + word
        return text.encode()
    if kind == "argument":
        name = draw(st.sampled_from(["panic", "reset", "status", "quit", "go", "start",
                                     "standby", "preview", "stop", "pause", "resume"]))  # fmt: skip
        arg = draw(WORD.filter(not_a_cue).filter(lambda w: w.strip() == w))
        return f"{name} {arg}".encode()
    if kind == "fields":
        return draw(st.sampled_from([
            b"note", b"note   ", b"note dept=NOPE lights", b"note severity=huge lights",
            b"note cue=99 lights", b"mark", b"mark curtain", b"mark act two", b"start",
            b"standby", b"preview",
        ]))  # fmt: skip
    if kind == "json":
        value = draw(st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=8),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5),
                                                                       inner, max_size=3),
            max_leaves=8,
        ))  # fmt: skip
        command = draw(st.sampled_from([None, "nope", 7, ["go"]]))
        data = {"command": command, "cue": value} if command is not None else value
        text = json.dumps(data)
        if not text.startswith("{"):
            text = "{" + text  # a JSON line that does not parse
        if draw(st.booleans()):
            text = '{"a":' * draw(st.integers(1, 30_000)) + text  # nested too deeply
        return text.encode()
    name = draw(st.sampled_from(COMMANDS)).encode()  # invalid UTF-8 inside the command word
    line = insert(name, draw(INVALID), draw(st.integers(1, len(name) - 1)))
    return line + draw(st.sampled_from([b"", b" 1", b" lights"]))


class Rig:
    def __init__(self) -> None:
        self.clock = FakeClock(1000.0)
        self.events: list[dict[str, Any]] = []
        compiled = compile_cues(cues(), {"LX": "osc.udp://127.0.0.1:9"}, Settings())
        self.engine = Engine(compiled, {"LX": CaptureOutput("LX")}, self.clock,
                             self.events.append, departments=["LX", "SND"])  # fmt: skip

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        """The bytes through the stdin reader and the queue into the engine; what it published."""
        queue = CommandQueue()
        stream = io.BytesIO(data)
        while read_lines(stream, queue):
            pass
        before = len(self.events)
        while (item := queue.take(None)) is not None:
            if isinstance(item, Line):
                assert self.engine.command(item.text, item.source) or item.text.strip() == "quit"
            elif isinstance(item, Refused):
                self.engine.publish(self.engine.event("error", message=item.message))
        return self.events[before:]

    def go_fires_on_time(self) -> None:
        self.feed(b"reset\n")
        self.clock.advance(1.0)
        at = self.clock.now()
        self.feed(b"go 1\n")
        while (deadline := self.engine.next_deadline()) is not None and deadline <= at + 1:
            self.clock.set(deadline)
            self.engine.advance()
        sent = [e for e in self.events if e["event"] == "sent" and e["scheduled"] > at - 0.5]
        assert [(e["cue"], e["scheduled"] - at, e["late_ms"]) for e in sent] == [
            ("1", PRE_WAIT, 0.0)
        ]


@settings(max_examples=300, deadline=None)
@given(st.lists(bad_lines(), min_size=1, max_size=8))
def test_every_bad_line_is_one_error_and_a_go_still_fires_on_time(lines: list[bytes]) -> None:
    rig = Rig()
    for line in lines:
        published = rig.feed(line + b"\n")
        assert [e["event"] for e in published] == ["error"], (line, published)
    rig.go_fires_on_time()


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([f"{name} 1" for name in COMMANDS if name != "quit"] + ["note lights 4"]),
    INVALID,
    st.integers(0, 40),
)
def test_invalid_utf8_anywhere_in_a_command_is_kept_escaped_or_one_error(
    line: str, bad: bytes, at: int
) -> None:
    rig = Rig()
    data = insert(line.encode(), bad, at)
    published = rig.feed(data + b"\n")
    errors = [e for e in published if e["event"] == "error"]
    assert len(errors) <= 1
    if errors:
        assert published == errors  # an error, and nothing done
    else:  # only a note's text can hold the bytes: kept, as escapes
        assert [e["event"] for e in published] == ["note"]
        assert published[0]["text"] == data.decode("utf-8", "backslashreplace")[5:].strip()
    rig.go_fires_on_time()


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_raw_bytes_never_stop_the_engine(data: bytes) -> None:
    rig = Rig()
    if any(quits(line) for line in data.split(b"\n")):
        return  # a quit that the bytes happen to spell ends the engine, as it should
    rig.feed(data)
    rig.go_fires_on_time()


def quits(line: bytes) -> bool:
    try:
        return parse_command(line.decode("utf-8", "backslashreplace"))[0] == "quit"
    except CommandError:
        return False


def random_bad_line(rng: random.Random) -> bytes:
    """Random bytes that are not a command, on one line."""
    while True:
        line = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 80))).replace(b"\n", b"")
        text = line.decode("utf-8", "backslashreplace").strip()
        if text and text.split(" ", 1)[0].lower() not in COMMANDS:
            return line


def test_a_real_engine_takes_raw_random_bytes_and_then_fires_a_go(show_path: Path) -> None:
    with ShowFile.create(show_path) as show:
        show.set_destination("LX", "osc.udp://127.0.0.1:9")
        show.add_cues(cues())
    rng = random.Random(11)
    lines = [random_bad_line(rng) for _ in range(400)]
    lines += [b"x" * 70_000, b'{"a":' * 50_000, b"{" * 10]  # too long, deeply nested, broken
    proc = subprocess.Popen([sys.executable, "-m", "showdesk", "run", str(show_path), "--live"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # fmt: skip
    assert proc.stdin is not None
    read_until(proc, "ready")
    proc.stdin.write(b"\n".join(lines) + b"\nstatus\n")
    proc.stdin.flush()
    printed: list[dict[str, Any]] = []
    read_until(proc, "status", seen=printed)  # every line before it has been answered
    proc.stdin.write(b"go 1\n")
    proc.stdin.flush()
    sent = read_until(proc, "sent", seen=printed)
    events, _ = finish(proc, b"quit\n")
    assert proc.returncode == 0
    errors = [e for e in printed if e["event"] == "error"]
    assert len(errors) == len(lines)  # one each, no more, no fewer
    assert {e["event"] for e in printed} <= {"error", "status", "go", "cue", "playhead", "sent",
                                            "output", "performance"}  # fmt: skip
    assert sent["cue"] == "1"
    go = next(e for e in printed if e["event"] == "go")
    assert abs(sent["scheduled"] - go["mono"] - PRE_WAIT) < 0.001  # its pre-wait from the GO
    assert sent["late_ms"] < 50  # on time (a loaded test machine's margin; bench/ measures)
    assert events[-1]["event"] == "quit"
