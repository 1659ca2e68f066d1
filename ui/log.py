"""Show mode's log: every event and note of this run, one line each, filterable.

The caller reads it for what they did and what went wrong, so the messages a fade sends (forty a
second) share one line per cue and destination that counts them and shows the last value: a
GO, a panic, a hold, a note or an error is never pushed out of view by sends.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.row_paint import RowLook, RowPainter
from ui.tables import ListTableModel
from ui.theme import Theme
from ui.timecode_view import timecode_line
from ui.widgets import label

Index = QModelIndex | QPersistentModelIndex
OUTPUT_TROUBLE = frozenset({"unreachable", "erroring", "missing port", "unavailable"})
LOG_CATEGORIES = ("All", "GO", "Cues", "Sent", "Notes", "Marks", "Remote", "Errors")
# A remote-control event with one of these statuses is a refusal: filed under Errors.
REMOTE_TROUBLE = frozenset({"refused", "denied", "error", "malformed", "throttled", "dropped",
                            "closed"})  # fmt: skip
LOG_LIMIT = 20000
# The caller's show-wide commands (contract 1 of docs/protocol.md), as the log words them.
SHOW_WIDE = {"panic": "PANIC", "stop_all": "STOP ALL", "pause_all": "PAUSE ALL",
             "resume_all": "RESUME ALL", "reset": "RESET"}  # fmt: skip


@dataclass(frozen=True)
class LogRow:
    when: str
    kind: str
    category: str
    cue: str
    text: str


def describe(event: dict[str, Any]) -> LogRow | None:
    """One event as a log line, or None for those that are not worth a line (status)."""
    kind = str(event.get("event", ""))
    wall = event.get("wall")
    when = time.strftime("%H:%M:%S", time.localtime(wall)) if isinstance(wall, float) else ""
    cue = str(event.get("cue") or "")
    name = str(event.get("name") or "")
    if kind == "go":
        text = f"GO {cue} {name} ({event.get('source')})"
        if event.get("broken"):
            return LogRow(when, kind, "Errors", cue, f"{text}: BROKEN, {event['broken']}")
        if event.get("disarmed"):
            text += ": DISARMED, its action was skipped"
        return LogRow(when, kind, "GO", cue, text)
    if kind == "go_rejected":
        text = f"GO rejected ({event.get('source')}): {event.get('reason')}"
        return LogRow(when, kind, "Errors", "", text)
    if kind in SHOW_WIDE:
        running = ", ".join(str(n) for n in event.get("running") or []) or "nothing"
        text = (f"{SHOW_WIDE[kind]} ({event.get('source')}): standing by "
                f"{event.get('standing_by') or '-'}, running {running}")  # fmt: skip
        return LogRow(when, kind, "GO", "", text)
    if kind == "cue":
        state = str(event.get("state"))
        reason = f": {event.get('reason')}" if event.get("reason") else ""
        category = "Errors" if state == "broken" else "Cues"
        return LogRow(when, kind, category, cue, f"{cue} {name}: {state}{reason}")
    if kind == "sent":
        return LogRow(when, kind, "Sent" if event.get("ok", True) else "Errors", cue,
                      sent_text(event))  # fmt: skip
    if kind == "timecode":
        category = "Errors" if event.get("state") == "error" or event.get("failed") else "Sent"
        return LogRow(when, kind, category, cue, timecode_line(event))
    if kind == "note":
        tags = " ".join(str(event[k]) for k in ("dept", "severity") if event.get(k))
        standing = event.get("standing_by") or "-"
        text = f"NOTE [{tags or 'note'}] (standing by {standing}) {event.get('text')}"
        return LogRow(when, kind, "Notes", str(standing if standing != "-" else ""), text)
    if kind == "mark":
        return LogRow(when, kind, "Marks", "", mark_text(event))
    if kind == "playhead":
        return LogRow(when, kind, "Cues", cue, f"standing by {cue or '(end of list)'} {name}")
    if kind == "control":
        return LogRow(when, kind, "Cues", cue, f"{cue} {event.get('op')} {event.get('target')}")
    if kind == "error":
        return LogRow(when, kind, "Errors", "", f"error: {event.get('message')}")
    if kind == "output":
        state = str(event.get("state"))
        reason = f" ({event.get('reason')})" if event.get("reason") else ""
        category = "Errors" if state in OUTPUT_TROUBLE else "Cues"
        return LogRow(when, kind, category, "", f"{event.get('destination')}: {state}{reason}")
    if kind == "log":
        if event.get("state") == "not_saving":
            text = (f"LOG NOT SAVING: {event.get('pending', '?')} events waiting "
                    f"({event.get('reason') or 'the show file cannot be written'})")  # fmt: skip
            return LogRow(when, kind, "Errors", "", text)
        return LogRow(when, kind, "Cues", "", "the log is saving again")
    if kind == "ready":
        text = f"engine ready: {event.get('mode')}, {event.get('cues')} cues"
        return LogRow(when, kind, "Cues", "", text)
    if kind == "remote":
        status = str(event.get("status"))
        text = f"REMOTE {status} from {event.get('source')}"
        if event.get("command"):
            text += f": {event['command']} ({event.get('via')})"
        if event.get("reason"):
            text += f" — {event['reason']}"
        if event.get("count"):
            text += f" ({event['count']} times)"
        return LogRow(when, kind, "Errors" if status in REMOTE_TROUBLE else "Remote", "", text)
    if kind in ("learn", "learned", "edit_mode"):
        text = {
            "learn": f"learning from MIDI port {event.get('port')}",
            "learned": f"learned {event.get('text')} ({event.get('port')})",
            "edit_mode": f"app in {'edit' if event.get('on') else 'show'} mode",
        }[kind]
        return LogRow(when, kind, "Remote", "", text)  # fmt: skip
    if kind == "performance":  # started by the first GO or mark
        started, number = event.get("name"), event.get("performance")
        text = f"{event.get('kind')} {started!r} started (performance {number})"
        return LogRow(when, kind, "Marks", "", text)
    if kind in ("status", "quit"):
        return None
    return LogRow(when, kind, "Cues", cue, f"{kind} {cue}".strip())


def sent_text(event: dict[str, Any], count: int = 1) -> str:
    text = f"{event.get('destination')} ← {event.get('message')}"
    if not event.get("ok", True):
        text += f"  FAILED: {event.get('error')}"
    elif event.get("offline"):
        text += "  (captured, rehearsal)"
    return text + (f"  ×{count}" if count > 1 else "")  # noqa: RUF001 (a count, as printed)


def mark_text(event: dict[str, Any]) -> str:
    kind = str(event.get("mark", ""))
    if kind == "undo":
        undone = str(event.get("undone", "")).replace("_", " ")
        return f"MARK undo: {undone} withdrawn"
    label = kind.replace("_", " ")
    if event.get("act"):
        label += f" {event['act']}"
    return f"MARK {label} {event.get('text') or ''}".strip()


class LogModel(ListTableModel):
    HEADINGS = ("Time", "Kind", "Cue", "What")

    def __init__(self, theme: Theme, parent: Any = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.rows: list[LogRow] = []
        self.error = QBrush(QColor(theme.error))  # an Errors line's text

    def add(self, row: LogRow) -> int:
        """Appends a row; returns how many old rows were dropped to make room."""
        dropped = 0
        if len(self.rows) >= LOG_LIMIT:
            dropped = LOG_LIMIT // 10
            self.beginRemoveRows(QModelIndex(), 0, dropped - 1)
            del self.rows[:dropped]
            self.endRemoveRows()
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(row)
        self.endInsertRows()
        return dropped

    def update(self, number: int, row: LogRow) -> None:
        self.rows[number] = row
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.HEADINGS) - 1))

    def items(self) -> list[LogRow]:
        return self.rows

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.when, row.kind, row.cue, row.text)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return row.text  # a long note is cut in the column; the tooltip has all of it
        if role == Qt.ItemDataRole.ForegroundRole and row.category == "Errors":
            return self.error
        if role == Qt.ItemDataRole.UserRole:
            return row.category
        return None


class LogFilter(QSortFilterProxyModel):
    """Shows one category (or all), and rows whose text contains the filter text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.category = "All"
        self.text = ""

    def set_filter(self, category: str, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateRowsFilter is deprecated
            self.beginFilterChange()
            self.category, self.text = category, text.lower()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.category, self.text = category, text.lower()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, LogModel)
        row = model.rows[source_row]
        if self.category != "All" and row.category != self.category:
            return False
        return not self.text or self.text in f"{row.kind} {row.cue} {row.text}".lower()


