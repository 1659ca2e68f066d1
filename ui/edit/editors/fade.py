"""The fade cue's inspector: what to ramp (address and type), from, to, rate and curve."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from cues.base import CueType
from cues.fade import CURVES, DEFAULT_RATE, FadeRamp, parse_rate
from cues.osc import check_address, value_text
from cues.text import format_number, quote_word
from ui.edit.editors.base import CueEditor, MessageLine


class FadeFields(MessageLine):
    duration_bound = "rate"

    def __init__(self, kind: CueType, parent: QWidget | None = None) -> None:
        super().__init__(kind, parent)
        self.address = self._line("address", "Address", "/ch/01/mix/fader")
        self.tag = QComboBox()
        self.tag.setObjectName("tag")
        for tag, label in (("f", "f  float"), ("d", "d  double"), ("i", "i  int32"),
                           ("h", "h  int64")):  # fmt: skip
            self.tag.addItem(label, tag)
        self.tag.activated.connect(lambda _: self.field_done())
        self.rows.add("tag", "Type", self.tag)
        self.start = self._line("from", "From", "0")
        self.end = self._line("to", "To", "1")
        self.rate = self._line("rate", "Rate (Hz)", format_number(DEFAULT_RATE))
        self.curve = QComboBox()
        self.curve.setObjectName("curve")
        self.curve.addItems(list(CURVES))
        self.curve.activated.connect(lambda _: self.field_done())
        self.rows.add("curve", "Curve", self.curve)

    def fill(self, payload: Any) -> None:
        if not isinstance(payload, FadeRamp):
            return
        self.address.setText(payload.address)
        self.tag.setCurrentIndex(self.tag.findData(payload.tag))
        self.start.setText(value_text(payload.tag, payload.start))
        self.end.setText(value_text(payload.tag, payload.end))
        self.rate.setText(format_number(float(payload.rate)))
        self.curve.setCurrentText(payload.curve)

    def compose(self) -> str | None:
        words = [quote_word(self.address.text().strip()), str(self.tag.currentData())]
        words += [self.start.text().strip() or "0", "->", self.end.text().strip() or "0"]
        rate = self.rate.text().strip()
        if rate and rate != format_number(DEFAULT_RATE):
            words.append(f"rate={rate}")
        if self.curve.currentText() != "linear":
            words.append(f"curve={self.curve.currentText()}")
        return " ".join(words)

    def checks(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        try:
            check_address(self.address.text().strip())
        except ValueError as exc:
            problems["address"] = str(exc)
        for column, edit in (("from", self.start), ("to", self.end)):
            text = edit.text().strip()
            try:
                float(text or "0")
            except ValueError:
                problems[column] = f"{text!r} is not a number"
        if rate := self.rate.text().strip():
            try:
                parse_rate(rate)  # the sheet's sentence, under the field it belongs to
            except ValueError as exc:
                problems["rate"] = str(exc)
        return problems


class FadeEditor(CueEditor):
    payload_class = FadeFields
