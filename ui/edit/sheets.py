"""CSV in and out: import a department's cue sheet (every row, or none), export the show.

Every problem of a refused sheet is listed in a table (row as the spreadsheet numbers it, column,
reason), so the stage manager can fix the sheet in one pass.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from showdesk.errors import ShowdeskError
from showdesk.sheet import RowError, SheetError, write_csv
from showdesk.showfile import ShowFile
from ui.edit.fields import ErrorLabel
from ui.edit.writes import Writes

ImportFn = Callable[[Path], object]


class SheetPanel(QWidget):
    def __init__(
        self, import_csv: ImportFn, export_csv: ImportFn, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._import, self._export = import_csv, export_csv
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.import_button = QPushButton("Import CSV…")
        self.export_button = QPushButton("Export CSV…")
        self.import_button.clicked.connect(self.choose_import)
        self.export_button.clicked.connect(self.choose_export)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        intro = QLabel(
            "An import adds the sheet's cues after the list's last cue; a sheet with any bad "
            "row imports nothing, and every problem is listed below. Ctrl+Z undoes an import."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.result = ErrorLabel()
        self.result.setObjectName("sheet-result")
        layout.addWidget(self.result)
        self.errors = QTableWidget(0, 3)
        self.errors.setObjectName("sheet-errors")
        self.errors.setHorizontalHeaderLabels(["Row", "Column", "Reason"])
        self.errors.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.errors.verticalHeader().hide()
        self.errors.setWordWrap(True)  # a long reason wraps in its cell, and is in its tooltip
        self.errors.hide()
        layout.addWidget(self.errors, 1)

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a cue sheet", "", "CSV (*.csv)")
        if path:
            self._import(Path(path))

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the cue list", "", "CSV (*.csv)")
        if path:
            self._export(Path(path))

    def show_ok(self, message: str) -> None:
        self.errors.setRowCount(0)
        self.errors.hide()
        self.result.show_ok(message)

    def show_problem(self, message: str, errors: list[RowError] | None = None) -> None:
        self.result.show_error(message)
        rows = errors or []
        self.errors.setRowCount(len(rows))
        for row, error in enumerate(rows):
            for column, text in enumerate((str(error.row), error.column, error.reason)):
                item = QTableWidgetItem(text)
                item.setToolTip(str(error))
                self.errors.setItem(row, column, item)
        self.errors.resizeColumnToContents(0)
        self.errors.resizeColumnToContents(1)
        self.errors.resizeRowsToContents()
        self.errors.setVisible(bool(rows))


class SheetFiles:
    """Mixed into EditView: import and export of CSV sheets, problems listed in the CSV tab."""

    showfile: ShowFile
    writes: Writes
    sheets: SheetPanel
    tabs: QTabWidget

    def _landed(self, error: str | None) -> None:
        raise NotImplementedError

    def import_csv(self, path: Path) -> bool:
        """Imports a cue sheet: every row or none; problems are listed in the CSV tab."""
        self.tabs.setCurrentWidget(self.sheets)
        try:
            sheet = self.writes.import_sheet(path)
        except SheetError as exc:
            self.sheets.show_problem(
                f"{path.name}: {len(exc.errors)} problem(s); nothing was imported. "
                "Fix the sheet and import it again.",
                exc.errors,
            )
            return False
        except ShowdeskError as exc:
            self.sheets.show_problem(str(exc))
            return False
        self.sheets.show_ok(f"✓ imported {sheet.count} cue(s) from {path.name}{sheet.notes()}")
        self._landed(None)
        return True

    def export_csv(self, path: Path) -> bool:
        """Writes every cue list of the show as one CSV sheet."""
        buffer = io.StringIO()
        try:
            count = write_csv(self.showfile, buffer)
            path.write_text(buffer.getvalue(), encoding="utf-8")
        except ShowdeskError as exc:
            self.sheets.show_problem(str(exc))
            return False
        except OSError as exc:
            self.sheets.show_problem(f"could not write {path}: {exc.strerror}")
            return False
        self.sheets.show_ok(f"✓ exported {count} cue(s) to {path}")
        return True
