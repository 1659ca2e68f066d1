"""Qt models over the show (ShowFile.cues()) and the live state the engine reports.

`CueTableModel` is the cue list with each cue's state, the playhead and each running cue's
countdowns; `LogModel` is every event and note, filterable. Both are fed engine event dicts by the
window; neither sends anything.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from cues.base import ContinueMode, Cue
from showdesk.showfile import Department
from ui.tables import ListTableModel
from ui.theme import ACTIVE_STATES, STATE_LABELS, Theme, readable
from ui.timecode_view import timecode_line

Index = QModelIndex | QPersistentModelIndex
FRACTION_ROLE = Qt.ItemDataRole.UserRole + 1  # 0..1 progress of the current phase, or None
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_CUE_ROLES = frozenset({_DISPLAY, _BACKGROUND, _FOREGROUND, _FONT, _TOOLTIP, int(FRACTION_ROLE)})
CONTINUE_SHORT = {ContinueMode.AUTO_CONTINUE: "↓ cont.", ContinueMode.AUTO_FOLLOW: "↓ follow"}


def clock_text(seconds: float) -> str:
    """`1:02.5` under an hour, `1:02:03` above it; negative shows as 0."""
    seconds = math.floor(max(0.0, seconds) * 10) / 10  # tenths, never rounded up to 60.0
    if seconds >= 3600:
        return time.strftime("%H:%M:%S", time.gmtime(seconds))
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"


def seconds_text(seconds: float) -> str:
    """A cue's time field, short: `2.5s`, `1:30`."""
    if seconds < 60:
        return f"{seconds:g}s"
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:02.0f}" if rest == int(rest) else f"{int(minutes)}:{rest:04.1f}"


@dataclass
class Live:
    """What one cue is doing now, on this process's monotonic clock."""

    state: str = "idle"
    phase: str = ""  # "pre-wait", "action", "post-wait"
    start: float = 0.0
    end: float | None = None  # when the current phase ends (None: open-ended)
    next_at: float | None = None  # when its continue starts the next cue
    held: dict[str, float] = field(default_factory=dict)  # remaining times while paused

    def remaining(self, now: float) -> float | None:
        if self.state == "paused":
            return self.held.get("end")
        return None if self.end is None else max(0.0, self.end - now)

    def fraction(self, now: float) -> float | None:
        if self.end is None or self.end <= self.start:
            return None
        if self.state == "paused":
            left = self.held.get("end", 0.0)
            return 1.0 - left / (self.end - self.start)
        return min(1.0, max(0.0, (now - self.start) / (self.end - self.start)))


