"""Show mode: what the caller sees and the keys that run the show.

Everything here is a request to the engine process (through `EngineClient.send`); the view
changes only when the engine's events come back, so what is shown is what the engine did.
Nothing is modal: problems are shown in place, in the notice line and the log.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from showdesk.showfile import ShowFile
from ui.engine_client import EngineClient
from ui.models import CueTableModel
from ui.panels import ClocksPanel, CueTable, LogPanel, RigStrip, RunningPanel, StandbyPanel, label
from ui.theme import Theme

TICK_MS = 100  # countdowns and clocks repaint ten times a second
FLASH_MS = 900
NOTICE_MS = 8000
TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


class ShowView(QWidget):
    """The show-mode page of the main window."""

    edit_refused = Signal(str)

    def __init__(self, client: EngineClient, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.theme = theme
        self.model = CueTableModel(theme, self)
        self.act = 0
        self._pending_note = ""
        self.engine_ready = False  # set by the window: ready seen, the playhead put back
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        # Plain setters: PySide6 6.12 mis-counts a bool passed as a constructor keyword property.
        self._flash = QTimer(self)
        self._flash.setSingleShot(True)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self._end_flash)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_MS)
        self._notice_timer.timeout.connect(self.notice.hide)

    # -- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        self.standby = StandbyPanel(self.theme, self)
        self.go_button = QPushButton("GO", self)
        self.go_button.setMinimumHeight(84)
        self.go_button.setObjectName("go")
        self.go_button.setToolTip("GO: starts the cue standing by (Space)")
        self.go_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.go_status = label("", "", self)  # says why a GO was rejected, while it flashes
        self.go_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.go_status.setStyleSheet(f"color: {self.theme.warn}; font-weight: 700;")
        self.go_status.hide()
        self.panic_button = QPushButton("PANIC (Esc)", self)
        self.panic_button.setObjectName("panic")
        self.stop_button = QPushButton("Stop all", self)
        self.pause_button = QPushButton("Pause all (P)", self)
        self.resume_button = QPushButton("Resume all (R)", self)
        for button in (self.panic_button, self.stop_button, self.pause_button, self.resume_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.go_button.clicked.connect(lambda: self.go("button"))
        self.panic_button.clicked.connect(lambda: self.command("panic", "button"))
        self.stop_button.clicked.connect(lambda: self.command("stop", "button"))
        self.pause_button.clicked.connect(lambda: self.command("pause", "button"))
        self.resume_button.clicked.connect(lambda: self.command("resume", "button"))

        go_area = QWidget(self)
        go_layout = QVBoxLayout(go_area)
        go_layout.setContentsMargins(0, 0, 0, 0)
        go_layout.addWidget(self.go_button, 1)
        go_layout.addWidget(self.go_status)
        row = QHBoxLayout()
        row.addWidget(self.pause_button)
        row.addWidget(self.resume_button)
        row.addWidget(self.stop_button)
        go_layout.addLayout(row)
        go_layout.addWidget(self.panic_button)
        go_layout.setSpacing(4)

        top = QHBoxLayout()
        top.addWidget(self.standby, 3)
        top.addWidget(go_area, 1)

        self.table = CueTable(self.model, self.theme, self)
        self.table.doubleClicked.connect(lambda index: self.standby_row(index.row()))
        self.clocks = ClocksPanel(self)
        self.running = RunningPanel(self)
        self.log = LogPanel(self.theme, self)
        marks = QHBoxLayout()
        for text, kind in (("House open", "house_open"), ("Show up", "show_up"),
                           ("Act", "act"), ("Interval", "interval"),
                           ("Show down", "show_down")):  # fmt: skip
            button = QPushButton(text, self)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setStyleSheet("font-size: 10pt; padding: 3px 6px;")
            button.clicked.connect(lambda _=False, k=kind: self.mark(k))
            marks.addWidget(button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.clocks)
        right_layout.addLayout(marks)
        right_layout.addWidget(self.running, 1)  # what runs matters more than the log
        right_layout.addWidget(self.log, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 500])
        split.setChildrenCollapsible(False)

        self.note_field = QLineEdit(self)
        self.note_field.setPlaceholderText(
            "Note: type, Enter sends (#LX tags a department, ! an issue, !! critical); Esc cancels"
        )
        self.note_field.setStyleSheet("font-size: 15pt;")
        self.note_field.returnPressed.connect(self.send_note)
        self.note_field.hide()
        self.notice = label("", "notice", self)
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.rig = RigStrip(self.theme, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.note_field)
        layout.addWidget(self.notice)
        layout.addWidget(self.rig)

    # -- the show ------------------------------------------------------------------------

    def load(self, show: ShowFile, list_name: str = "Main") -> None:
        self.model.load(show.cues(list_name), show.departments())
        self.rig.set_patch(show.patch())
        self._show_standby()

    # -- commands out --------------------------------------------------------------------

    def command(self, name: str, source: str, **fields: Any) -> bool:
        if self.client.running and not self.engine_ready:
            # Queued, it would run before the window puts the playhead back after a restart.
            self.say(f"The engine is still loading the show: {name} was not sent.")
            return False
        if self.client.send({"command": name, "source": source, **fields}):
            return True
        self.say(f"The engine is not running: {name} was not sent. Restart it (above).")
        return False

    def go(self, source: str) -> None:
        self.command("go", source)

    def standby_row(self, row: int) -> None:
        if 0 <= row < len(self.model.cues):
            cue = self.model.cues[row]
            if cue.number:
                self.command("standby", "button", cue=cue.number)
            else:
                self.say("Only a numbered cue can stand by.")

    def mark(self, kind: str) -> None:
        if kind == "act":
            self.command("mark", "button", mark="act", act=self.act + 1)
        else:
            self.command("mark", "button", mark=kind)

    def open_note(self) -> None:
        self.note_field.show()
        self.note_field.setFocus()

    def cancel_note(self) -> None:
        self.note_field.clear()
        self.note_field.hide()

    def send_note(self) -> None:
        typed = self.note_field.text()
        fields = note_fields(typed)
        if not fields.get("text") or self.command("note", "key", **fields):
            self._pending_note = typed  # given back if the engine refuses it
            self.cancel_note()

    # -- events in -----------------------------------------------------------------------

    def apply(self, event: dict[str, Any]) -> None:
        self.model.calibrate(event)
        kind = event.get("event")
        self.model.apply(event)
        self.running.apply(event, self.model)
        self.rig.apply(event)
        self.log.add(event)
        if kind in ("playhead", "ready"):
            self._show_standby()
            self._follow_playhead()
        elif kind == "go":
            self.clocks.first_go(self.model.local(float(event.get("mono", 0.0))))
        elif kind == "go_rejected":
            self.flash_rejected(str(event.get("reason") or ""))
        elif kind == "mark":
            self.clocks.mark(event, self.model.local(float(event.get("mono", 0.0))))
            if event.get("mark") == "act" and isinstance(event.get("act"), int):
                self.act = event["act"]
        elif kind == "error":
            self.say(f"Engine: {event.get('message')}")
            if '"command":"note"' in str(event.get("command")) and self._pending_note:
                self.open_note()  # the note was refused: nothing typed is lost
                self.note_field.setText(self._pending_note)
                self._pending_note = ""
        elif kind == "sent" and not event.get("ok", True):
            self.say(f"{event.get('destination')}: {event.get('error')} (cue {event.get('cue')})")
        elif kind == "note":
            self._pending_note = ""
            self.say(f"Note logged at {event.get('cue') or event.get('standing_by') or '-'}.")

    def flash_rejected(self, reason: str) -> None:
        self.go_button.setProperty("rejected", True)
        self.go_button.setText("GO ✕")
        self.go_button.style().unpolish(self.go_button)
        self.go_button.style().polish(self.go_button)
        self.go_status.setText(f"GO REJECTED: {reason}")
        self.go_status.show()
        self._flash.start()

    def _end_flash(self) -> None:
        self.go_button.setProperty("rejected", False)
        self.go_button.setText("GO")
        self.go_button.style().unpolish(self.go_button)
        self.go_button.style().polish(self.go_button)
        self.go_status.hide()

    def say(self, text: str) -> None:
        """An in-place message (never a dialog); it fades after a few seconds."""
        self.notice.setText(text)
        self.notice.show()
        self._notice_timer.start()

    def _show_standby(self) -> None:
        playhead = self.model.playhead
        cue = (
            self.model.cues[self.model.row_of[playhead]] if playhead in self.model.row_of else None
        )
        dept = self.model.departments.get(cue.dept) if cue else None
        self.standby.show_cue(cue, dept, empty=not self.model.cues)

    def _follow_playhead(self) -> None:
        if self.model.playhead in self.model.row_of:
            index = self.model.index(self.model.row_of[self.model.playhead], 0)
            self.table.scrollTo(index)

    def tick(self) -> None:
        now = time.perf_counter()
        self.model.tick()
        self.running.refresh(self.model, now)
        self.clocks.refresh(now, self.model.next_timed(now))

    # -- keys ----------------------------------------------------------------------------

    def handle_key(self, obj: QObject, event: QKeyEvent) -> bool:
        """Show-mode keys, wherever focus is in the window; True when the key was used."""
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if obj is self.note_field and key == Qt.Key.Key_Escape:
            self.cancel_note()
            return True
        if isinstance(obj, TEXT_INPUTS):
            return False  # typing a note or a filter: the keys are text
        if mods != Qt.KeyboardModifier.NoModifier:
            return False
        if key == Qt.Key.Key_Space:
            if not event.isAutoRepeat():  # holding space is one GO, not a burst
                self.go("key")
            return True
        if event.isAutoRepeat():
            return False
        if key == Qt.Key.Key_Escape:
            self.command("panic", "key")
        elif key == Qt.Key.Key_N:
            self.open_note()
        elif key == Qt.Key.Key_P:
            self.command("pause", "key")
        elif key == Qt.Key.Key_R:
            self.command("resume", "key")
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and obj is self.table:
            self.standby_row(self.table.currentIndex().row())
        elif key == Qt.Key.Key_F2 or key == Qt.Key.Key_Delete:
            self.say("Show mode is locked: switch to edit mode (Ctrl+E) to change cues.")
        else:
            return False
        return True


def note_fields(line: str) -> dict[str, str]:
    """The note command's fields from what was typed: leading `#DEPT` tags a department, `!` marks
    an issue and `!!` a critical one (`#SND !! mic 2 dropped out`); the rest is the text."""
    words = line.strip().split()
    fields: dict[str, str] = {}
    while words and (words[0] in ("!", "!!") or (words[0].startswith("#") and len(words[0]) > 1)):
        word = words.pop(0)
        if word.startswith("#"):
            fields["dept"] = word[1:].upper()
        else:
            fields["severity"] = "critical" if word == "!!" else "issue"
    fields["text"] = " ".join(words)
    return fields


class KeyFilter(QObject):
    """Application-wide: show-mode keys reach the show view whatever widget has focus."""

    def __init__(self, view: ShowView, window: QWidget) -> None:
        super().__init__(window)
        self.view = view
        self.window = window
        self.enabled = True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self.enabled or kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if not isinstance(obj, QWidget) or obj.window() is not self.window:
            return False
        assert isinstance(event, QKeyEvent)
        if kind == QEvent.Type.KeyRelease:
            # A focused button must not click on the release of a space that was a GO.
            return event.key() == Qt.Key.Key_Space and not isinstance(obj, TEXT_INPUTS)
        return self.view.handle_key(obj, event)
