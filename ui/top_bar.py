"""The line at the top of the window: LIVE or REHEARSAL, SHOW or EDIT, the engine's timing, the
show's name, and in place of the name whatever needs the caller: the engine stopped, the log not
saving, or a question (close? go live?).

A question here is never a dialog: it does not take the keyboard, Space stays GO, and it is
answered with its buttons. The bar has one height whatever it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from ui.widgets import ElidedLabel

# The mechanisms of the ready event's `timing` (docs/protocol.md), as a caller reads them.
MECHANISMS = {"sched_setscheduler": "", "rtkit": " via rtkit", "mmcss": " via MMCSS",
              "time-constraint": " (time-constraint)"}  # fmt: skip


def timing_text(ready: dict[str, Any]) -> tuple[str, bool]:
    """("timing: ...", real-time?) from a `ready` event: its `timing`, else its older
    `priority` text."""
    timing = ready.get("timing")
    if isinstance(timing, dict):
        mechanism = str(timing.get("mechanism") or "none")
        if timing.get("realtime"):
            return f"timing: real-time{MECHANISMS.get(mechanism, f' via {mechanism}')}", True
        if mechanism == "nice":
            return f"timing: raised priority ({timing.get('priority')}), see doctor", False
        return "timing: normal priority, see doctor", False
    priority = str(ready.get("priority") or "")
    if priority.startswith("real-time"):
        return "timing: real-time", True
    if priority.startswith("nice"):
        return f"timing: raised priority ({priority}), see doctor", False
    return "timing: normal priority, see doctor", False


def _button(text: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never Space's: Space is GO
    return button


class TopBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.timing = QLabel("timing: …", self)
        self.timing.setObjectName("timing")
        self.title = ElidedLabel("", "title", self)
        self.log_warning = ElidedLabel("", "logWarning", self)
        self.log_warning.hide()

        self.alert = QFrame(self)
        self.alert.setObjectName("alert")
        self.alert_text = ElidedLabel("", "alertText", self.alert)
        self.restart_button = _button("Restart the engine", self.alert)
        alert_layout = QHBoxLayout(self.alert)
        alert_layout.setContentsMargins(8, 0, 4, 0)
        alert_layout.addWidget(self.alert_text, 1)
        alert_layout.addWidget(self.restart_button)
        self.alert.hide()

        self.question = QFrame(self)
        self.question.setObjectName("question")
        self.question_text = ElidedLabel("", "questionText", self.question, lines=2)
        self.yes_button = _button("", self.question)
        self.no_button = _button("", self.question)
        self.yes_button.clicked.connect(self._yes)
        self.no_button.clicked.connect(self.dismiss)
        question_layout = QHBoxLayout(self.question)
        question_layout.setContentsMargins(8, 0, 4, 0)
        question_layout.addWidget(self.question_text, 1)
        question_layout.addWidget(self.yes_button)
        question_layout.addWidget(self.no_button)
        self.question.hide()
        self._on_yes: Callable[[], None] | None = None
        self.asking = ""  # what the question is about ("close", "live", "edit"), "" if none

        self.live_button = _button("", self)
        self.mode_button = _button("", self)
        for widget in (self.alert, self.question, self.log_warning):
            widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.timing)
        layout.addWidget(self.title, 2)
        layout.addWidget(self.alert, 4)
        layout.addWidget(self.log_warning, 2)
        layout.addWidget(self.question, 5)
        layout.addWidget(self.live_button)
        layout.addWidget(self.mode_button)

    def rescale(self, scale: float) -> None:
        """The bar's fonts for a window `scale` times the base size (show_layout.scale_for)."""
        # The show's name is the smallest text: at 13 pt it was cut even at 1920x1080 ("Summit
        # general session (…"); LIVE or REHEARSAL and SHOW or EDIT are what must read from 3 m.
        sizes = {"QLabel#banner": 15, "QLabel#title": 11, "QLabel#timing": 11,
                 "QLabel#logWarning": 13, "QFrame#alert QLabel": 14,
                 "QFrame#question QLabel": 11, "QPushButton": 11}  # fmt: skip
        self.setStyleSheet("".join(f"{selector} {{ font-size: {size * scale:.1f}pt; }}\n"
                                   for selector, size in sizes.items()))  # fmt: skip
        self.keep_banner_whole()
        self.fix_height()

    def keep_banner_whole(self) -> None:
        """LIVE or REHEARSAL is never cut (the show's name gives way first), and the banner
        takes no more than its text: a width kept from a larger font ran into the timing."""
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.setMinimumWidth(0)
        self.banner.setMinimumWidth(self.banner.sizeHint().width())

    def fix_height(self) -> None:
        """One height whatever the bar shows: the tallest of its parts."""
        parts = (self.banner, self.live_button, self.restart_button, self.yes_button)
        self.setFixedHeight(max(part.sizeHint().height() for part in parts))

    # -- what it says ----------------------------------------------------------------------

    def set_timing(self, ready: dict[str, Any]) -> None:
        text, realtime = timing_text(ready)
        self.timing.setText(text)
        self.timing.setProperty("realtime", "true" if realtime else "false")
        self.timing.setToolTip(f"The engine's timing thread: {ready.get('priority', '?')}; "
                               "`showdesk doctor` says how to get real-time")  # fmt: skip
        self.timing.style().unpolish(self.timing)
        self.timing.style().polish(self.timing)

    def set_log(self, event: dict[str, Any]) -> None:
        """The engine's `log` events: LOG NOT SAVING until it says it saves again."""
        if event.get("state") == "not_saving":
            reason = event.get("reason") or "the show file cannot be written"
            self.log_warning.setText(
                f"LOG NOT SAVING: {event.get('pending', '?')} events waiting ({reason})"
            )
            self.log_warning.show()
        else:
            self.log_warning.setText("")
            self.log_warning.hide()
        self._arrange()

    def engine_stopped(self, text: str) -> None:
        self.alert_text.setText(text)
        self.alert.show()
        self._arrange()

    def engine_running(self) -> None:
        self.alert.hide()
        self._arrange()

    def ask(self, about: str, text: str, yes: str, no: str, on_yes: Callable[[], None]) -> None:
        """Asks in place; `on_yes` runs when the yes button is clicked."""
        self.asking, self._on_yes = about, on_yes
        self.question_text.setText(text)
        self.yes_button.setText(yes)
        self.no_button.setText(no)
        self.question.show()
        self._arrange()

    def dismiss(self) -> None:
        self.asking, self._on_yes = "", None
        self.question.hide()
        self._arrange()

    def _yes(self) -> None:
        action = self._on_yes
        self.dismiss()
        if action is not None:
            action()

    def _arrange(self) -> None:
        """The title gives way to whatever needs the caller; a question takes the whole bar
        but the banner (LIVE or REHEARSAL stays in sight)."""
        asking = self.question.isVisibleTo(self)
        self.title.setVisible(not asking and not self.alert.isVisibleTo(self))
        for widget in (self.timing, self.live_button, self.mode_button):
            widget.setVisible(not asking)