class CueTableModel(ListTableModel):
    HEADINGS = ("State", "Cue", "Name", "Dept", "Type", "Target", "Pre", "Dur", "Post",
               "Cont.", "Progress")  # fmt: skip
    PROGRESS = HEADINGS.index("Progress")

    def __init__(self, theme: Theme, parent: Any = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.cues: list[Cue] = []
        self.row_of: dict[str, int] = {}
        self.by_number: dict[str, Cue] = {}
        self.departments: dict[str, Department] = {}
        self.live: dict[str, Live] = {}
        self.next_of: dict[str, Cue] = {}
        self.playhead: str | None = None  # a cue id
        self.offset = 0.0  # engine mono + offset = this process's perf_counter
        self._offset_known = False
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes = {
            "standby": QBrush(QColor(theme.standby_row)),
            "running": QBrush(QColor(theme.running_row)),
            "dim": QBrush(QColor(theme.dim)),
        }
        self._dept_brushes: dict[str, QBrush] = {}

    # -- loading -------------------------------------------------------------------------

    def load(self, cues: list[Cue], departments: list[Department]) -> None:
        self.beginResetModel()
        self.cues = list(cues)
        self.row_of = {cue.id: row for row, cue in enumerate(self.cues)}
        self.by_number = {cue.number: cue for cue in self.cues if cue.number}
        self.departments = {d.code: d for d in departments}
        self._dept_brushes = {
            d.code: QBrush(QColor(readable(d.colour, self.theme))) for d in departments
        }
        self.live = {}
        self.next_of = {}
        following: dict[str | None, Cue] = {}
        for cue in reversed(self.cues):  # the next cue at the same level, for continues
            if cue.continue_mode != ContinueMode.NONE and cue.parent in following:
                self.next_of[cue.id] = following[cue.parent]
            following[cue.parent] = cue
        self.endResetModel()

    def reset_live(self) -> None:
        """A new engine: every cue idle (the engine has just loaded the show)."""
        self.live = {}
        if self.cues:
            self._changed(0, len(self.cues) - 1)

    # -- engine events in ----------------------------------------------------------------

    def local(self, mono: float) -> float:
        return mono + self.offset

    def calibrate(self, event: dict[str, Any]) -> None:
        """Maps the engine's clock onto ours: the smallest (now - event mono) seen so far."""
        mono = event.get("mono")
        if isinstance(mono, int | float):
            offset = time.perf_counter() - mono
            if not self._offset_known or offset < self.offset:
                self.offset, self._offset_known = offset, True

    def apply(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "cue":
            self._cue_event(event)
        elif kind == "go":
            self._go_event(event)
        elif kind == "playhead":
            self.set_playhead(event.get("id"))
        elif kind == "ready":
            number = event.get("playhead")
            cue = self.by_number.get(number) if isinstance(number, str) else None
            self.set_playhead(cue.id if cue else None)

    def set_playhead(self, cue_id: str | None) -> None:
        old, self.playhead = self.playhead, cue_id
        for each in (old, cue_id):
            if each in self.row_of:
                self._changed(self.row_of[each], self.row_of[each])

    def _go_event(self, event: dict[str, Any]) -> None:
        """The engine accepted a GO and started the cue: shown at once, before the engine's
        `cue` event (a log write later) says which phase it is in."""
        cue_id = event.get("id")
        if cue_id in self.row_of:
            live = self.live.setdefault(cue_id, Live())
            if live.state not in ACTIVE_STATES:
                live.state, live.phase, live.end, live.next_at = "started", "", None, None
                self._changed(self.row_of[cue_id], self.row_of[cue_id])

    def _cue_event(self, event: dict[str, Any]) -> None:
        cue_id, state = event.get("id"), str(event.get("state", ""))
        if cue_id not in self.row_of:
            return
        cue = self.cues[self.row_of[cue_id]]
        t = self.local(float(event.get("t") or event.get("mono") or time.perf_counter()))
        live = self.live.setdefault(cue_id, Live())
        was = live.state
        live.state = state
        if state == "paused":
            pending = (("end", live.end), ("next_at", live.next_at))
            live.held = {k: max(0.0, v - t) for k, v in pending if v is not None}
        elif was == "paused" and state in ACTIVE_STATES:
            shift = t - (live.end - live.held["end"]) if "end" in live.held and live.end else 0.0
            live.start += shift
            live.end = t + live.held["end"] if "end" in live.held else live.end
            live.next_at = t + live.held["next_at"] if "next_at" in live.held else live.next_at
            live.held = {}
        elif state == "prewait":
            live.phase, live.start, live.end = "pre-wait", t, t + cue.pre_wait
            live.next_at = None
        elif state in ("running", "broken"):
            live.phase, live.start = "action", t
            live.end = t + cue.duration if cue.duration > 0 else None
            if cue.continue_mode == ContinueMode.AUTO_CONTINUE:
                live.next_at = t + cue.post_wait
            elif cue.continue_mode == ContinueMode.AUTO_FOLLOW:
                live.next_at = t + cue.duration
            else:
                live.next_at = None
        elif state == "postwait":
            live.phase = "post-wait"
            live.start = t
            live.end = live.next_at
        elif state in ("completed", "stopped", "idle"):
            live.phase, live.end, live.next_at, live.held = "", None, None, {}
        row = self.row_of[cue_id]
        self._changed(row, row)

    # -- what is running -----------------------------------------------------------------

    def active(self) -> list[Cue]:
        """The cues in pre-wait, action, post-wait, paused or stopping, in list order."""
        ids = [i for i, live in self.live.items() if live.state in ACTIVE_STATES]
        return sorted((self.cues[self.row_of[i]] for i in ids), key=lambda c: self.row_of[c.id])

    def state(self, number: str) -> str:
        cue = self.by_number.get(number)
        return self.live[cue.id].state if cue and cue.id in self.live else "idle"

    def next_timed(self, now: float) -> tuple[Cue, float] | None:
        """The next thing the engine will do on its own: (cue it concerns, seconds to go)."""
        best: tuple[Cue, float] | None = None
        for cue in self.active():
            live = self.live[cue.id]
            if live.state == "paused":
                continue
            candidates = []
            if live.phase == "pre-wait" and live.end is not None:
                candidates.append((cue, live.end - now))
            nxt = self.next_of.get(cue.id)
            if live.next_at is not None and nxt is not None:
                candidates.append((nxt, live.next_at - now))
            for item in candidates:
                if best is None or item[1] < best[1]:
                    best = item
        return best

    def progress_text(self, cue: Cue, now: float) -> str:
        live = self.live.get(cue.id)
        if live is None or live.state not in ACTIVE_STATES:
            return ""
        left = live.remaining(now)
        text = live.phase if left is None else f"{live.phase} {clock_text(left)}"
        if live.state == "paused":
            text += " (paused)"
        nxt = self.next_of.get(cue.id)
        if nxt is not None and (live.next_at is not None or live.state == "paused"):
            text += f"  → {nxt.number or nxt.name}"
        return text

    def tick(self) -> None:
        """Repaints the progress of active cues (called a few times a second)."""
        for cue in self.active():
            row = self.row_of[cue.id]
            top = self.index(row, 0)
            self.dataChanged.emit(top, self.index(row, self.PROGRESS))

    # -- Qt model ------------------------------------------------------------------------

    def _changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.HEADINGS) - 1))

    def items(self) -> list[Cue]:
        return self.cues

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Show mode: selectable, never editable (edit mode has its own view).
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def setData(self, index: Index, value: Any, role: int = 2) -> bool:
        return False  # the show is locked here

    def data(self, index: Index, role: int = 0) -> Any:
        # Called for every role of every visible cell on each repaint: kept lean (plain ints,
        # brushes made once), since its cost is most of a GO's repaint.
        if role not in _CUE_ROLES:
            return None
        cue = self.cues[index.row()]
        column = index.column()
        if role == _DISPLAY:
            return self._display(cue, column)
        if role == _BACKGROUND:
            if cue.id == self.playhead:
                return self._brushes["standby"]
            live = self.live.get(cue.id)
            if live and live.state in ACTIVE_STATES:
                return self._brushes["running"]
            return None
        if role == _FOREGROUND:
            if column == 3 and cue.dept in self.departments:
                return self._dept_brushes.get(cue.dept)
            return None if cue.armed else self._brushes["dim"]
        if role == _FONT:
            return self._bold if cue.id == self.playhead else None
        if role == FRACTION_ROLE:
            live = self.live.get(cue.id)
            if column == self.PROGRESS and live and live.state in ACTIVE_STATES:
                return live.fraction(time.perf_counter())
            return None
        return cue.notes or None  # the tooltip

    def _display(self, cue: Cue, column: int) -> str:
        if column == 0:
            live = self.live.get(cue.id)
            label = STATE_LABELS.get(live.state, live.state) if live else ""
            if cue.id == self.playhead:
                return f"STANDBY {label}".strip() if label else "► STANDBY"
            return label
        if column == 1:
            indent = "  " if cue.parent else ""
            return indent + cue.number
        if column == 2:
            return cue.name + ("" if cue.armed else " (disarmed)")
        if column == 3:
            return cue.dept
        if column == 4:
            return cue.type.name
        if column == 5:
            return cue.target
        if column in (6, 7, 8):
            value = (cue.pre_wait, cue.duration, cue.post_wait)[column - 6]
            return seconds_text(value) if value else ""
        if column == 9:
            return CONTINUE_SHORT.get(cue.continue_mode, "")
        return self.progress_text(cue, time.perf_counter())


