"""CSV in and out: import a department's cue sheet (every row, or none), export the show.

Every problem of a refused sheet is listed in a table (row as the spreadsheet numbers it, column,
reason), so the stage manager can fix the sheet in one pass.
"""

from __future__ import annotations

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
    QVBoxLayout,
    QWidget,
)

from showdesk.sheet import RowError
from ui.edit.fields import ErrorLabel

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
