"""The OSC cue's inspector: an address and a table of typed arguments, or the message as text."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cues.base import CueType
from cues.osc import NO_VALUE_TAGS, OscMessage, check_address, convert, value_text
from cues.text import quote_word
from ui.edit.editors.base import CueEditor, MessageLine

TAG_NAMES = {
    "f": "f  float", "i": "i  int32", "s": "s  string", "d": "d  double", "h": "h  int64",
    "T": "T  true", "F": "F  false", "N": "N  nil", "I": "I  impulse", "S": "S  symbol",
    "c": "c  char",
}  # fmt: skip


class OscFields(MessageLine):
    def __init__(self, kind: CueType, parent: QWidget | None = None) -> None:
        super().__init__(kind, parent)
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.address.setPlaceholderText("/eos/cue/1/fire")
        self.rows.add("address", "Address", self.address)
        self.address.editingFinished.connect(self.field_done)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.args = QTableWidget(0, 2)
        self.args.setObjectName("args")
        self.args.setHorizontalHeaderLabels(["Type", "Value"])
        self.args.horizontalHeader().setStretchLastSection(True)
        self.args.setMaximumHeight(130)
        self.args.itemChanged.connect(lambda _: self.field_done())
        column.addWidget(self.args)
        buttons = QHBoxLayout()
        add = QPushButton("+ argument")
        add.clicked.connect(lambda: self.add_arg("f", "0"))
        remove = QPushButton("- argument")
        remove.clicked.connect(self.remove_arg)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.rows.add("args", "Arguments", box)

    def add_arg(self, tag: str, value: str, *, done: bool = True) -> None:
        row = self.args.rowCount()
        self.args.blockSignals(True)
        self.args.insertRow(row)
        combo = QComboBox()
        for code, label in TAG_NAMES.items():
            combo.addItem(label, code)
        combo.setCurrentIndex(combo.findData(tag))
        combo.activated.connect(lambda _: self.field_done())
        self.args.setCellWidget(row, 0, combo)
        self.args.setItem(row, 1, QTableWidgetItem(value))
        self.args.blockSignals(False)
        if done:
            self.field_done()

    def remove_arg(self) -> None:
        row = self.args.currentRow() if self.args.currentRow() >= 0 else self.args.rowCount() - 1
        if row >= 0:
            self.args.removeRow(row)
            self.field_done()

    def _arg_words(self) -> list[tuple[str, str]]:
        words = []
        for row in range(self.args.rowCount()):
            combo = self.args.cellWidget(row, 0)
            assert isinstance(combo, QComboBox)
            item = self.args.item(row, 1)
            words.append((str(combo.currentData()), item.text() if item else ""))
        return words

    def fill(self, payload: Any) -> None:
        if not isinstance(payload, OscMessage):
            return
        self.address.setText(payload.address)
        self.args.setRowCount(0)
        for tag, value in payload.args:
            self.add_arg(tag, value_text(tag, value).strip('"'), done=False)

    def compose(self) -> str | None:
        args = self._arg_words()
        tags = "".join(tag for tag, _ in args)
        values = [quote_word(value) for tag, value in args if tag not in NO_VALUE_TAGS]
        return " ".join([quote_word(self.address.text().strip()), tags, *values]).strip()

    def checks(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        if not isinstance(self._parsed(), OscMessage):
            return problems  # a message the fields cannot show: the text alone is checked
        try:
            check_address(self.address.text().strip())
        except ValueError as exc:
            problems["address"] = str(exc)
        for number, (tag, word) in enumerate(self._arg_words(), start=1):
            try:
                convert(tag, None if tag in NO_VALUE_TAGS else word)
            except ValueError as exc:
                problems["args"] = f"argument {number}: {exc}"
                break
        return problems

    def _parsed(self) -> Any:
        try:
            return self.kind.parse(self.line.text())
        except ValueError:
            return OscMessage("/")  # unreadable text: the fields say what is wrong


class OscEditor(CueEditor):
    payload_class = OscFields