@dataclass(frozen=True)
class LogRow:
    when: str
    kind: str
    category: str
    cue: str
    text: str


OUTPUT_TROUBLE = frozenset({"unreachable", "erroring", "missing port", "unavailable"})
LOG_CATEGORIES = ("All", "GO", "Cues", "Sent", "Notes", "Marks", "Remote", "Errors")
# A remote-control event with one of these statuses is a refusal: filed under Errors.
REMOTE_TROUBLE = frozenset({"refused", "denied", "error", "malformed", "throttled", "dropped",
                            "closed"})  # fmt: skip
LOG_LIMIT = 20000


def describe(event: dict[str, Any]) -> LogRow | None:
    """One event as a log line, or None for those that are not worth a line (status)."""
    kind = str(event.get("event", ""))
    wall = event.get("wall")
    when = time.strftime("%H:%M:%S", time.localtime(wall)) if isinstance(wall, float) else ""
    cue = str(event.get("cue") or "")
    name = str(event.get("name") or "")
    if kind == "go":
        return LogRow(when, kind, "GO", cue, f"GO {cue} {name} ({event.get('source')})")
    if kind == "go_rejected":
        text = f"GO rejected ({event.get('source')}): {event.get('reason')}"
        return LogRow(when, kind, "Errors", "", text)
    if kind == "cue":
        state = str(event.get("state"))
        reason = f": {event.get('reason')}" if event.get("reason") else ""
        category = "Errors" if state == "broken" else "Cues"
        return LogRow(when, kind, category, cue, f"{cue} {name}: {state}{reason}")
    if kind == "sent":
        ok = event.get("ok", True)
        text = f"{event.get('destination')} ← {event.get('message')}"
        if not ok:
            text += f"  FAILED: {event.get('error')}"
        elif event.get("offline"):
            text += "  (captured, rehearsal)"
        return LogRow(when, kind, "Sent" if ok else "Errors", cue, text)
    if kind == "timecode":
        category = "Errors" if event.get("state") == "error" or event.get("failed") else "Sent"
        return LogRow(when, kind, category, cue, timecode_line(event))
    if kind == "note":
        tags = " ".join(str(event[k]) for k in ("dept", "severity") if event.get(k))
        standing = event.get("standing_by") or "-"
        text = f"NOTE [{tags or 'note'}] (standing by {standing}) {event.get('text')}"
        return LogRow(when, kind, "Notes", str(standing if standing != "-" else ""), text)
    if kind == "mark":
        label = str(event.get("mark", "")).replace("_", " ")
        if event.get("act"):
            label += f" {event['act']}"
        text = f"MARK {label} {event.get('text') or ''}".strip()
        return LogRow(when, kind, "Marks", "", text)
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


class LogModel(ListTableModel):
    HEADINGS = ("Time", "Kind", "Cue", "What")

    def __init__(self, theme: Theme, parent: Any = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.rows: list[LogRow] = []

    def add(self, row: LogRow) -> None:
        if len(self.rows) >= LOG_LIMIT:
            drop = LOG_LIMIT // 10
            self.beginRemoveRows(QModelIndex(), 0, drop - 1)
            del self.rows[:drop]
            self.endRemoveRows()
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(row)
        self.endInsertRows()

    def items(self) -> list[LogRow]:
        return self.rows

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.when, row.kind, row.cue, row.text)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and row.category == "Errors":
            return QBrush(QColor(self.theme.error))
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
