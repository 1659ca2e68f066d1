"""Cue types: one module per type, each a validated payload and its `CueType` (see registry.py)."""

from cues.base import ContinueMode, Cue, CueError, CueType
from cues.registry import cue_type, cue_types

__all__ = ["ContinueMode", "Cue", "CueError", "CueType", "cue_type", "cue_types"]
