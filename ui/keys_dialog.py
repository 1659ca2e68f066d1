"""View > Show-mode keys…: this computer's keys for GO, panic, pause, resume, hold and note.

A dialog, so it opens in edit mode only (no dialog may take the GO key in show mode), and modal,
so the window cannot go back to show mode under it. Each action is a line of key names
(`PgDown, Space`); **Record** takes the next key pressed (a foot pedal's, say) and adds it.
Nothing is saved until every line is a good binding: a refusal is one sentence in the dialog,
and what was typed stays there to be corrected.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import hotkeys

INTRO = ("Show mode's keys on this computer (kept in showdesk.ini, not in the show). A foot "
         "pedal that types a key can be GO: press Record, then the pedal. Separate keys with "
         "commas; the comma key is written Comma.")  # fmt: skip


class KeysDialog(QDialog):
    """`applied(bindings)` is called with the new keys once they are saved."""

    def __init__(
        self,
        current: hotkeys.Bindings,
        applied: Callable[[hotkeys.Bindings], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Show-mode keys")
        self.setModal(True)
        self.applied = applied
        self.recording: str | None = None
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        grid = QGridLayout()
        self.lines: dict[str, QLineEdit] = {}
        self.record_buttons: dict[str, QPushButton] = {}
        for row, (action, label, _) in enumerate(hotkeys.ACTIONS):
            line = QLineEdit(current.text(action), self)
            line.setObjectName(f"keys-{action}")
            record = QPushButton("Record", self)
            record.setToolTip(f"Adds the next key pressed to {label}")
            record.clicked.connect(lambda _=False, a=action: self.record(a))
            record.installEventFilter(self)
            grid.addWidget(QLabel(label, self), row, 0)
            grid.addWidget(line, row, 1)
            grid.addWidget(record, row, 2)
            self.lines[action] = line
            self.record_buttons[action] = record
        self.defaults = QPushButton("Defaults", self)
        self.defaults.setToolTip("Space GO, Esc panic, N note, H hold, P pause, R resume")
        self.defaults.clicked.connect(self.set_defaults)
        self.status = QLabel("", self)
        self.status.setObjectName("keys-status")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.addButton(self.defaults, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def record(self, action: str) -> None:
        self.recording = action
        self.record_buttons[action].setFocus()
        self.status.setText(f"Press the key for {hotkeys.LABELS[action]}…")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.recording is None or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() in hotkeys.MODIFIER_KEYS:
            return True  # Shift on its way to Shift+F5: wait for the key
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        combo = QKeyCombination(mods, Qt.Key(event.key()))
        name = QKeySequence(combo).toString(hotkeys.PORTABLE)
        line = self.lines[self.recording]
        typed = hotkeys.shown_to_typed(name)
        line.setText(f"{line.text()}, {typed}" if line.text().strip() else typed)
        self.status.setText(f"{typed} added to {hotkeys.LABELS[self.recording]}; Save keeps it.")
        self.recording = None
        return True

    def set_defaults(self) -> None:
        for action, line in self.lines.items():
            line.setText(hotkeys.DEFAULT.text(action))
        self.status.setText("The default keys; Save keeps them.")

    def save(self) -> None:
        try:
            bindings = hotkeys.parse({a: line.text() for a, line in self.lines.items()})
        except hotkeys.BindingError as exc:
            self.status.setText(f"Not saved: {exc}")
            return
        hotkeys.save(bindings)
        self.applied(bindings)
        self.accept()
