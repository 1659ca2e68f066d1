"""The panels of show mode: standing by, clocks and running cues.

Each panel only displays; the show view feeds it engine events and the model's live state. Every
line has a fixed height and cuts what does not fit (ui/widgets.py), so no text moves a panel.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cues.base import Cue
from showdesk.showfile import Department
from ui.models import CueTableModel, clock_text
from ui.theme import Theme, readable
from ui.timecode_view import TimecodeClocks
from ui.widgets import ChipLabel, ElidedLabel, label

DISARMED_TEXT = "DISARMED: GO will skip its action"


class StandbyPanel(QFrame):
    """The cue standing by, large: number, name, department (with its colour), call and notes,
    and a banner when the cue will not act (disarmed, broken)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.theme = theme
        self.heading = label("STANDING BY", "dim")
        self.number = label("—", "standbyNumber")
        self.name = ElidedLabel("", "standbyName")
        self.dept = ChipLabel("standbyDept")
        self.flag = ElidedLabel("", "standbyFlag")  # its line is kept when empty: nothing moves
        self.call = ElidedLabel("", "standbyCall")
        self.notes = ElidedLabel("", "standbyNotes")
        top = QHBoxLayout()
        top.addWidget(self.number)
        top.addSpacing(16)
        top.addWidget(self.name, 1)
        top.addWidget(self.dept)
        heading = QHBoxLayout()
        heading.addWidget(self.heading)
        heading.addSpacing(12)
        heading.addWidget(self.flag, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(2)
        layout.addLayout(heading)
        layout.addLayout(top)
        layout.addWidget(self.call)
        layout.addWidget(self.notes)
        layout.addStretch(1)

    def show_cue(
        self,
        cue: Cue | None,
        dept: Department | None,
        empty: bool = False,
        flag: str = "",
        reason: str = "",
    ) -> None:
        """`flag` is "broken" (with its `reason`), "disarmed" or ""."""
        self._flag(flag, reason)
        if cue is None:
            self.number.setText("—")
            self.name.setText(
                "The cue list is empty: add cues in edit mode (Ctrl+E)"
                if empty
                else "End of the cue list: nothing stands by"
            )
            self.dept.set_chip("", self.theme.dim)
            self.call.setText("")
            self.notes.setText("")
            return
        self.number.setText(cue.number or "(no number)")
        self.name.setText(cue.name or f"({cue.type.name} cue)")
        if cue.dept:
            colour = readable(dept.colour, self.theme) if dept else self.theme.dim
            self.dept.set_chip(f"■ {cue.dept}" + (f" · {dept.name}" if dept else ""), colour)
        else:
            self.dept.set_chip("", self.theme.dim)
        self.call.setText(cue.call)
        self.notes.setText(cue.notes)

    @staticmethod
    def _style(widget: QWidget, style: str) -> None:
        """Restyling re-polishes and re-lays out the panel: only when the style changes."""
        if widget.styleSheet() != style:
            widget.setStyleSheet(style)

    def _flag(self, flag: str, reason: str) -> None:
        if flag == "broken":
            text, colour = f"⚠ BROKEN: {reason}", self.theme.error
        elif flag == "disarmed":
            text, colour = f"⊘ {DISARMED_TEXT}", self.theme.warn
        else:
            text, colour = "", "transparent"
        if text != self.flag.text():
            self.flag.setText(text)
            self._style(self.flag, f"background: {colour}; color: #000000; font-weight: 800;"
                        " border-radius: 4px; padding: 0 8px;")  # fmt: skip


@dataclass
class _Mark:
    event: dict[str, Any]
    at: float  # local perf_counter
    undone: bool = False
    undoable: bool = True  # made by the engine running now (a new engine cannot undo it)


class ClocksPanel(QFrame):
    """Time of day, show elapsed, the current act / interval / hold, the next timed cue, and a
    small undo for the last mark (a stray click on a mark button)."""

    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.time_of_day = ElidedLabel("", "clock")
        self.elapsed = ElidedLabel("", "clock")
        # A hold's reason follows its time here, and the caller reads it out: rather smaller
        # than cut ("late audi…" at 1366x768).
        self.section = ElidedLabel("", "clock", shrink=0.7)
        self.next_timed = ElidedLabel("", "clock")
        self.undo = QPushButton("↶ Undo mark", self)
        self.undo.setObjectName("small")
        self.undo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.undo.setEnabled(False)
        self.undo.clicked.connect(self.undo_requested)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 2, 8, 2)
        grid.setVerticalSpacing(0)
        for n, (title, widget) in enumerate(
            (
                ("Time", self.time_of_day),
                ("Show", self.elapsed),
                ("Now", self.section),
                ("Next timed", self.next_timed),
            )
        ):
            row, column = divmod(n, 2)
            grid.addWidget(label(title, "dim"), row * 2, column)
            grid.addWidget(widget, row * 2 + 1, column)
        grid.addWidget(self.undo, 0, 1, Qt.AlignmentFlag.AlignRight)
        # Time and Now get the wider column: a hold's reason follows its time there
        # ("HOLD  0:42.1 · late audience"), and an even split cut it at "Late …".
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.marks: list[_Mark] = []
        self.first_go_at: float | None = None
        self.stopped_at: float | None = None  # the engine died: the clocks hold still
        self._replay()

    # -- what the engine reported ---------------------------------------------------------

    def first_go(self, at: float) -> None:
        if self.first_go_at is None:
            self.first_go_at = at
            self._replay()

    def mark(self, event: dict[str, Any], at: float) -> None:
        if event.get("mark") == "undo":
            for mark in reversed(self.marks):
                if mark.event.get("mono") == event.get("undone_mono") and not mark.undone:
                    mark.undone = True
                    break
        else:
            self.marks.append(_Mark(event, at))
        self._replay()

    def new_engine(self) -> None:
        """A restarted engine: the show goes on (clocks run again), but it can only undo its
        own marks."""
        self.stopped_at = None
        for mark in self.marks:
            mark.undoable = False
        self._replay()

    def engine_stopped(self, at: float) -> None:
        self.stopped_at = at

    def _replay(self) -> None:
        """Show up, act, interval and hold from the marks not undone, in order (a hold runs to
        its hold_end, or to a show up or act, which end it)."""
        self.show_start: float | None = self.first_go_at
        self.show_start_why = "since the first GO" if self.first_go_at is not None else ""
        self.show_end: float | None = None
        self.current: tuple[str, float] | None = None
        self.hold: tuple[str, float] | None = None
        self.act = 0
        for mark in (m for m in self.marks if not m.undone):
            kind, at, text = mark.event.get("mark"), mark.at, str(mark.event.get("text") or "")
            if kind in ("show_up", "act"):
                self.hold = None
            if kind == "show_up":
                self.show_start, self.show_start_why, self.show_end = at, "since show up", None
                self.act = 1
                self.current = ("Act 1", at)
            elif kind == "act":
                self.act = int(mark.event.get("act") or self.act + 1)
                name = f"Act {self.act}"
                if self.current is None or self.current[0] != name:  # act 1 after show up
                    self.current = (name, at)
            elif kind == "interval":
                self.current = ("Interval", at)
            elif kind == "house_open":
                self.current = ("House open", at)
            elif kind == "show_down":
                self.show_end, self.current = at, None
            elif kind == "hold":
                self.hold = (text, at)
            elif kind == "hold_end":
                self.hold = None
        last = next((m for m in reversed(self.marks) if not m.undone and m.undoable), None)
        self.undo.setEnabled(last is not None)
        name = str(last.event.get("mark", "")).replace("_", " ") if last else "mark"
        self.undo.setText(f"↶ Undo {name}")

    def refresh(self, now: float, next_timed: tuple[Cue, float] | None) -> None:
        self.time_of_day.setText(time.strftime("%H:%M:%S"))
        if self.stopped_at is not None:
            now = self.stopped_at
        if self.show_start is None:
            self.elapsed.setText("not started")
        else:
            end = self.show_end if self.show_end is not None else now
            why = "show down" if self.show_end is not None else self.show_start_why
            self.elapsed.setText(clock_text(end - self.show_start))
            self.elapsed.setToolTip(why)
        if self.hold is not None:  # the time first: a long reason is cut, never the time
            reason, since = self.hold
            self.section.setText(f"HOLD  {clock_text(now - since)}" +
                                 (f" · {reason}" if reason else ""))  # fmt: skip
        elif self.current is None:
            self.section.setText("—")
        else:
            name, since = self.current
            self.section.setText(f"{name}  {clock_text(now - since)}")
        holding = self.hold is not None
        if self.section.property("hold") != holding:
            self.section.setProperty("hold", holding)
            self.section.style().unpolish(self.section)
            self.section.style().polish(self.section)
        if self.stopped_at is not None:
            self.next_timed.setText("engine stopped")
        elif next_timed is None:
            self.next_timed.setText("nothing timed")
        else:
            cue, seconds = next_timed
            self.next_timed.setText(f"{cue.number or cue.name} in {clock_text(seconds)}")


