"""The inspector's editors, one per cue type, found by the cue type's name.

A cue type without an entry here (a third party's) is edited through `GenericEditor`: the common
fields and the payload as the text of its sheet cell, checked by the type's own parser.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cues.base import Cue
from ui.edit.editors.base import CueEditor, EditContext, MessageLine
from ui.edit.editors.fade import FadeEditor
from ui.edit.editors.group import GroupEditor
from ui.edit.editors.midi import MidiEditor
from ui.edit.editors.msc import MscEditor
from ui.edit.editors.multi import MultiEditor
from ui.edit.editors.osc import OscEditor
from ui.edit.editors.simple import ControlEditor, MemoEditor, WaitEditor
from ui.edit.editors.timecode import TimecodeEditor


class GenericEditor(CueEditor):
    payload_class = MessageLine


EDITORS: dict[str, type[CueEditor]] = {
    "osc": OscEditor,
    "fade": FadeEditor,
    "midi": MidiEditor,
    "msc": MscEditor,
    "memo": MemoEditor,
    "wait": WaitEditor,
    "group": GroupEditor,
    "timecode": TimecodeEditor,
    **{
        name: ControlEditor
        for name in ("start", "stop", "pause", "resume", "goto", "arm", "disarm")
    },
}


def editor_for(cue: Cue, context: EditContext, parent: QWidget | None = None) -> CueEditor:
    """The inspector for this cue's type (the generic one for a type this app does not know)."""
    return EDITORS.get(cue.type.name, GenericEditor)(cue, context, parent)


__all__ = ["EDITORS", "CueEditor", "EditContext", "GenericEditor", "MultiEditor", "editor_for"]
