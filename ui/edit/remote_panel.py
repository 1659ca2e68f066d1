"""The Remote tab of edit mode: where remote control listens, and the MIDI trigger map with Learn.

The plain settings (on/off, port, address, passcodes, MIDI input, MSC device) are on the Settings
tab; this tab says in one sentence what they add up to, and edits the trigger map row by row:
a message (note, CC, program change), its channel (1-16, as people count them), its number,
and what it does (GO, stop, pause, resume, panic, start a cue). Every change writes the whole map
as the `midi_triggers` setting, one undoable edit; a refused map says why under the table.

Learn asks the engine (which has the MIDI input open) to report the next note, controller or
program change it receives: the window routes the engine's `learned` event back here, and it
becomes a new row that does GO until its action is changed. A changed map takes effect when
the engine restarts on the way back to show mode.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from showdesk.remote.triggers import ACTIONS
from showdesk.settings import Settings
from ui.edit.fields import ErrorLabel

SettingWrite = Callable[[str, Any], str | None]
MESSAGES = {"note": "Note", "cc": "CC", "program": "Program change"}
HEADINGS = ("Message", "Channel", "Number", "Action", "Cue")


def summary(settings: Settings) -> str:
    """What the remote settings add up to, in one sentence for people."""
    if settings.remote:
        where = "this machine only" if settings.remote_bind.startswith("127.") else (
            f"the network ({settings.remote_bind})")  # fmt: skip
        guard = "a passcode is needed" if settings.passcode or settings.view_passcode else (
            "no passcode")  # fmt: skip
        osc = f"OSC remote control is on: port {settings.remote_port}, {where}, {guard}."
    else:
        osc = "OSC remote control is off."
    if settings.midi_in:
        kind = "creates" if settings.midi_in_virtual else "listens on"
        midi = f" MIDI in {kind} {settings.midi_in!r} (MSC device {settings.msc_device})."
    else:
        midi = " No MIDI input."
    return osc + midi + " Change them on the Settings tab."


class RemotePanel(QWidget):
    learn_requested = Signal()  # the window asks the engine to report the next MIDI message

    def __init__(self, write: SettingWrite, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.write = write
        self._filling = False
        self.waiting = False  # Learn asked; the next learned message adds a row
        layout = QVBoxLayout(self)
        self.about = QLabel()
        self.about.setWordWrap(True)
        layout.addWidget(self.about)
        layout.addWidget(QLabel("MIDI triggers (channels 1-16):"))
        self.table = QTableWidget(0, len(HEADINGS))
        self.table.setHorizontalHeaderLabels(HEADINGS)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add")
        self.learn_button = QPushButton("Learn")
        self.learn_button.setToolTip("Press a key, pedal or button on the MIDI input: it becomes "
                                     "a new trigger")  # fmt: skip
        self.remove_button = QPushButton("Remove")
        for button in (self.add_button, self.learn_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setObjectName("dim")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.add_button.clicked.connect(lambda: self._add_row({}))
        self.remove_button.clicked.connect(self._remove_row)
        self.learn_button.clicked.connect(self._learn)

    # -- from the show and the engine -----------------------------------------------------

    def set_settings(self, settings: Settings) -> None:
        self.about.setText(summary(settings))
        if self.rows() == [dict(t) for t in settings.midi_triggers]:
            return  # our own write coming back: the row being edited keeps its widgets
        self._filling = True
        try:
            self.table.setRowCount(0)
            for trigger in settings.midi_triggers:
                self._add_row(trigger, commit=False)
        finally:
            self._filling = False

    def learned(self, event: dict[str, Any]) -> None:
        """The engine heard a message after Learn: a new row that does GO."""
        if not self.waiting:
            return
        self.waiting = False
        self.learn_button.setEnabled(True)
        self.status.setText(f"Learned {event.get('text')} on {event.get('port')}.")
        row: dict[str, Any] = {k: event[k] for k in ("message", "channel", "number") if k in event}
        self._add_row({**row, "action": "go"})

    def learn_failed(self, reason: str) -> None:
        self.waiting = False
        self.learn_button.setEnabled(True)
        self.error.show_error(reason)

    # -- editing --------------------------------------------------------------------------

    def _learn(self) -> None:
        self.waiting = True
        self.learn_button.setEnabled(False)
        self.error.show_error("")
        self.status.setText("Listening: press the key, pedal or button to learn…")
        self.learn_requested.emit()

    def _add_row(self, trigger: dict[str, Any], commit: bool = True) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        message = QComboBox()
        for key, text in MESSAGES.items():
            message.addItem(text, key)
        message.setCurrentIndex(max(0, message.findData(trigger.get("message", "note"))))
        channel, number = QSpinBox(), QSpinBox()
        channel.setRange(1, 16)
        channel.setValue(int(trigger.get("channel", 1)))
        number.setRange(0, 127)
        number.setValue(int(trigger.get("number", 60)))
        action = QComboBox()
        action.addItems(list(ACTIONS))
        action.setCurrentText(str(trigger.get("action", "go")))
        cue = QLineEdit(str(trigger.get("cue", "")))
        cue.setPlaceholderText("all / standing by")
        for column, widget in enumerate((message, channel, number, action, cue)):
            self.table.setCellWidget(row, column, widget)
        message.activated.connect(lambda _=0: self._commit())
        action.activated.connect(lambda _=0: self._commit())
        channel.editingFinished.connect(self._commit)
        number.editingFinished.connect(self._commit)
        cue.editingFinished.connect(self._commit)
        if commit:
            self._commit()

    def _remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self._commit()

    def rows(self) -> list[dict[str, Any]]:
        """The map as the table shows it, in the setting's form."""
        out = []
        for row in range(self.table.rowCount()):
            message, channel, number, action, cue = (
                self.table.cellWidget(row, column) for column in range(len(HEADINGS)))  # fmt: skip
            assert isinstance(message, QComboBox)
            assert isinstance(action, QComboBox)
            assert isinstance(channel, QSpinBox)
            assert isinstance(number, QSpinBox)
            assert isinstance(cue, QLineEdit)
            trigger = {"message": message.currentData(), "channel": channel.value(),
                       "number": number.value(), "action": action.currentText()}  # fmt: skip
            if cue.text().strip():
                trigger["cue"] = cue.text().strip()
            out.append(trigger)
        return out

    def _commit(self) -> None:
        if self._filling:
            return
        problem = self.write("midi_triggers", self.rows())
        self.error.show_error(problem or "")
