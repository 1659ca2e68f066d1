"""The panels of show mode: standing by, clocks, running cues, rig health and the log.

Each panel only displays; the show view feeds it engine events and the model's live state.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cues.base import Cue
from showdesk.showfile import Department
from ui.models import (
    FRACTION_ROLE,
    LOG_CATEGORIES,
    OUTPUT_TROUBLE,
    CueTableModel,
    LogFilter,
    LogModel,
    clock_text,
)
from ui.theme import STATE_LABELS, Theme, readable
from ui.timecode_view import TimecodeClocks


def panel(parent: QWidget | None = None) -> QFrame:
    frame = QFrame(parent)
    frame.setObjectName("panel")
    return frame


def label(text: str = "", name: str = "", parent: QWidget | None = None) -> QLabel:
    widget = QLabel(text, parent)
    if name:
        widget.setObjectName(name)
    return widget


class StandbyPanel(QFrame):
    """The cue standing by, large: number, name, department (with its colour), call and notes."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.theme = theme
        self.heading = label("STANDING BY", "dim")
        self.number = label("—", "standbyNumber")
        self.name = label("", "standbyName")
        self.dept = label("")
        self.call = label("", "standbyCall")
        self.notes = label("", "standbyNotes")
        for widget in (self.name, self.call, self.notes):
            widget.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.number)
        top.addSpacing(16)
        top.addWidget(self.name, 1)
        top.addWidget(self.dept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.call)
        layout.addWidget(self.notes)

    def show_cue(self, cue: Cue | None, dept: Department | None, empty: bool = False) -> None:
        if cue is None:
            self.number.setText("—")
            self.name.setText(
                "The cue list is empty: add cues in edit mode (Ctrl+E)"
                if empty
                else "End of the cue list: nothing stands by"
            )
            self.dept.setText("")
            self.dept.setStyleSheet("")
            self.call.setText("")
            self.notes.setText("")
            return
        self.number.setText(cue.number or "(no number)")
        self.name.setText(cue.name or f"({cue.type.name} cue)")
        if cue.dept:
            colour = readable(dept.colour, self.theme) if dept else self.theme.dim
            self.dept.setText(f"■ {cue.dept}" + (f" · {dept.name}" if dept else ""))
            self.dept.setStyleSheet(
                f"font-size: 16pt; font-weight: 700; color: {colour};"
                f" border: 2px solid {colour}; border-radius: 4px; padding: 2px 8px;"
            )
        else:
            self.dept.setText("")
            self.dept.setStyleSheet("")
        self.call.setText(cue.call)
        self.notes.setText(cue.notes)


class ProgressDelegate(QStyledItemDelegate):
    """Draws the Progress column as a bar behind its text (the text carries the meaning)."""

    def __init__(self, theme: Theme, parent: Any = None) -> None:
        super().__init__(parent)
        self.theme = theme

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        fraction = index.data(FRACTION_ROLE)
        if isinstance(fraction, float):
            rect: QRect = option.rect
            bar = QRect(rect.x(), rect.y() + rect.height() - 5, int(rect.width() * fraction), 5)
            painter.fillRect(bar, QColor(self.theme.ok))


