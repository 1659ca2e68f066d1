"""Form rows with an error in place: a field, and under it the reason it was not accepted."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cues.text import format_number

ERROR_STYLE = "color: #ff6b6b; font-weight: bold;"
NOTE_STYLE = "color: #e8b931;"
OK_STYLE = "color: #5fd38d;"
# Below this width a form puts each label above its field, so neither is cut (a label takes
# about 100 px, a field needs 200 or more to be read; the inspector's form is 430 px at 1366).
NARROW = 380
# A QLineEdit keeps 32,767 characters by default and cuts the rest without a word, so a long
# message (an OSC blob for an osc.tcp console) would be shortened by editing the cue's name.
MAX_LINE_CHARS = 1 << 24  # far past any cell a sheet holds (65,536 characters)


class ErrorLabel(QLabel):
    """The reason a field was refused, shown right under it; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def _style(self, style: str) -> None:
        if self.styleSheet() != style:  # restyling is slow; most calls clear an empty label
            self.setStyleSheet(style)

    def show_error(self, reason: str) -> None:
        if not reason and self.isHidden() and not self.text():
            return
        self._style(ERROR_STYLE)
        self.setText(f"⚠ {reason}" if reason else "")
        self.setVisible(bool(reason))

    def show_ok(self, message: str) -> None:
        """A success in the same place (a test send that went out)."""
        self._style(OK_STYLE)
        self.setText(message)
        self.setVisible(bool(message))


class NoteLabel(ErrorLabel):
    """Something worth knowing that does not stop the edit (an unpatched destination)."""

    def show_error(self, reason: str) -> None:
        self._style(NOTE_STYLE)
        self.setText(reason)
        self.setVisible(bool(reason))


class _Narrow(QObject):
    """Puts a form's labels above its fields while the form is narrower than NARROW."""

    def __init__(self, form: QFormLayout, owner: QWidget) -> None:
        super().__init__(owner)
        self.form = form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            wrap = watched.width() < NARROW
            policy = (QFormLayout.RowWrapPolicy.WrapAllRows if wrap
                      else QFormLayout.RowWrapPolicy.DontWrapRows)  # fmt: skip
            if self.form.rowWrapPolicy() != policy:
                self.form.setRowWrapPolicy(policy)
        return False


class FormRows:
    """A QFormLayout whose rows each carry an error label, found by the field's column name.

    Every form of edit mode fits the width it is given: labels go above their fields when it is
    narrow, and a combo box may be narrower than its longest choice.
    """

    def __init__(self, form: QFormLayout) -> None:
        self.form = form
        self.errors: dict[str, ErrorLabel] = {}
        self.rows: dict[str, QWidget] = {}
        owner = form.parentWidget()
        if owner is not None:
            owner.installEventFilter(_Narrow(form, owner))

    def add(self, column: str, label: str, widget: QWidget) -> QWidget:
        if isinstance(widget, QComboBox):
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            widget.setMinimumContentsLength(10)
        line = widget.lineEdit() if isinstance(widget, QComboBox) else widget
        if isinstance(line, QLineEdit):
            line.setMaxLength(MAX_LINE_CHARS)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        error = ErrorLabel()
        error.setObjectName(f"error-{column}")
        layout.addWidget(error)
        self.errors[column] = error
        self.rows[column] = box
        self.form.addRow(label, box)
        return widget

    def show(self, column: str, reason: str) -> bool:
        """Shows the reason beside that field; False when the form has no such field."""
        if column not in self.errors:
            return False
        self.errors[column].show_error(reason)
        return True

    def clear(self) -> None:
        for error in self.errors.values():
            error.show_error("")

    def set_visible(self, column: str, visible: bool) -> None:
        self.form.setRowVisible(self.rows[column], visible)


def seconds_text(value: float) -> str:
    return format_number(float(value)) if value else ""


class FocusOutFilter(QObject):
    """Emits `left` when the watched widget loses focus (QPlainTextEdit has no editingFinished)."""

    left = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.left.emit()
        return False


def notes_edit(parent: QWidget | None = None) -> tuple[QPlainTextEdit, FocusOutFilter]:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(64)
    watcher = FocusOutFilter(edit)
    edit.installEventFilter(watcher)
    return edit, watcher
