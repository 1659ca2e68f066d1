"""The cue list as show mode shows it: the show's cues and the live state the engine reports.

`CueTableModel` is the cue list with each cue's state, the playhead, each running cue's
countdowns, and what makes a cue unable to act (disarmed, broken) so that it is unmistakable.
It is fed engine event dicts by the window and sends nothing. The log's model is in ui/log.py.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from cues.base import ContinueMode, Cue
from showdesk.showfile import Department
from ui.tables import ListTableModel
from ui.theme import ACTIVE_STATES, STATE_LABELS, Theme, readable

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_CUE_ROLES = frozenset({_DISPLAY, _BACKGROUND, _FOREGROUND, _FONT, _TOOLTIP})
# Shown in place of "done" for a cue that ended without acting: the list keeps saying why.
_ENDED_AS = {"broken": "broken", "disarmed": "skipped"}
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
        # Why a cue cannot act, by id: known when the show loads (unpatched ...) or reported by
        # the engine (a refused send). It stays for this performance: the row never turns "done".
        self.broken: dict[str, str] = {}
        self._load_broken: dict[str, str] = {}
        self.disarmed: set[str] = set()  # cue ids that will not act: own arm state or a group's
        self._armed_now: dict[str, bool] = {}  # arm/disarm by control cues, until reset
        self.offset = 0.0  # engine mono + offset = this process's perf_counter
        self._offset_known = False
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes = {
            "standby": QBrush(QColor(theme.standby_row)),
            "running": QBrush(QColor(theme.running_row)),
            "dim": QBrush(QColor(theme.dim)),
            "error": QBrush(QColor(theme.error)),
        }
        self._dept_brushes: dict[str, QBrush] = {}

    # -- loading -------------------------------------------------------------------------

    def load(
        self, cues: list[Cue], departments: list[Department], broken: dict[str, str] | None = None
    ) -> None:
        self.beginResetModel()
        self._load_broken = dict(broken or {})
        self.broken = dict(self._load_broken)
        self._armed_now = {}
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
        self._find_disarmed()
        self.endResetModel()

    def set_bold(self, font: QFont) -> None:
        """The standby row's font: the table's own, bold (the view's font scales with the
        window; a font returned by the model would not)."""
        self._bold = QFont(font)
        self._bold.setBold(True)

    def bold_font(self) -> QFont:
        return self._bold

    def reset_live(self) -> None:
        """A new engine: every cue idle (the engine has just loaded the show)."""
        self.live = {}
        self._armed_now = {}
        self.broken = dict(self._load_broken)  # what a refused send broke was that run's
        self._find_disarmed()
        if self.cues:
            self._changed(0, len(self.cues) - 1)

    def engine_stopped(self) -> None:
        """The engine died: what was running is no longer known (the desk may or may not have
        finished it), so it is shown as unknown until a new engine reports."""
        for cue_id, live in self.live.items():
            if live.state in ACTIVE_STATES or live.state == "started":
                live.state, live.phase, live.end, live.next_at, live.held = (
                    "unknown",
                    "",
                    None,
                    None,
                    {},
                )
                self._changed(self.row_of[cue_id], self.row_of[cue_id])

    def is_armed(self, cue_id: str) -> bool:
        cue = self.cues[self.row_of[cue_id]]
        return self._armed_now.get(cue_id, cue.armed)

    def _find_disarmed(self) -> None:
        """A disarmed group disarms everything inside it (the engine's rule)."""
        disarmed: set[str] = set()
        for cue in self.cues:  # a group comes before its cues
            if not self.is_armed(cue.id) or (cue.parent is not None and cue.parent in disarmed):
                disarmed.add(cue.id)
        self.disarmed = disarmed

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
        elif kind == "control" and event.get("op") in ("arm", "disarm"):
            target = self.by_number.get(str(event.get("target")))
            if target is not None:
                self._armed_now[target.id] = event.get("op") == "arm"
                self._find_disarmed()
                self._changed(0, len(self.cues) - 1)
        elif kind == "reset":
            self._armed_now = {}
            self._find_disarmed()
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
            # The engine says what the GO really did, whatever this window knew beforehand.
            if event.get("broken"):
                self.broken.setdefault(cue_id, str(event["broken"]))
            if event.get("disarmed"):
                self.disarmed.add(cue_id)
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
        if state == "broken":
            self.broken.setdefault(cue_id, str(event.get("reason") or "it cannot act"))
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

    def shown_running(self) -> list[Cue]:
        """What the running panel lists: the active cues, and those left unknown by an engine
        that died while they ran."""
        ids = [i for i, live in self.live.items() if live.state in ACTIVE_STATES or
               live.state == "unknown"]  # fmt: skip
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

    def progress_text(self, cue: Cue, now: float, short: bool = False) -> str:
        """`action 2:00.0  → 12`; `short` (the list, whose State column says the phase):
        `2:00.0 → 12`."""
        live = self.live.get(cue.id)
        if live is None or live.state not in ACTIVE_STATES:
            return ""
        left = live.remaining(now)
        if short:
            text = "" if left is None else clock_text(left)
        else:
            text = live.phase if left is None else f"{live.phase} {clock_text(left)}"
        if live.state == "paused" and not short:
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
            return self.background(cue)
        if role == _FOREGROUND:
            return self.foreground(cue, column)
        if role == _FONT:
            return self._bold if cue.id == self.playhead else None
        return self._tooltip(cue, column)

    def background(self, cue: Cue) -> QBrush | None:
        """The row's fill: the standby row, then a running cue's."""
        if cue.id == self.playhead:
            return self._brushes["standby"]
        live = self.live.get(cue.id)
        if live and live.state in ACTIVE_STATES:
            return self._brushes["running"]
        return None

    def foreground(self, cue: Cue, column: int) -> QBrush | None:
        """A cell's text colour, when not the table's own: the department's, broken, dimmed."""
        if column == 3 and cue.dept in self.departments:
            return self._dept_brushes.get(cue.dept)
        if cue.id in self.broken:
            return self._brushes["error"]
        return self._brushes["dim"] if cue.id in self.disarmed else None

    def fraction(self, cue: Cue, now: float) -> float | None:
        """How far the cue's current phase is, 0..1, while it is active."""
        live = self.live.get(cue.id)
        return live.fraction(now) if live and live.state in ACTIVE_STATES else None

    def state_label(self, cue: Cue) -> str:
        """The cue's state in words: a broken or disarmed cue never ends as plain "done"."""
        live = self.live.get(cue.id)
        state = live.state if live else "idle"
        if state == "idle" and self.flag(cue):
            return "⚠ BROKEN" if self.flag(cue) == "broken" else "⊘ DISARMED"
        if state == "completed":
            state = _ENDED_AS.get(self.flag(cue), state)
        return STATE_LABELS.get(state, state)

    def flag(self, cue: Cue) -> str:
        """ "broken", "disarmed" or "" : why the cue will not act, if it will not."""
        if cue.id in self.broken:
            return "broken"
        return "disarmed" if cue.id in self.disarmed else ""

    def flagged_name(self, cue: Cue, words: bool = False) -> str:
        """The name, after the glyph of what stops the cue acting (first, so a cut name never
        hides it; `words`: and the word); an unnamed cue is named by its type."""
        name = cue.name or f"({cue.type.name})"
        flag = self.flag(cue)
        if not flag:
            return name
        glyph = "⚠" if flag == "broken" else "⊘"
        return f"{glyph} {flag.upper()} · {name}" if words else f"{glyph} {name}"

    def _tooltip(self, cue: Cue, column: int) -> str | None:
        lines = []
        if cue.id in self.broken:
            lines.append(f"BROKEN: {self.broken[cue.id]}")
        elif cue.id in self.disarmed:
            lines.append("DISARMED: GO will skip its action")
        if column == 2 and cue.name:
            lines.append(cue.name)
        if cue.notes:
            lines.append(cue.notes)
        return "\n".join(lines) or None

    def display(self, cue: Cue, column: int) -> str:
        return self._display(cue, column)

    def _display(self, cue: Cue, column: int) -> str:
        if column == 0:
            if cue.id != self.playhead:
                return self.state_label(cue)
            # The standby row says STANDBY; a cue standing by while it still runs (after a
            # goto) says its state after the arrow instead, so the column stays narrow.
            live = self.live.get(cue.id)
            idle = live is None or live.state == "idle"
            return "► STANDBY" if idle else f"► {self.state_label(cue)}"
        if column == 1:
            indent = "  " if cue.parent else ""
            return indent + cue.number
        if column == 2:
            return self.flagged_name(cue)
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
        return self.progress_text(cue, time.perf_counter(), short=True).strip()
