"""The departments editor: code, name and colour of each, in the order the show lists them.

Renaming a code renames it on every cue of that department, in the same edit. A department that
cues still belong to is not removed: the editor says how many cues are in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from showdesk.showfile import NEW_DEPARTMENT_COLOUR, Department
from ui.edit.fields import ErrorLabel
from ui.edit.model import NAMED_COLOURS

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
# Writes the departments (and code renames); returns why it could not, or None.
DeptWrite = Callable[[str, list[Department], dict[str, str]], str | None]


def swatch_icon(colour: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def colour_picker(field: QLineEdit, chosen: Callable[[], None], parent: QWidget) -> QToolButton:
    """A button whose menu offers the named colours (and any other, from a colour dialog);
    the one picked is written into `field` as #rrggbb, then `chosen` runs."""
    button = QToolButton(parent)
    button.setText("▾")
    button.setToolTip("pick a colour")
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)

    def pick(colour: str) -> None:
        field.setText(colour)
        chosen()

    for name, colour in NAMED_COLOURS.items():
        menu.addAction(swatch_icon(colour), name).triggered.connect(
            lambda _=False, c=colour: pick(c)
        )

    def other() -> None:
        picked = QColorDialog.getColor(QColor(field.text().strip()), parent, "Department colour")
        if picked.isValid():
            pick(picked.name())

    menu.addSeparator()
    menu.addAction("Other…").triggered.connect(lambda _=False: other())
    button.setMenu(menu)
    return button


def _problem(code: str, name: str, colour: str, others: list[str]) -> str:
    if not code or any(ch.isspace() for ch in code):
        return f"the code {code!r} must be one word (LX, SND ...)"
    if code in others:
        return f"there is already a department {code}"
    if not name:
        return "give the department a name"
    if not _HEX.fullmatch(colour):
        return f"colour {colour!r} is not #rrggbb"
    return ""


class DepartmentsEditor(QWidget):
    def __init__(
        self, write: DeptWrite, in_use: Callable[[str], int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.write = write
        self.in_use = in_use
        self.departments: list[Department] = []
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Departments, in the order the caller's screens list them."))
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)  # the name takes the width there is
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.rows: list[tuple[QLineEdit, QLineEdit, QLineEdit, QToolButton, ErrorLabel]] = []
        self.new_code, self.new_name = QLineEdit(), QLineEdit()
        self.new_colour = QLineEdit(NEW_DEPARTMENT_COLOUR)
        self.new_code.setPlaceholderText("SFX")
        self.new_name.setPlaceholderText("Special effects")
        self.add_button = QPushButton("Add")
        self.new_swatch = colour_picker(self.new_colour, lambda: None, self)
        self.add_error = ErrorLabel()
        self.add_button.clicked.connect(self.add)
        self.new_colour.returnPressed.connect(self.add)
        self.new_name.returnPressed.connect(self.add)
        self._keep = (self.new_code, self.new_name, self.new_colour, self.new_swatch,
                      self.add_button, self.add_error)  # fmt: skip

    def set_departments(self, departments: list[Department]) -> None:
        if departments == self.departments and self.rows:
            return
        self.departments = list(departments)
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget not in self._keep:
                widget.deleteLater()
        self.rows = []
        for column, heading in enumerate(("Code", "Name", "Colour")):
            self.grid.addWidget(QLabel(f"<b>{heading}</b>"), 0, column)
        row = 1
        for index, dept in enumerate(self.departments):
            code, name, colour = QLineEdit(dept.code), QLineEdit(dept.name), QLineEdit(dept.colour)
            for edit, width in ((code, 64), (colour, 84)):
                edit.setMaximumWidth(width)
            for edit in (code, name, colour):
                edit.setCursorPosition(0)  # a long name shows its start, never its end
                edit.editingFinished.connect(lambda i=index: self.edit(i))
            swatch = colour_picker(colour, self._editor_of(index), self)
            swatch.setIcon(swatch_icon(dept.colour))
            error = ErrorLabel()
            # Tool buttons are as narrow as their text: the name keeps the width.
            up, down, remove = QToolButton(), QToolButton(), QToolButton()
            for button, text, tip in ((up, "↑", "move up"), (down, "↓", "move down"),
                                      (remove, "✕", "remove this department")):  # fmt: skip
                button.setText(text)
                button.setToolTip(tip)
            up.clicked.connect(lambda _=False, i=index: self.move_department(i, -1))
            down.clicked.connect(lambda _=False, i=index: self.move_department(i, 1))
            remove.clicked.connect(lambda _=False, i=index: self.remove(i))
            for column, widget in enumerate((code, name, colour, swatch, up, down, remove)):
                self.grid.addWidget(widget, row, column)
            self.grid.addWidget(error, row + 1, 0, 1, 7)
            self.rows.append((code, name, colour, swatch, error))
            row += 2
        self.new_code.setMaximumWidth(64)
        self.new_colour.setMaximumWidth(84)
        for column, widget in enumerate(
            (self.new_code, self.new_name, self.new_colour, self.new_swatch)
        ):
            self.grid.addWidget(widget, row, column)
        self.grid.addWidget(self.add_button, row, 4, 1, 3)
        self.grid.addWidget(self.add_error, row + 1, 0, 1, 7)

    def _editor_of(self, index: int) -> Callable[[], None]:
        return lambda: self.edit(index)

    def edit(self, index: int) -> None:
        if index >= len(self.rows):
            return
        code_edit, name_edit, colour_edit, _, error = self.rows[index]
        code, name = code_edit.text().strip(), name_edit.text().strip()
        colour = colour_edit.text().strip()
        old = self.departments[index]
        if (code, name, colour) == (old.code, old.name, old.colour):
            error.show_error("")
            return
        others = [d.code for i, d in enumerate(self.departments) if i != index]
        problem = _problem(code, name, colour, others)
        if not problem:
            wanted = list(self.departments)
            wanted[index] = Department(code, name, colour)
            renames = {old.code: code} if code != old.code else {}
            problem = self.write(f"edit department {code}", wanted, renames) or ""
        error.show_error(problem)

    def add(self) -> None:
        code, name = self.new_code.text().strip(), self.new_name.text().strip()
        colour = self.new_colour.text().strip()
        problem = _problem(code, name, colour, [d.code for d in self.departments])
        if not problem:
            wanted = [*self.departments, Department(code, name, colour)]
            problem = self.write(f"add department {code}", wanted, {}) or ""
        self.add_error.show_error(problem)
        if not problem:
            self.new_code.clear()
            self.new_name.clear()
            self.new_colour.setText(NEW_DEPARTMENT_COLOUR)

    def move_department(self, index: int, step: int) -> None:
        other = index + step
        if not 0 <= other < len(self.departments):
            return
        wanted = list(self.departments)
        wanted[index], wanted[other] = wanted[other], wanted[index]
        self.write(f"move department {wanted[other].code}", wanted, {})

    def remove(self, index: int) -> None:
        dept = self.departments[index]
        count = self.in_use(dept.code)
        if count:
            self.rows[index][4].show_error(
                f"{count} cue(s) are in {dept.code}; move them to another department first"
            )
            return
        wanted = [d for d in self.departments if d.code != dept.code]
        problem = self.write(f"remove department {dept.code}", wanted, {})
        if problem:
            self.rows[index][4].show_error(problem)