class LogView(QTableView):
    """The log's lines, drawn a row at a time by the view (ui/row_paint.py): a GO adds lines
    and scrolls, so the log repaints at every GO."""

    def __init__(self, model: LogModel, proxy: LogFilter, parent: QWidget) -> None:
        super().__init__(parent)
        self.log_model, self.proxy = model, proxy
        self.setModel(proxy)
        self._rows = RowPainter(self)
        self._error = model.error.color()

    def paintEvent(self, event: QPaintEvent) -> None:
        self._rows.paint(event.rect(), self._look, self.font())

    def _look(self, row: int) -> RowLook:
        line = self.log_model.rows[self.proxy.mapToSource(self.proxy.index(row, 0)).row()]
        colour = self._error if line.category == "Errors" else None
        texts = (line.when, line.kind, line.cue, line.text)
        return line, None, False, lambda column: (texts[column], colour)


class LogPanel(QWidget):
    """Every event and note of this run, newest at the bottom, filterable by kind and text."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LogModel(theme, self)
        self.proxy = LogFilter(self)
        self.proxy.setSourceModel(self.model)
        # The row of each (cue id, destination) whose sends are being counted, for this run of
        # the cue; a cue that starts again gets a new row.
        self._groups: dict[tuple[str, str], tuple[int, int]] = {}  # -> (row, count)
        self._follow = False  # lines came while at the bottom: scroll to them (follow)
        self.category = QComboBox(self)
        self.category.addItems(LOG_CATEGORIES)
        self.category.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("filter the log")
        self.search.setClearButtonEnabled(True)
        for field in (self.category, self.search):  # sized with the log's text (show_layout)
            field.setObjectName("logFilter")
        self.view = LogView(self.model, self.proxy, self)
        self.view.setObjectName("log")
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.setWordWrap(False)
        bar = QHBoxLayout()
        bar.addWidget(label("Log", "dim"))
        bar.addWidget(self.category)
        bar.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self.category.currentTextChanged.connect(self._refilter)
        self.search.textChanged.connect(self._refilter)
        self.set_scale(1.0)

    def set_scale(self, scale: float) -> None:
        """Row height and columns for the font the window's size gives (ShowView.rescale)."""
        metrics = self.view.fontMetrics()
        self.view.verticalHeader().setDefaultSectionSize(metrics.height() + 6)
        self.view.setColumnWidth(0, metrics.horizontalAdvance("00:00:00") + 12)
        self.view.setColumnWidth(1, metrics.horizontalAdvance("playhead") + 12)
        self.view.setColumnWidth(2, metrics.horizontalAdvance("10.5") + 12)

    def _refilter(self) -> None:
        self.proxy.set_filter(self.category.currentText(), self.search.text())

    def add(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "cue" and event.get("state") in ("prewait", "running", "broken"):
            cue_id = event.get("id")
            self._groups = {k: v for k, v in self._groups.items() if k[0] != cue_id}
        if kind == "sent" and event.get("ok", True) and self._count_send(event):
            return
        row = describe(event)
        if row is None:
            return
        bar = self.view.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 2
        dropped = self.model.add(row)
        if dropped:
            self._groups = {k: (n - dropped, c) for k, (n, c) in self._groups.items()
                            if n >= dropped}  # fmt: skip
        if kind == "sent" and event.get("ok", True):
            key = (str(event.get("id")), str(event.get("destination")))
            self._groups[key] = (len(self.model.rows) - 1, 1)
        if at_bottom and not self._follow:
            # Once for all the lines of a read (the window calls follow() after each), rather
            # than once a line: a scroll costs more than the line (~0.1 ms, 4-5 lines a GO).
            # The timer is for lines added otherwise (a GO refused by the window itself).
            self._follow = True
            QTimer.singleShot(0, self.follow)

    def follow(self) -> None:
        """Scrolls to the newest line, if lines came while the log was at its bottom."""
        if self._follow:
            self._follow = False
            self.view.scrollToBottom()

    def _count_send(self, event: dict[str, Any]) -> bool:
        """Folds a send into its cue's row for that destination; False if it has none yet."""
        key = (str(event.get("id")), str(event.get("destination")))
        if key not in self._groups:
            return False
        number, count = self._groups[key]
        self._groups[key] = (number, count + 1)
        row = self.model.rows[number]
        self.model.update(number, replace(row, text=sent_text(event, count + 1)))
        return True
