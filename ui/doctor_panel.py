"""The doctor panel: `showdesk doctor` on the open show, inside the main window.

It is a dock on the window's right side, never a dialog and never a window of its own: in show
mode the window's key filter keeps Space as GO whatever has focus in it, and nothing in it takes
focus. The checks run as a `showdesk doctor SHOW --json` process, so a slow console or a MIDI
system that does not answer never stalls the window. F1 (or Help > Doctor)
opens it; it opens by itself once, on the app's first start.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QProcess, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.engine_client import showdesk_command
from ui.theme import Theme


class DoctorPanel(QDockWidget):
    finished = Signal(object)  # the doctor's JSON answer (a dict), once per run

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__("Pre-show check (showdesk doctor)", parent)
        self.setObjectName("doctor")
        # Docked only: a floating dock is a window of its own, where Space would not be GO.
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.theme = theme
        self.path: Path | None = None
        self.process: QProcess | None = None
        self.result: dict[str, Any] = {}
        body = QWidget(self)
        self.heading = QLabel(body)
        self.heading.setWordWrap(True)
        # A label, not a text view: the show's key filter lets text views keep Space.
        self.text = QLabel(body)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll = QScrollArea(body)
        scroll.setWidget(self.text)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.again = QPushButton("Check again", body)
        self.again.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.again.clicked.connect(self.run)
        hint = QLabel("F1 opens this panel", body)
        hint.setStyleSheet(f"color: {theme.dim};")
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(self.again)
        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)
        self.setWidget(body)
        self.setMinimumWidth(360)

    def run(self, path: Path | None = None) -> None:
        """Runs the checks (again) on `path`, or on the show it last checked."""
        if isinstance(path, Path):
            self.path = path
        if self.process is not None:
            return  # a run is under way; its answer is on its way
        self.heading.setText("Checking this machine and the show… (a few seconds at most)")
        self.text.clear()
        self.again.setEnabled(False)
        process = QProcess(self)
        program, args = showdesk_command("doctor", *([str(self.path)] if self.path else []),
                                         "--json")  # fmt: skip
        process.setProgram(program)
        process.setArguments(args)
        process.finished.connect(self._finished)
        process.errorOccurred.connect(self._failed)
        self.process = process
        process.start()

    def _finished(self, *_: object) -> None:
        process = self.process
        if process is None:
            return
        out = bytes(process.readAllStandardOutput().data()).decode(errors="replace")
        err = bytes(process.readAllStandardError().data()).decode(errors="replace").strip()
        self._done()
        try:
            result = json.loads(out)
        except json.JSONDecodeError:
            self._show_failure(err or "it printed no answer")
            return
        self.result = result
        self.heading.setText(f"<b>{html.escape(result['summary'])}</b><br>"
                             f"{html.escape(result['heading'])}")  # fmt: skip
        self.text.setText(self._lines_html(result["lines"]))
        self.finished.emit(result)

    def _failed(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self.process is not None:
            self._done()
            self._show_failure(f"{showdesk_command()[0]} could not be started")

    def _done(self) -> None:
        if self.process is not None:
            self.process.deleteLater()
            self.process = None
        self.again.setEnabled(True)

    def _show_failure(self, why: str) -> None:
        self.heading.setText(f"The check itself failed: {html.escape(why)}")
        self.result = {}
        self.finished.emit({})

    def _lines_html(self, lines: list[dict[str, str]]) -> str:
        colours = {"ok": self.theme.ok, "warning": self.theme.warn, "problem": self.theme.error}
        rows = []
        for line in lines:
            level = line["level"]
            fix = (f"<br><span style='color:{self.theme.dim}'>fix: {html.escape(line['fix'])}"
                   "</span>" if line.get("fix") else "")  # fmt: skip
            rows.append(
                f"<p><b style='color:{colours.get(level, self.theme.text)}'>"
                f"{html.escape(level.upper())}</b> {html.escape(line['text'])}{fix}</p>"
            )
        return "".join(rows)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.waitForFinished(2000)
            self._done()
