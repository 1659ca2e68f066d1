"""The timecode cue on a fake clock: its schedule, its bytes, pause and stop, and its log.

Expected bytes are built here from the MTC layout (protocols.md: full frame `F0 7F 7F 01 01 hr mn
sc fr F7`, quarter frames `F1 0nnn dddd`), not from showdesk's encoders.
"""

from __future__ import annotations

from typing import Any

import pytest

from cues import Cue, cue_type
from cues.base import CueError
from showdesk.outputs import CaptureOutput
from tests.unit.test_engine import Rig

TIMECODE = cue_type("timecode")
RATE_BITS = {"24": 0, "25": 1, "29.97df": 2, "30": 3}


def timecode(start: str, fps: str, number: str = "1", **fields: Any) -> Cue:
    return Cue(TIMECODE, TIMECODE.parse(f"start={start} fps={fps}"), number=number,
               target="MIX", **fields)  # fmt: skip


def pieces(h: int, m: int, s: int, f: int, fps: str) -> list[bytes]:
    """The eight quarter frames of one time, by hand: low nibble then high nibble of frames,
    seconds, minutes, then hours with the rate in bits 5-6."""
    hour = RATE_BITS[fps] << 5 | h
    nibbles = [f & 15, f >> 4, s & 15, s >> 4, m & 15, m >> 4, hour & 15, hour >> 4]
    return [bytes((0xF1, n << 4 | d)) for n, d in enumerate(nibbles)]


def full(h: int, m: int, s: int, f: int, fps: str) -> bytes:
    return bytes((0xF0, 0x7F, 0x7F, 0x01, 0x01, RATE_BITS[fps] << 5 | h, m, s, f, 0xF7))


def wire(rig: Rig) -> list[bytes]:
    out = rig.outputs["MIX"]
    assert isinstance(out, CaptureOutput)
    return list(out.captured)


def test_the_text_form_reads_and_writes_back() -> None:
    out = TIMECODE.parse("fps=29.97 start=1:2:3;04")
    assert out.text() == "start=01:02:03:04 fps=29.97df"
    assert TIMECODE.parse(out.text()) == out
    assert TIMECODE.from_json(out.to_json()) == out
    for text, reason in [
        ("start=01:00:00:00", "needs its frame rate"),
        ("start=01:00:00:00 fps=29.97ndf", "no 29.97 non-drop"),
        ("start=01:00:00:25 fps=25", "out of range at 25 fps"),
        ("start=00:01:00:00 fps=29.97df", "does not exist in 29.97 drop-frame"),
        ("start=01:00:00:00 fps=25 rate=3", "unknown option 'rate'"),
    ]:
        with pytest.raises(CueError, match=reason):
            TIMECODE.parse(text)


def test_locate_then_quarter_frames_on_the_absolute_schedule() -> None:
    rig = Rig([timecode("01:00:00:00", "25", duration=1.0)])
    rig.at(0, "go")
    rig.run_until(5)
    sent = wire(rig)
    assert sent[0] == full(1, 0, 0, 0, "25") + pieces(1, 0, 0, 0, "25")[0]  # one send at t_a
    assert len(sent) == 100  # 1 s at 100 quarter frames a second, none at the end itself
    expected = [p for f in range(0, 25, 2) for p in pieces(1, 0, 0, f, "25")][:100]
    assert [sent[0][-2:], *sent[1:]] == expected
    # each deadline is t_a + k/100, computed afresh, never a sum of steps
    locate = rig.of("timecode")[0]
    assert locate["scheduled"] == 100.0
    assert rig.of("cue")[-1]["state"] == "completed"
    assert rig.of("cue")[-1]["t"] == pytest.approx(101.0)


def test_quarter_frame_deadlines_are_exact_fractions_of_the_rate() -> None:
    rig = Rig([timecode("00:00:00:00", "29.97df")])
    rig.at(0, "go")
    times = []
    for _ in range(2000):
        deadline = rig.engine.next_deadline()
        assert deadline is not None
        times.append(deadline)
        rig.clock.set(deadline)
        rig.engine.advance()
    # 4 x 30000/1001 quarter frames a second: deadline k is 100 + k * 1001 / 120000
    assert all(abs(t - (100 + (k + 1) * 1001 / 120000)) < 1e-9 for k, t in enumerate(times))


