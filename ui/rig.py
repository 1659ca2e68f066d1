"""Rig health and problems: one chip per destination, and the strip of this performance's
problems under the cue list.

Chips have a fixed width for a given window (a long message is cut, and whole in the tooltip),
so the strip never changes its layout. When the engine stops, the chips grey out: the values are
the last the engine reported, not what the desk has now.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSizePolicy, QWidget

from ui.log import OUTPUT_TROUBLE
from ui.theme import Theme
from ui.widgets import ElidedLabel, label

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
CHIP_CHARS = 30  # a chip is at most this many characters wide


class RigStrip(QFrame):
    """One chip per destination: its state in words, what was last sent, and its errors."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.theme = theme
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(6, 4, 6, 4)
        self.chips: dict[str, ElidedLabel] = {}
        self.info: dict[str, dict[str, Any]] = {}
        self.stale = False  # the engine stopped: the chips show its last word, greyed

    def set_patch(self, patch: dict[str, str]) -> None:
        for chip in self.chips.values():
            chip.deleteLater()
        while self.layout_.count():
            self.layout_.takeAt(0)
        self.chips, self.info = {}, {}
        if not patch:
            chip = ElidedLabel("No destinations patched", "dim", self, lines=2)
            self.layout_.addWidget(chip, 1)
            self.chips[""] = chip
        for name, url in patch.items():
            chip = ElidedLabel("", "chip", self, lines=2)
            self.layout_.addWidget(chip)
            self.chips[name] = chip
            self.info[name] = {"state": "…", "sent": 0, "errors": 0, "last_message": "",
                               "last_error": "", "reason": "", "url": url}  # fmt: skip
            self._show(name)
        self.layout_.addStretch(1)
        self.fit()

    def fit(self) -> None:
        """Every chip the same fixed width: its share of the strip, at most CHIP_CHARS wide."""
        named = [chip for name, chip in self.chips.items() if name]
        if not named:
            return
        margins = self.layout_.contentsMargins()
        spare = self.width() - margins.left() - margins.right()
        share = (spare - self.layout_.spacing() * (len(named) - 1)) // len(named)
        widest = named[0].fontMetrics().averageCharWidth() * CHIP_CHARS + 20
        width = max(60, min(share, widest))
        for chip in named:
            if chip.width() != width or chip.minimumWidth() != width:
                chip.setFixedWidth(width)
                chip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.layout_.invalidate()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit()

    def set_stale(self, stale: bool) -> None:
        self.stale = stale
        for name in self.info:
            self._show(name)

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
        bad = state in OUTPUT_TROUBLE
        if self.stale:
            text = f"{name}  ? engine stopped (last: {words})"
        if bad and reason:
            text += f"\n{reason}"
        else:
            text += f"\n{last}" if last else "\nnothing sent yet"
        bad = bad or errors > 0
        if self.stale:
            colour = self.theme.dim
        elif bad:
            colour = self.theme.error
        else:
            colour = self.theme.ok if state in ("live", "ok") else self.theme.dim
        chip = self.chips[name]
        chip.setText(text)
        style = (f"border: 2px solid {colour}; border-radius: 4px; padding: 0 6px;"
                 f" font-weight: 600;{f' color: {colour};' if self.stale else ''}")  # fmt: skip
        if chip.styleSheet() != style:  # restyling costs more than the text
            chip.setStyleSheet(style)
        error = str(info.get("last_error") or "")
        tip = [text, str(info.get("url") or ""), reason, f"last error: {error}" if error else ""]
        chip.setToolTip("\n".join(line for line in tip if line))


class ProblemsStrip(QFrame):
    """Every broken cue and output problem of this performance, on one line under the cue list
    (all of them in the tooltip). An entry stays until the caller clears it: a problem that
    went away by itself may come back, and the caller must have seen it."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problems")
        self.theme = theme
        self.text = ElidedLabel("", "problemsText", self)
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setObjectName("small")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.setToolTip("Forget the output problems listed (broken cues stay)")
        self.clear_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 4, 0)
        layout.addWidget(label("Problems", "dim", self))
        layout.addWidget(self.text, 1)
        layout.addWidget(self.clear_button)
        self.cues: dict[str, str] = {}  # cue id -> line: broken cues (they stay)
        self.outputs: dict[str, str] = {}  # destination -> line
        self._refresh()

    def set_broken(self, cues: dict[str, str]) -> None:
        """The broken cues, each "cue N: BROKEN, reason" by id (the show was loaded)."""
        self.cues = dict(cues)
        self._refresh()

    def add_cue(self, cue_id: str, line: str) -> None:
        if cue_id not in self.cues:
            self.cues[cue_id] = line
            self._refresh()

    def apply(self, event: dict[str, Any]) -> None:
        """An output that goes into trouble is listed; one that recovers says since when."""
        if event.get("event") != "output":
            return
        name, state = str(event.get("destination")), str(event.get("state"))
        when = time.strftime("%H:%M:%S", time.localtime(float(event.get("wall") or time.time())))
        if state in OUTPUT_TROUBLE:
            reason = f": {event.get('reason')}" if event.get("reason") else ""
            self.outputs[name] = f"{name} {STATE_WORDS.get(state, state)}{reason} ({when})"
        elif name in self.outputs and "back" not in self.outputs[name]:
            self.outputs[name] = self.outputs[name][:-1] + f", back {when})"
        else:
            return
        self._refresh()

    def clear(self) -> None:
        self.outputs = {}
        self._refresh()

    def lines(self) -> list[str]:
        return [*self.cues.values(), *self.outputs.values()]

    def _refresh(self) -> None:
        lines = self.lines()
        if lines:
            self.text.setText(f"⚠ {len(lines)}: " + " · ".join(lines))
            self.text.setToolTip("\n".join(lines))
        else:
            self.text.setText("none")
        self.setProperty("bad", "true" if lines else "false")
        self.style().unpolish(self)
        self.style().polish(self)
        self.clear_button.setEnabled(bool(self.outputs))
