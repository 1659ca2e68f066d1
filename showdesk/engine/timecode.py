"""A running timecode cue: the bytes of each quarter frame, and how the log records them.

The scheduler sends a `QuarterFrame` event for quarter frame k at `t_a + k / (4 x fps)`. Its bytes
are worked out here when the engine prepares that deadline: piece k mod 8 of the time
`start + 2 x (k // 8)` frames (eight pieces spell one time and take two frames), preceded by a
full-frame message when the event locates (the start, and each resume) at the frame running
then, `start + k // 4`.

A hundred quarter frames a second are not each a `sent` event: the log would drown. Each run of
quarter frames between a locate and the next pause, stop or end is one segment. The log gets a
`timecode` event when a segment begins (`locate`, with the full frame's bytes and lateness), one
at the first failed send of a segment (`error`), and one when it ends (`paused`, `stopped` or
`completed`) counting the quarter frames sent and failed and the worst lateness
(docs/protocol.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cues.mtc import frame_time, full_frame_at, quarter_frame, time_text
from cues.timecode import FPS
from showdesk.engine.events import CueState, QuarterFrame

LOCATE_TEXT = "MTC full frame {tc}"
QUARTER_TEXT = "MTC quarter frame"  # not formatted per message: 100 a second


@dataclass(frozen=True)
class TimecodeSend:
    """Where a timecode cue sends, from which frame, at which rate."""

    destination: str
    start: int  # frames since midnight
    fps: str  # as the sheet writes it: 24, 25, 29.97df, 30

    @property
    def rate(self) -> str:
        return FPS[self.fps]  # as cues/mtc.py names it

    def frame_at(self, k: int) -> int:
        """The frame running when quarter frame k goes out."""
        return self.start + k // 4

    def message(self, k: int, locate: bool) -> tuple[str, str, bytes]:
        """(destination, text, bytes) of quarter frame k, with the locate first if asked."""
        data = quarter_frame(self.start + 2 * (k // 8), self.rate, k % 8)
        if not locate:
            return self.destination, QUARTER_TEXT, data
        frame = self.frame_at(k)
        text = LOCATE_TEXT.format(tc=self.tc(frame))
        return self.destination, text, full_frame_at(frame, self.rate) + data

    def tc(self, frame: int) -> str:
        return time_text(frame_time(frame, self.rate), self.rate)


@dataclass
class Segment:
    """Quarter frames sent since the last locate of one cue."""

    send: TimecodeSend
    last_k: int
    sent: int = 0
    failed: int = 0
    late_max: float = 0.0  # seconds


class TimecodeLog:
    """Counts each running timecode's quarter frames and says what the log should record."""

    def __init__(self, sends: dict[str, TimecodeSend]) -> None:
        self.sends = sends
        self.segments: dict[str, Segment] = {}

    def messages(self, event: QuarterFrame) -> list[tuple[str, str, bytes]]:
        send = self.sends.get(event.cue_id)
        return [] if send is None else [send.message(event.index, event.locate)]

    def delivered(
        self, event: QuarterFrame, late: float, ok: bool, error: str
    ) -> dict[str, Any] | None:
        """Counts one quarter frame; the fields of a `timecode` event to publish, if any."""
        send = self.sends[event.cue_id]
        segment = self.segments.get(event.cue_id)
        if event.locate or segment is None:
            segment = self.segments[event.cue_id] = Segment(send, event.index)
        segment.last_k = event.index
        segment.late_max = max(segment.late_max, late)
        if ok:
            segment.sent += 1
        else:
            segment.failed += 1
        fields = {"destination": send.destination, "fps": send.fps}
        if event.locate:  # `quarter`: how far into that frame it went out, 0-3 quarters
            tc = send.tc(send.frame_at(event.index))
            return {"state": "locate", "tc": tc, "quarter": event.index % 4, **fields}
        if not ok and segment.failed == 1:
            return {"state": "error", "tc": send.tc(send.frame_at(event.index)), **fields,
                    "error": error}  # fmt: skip
        return None

    def ended(self, event: CueState) -> dict[str, Any] | None:
        """When a timecode pauses, stops or completes: the fields of its segment's summary."""
        if event.state not in ("paused", "stopped", "completed"):
            return None
        segment = self.segments.pop(event.cue_id, None)
        if segment is None:
            return None
        send = segment.send
        return {
            "state": event.state,
            "destination": send.destination,
            "fps": send.fps,
            "tc": send.tc(send.frame_at(segment.last_k)),
            "quarter_frames": segment.sent,
            "failed": segment.failed,
            "late_ms_max": round(segment.late_max * 1000, 4),
        }
