"""The group cue's inspector: how its cues play (timeline, playlist, ...)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from cues.base import CueType
from cues.group import MODES, GroupSettings
from ui.edit.editors.base import CueEditor, PayloadEditor

MODE_HELP = {
    "timeline": "timeline: every cue starts with the group, placed by its pre-wait",
    "start-first-and-enter": "start-first-and-enter: starts the first cue, playhead goes inside",
    "start-first": "start-first: starts the first cue; they follow by their continue modes",
    "playlist": "playlist: one cue after another",
    "random": "random: one cue at random, each once before any repeats",
}


class GroupFields(PayloadEditor):
    def __init__(self, kind: CueType, parent: QWidget | None = None) -> None:
        super().__init__(kind, parent)
        self.mode = QComboBox()
        self.mode.setObjectName("mode")
        for mode in MODES:
            self.mode.addItem(MODE_HELP[mode], mode)
        self.mode.activated.connect(lambda _: self._changed())
        self.rows.add("mode", "Mode", self.mode)
        self.loop = QCheckBox("loop (playlist only)")
        self.loop.setToolTip("a playlist starts again after its last cue")
        self.loop.setObjectName("loop")
        self.loop.clicked.connect(lambda _: self._changed())
        self.rows.add("loop", "Loop", self.loop)

    def _changed(self) -> None:
        self.loop.setEnabled(self.mode.currentData() == "playlist")
        self.changed.emit()

    def set_payload(self, payload: Any) -> None:
        assert isinstance(payload, GroupSettings)
        self.mode.setCurrentIndex(self.mode.findData(payload.mode))
        self.loop.setChecked(payload.loop)
        self.loop.setEnabled(payload.mode == "playlist")

    def text(self) -> str:
        mode = str(self.mode.currentData())
        return f"{mode} loop" if self.loop.isChecked() and mode == "playlist" else mode


class GroupEditor(CueEditor):
    payload_class = GroupFields