class RunningPanel(QTableWidget):
    """Each running cue: its state in words, the phase countdown, and what it starts next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(("Cue", "Name", "State", "Countdown / next"))
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(False)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.timecodes = TimecodeClocks()  # a timecode cue shows its running time
        self.set_scale(1.0)

    def apply(self, event: dict[str, Any], model: CueTableModel) -> None:
        self.timecodes.apply(event, model.local)

    def set_scale(self, scale: float) -> None:
        metrics = self.fontMetrics()
        self.verticalHeader().setDefaultSectionSize(metrics.height() + 6)
        self.setColumnWidth(0, metrics.horizontalAdvance("00.5") + 16)
        self.setColumnWidth(2, metrics.horizontalAdvance("◕ post-wait") + 16)
        self.setColumnWidth(3, metrics.horizontalAdvance("post-wait 0:00.0  → 00") + 16)

    def refresh(self, model: CueTableModel, now: float) -> None:
        shown = model.shown_running()
        if self.rowCount() != len(shown):
            self.setRowCount(len(shown))
        for row, cue in enumerate(shown):
            progress = model.progress_text(cue, now)
            if (tc := self.timecodes.text(cue.id, now)) is not None:
                progress = f"TC {tc}  {progress}".rstrip()
            texts = (cue.number, model.flagged_name(cue, words=True), model.state_label(cue),
                     progress)  # fmt: skip
            for column, text in enumerate(texts):
                item = self.item(row, column)
                if item is None:
                    item = QTableWidgetItem(text)
                    item.setToolTip(text)
                    self.setItem(row, column, item)
                elif item.text() != text:
                    item.setText(text)
                    item.setToolTip(text)
