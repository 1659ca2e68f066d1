"""The MSC cue's inspector: command, cue / list / path, device and command format."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from cues.base import CueType
from cues.msc import ALL_CALL, COMMANDS, FORMATS, MscCommand
from ui.edit.editors.base import CueEditor, MessageLine

SHOWN = ("cue", "list", "path")


class MscFields(MessageLine):
    def __init__(self, kind: CueType, parent: QWidget | None = None) -> None:
        super().__init__(kind, parent)
        self.command = QComboBox()
        self.command.setObjectName("command")
        self.command.addItems(list(COMMANDS))
        self.command.activated.connect(lambda _: self.field_done())
        self.rows.add("command", "Command", self.command)
        self.numbers = {name: self._line(name, f"MSC {name}", "e.g. 12.5") for name in SHOWN}
        self.device = self._line("device", "Device ID", "all (127), or 0-126")
        self.format = QComboBox()
        self.format.setObjectName("format")
        self.format.addItems(list(FORMATS))
        self.format.activated.connect(lambda _: self.field_done())
        self.rows.add("format", "Format", self.format)
        self.other = self._line("other", "Other", "time=00:01:00:00 fps=25 macro=5 ...")

    def fill(self, payload: Any) -> None:
        if not isinstance(payload, MscCommand):
            return
        self.command.setCurrentText(payload.command)
        for name, edit in self.numbers.items():
            edit.setText(getattr(payload, name))
        self.device.setText("" if payload.device == ALL_CALL else str(payload.device))
        self.format.setCurrentText(payload.format)
        words = payload.text().split()[1:]
        shown = (*SHOWN, "device", "format")
        self.other.setText(" ".join(w for w in words if w.split("=", 1)[0] not in shown))

    def compose(self) -> str | None:
        words = [self.command.currentText()]
        words += [f"{name}={edit.text().strip()}" for name, edit in self.numbers.items()
                  if edit.text().strip()]  # fmt: skip
        if self.device.text().strip() not in ("", "all", str(ALL_CALL)):
            words.append(f"device={self.device.text().strip()}")
        if self.format.currentText() != "lighting":
            words.append(f"format={self.format.currentText()}")
        if self.other.text().strip():
            words.append(self.other.text().strip())
        return " ".join(words)

    def checks(self) -> dict[str, str]:
        device = self.device.text().strip()
        if device and device != "all" and not (device.isdigit() and int(device) <= ALL_CALL):
            return {"device": f"a device ID is 0 to 127 (or all), got {device!r}"}
        return {}


class MscEditor(CueEditor):
    payload_class = MscFields
