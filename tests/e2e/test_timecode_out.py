"""A timecode cue under `showdesk run --live`, read through a real JACK MIDI port by jack_midi_dump.

The expected messages are spelled out here from MTC's layout (protocols.md), counting frames by
hand, not with showdesk's encoders. Spacing against real time is measured by bench/outputs.py
(kernel receive timestamps on a midi.tcp socket), not asserted here: the JACK dummy driver's own
clock drifts from real time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cues import Cue, cue_type
from showdesk.showfile import ShowFile
from tests.e2e import test_live_outputs as live
from tests.e2e.test_live_outputs import JACK, Run
from tests.jack import JackServer, MidiDump, jack_server

runs = live.runs  # its fixture: the engines a test started are killed after it


@pytest.fixture(scope="module")
def jack() -> Iterator[JackServer]:
    """A synchronous server: every quarter frame must arrive, also on a busy machine."""
    with jack_server(synchronous=True) as server:
        yield server


TIMECODE = cue_type("timecode")
RATE_BITS = {"24": 0, "25": 1, "29.97df": 2, "30": 3}


def quarter_frames(times: list[tuple[int, int, int, int]], fps: str) -> list[bytes]:
    """Eight messages for each time: frames, seconds, minutes, hours-with-rate, low nibble then
    high nibble, each `F1 0nnn dddd`."""
    out = []
    for h, m, s, f in times:
        hour = RATE_BITS[fps] << 5 | h
        nibbles = (f & 15, f >> 4, s & 15, s >> 4, m & 15, m >> 4, hour & 15, hour >> 4)
        out += [bytes((0xF1, piece << 4 | data)) for piece, data in enumerate(nibbles)]
    return out


def every_second_frame(
    start: tuple[int, int, int, int], count: int, fps: int
) -> list[tuple[int, int, int, int]]:
    """`count` times two frames apart from `start`, at a whole-frame rate (no drop frame)."""
    h, m, s, f = start
    index = ((h * 60 + m) * 60 + s) * fps + f
    times = []
    for n in range(count):
        seconds, frames = divmod(index + 2 * n, fps)
        times.append((seconds // 3600, seconds // 60 % 60, seconds % 60, frames))
    return times


def timecode_show(path: Path, port: str, message: str, seconds: float) -> None:
    with ShowFile.create(path) as show:
        show.set_setting("midi_backend", JACK)
        show.set_destination("MTC", f"midi:{port}")
        show.add_cues([Cue(TIMECODE, TIMECODE.parse(message), number="1", target="MTC",
                           duration=seconds)])  # fmt: skip


def run_timecode(
    jack: JackServer, runs: list[Run], path: Path, message: str, seconds: float, count: int
) -> tuple[list[bytes], list[dict[str, Any]]]:
    """Runs one timecode cue live into jack_midi_dump; what the dump read, and the events."""
    dump = MidiDump(jack, f"showdesk-tc-{path.parent.name[-12:]}").start()
    try:
        timecode_show(path, dump.port, message, seconds)
        runs.append(run := Run(path, "--live", env=jack.env))
        run.output("MTC", "live")
        run.command("go")
        run.wait_for(lambda e: e["event"] == "cue" and e["state"] == "completed",
                     timeout=seconds + 20)  # fmt: skip
        received = dump.wait_for(count, timeout=10)
        events = run.finish()
    finally:
        dump.stop()
    return received, events


@pytest.mark.jack
@pytest.mark.slow
def test_ten_seconds_of_25_fps_arrive_whole_in_order_with_the_right_values(
    show_path: Path,
    runs: list[Run],
    jack: JackServer,
) -> None:
    received, events = run_timecode(
        jack, runs, show_path, "start=01:00:00:00 fps=25", 10.0, count=1001
    )
    timecode = [e for e in events if e["event"] == "timecode"]
    # the engine's own count first: a quarter frame it could not hand to the port is named here
    assert [(e["state"], e.get("error")) for e in timecode] == [("locate", ""), ("completed", None)]
    assert (timecode[1]["quarter_frames"], timecode[1]["failed"]) == (1000, 0)
    assert timecode[0]["tc"] == "01:00:00:00"
    assert received[0] == bytes.fromhex("F0 7F 7F 01 01 21 00 00 00 F7")  # 01:00:00:00 at 25
    # 10 s at 100 a second: quarter frames 0..999, 125 times of eight, from 01:00:00:00 on
    expected = quarter_frames(every_second_frame((1, 0, 0, 0), 125, 25), "25")
    assert len(expected) == 1000
    assert received[1:] == expected
    assert expected[-8:] == quarter_frames([(1, 0, 9, 23)], "25")  # the last time carried
    assert not [e for e in events if e["event"] == "sent"]  # counted, not logged one by one


@pytest.mark.jack
@pytest.mark.parametrize(
    ("start", "times"),
    [
        # the frame before a minute that drops: 26, 28, then 00:01:00:02 (00 and 01 do not exist)
        ((0, 0, 59, 26), [(0, 0, 59, 26), (0, 0, 59, 28), (0, 1, 0, 2)]),
        # a tenth minute drops nothing: 24, 26, 28, 00:10:00:00
        ((0, 9, 59, 24), [(0, 9, 59, 24), (0, 9, 59, 26), (0, 9, 59, 28)]),
        ((0, 9, 59, 28), [(0, 9, 59, 28), (0, 10, 0, 0), (0, 10, 0, 2)]),
    ],
)
def test_29_97_drop_frame_skips_frames_0_and_1_at_each_minute_but_every_tenth(
    show_path: Path,
    runs: list[Run],
    jack: JackServer,
    start: tuple[int, int, int, int],
    times: list[tuple[int, int, int, int]],
) -> None:
    h, m, s, f = start
    message = f"start={h:02}:{m:02}:{s:02}:{f:02} fps=29.97df"
    received, _ = run_timecode(jack, runs, show_path, message, 0.2, count=25)  # 24 quarters
    assert received[0] == bytes((0xF0, 0x7F, 0x7F, 0x01, 0x01, 0x40 | h, m, s, f, 0xF7))
    assert received[1:25] == quarter_frames(times, "29.97df")
