"""The timecode cue: MIDI Time Code out to a MIDI destination, from a start time.

Text form: `start=01:00:00:00 fps=25`, fps one of 24, 25, 29.97df (drop frame) or 30. The
duration column says for how long; blank (0) runs until the cue is stopped. When the cue acts,
the engine sends a full-frame message that locates the receiver at the start time, then quarter
frames at 4 x fps a second on the absolute schedule `t_a + k / (4 x fps)`; pausing holds the
timecode and resuming locates the receiver again where it was held (docs/protocol.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from cues.base import CueType, JSONDict
from cues.mtc import frame_index, parse_time, time_text
from cues.text import parse_options, split_words

# The rates as people write them, and as cues/mtc.py names them.
FPS = {"24": "24", "25": "25", "29.97df": "29.97", "30": "30"}
_READ = {**FPS, "29.97": "29.97", "29.97ndf": ""}  # what else people type for 29.97


@dataclass(frozen=True)
class TimecodeOut:
    start: str  # HH:MM:SS:FF, as written back
    fps: str  # one of FPS

    def __post_init__(self) -> None:
        if self.fps not in FPS:
            raise ValueError(f"fps must be one of {', '.join(FPS)}, got {self.fps!r}")
        time = parse_time(self.start, FPS[self.fps])
        object.__setattr__(self, "start", time_text(time))

    @property
    def mtc_rate(self) -> str:
        """The rate as cues/mtc.py names it."""
        return FPS[self.fps]

    @property
    def start_frame(self) -> int:
        """The start time as a count of frames since midnight."""
        return frame_index(parse_time(self.start, self.mtc_rate), self.mtc_rate)

    @classmethod
    def parse(cls, text: str) -> Self:
        options = parse_options(split_words(text), ("start", "fps"))
        if "fps" not in options:
            raise ValueError(
                "a timecode cue needs its frame rate: start=01:00:00:00 fps=25 "
                f"(fps {', '.join(FPS)})"
            )
        fps = _READ.get(options["fps"].lower())
        if not fps:
            raise ValueError(
                f"fps must be one of {', '.join(FPS)}, got {options['fps']!r}"
                + (" (MTC has no 29.97 non-drop rate)" if "29.97" in options["fps"] else "")
            )
        written = "29.97df" if fps == "29.97" else fps
        return cls(options.get("start", "00:00:00:00"), written)

    def text(self) -> str:
        return f"start={self.start} fps={self.fps}"

    def to_json(self) -> JSONDict:
        return {"start": self.start, "fps": self.fps}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(str(data["start"]), str(data["fps"]))


TIMECODE = CueType(
    name="timecode",
    payload=TimecodeOut,
    summary="MIDI Time Code out from a start time: `start=HH:MM:SS:FF fps=24|25|29.97df|30`; "
    "the duration is how long (blank: until stopped).",
    target="destination",
    duration="timed",
    default_duration=0.0,  # blank: runs until stopped
    sends=frozenset({"midi"}),
)
