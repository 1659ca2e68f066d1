"""The Report dialog: which performance, for whom (producer or crew), which format, where to.

It writes through the same core code as `showdesk report` (showdesk/report/output.py), on a
thread of its own: a PDF of a long show takes a moment, and the window must not wait for it.
The dialog is never modal. In show mode it leaves the show's keys to the show (Space is GO, Esc
panic, wherever focus is), and offers no file browser, since a file dialog would take them.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from showdesk.errors import ShowdeskError
from showdesk.notes import find_performance, performances
from showdesk.report import build_report
from showdesk.report.output import SUFFIXES, report_bytes, write_atomically
from showdesk.showfile import ShowFile
from ui.show_view import KeyFilter

FORMATS = (("pdf", "PDF (to send)"), ("eml", "Mail with the PDF attached (.eml)"),
           ("html", "HTML"), ("md", "Markdown"), ("csv", "CSV (every fact, to keep)"))  # fmt: skip


def write_report(path: Path, performance: int, audience: str, fmt: str, target: Path) -> str:
    """Builds and writes the report (any thread); returns the sentence to show."""
    with ShowFile.open(path) as show:
        perf = find_performance(show, str(performance))
        report = build_report(show, perf)
    write_atomically(target, report_bytes(report, audience, fmt))
    return f"The report of {perf.name} for the {audience} is written to {target}."


class ReportDialog(QDialog):
    written = Signal(bool, str)  # done, what to say (from the writing thread)

    def __init__(self, path: Path, parent: QWidget | None = None, *,
                 show_mode: Callable[[], bool] = lambda: False) -> None:  # fmt: skip
        super().__init__(parent)
        self.path = Path(path)
        self.show_mode = show_mode
        self.setWindowTitle("Show report")
        self.setModal(False)
        self.writing = False
        self.performance = QComboBox()
        self.performance.setObjectName("report-performance")
        self.audience = QButtonGroup(self)
        self.producer = QRadioButton("Producer: times, holds, incidents, notes")
        self.crew = QRadioButton("Crew: adds every GO, output errors, refused commands")
        self.audience.addButton(self.producer)
        self.audience.addButton(self.crew)
        self.producer.setChecked(True)
        self.format = QComboBox()
        for key, label in FORMATS:
            self.format.addItem(label, key)
        self.target = QLineEdit()
        self.target.setObjectName("report-target")
        self.browse = QPushButton("Choose…")
        self.browse.clicked.connect(self.choose_target)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.write_button = QPushButton("Write the report")
        self.write_button.clicked.connect(self.write)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        for push in (self.write_button, close, self.browse):
            push.setAutoDefault(False)  # Return in the path field must not write by surprise

        form = QFormLayout()
        form.addRow("Performance", self.performance)
        who = QVBoxLayout()
        who.addWidget(self.producer)
        who.addWidget(self.crew)
        form.addRow("For", who)
        form.addRow("Format", self.format)
        where = QHBoxLayout()
        where.addWidget(self.target, 1)
        where.addWidget(self.browse)
        form.addRow("Save as", where)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.write_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.written.connect(self._written)
        self.performance.currentIndexChanged.connect(lambda _=0: self._suggest())
        self.format.currentIndexChanged.connect(lambda _=0: self._suggest())
        self.audience.buttonClicked.connect(lambda _=None: self._suggest())
        self.resize(560, 0)
        self.reload()

    # -- choices --------------------------------------------------------------------------

    def reload(self) -> None:
        """Lists the show's performances, the latest chosen; says so when there are none."""
        with ShowFile.open(self.path) as show:
            every = performances(show)
            self.show_name = show.settings().production or show.settings().name or self.path.stem
        self.performance.clear()
        for perf in reversed(every):
            when = time.strftime("%a %d %b %H:%M", time.localtime(perf.started))
            self.performance.addItem(f"{perf.name} ({perf.kind}, {when})", perf.id)
        self.write_button.setEnabled(bool(every))
        self.status.setText("" if every else "This show has no performances yet: run it first.")
        self.update_for_mode()
        self._suggest()

    def update_for_mode(self) -> None:
        """In show mode there is no file browser (it would take the GO key): type the path."""
        show = self.show_mode()
        self.browse.setEnabled(not show)
        self.browse.setToolTip("Not in show mode: a file dialog would take Space (GO). Type "
                               "the path, or switch to edit mode." if show else "")  # fmt: skip

    def audience_name(self) -> str:
        return "crew" if self.crew.isChecked() else "producer"

    def format_key(self) -> str:
        return str(self.format.currentData())

    def _suggest(self) -> None:
        """A file name beside the show file, until the user has typed one of their own."""
        if self.target.isModified() or self.performance.currentIndex() < 0:
            return
        name = self.performance.currentText().split(" (")[0]
        stem = f"{self.show_name} - {name} - {self.audience_name()}"
        stem = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in stem)
        self.target.setText(str(self.path.parent / (stem + SUFFIXES[self.format_key()])))

    def choose_target(self) -> None:
        if self.show_mode():
            return  # the button is disabled in show mode; a mode change may have raced it
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the report as", self.target.text())
        if chosen:
            self.target.setText(chosen)
            self.target.setModified(True)

    # -- writing ---------------------------------------------------------------------------

    def write(self) -> None:
        """Writes the report on a thread of its own; the result arrives through `written`."""
        if self.writing or self.performance.currentIndex() < 0:
            return
        text = self.target.text().strip()
        if not text:
            self.status.setText("Say where to save the report.")
            return
        target = Path(text).expanduser()
        args = (self.path, int(self.performance.currentData()), self.audience_name(),
                self.format_key(), target)  # fmt: skip
        self.writing = True
        self.write_button.setEnabled(False)
        self.status.setText("Writing the report…")

        def run() -> None:
            try:
                done, said = True, write_report(*args)
            except (ShowdeskError, OSError) as exc:
                done, said = False, f"The report was not written: {exc}"
            with contextlib.suppress(RuntimeError):  # the dialog was closed meanwhile
                self.written.emit(done, said)

        threading.Thread(target=run, name="report", daemon=True).start()

    def _written(self, done: bool, said: str) -> None:
        self.writing = False
        self.write_button.setEnabled(True)
        self.status.setProperty("error", not done)
        self.status.setText(said)


class DialogKeys(KeyFilter):
    """The main window's show-mode keys in the dialog too (Space GO, Esc panic ...), while the
    window is in show mode. Installed on the application, as the window's own filter is."""

    def __init__(self, own: KeyFilter, dialog: QDialog) -> None:
        super().__init__(own.view, dialog)
        self.own = own

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        self.enabled = self.own.enabled  # the window's mode, whenever a key comes
        return super().eventFilter(obj, event)
