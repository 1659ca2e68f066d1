"""Show mode: what the caller sees and the keys that run the show.

Everything here is a request to the engine process (through `EngineClient.send`); the view
changes only when the engine's events come back, so what is shown is what the engine did.
Nothing is modal: problems are shown in place, in the notice line, the problems strip and the
log. The layout is in ui/show_layout.py.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QWidget,
)

from showdesk.engine.broken import broken_reasons
from showdesk.showfile import ShowFile
from ui import hotkeys, show_layout
from ui.cue_table import CueTable
from ui.engine_client import EngineClient
from ui.log import LogPanel, LogRow
from ui.models import CueTableModel
from ui.panels import ClocksPanel, RunningPanel, StandbyPanel
from ui.rig import ProblemsStrip, RigStrip
from ui.theme import Theme
from ui.widgets import ElidedLabel

TICK_MS = 100  # countdowns and clocks repaint ten times a second
FLASH_MS = 900
NOTICE_MS = 8000
TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)
NOTE_PROMPT = (
    "Note: type, Enter sends (#LX tags a department, ! an issue, !! critical); Esc cancels"
)
HOLD_PROMPT = "Hold: the reason (or nothing), Enter starts the hold; Esc cancels"


class ShowView(QWidget):
    """The show-mode page of the main window."""

    edit_refused = Signal(str)
    # Made by show_layout.build:
    standby: StandbyPanel
    go_button: QPushButton
    go_status: ElidedLabel
    panic_button: QPushButton
    stop_button: QPushButton
    pause_button: QPushButton
    resume_button: QPushButton
    go_area: QWidget
    top: QWidget
    table: CueTable
    problems: ProblemsStrip
    clocks: ClocksPanel
    running: RunningPanel
    log: LogPanel
    mark_buttons: dict[str, QPushButton]
    right: QWidget
    split: QSplitter
    note_field: QLineEdit
    notice: ElidedLabel
    message_line: QWidget
    rig: RigStrip

    def __init__(self, client: EngineClient, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.theme = theme
        self.model = CueTableModel(theme, self)
        self.scale = 1.0
        self._pending_line = ""
        self.line_mode = "note"  # what the text line sends: a note, or a hold's reason
        self.engine_ready = False  # set by the window: ready seen, the playhead put back
        self.show_started = False  # a GO or a mark since this engine started
        self.keys = hotkeys.DEFAULT  # this computer's keys: the window sets them (set_keys)
        show_layout.build(self)
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
        self._notice_timer.timeout.connect(lambda: self.say(""))
        self._scaled_for: tuple[int, int] = (0, 0)
        self.rescale()
        self.say("")

    def set_keys(self, keys: hotkeys.Bindings) -> None:
        """Show mode's keys, and every place that names them: the hint line, the buttons."""
        self.keys = keys
        self.go_button.setToolTip(f"GO: starts the cue standing by ({keys.names('go')})")
        self.panic_button.setText(keys.label("PANIC", "panic"))
        self.pause_button.setText(keys.label("Pause all", "pause"))
        self.resume_button.setText(keys.label("Resume all", "resume"))
        self._show_marks()
        if self.notice.property("idle") is not False:
            self.say("")

    @property
    def act(self) -> int:
        """The act now running, from the marks not undone."""
        return self.clocks.act

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.rescale()

    def rescale(self) -> None:
        size = show_layout.room_of(self)
        if size != self._scaled_for:
            self._scaled_for = size
            show_layout.rescale(self, *size)

    # -- the show ------------------------------------------------------------------------

    def load(self, show: ShowFile, list_name: str = "Main") -> None:
        cues, patch = show.cues(list_name), show.patch()
        broken = broken_reasons(cues, patch)
        self.model.load(cues, show.departments(), broken)
        self.problems.set_broken({i: self._broken_line(i) for i in broken})
        self.rig.set_patch(patch)
        self._show_standby()

    def _broken_line(self, cue_id: str) -> str:
        cue = self.model.cues[self.model.row_of[cue_id]]
        return f"cue {cue.number or cue.name or cue.type.name} BROKEN: {self.model.broken[cue_id]}"

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

    def refuse_go(self, why: str) -> None:
        """A GO this window did not send (a dialog is up): said where the caller looks, and
        logged, so it is never silently lost."""
        self.flash_rejected(f"not sent: {why}")
        self.say(f"GO not sent: {why}.")
        when = time.strftime("%H:%M:%S")
        self.log.model.add(LogRow(when, "go_refused", "Errors", "", f"GO not sent (key): {why}"))

    def standby_row(self, row: int) -> None:
        if 0 <= row < len(self.model.cues):
            cue = self.model.cues[row]
            if cue.number:
                self.command("standby", "button", cue=cue.number)
            else:
                self.say("Only a numbered cue can stand by.")

    def mark(self, kind: str, text: str = "") -> None:
        fields: dict[str, Any] = {"mark": kind}
        if kind == "act":
            fields["act"] = self.act + 1
        if text:
            fields["text"] = text
        self.command("mark", "button", **fields)

    def mark_button(self, kind: str) -> None:
        if kind == "hold":
            self.hold_key()
        else:
            self.mark(kind)

    def undo_mark(self) -> None:
        self.command("mark", "button", mark="undo")

    def hold_key(self) -> None:
        """H: during a hold, ends it; otherwise asks for the reason on the text line."""
        if self.clocks.hold is not None:
            self.mark("hold_end")
        else:
            self.open_line("hold")

    def open_note(self) -> None:
        self.open_line("note")

    def open_line(self, mode: str) -> None:
        self.line_mode = mode
        self.note_field.setPlaceholderText(HOLD_PROMPT if mode == "hold" else NOTE_PROMPT)
        self.note_field.show()
        self.note_field.setFocus()

    def cancel_note(self) -> None:
        self.note_field.clear()
        self.note_field.hide()

    def send_line(self) -> None:
        typed = self.note_field.text()
        if self.line_mode == "hold":
            self.mark("hold", typed.strip())
            self.cancel_note()
            return
        fields = note_fields(typed)
        if not fields.get("text") or self.command("note", "key", **fields):
            self._pending_line = typed  # given back if the engine refuses it
            self.cancel_note()

    send_note = send_line

    # -- events in -----------------------------------------------------------------------

    def apply(self, event: dict[str, Any]) -> None:
        self.model.calibrate(event)
        kind = event.get("event")
        if kind == "ready":
            self.model.reset_live()  # a new engine: every cue as it reports, idle
            self.clocks.new_engine()
            self.rig.set_stale(False)
            self.show_started = False
        self.model.apply(event)
        self.running.apply(event, self.model)
        self.rig.apply(event)
        self.problems.apply(event)
        self.log.add(event)
        if kind in ("playhead", "ready"):
            self._show_standby()
            self._follow_playhead()
        elif kind == "go":
            self.show_started = True
            self.clocks.first_go(self.model.local(float(event.get("mono", 0.0))))
            cue_id = str(event.get("id"))
            if cue_id in self.model.broken:
                self.problems.add_cue(cue_id, self._broken_line(cue_id))
        elif kind == "go_rejected":
            self.flash_rejected(str(event.get("reason") or ""))
        elif kind == "mark":
            self.show_started = True
            self.clocks.mark(event, self.model.local(float(event.get("mono", 0.0))))
            self._show_marks()
        elif (
            kind == "cue"
            and event.get("state") == "broken"
            and event.get("id") in self.model.row_of
        ):
            self.problems.add_cue(str(event["id"]), self._broken_line(str(event["id"])))
            self._show_standby()
        elif kind == "control" and event.get("op") in ("arm", "disarm"):
            self._show_standby()
        elif kind == "error":
            self.say(f"Engine: {event.get('message')}")
            if '"command":"note"' in str(event.get("command")) and self._pending_line:
                self.open_note()  # the note was refused: nothing typed is lost
                self.note_field.setText(self._pending_line)
                self._pending_line = ""
        elif kind == "sent" and not event.get("ok", True):
            self.say(f"{event.get('destination')}: {event.get('error')} (cue {event.get('cue')})")
        elif kind == "note":
            self._pending_line = ""
            self.say(f"Note logged at {event.get('cue') or event.get('standing_by') or '-'}.")

    def engine_stopped(self) -> None:
        """The engine died: nothing here claims to know what the rig is doing any more."""
        self.model.engine_stopped()
        self.clocks.engine_stopped(time.perf_counter())
        self.rig.set_stale(True)

    def _show_marks(self) -> None:
        """The Act button names the act it starts; the Hold button ends a hold in progress."""
        self.mark_buttons["act"].setText(f"Act {self.act + 1}")
        hold = self.mark_buttons["hold"]
        hold.setText(
            self.keys.label("End hold" if self.clocks.hold is not None else "Hold", "hold")
        )

    def flash_rejected(self, reason: str) -> None:
        self.go_button.setProperty("rejected", True)
        self.go_button.setText("GO ✕")
        self._repolish(self.go_button)
        self.go_status.setText(f"GO REJECTED: {reason}")
        self._flash.start()

    def _end_flash(self) -> None:
        self.go_button.setProperty("rejected", False)
        self._repolish(self.go_button)
        self.go_status.setText("")
        self._show_go()

    def _show_go(self) -> None:
        """GO greys out and says so at the end of the list (a GO there is still sent, and the
        engine rejects it in words)."""
        if self.go_button.property("rejected") is True:
            return
        end = self.model.playhead is None and bool(self.model.cues)
        if (self.go_button.property("end") is True) != end:
            self.go_button.setProperty("end", end)
            self._repolish(self.go_button)
        self.go_button.setText("end of list" if end else "GO")

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def say(self, text: str) -> None:
        """An in-place message (never a dialog); it clears after a few seconds, back to the
        keys' reminder."""
        idle = not text
        self.notice.setText(self.keys.hint() if idle else text)
        if self.notice.property("idle") != idle:
            self.notice.setProperty("idle", idle)
            self._repolish(self.notice)
        if not idle:
            self._notice_timer.start()

    def _show_standby(self) -> None:
        playhead = self.model.playhead
        cue = (
            self.model.cues[self.model.row_of[playhead]] if playhead in self.model.row_of else None
        )
        dept = self.model.departments.get(cue.dept) if cue else None
        flag = self.model.flag(cue) if cue else ""
        reason = self.model.broken.get(cue.id, "") if cue else ""
        self.standby.show_cue(cue, dept, empty=not self.model.cues, flag=flag, reason=reason)
        self._show_go()

    def _follow_playhead(self) -> None:
        if self.model.playhead in self.model.row_of:
            self.table.follow(self.model.row_of[self.model.playhead])

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
        action = self.keys.action_of(key, mods)
        if action == "go":
            if not event.isAutoRepeat():  # holding the key is one GO, not a burst
                self.go("key")
            return True
        if mods != Qt.KeyboardModifier.NoModifier and action is None:
            return False
        if key == Qt.Key.Key_Space and action is None:
            # Unbound here, but a caller's hand may still reach for it: said, and never a click
            # on a focused button.
            if not event.isAutoRepeat():
                self.say(f"Space is not a GO key on this computer: GO is {self.keys.names('go')} "
                         "(View > Show-mode keys…, in edit mode).")  # fmt: skip
            return True
        if event.isAutoRepeat():
            return False
        if action == "panic":
            self.command("panic", "key")
        elif action == "note":
            self.open_note()
        elif action == "hold":
            self.hold_key()
        elif action in ("pause", "resume"):
            self.command(action, "key")
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and obj is self.table:
            self.standby_row(self.table.currentIndex().row())
        elif key == Qt.Key.Key_F2 or key == Qt.Key.Key_Delete:
            self.say("Show mode is locked: switch to edit mode (Ctrl+E) to change cues.")
        else:
            return False
        return True

    def is_go_key(self, event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return self.keys.action_of(event.key(), mods) == "go"


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
    """Application-wide: show-mode keys reach the show view whatever widget has focus, and no
    dialog takes a GO key (Space) while the show runs: it would answer the dialog and lose the
    GO."""

    def __init__(self, view: ShowView, window: QWidget) -> None:
        super().__init__(window)
        self.view = view
        self.window = window
        self.enabled = True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self.enabled or kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if not isinstance(obj, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        if obj.window() is not self.window:
            return self._in_dialog(obj, event)
        if kind == QEvent.Type.KeyRelease:
            # A focused button must not click on the release of a space (GO or not here).
            go = event.key() == Qt.Key.Key_Space or self.view.is_go_key(event)
            return go and not isinstance(obj, TEXT_INPUTS)
        return self.view.handle_key(obj, event)

    def _in_dialog(self, obj: QWidget, event: QKeyEvent) -> bool:
        """A GO key in a dialog over show mode: refused, and the caller told why (typing a space
        into one of its text fields is fine)."""
        dialog = obj.window()
        if not self.view.is_go_key(event) or isinstance(obj, TEXT_INPUTS):
            return False
        if not isinstance(dialog, QDialog) or not self._ours(dialog):
            return False
        if event.type() == QEvent.Type.KeyPress and not event.isAutoRepeat():
            title = dialog.windowTitle() or "a dialog"
            self.view.refuse_go(f'"{title}" is open; answer it with the mouse or Enter first')
        return True

    def _ours(self, dialog: QDialog) -> bool:
        parent = dialog.parentWidget()
        return dialog.isModal() or (parent is not None and parent.window() is self.window)