class CueTable(QTableView):
    """The cue list in show mode: read-only, the playhead kept in view."""

    def __init__(self, model: CueTableModel, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(28)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setItemDelegateForColumn(model.PROGRESS, ProgressDelegate(theme, self))
        header = self.horizontalHeader()
        widths = (122, 48, 150, 52, 50, 72, 44, 44, 44, 80, 135)
        for column, width in enumerate(widths):
            self.setColumnWidth(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        # The type and the destination are the editor's business; the rig strip shows targets.
        self.setColumnHidden(4, True)
        self.setColumnHidden(5, True)


class ClocksPanel(QFrame):
    """Time of day, show elapsed, the current act / interval / hold, the next timed cue."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.time_of_day = label("", "clock")
        self.elapsed = label("", "clock")
        self.section = label("", "clock")
        self.next_timed = label("", "clock")
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setVerticalSpacing(2)
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
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.show_start: float | None = None  # local perf_counter
        self.show_start_why = ""
        self.show_end: float | None = None
        self.current: tuple[str, float] | None = None  # ("Act 1", since)
        self.before_hold: tuple[str, float] | None = None

    def first_go(self, at: float) -> None:
        if self.show_start is None:
            self.show_start, self.show_start_why = at, "since the first GO"

    def mark(self, event: dict[str, Any], at: float) -> None:
        kind = str(event.get("mark", ""))
        text = str(event.get("text") or "")
        if kind == "show_up":
            self.show_start, self.show_start_why, self.show_end = at, "since show up", None
        elif kind == "show_down":
            self.show_end = at
            self.current = None
        elif kind == "act":
            self.current = (f"Act {event.get('act', '')}", at)
        elif kind == "interval":
            self.current = ("Interval", at)
        elif kind == "house_open":
            self.current = ("House open", at)
        elif kind == "hold":
            self.before_hold = self.current
            self.current = (f"HOLD: {text}" if text else "HOLD", at)
        elif kind == "hold_end":
            self.current, self.before_hold = self.before_hold, None

    def refresh(self, now: float, next_timed: tuple[Cue, float] | None) -> None:
        self.time_of_day.setText(time.strftime("%H:%M:%S"))
        if self.show_start is None:
            self.elapsed.setText("not started")
        else:
            end = self.show_end if self.show_end is not None else now
            why = "show down" if self.show_end is not None else self.show_start_why
            self.elapsed.setText(clock_text(end - self.show_start))
            self.elapsed.setToolTip(why)
        if self.current is None:
            self.section.setText("—")
        else:
            name, since = self.current
            self.section.setText(f"{name}  {clock_text(now - since)}")
        if next_timed is None:
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
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(0, 50)
        self.setColumnWidth(1, 150)
        self.setColumnWidth(2, 110)
        self.verticalHeader().setDefaultSectionSize(26)
        self.timecodes = TimecodeClocks()  # a timecode cue shows its running time

    def apply(self, event: dict[str, Any], model: CueTableModel) -> None:
        self.timecodes.apply(event, model.local)

    def refresh(self, model: CueTableModel, now: float) -> None:
        active = model.active()
        if self.rowCount() != len(active):
            self.setRowCount(len(active))
        for row, cue in enumerate(active):
            state = model.live[cue.id].state
            progress = model.progress_text(cue, now)
            if (tc := self.timecodes.text(cue.id, now)) is not None:
                progress = f"TC {tc}  {progress}".rstrip()
            texts = (cue.number, cue.name, STATE_LABELS.get(state, state), progress)
            for column, text in enumerate(texts):
                item = self.item(row, column)
                if item is None:
                    self.setItem(row, column, QTableWidgetItem(text))
                elif item.text() != text:
                    item.setText(text)


# The engine's output states (docs/protocol.md) as the strip words them: trouble in capitals.
STATE_WORDS = {
    "rehearsal capture": "capture",
    "live": "live",
    "connecting": "connecting…",
    "unreachable": "UNREACHABLE",
    "erroring": "ERRORS",
    "missing port": "MISSING PORT",
    "unavailable": "UNAVAILABLE",
}
BAD_STATES = OUTPUT_TROUBLE


class RigStrip(QFrame):
    """One chip per destination: its state in words, what was last sent, and its errors."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.theme = theme
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(6, 4, 6, 4)
        self.chips: dict[str, QLabel] = {}
        self.info: dict[str, dict[str, Any]] = {}

    def set_patch(self, patch: dict[str, str]) -> None:
        for chip in self.chips.values():
            chip.deleteLater()
        self.chips, self.info = {}, {}
        if not patch:
            chip = label("No destinations patched", "dim", self)
            self.layout_.addWidget(chip)
            self.chips[""] = chip
        for name, url in patch.items():
            chip = label("", "", self)
            chip.setTextFormat(Qt.TextFormat.PlainText)  # rich text costs 0.2 s on first use
            chip.setToolTip(url)
            self.layout_.addWidget(chip)
            self.chips[name] = chip
            self.info[name] = {"state": "…", "sent": 0, "errors": 0, "last_message": "",
                               "last_error": "", "reason": "", "url": url}  # fmt: skip
            self._show(name)
        self.layout_.addStretch(1)

    def apply(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "status":
            for name, stats in (event.get("outputs") or {}).items():
                if name in self.info:
                    self.info[name].update(stats)
                    self._show(name)
        elif kind == "sent":
            name = str(event.get("destination"))
            if name in self.info:
                info = self.info[name]
                info["sent"] += 1
                info["last_message"] = event.get("message") or ""
                if not event.get("ok", True):
                    info["errors"] += 1
                    info["last_error"] = event.get("error") or ""
                self._show(name)
        elif kind == "output":
            name = str(event.get("destination"))
            if name in self.info:
                fields = ("state", "reason", "sent", "errors", "last_message", "last_error")
                self.info[name].update({k: event[k] for k in fields if event.get(k) is not None})
                if not event.get("reason"):
                    self.info[name]["reason"] = ""
                self._show(name)

    def _show(self, name: str) -> None:
        info = self.info[name]
        state = str(info.get("state") or "…")
        words = STATE_WORDS.get(state, state)
        errors = int(info.get("errors") or 0)
        text = f"{name}  {words} · {info.get('sent', 0)}"
        if errors:
            text += f" · ⚠ {errors} error{'s' if errors != 1 else ''}"
        last = str(info.get("last_message") or "")
        reason = str(info.get("reason") or "")
        bad = state in BAD_STATES
        if bad and reason:
            text += f"\n{reason[:30]}"
        else:
            text += f"\n{last[:30]}" if last else "\nnothing sent yet"
        bad = bad or errors > 0
        colour = self.theme.error if bad else (self.theme.ok if state in ("live", "ok") else
                                               self.theme.dim)  # fmt: skip
        chip = self.chips[name]
        chip.setText(text)
        chip.setStyleSheet(
            f"border: 2px solid {colour}; border-radius: 4px; padding: 2px 6px; font-weight: 600;"
        )
        error = str(info.get("last_error") or "")
        tip = [str(info.get("url") or ""), reason, f"last error: {error}" if error else ""]
        chip.setToolTip("\n".join(line for line in tip if line))


class LogPanel(QWidget):
    """Every event and note of this run, newest at the bottom, filterable by kind and text."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LogModel(theme, self)
        self.proxy = LogFilter(self)
        self.proxy.setSourceModel(self.model)
        self.category = QComboBox(self)
        self.category.addItems(LOG_CATEGORIES)
        self.category.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("filter the log")
        self.search.setClearButtonEnabled(True)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(0, 80)
        self.view.setColumnWidth(1, 80)
        self.view.setColumnWidth(2, 50)
        self.view.setStyleSheet("font-size: 11pt;")
        bar = QHBoxLayout()
        bar.addWidget(label("Log", "dim"))
        bar.addWidget(self.category)
        bar.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self.category.currentTextChanged.connect(self._refilter)
        self.search.textChanged.connect(self._refilter)

    def _refilter(self) -> None:
        self.proxy.set_filter(self.category.currentText(), self.search.text())

    def add(self, event: dict[str, Any]) -> None:
        from ui.models import describe

        row = describe(event)
        if row is None:
            return
        bar = self.view.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 2
        self.model.add(row)
        if at_bottom:
            self.view.scrollToBottom()
