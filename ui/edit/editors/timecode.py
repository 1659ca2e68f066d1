"""The timecode cue's inspector: the start time and the frame rate (the duration is a common
field: blank runs until stopped)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from cues.base import CueType
from cues.mtc import parse_time
from cues.timecode import FPS, TimecodeOut
from ui.edit.editors.base import CueEditor, MessageLine


class TimecodeFields(MessageLine):
    def __init__(self, kind: CueType, parent: QWidget | None = None) -> None:
        super().__init__(kind, parent)
        self.start = self._line("start", "Start", "HH:MM:SS:FF, e.g. 01:00:00:00")
        self.fps = QComboBox()
        self.fps.setObjectName("fps")
        self.fps.addItems(list(FPS))
        self.fps.setCurrentText("25")
        self.fps.activated.connect(lambda _: self.field_done())
        self.rows.add("fps", "Frame rate", self.fps)

    def fill(self, payload: Any) -> None:
        if not isinstance(payload, TimecodeOut):
            return
        self.start.setText(payload.start)
        self.fps.setCurrentText(payload.fps)

    def compose(self) -> str | None:
        start = self.start.text().strip() or "00:00:00:00"
        return f"start={start} fps={self.fps.currentText()}"

    def checks(self) -> dict[str, str]:
        try:
            parse_time(self.start.text().strip() or "00:00:00:00", FPS[self.fps.currentText()])
        except ValueError as exc:
            return {"start": str(exc)}
        return {}


class TimecodeEditor(CueEditor):
    payload_class = TimecodeFields
