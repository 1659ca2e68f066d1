"""Control cues: act on another cue of the same list, named by its number in `target`."""

from __future__ import annotations

from cues.base import CueType
from cues.simple import Nothing


def _control(name: str, summary: str) -> CueType:
    return CueType(name=name, payload=Nothing, summary=summary, target="cue")


START = _control("start", "Starts the target cue (and its sequence); the playhead stays.")
STOP = _control("stop", "Stops the target cue and what it would continue to.")
PAUSE = _control("pause", "Pauses the target cue and its waits.")
RESUME = _control("resume", "Resumes the paused target cue.")
GOTO = _control("goto", "Moves the playhead to the target cue, without a GO.")
ARM = _control("arm", "Arms the target cue for this run.")
DISARM = _control("disarm", "Disarms the target cue for this run: it keeps its timing, acts not.")
