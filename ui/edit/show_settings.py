"""The show's settings in edit mode, one form row per entry of `showdesk.settings.SPECS`.

The form is built from the same table the CLI and the show file use, so a new setting appears
here without code of its own. Each field is written when it is finished (Return, leaving the
field, a choice picked), as one undoable edit; a refused value shows its reason under the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cues.text import format_number
from showdesk.errors import ShowFileError
from showdesk.settings import BY_KEY, SPECS, Settings, SettingSpec, parse_setting
from ui.edit.fields import FormRows

# What a typed number is in (its placeholder), for the kinds read as the CLI reads them.
UNITS = {"seconds": "seconds, e.g. 0.3", "port": "1 to 65535"}
# Writes one setting (key, value); returns why it was refused, or None.
SettingWrite = Callable[[str, Any], str | None]


class ShowSettingsEditor(QWidget):
    def __init__(self, write: SettingWrite, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.write = write
        self.fields: dict[str, QWidget] = {}
        self.forms: dict[str, FormRows] = {}
        self._filling = False
        self.current: Settings | None = None
        layout = QVBoxLayout(self)
        for spec in SPECS:
            if spec.section not in self.forms:
                box = QGroupBox(spec.section)
                form = QFormLayout(box)
                form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
                self.forms[spec.section] = FormRows(form)
                layout.addWidget(box)
            field = self._field(spec)
            field.setObjectName(f"setting-{spec.key}")
            field.setToolTip(spec.help)
            self.fields[spec.key] = field
            label = f"{spec.label} (s)" if spec.kind == "seconds" else spec.label
            self.forms[spec.section].add(spec.key, label, field)
            hint = QLabel(spec.help)
            hint.setWordWrap(True)
            hint.setObjectName("dim")
            self.forms[spec.section].form.addRow("", hint)
        layout.addStretch(1)

    def _field(self, spec: SettingSpec) -> QWidget:
        commit: Callable[[], None] = lambda: self._commit(spec.key)  # noqa: E731
        if spec.kind == "flag":
            check = QCheckBox()
            check.toggled.connect(lambda _=False: commit())
            return check
        if spec.kind == "choice":
            combo = QComboBox()
            combo.addItems(list(spec.choices))
            combo.activated.connect(lambda _=0: commit())
            return combo
        if spec.kind == "triggers":  # a list, edited row by row on the Remote tab
            return QLabel()
        # Seconds and ports are typed too, and read as the CLI reads them: a spin box clamped
        # what it was given (5000 s became 500, port 99999 became 9999) and wrote that.
        line = QLineEdit()
        if spec.secret:
            line.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        line.setPlaceholderText(UNITS.get(spec.kind, ""))
        line.editingFinished.connect(commit)
        return line

    def value(self, key: str) -> Any:
        """What the field for `key` holds now; ShowFileError (the CLI's sentence) if it cannot
        be read as that setting's kind."""
        field = self.fields[key]
        if isinstance(field, QLineEdit) and BY_KEY[key].kind in UNITS:
            return parse_setting(key, field.text().strip())
        if isinstance(field, QCheckBox):
            return field.isChecked()
        if isinstance(field, QComboBox):
            return field.currentText()
        if isinstance(field, QLabel):
            return getattr(self.current, key, ())
        assert isinstance(field, QLineEdit)
        return field.text()

    def set_settings(self, settings: Settings) -> None:
        """Shows the stored settings (after a load, an undo or another writer's change)."""
        self._filling = True
        try:
            for key, field in self.fields.items():
                value = getattr(settings, key)
                if isinstance(field, QCheckBox):
                    field.setChecked(bool(value))
                elif isinstance(field, QComboBox):
                    field.setCurrentIndex(max(0, field.findText(str(value))))
                elif isinstance(field, QLineEdit) and not field.hasFocus():
                    field.setText(format_number(value) if isinstance(value, float) else str(value))
                elif isinstance(field, QLabel):
                    count = len(value)
                    field.setText(f"{count} trigger{'s' if count != 1 else ''}: see the Remote tab")
            self.current = settings
        finally:
            self._filling = False

    def _commit(self, key: str) -> None:
        if self._filling:
            return
        form = next(f for f in self.forms.values() if key in f.errors)
        try:
            value = self.value(key)
        except ShowFileError as exc:
            form.show(key, str(exc))
            return
        if self.current is not None and getattr(self.current, key) == value:
            form.show(key, "")
            return  # Return on an unchanged field writes nothing (and pushes no undo step)
        problem = self.write(key, value)
        form.show(key, problem or "")
