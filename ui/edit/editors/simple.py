"""Cues with nothing to send: memo, wait and the control cues (start, stop, goto ...).

Their whole meaning is in the common fields: a memo's call and notes, a wait's duration, a
control cue's target (the number of the cue it acts on, chosen from the list).
"""

from __future__ import annotations

from ui.edit.editors.base import CueEditor, NoPayload


class MemoEditor(CueEditor):
    payload_class = NoPayload


class WaitEditor(CueEditor):
    payload_class = NoPayload


class ControlEditor(CueEditor):
    payload_class = NoPayload