def test_drop_frame_skips_frames_0_and_1_at_each_minute_but_every_tenth() -> None:
    # 00:00:59:26 counts through a minute boundary: 26, 28, then 00:01:00:02 (00 and 01 dropped)
    rig = Rig([timecode("00:00:59:26", "29.97df")])
    rig.at(0, "go")
    rig.run_until(0.2)  # 24 quarter frames: three times
    assert wire(rig)[1:24] == [
        *pieces(0, 0, 59, 26, "29.97df")[1:],
        *pieces(0, 0, 59, 28, "29.97df"),
        *pieces(0, 1, 0, 2, "29.97df"),
    ]
    # ... but not at a tenth minute: 00:09:59:28 is followed by 00:10:00:00
    rig = Rig([timecode("00:09:59:28", "29.97df")])
    rig.at(0, "go")
    rig.run_until(0.15)  # 18 quarter frames
    assert wire(rig)[8:16] == pieces(0, 10, 0, 0, "29.97df")


@pytest.mark.parametrize(("fps", "last"), [("24", 22), ("30", 28)])
def test_24_and_30_fps_count_their_frames_and_roll_over_the_hour(fps: str, last: int) -> None:
    rig = Rig([timecode("10:59:59:00", fps)])
    rig.at(0, "go")
    rig.run_until(1.0)
    sent = wire(rig)
    assert sent[0][:10] == full(10, 59, 59, 0, fps)
    quarters = [sent[0][10:], *sent[1:]]
    assert len(quarters) == 4 * int(fps) + 1  # k = 0 .. 4 x fps, the last one at 1 s exactly
    whole = len(quarters) // 8 * 8
    assert quarters[whole - 8 : whole] == pieces(10, 59, 59, last, fps)
    assert quarters[whole] == pieces(11, 0, 0, 0, fps)[0]  # the next second is the next hour


def test_pause_holds_the_timecode_and_resume_locates_where_it_held() -> None:
    rig = Rig([timecode("01:00:00:00", "25")])
    rig.at(0, "go")
    rig.at(0.255, "pause 1")  # quarter frames 0..25 went out (t = k / 100 <= 0.255)
    assert len(wire(rig)) == 26
    rig.run_until(10)
    assert len(wire(rig)) == 26  # nothing while paused
    rig.at(10, "resume 1")
    rig.run_until(10.02)
    sent = wire(rig)
    # quarter frame 26 (frame 6, the second piece of the group at frame 6) after a full frame
    assert sent[26] == full(1, 0, 0, 6, "25") + pieces(1, 0, 0, 6, "25")[2]
    assert sent[27] == pieces(1, 0, 0, 6, "25")[3]
    assert rig.of("sent") == []  # quarter frames are never `sent` events
    states = [(e["state"], e.get("tc"), e.get("quarter_frames")) for e in rig.of("timecode")]
    assert states == [("locate", "01:00:00:00", None), ("paused", "01:00:00:06", 26),
                      ("locate", "01:00:00:06", None)]  # fmt: skip
    assert rig.of("timecode")[2]["quarter"] == 2  # quarter frame 26 is half-way into frame 6


def test_stop_ends_the_timecode_with_a_summary_before_the_cue_event() -> None:
    rig = Rig([timecode("00:00:00:00", "30")])
    rig.at(0, "go")
    rig.at(2.0, "stop 1")
    rig.run_until(5)
    assert len(wire(rig)) == 241  # k = 0 .. 240 at 120 a second, 240 exactly at 2 s
    kinds = [(e["event"], e.get("state")) for e in rig.events if e["event"] in ("timecode", "cue")]
    assert kinds[-2:] == [("timecode", "stopped"), ("cue", "stopped")]
    summary = rig.of("timecode")[-1]
    assert summary["quarter_frames"] == 241
    assert summary["failed"] == 0
    assert summary["tc"] == "00:00:02:00"
    assert (summary["fps"], summary["destination"]) == ("30", "MIX")


def test_panic_stops_a_timecode_at_once() -> None:
    rig = Rig([timecode("00:00:00:00", "25")], panic_time=2.0)
    rig.at(0, "go")
    rig.at(1.0, "panic")
    rig.run_until(5)
    assert len(wire(rig)) == 101
    assert rig.of("cue")[-1]["state"] == "stopped"
