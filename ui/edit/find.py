"""Find (Ctrl+F) and Go to cue (Ctrl+J) in edit mode: a bar over the cue table, never a dialog.

Find matches, in any case, a cue's number, name, call, target, message (the text of its sheet
cell) or notes; Return or F3 selects the next match after the current cue (Shift+F3 the one
before), wrapping at the end. Go to cue takes a number and selects exactly that cue. Esc closes
the bar and gives the table its focus back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from cues.base import Cue


def haystack(cue: Cue) -> str:
    """The text a search looks through for this cue, lower-cased."""
    return "\n".join((cue.number, cue.name, cue.call, cue.target, cue.payload.text(),
                      cue.notes)).lower()  # fmt: skip


def matches(cues: Sequence[Cue], text: str) -> list[int]:
    """The rows of the cues that contain `text` in any searched field, in list order."""
    wanted = text.strip().lower()
    return [row for row, cue in enumerate(cues) if wanted and wanted in haystack(cue)]


def next_match(found: Sequence[int], current: int, step: int, here: bool = False) -> int | None:
    """The match after (step 1) or before (-1) the current row, wrapping round (`here`: the
    current row itself counts, as for a new search)."""
    if not found:
        return None
    if here and current in found:
        return current
    if step > 0:
        return next((row for row in found if row > current), found[0])
    return next((row for row in reversed(found) if row < current), found[-1])


class _Field(QLineEdit):
    """The bar's text field: Esc closes the bar, Shift+Return goes back a match."""

    def __init__(self, bar: FindBar) -> None:
        super().__init__(bar)
        self.bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.bar.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            back = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.bar.enter(-1 if back else 1)
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    """Selects rows through `select_row(row)`; reads the cues and the current row it is given."""

    def __init__(
        self,
        cues: Callable[[], Sequence[Cue]],
        current_row: Callable[[], int],
        select_row: Callable[[int], None],
        go_to: Callable[[str], bool],
        done: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._cues, self._current, self._select = cues, current_row, select_row
        self._go_to, self._done = go_to, done
        self.mode = "find"
        self.searched = ""  # the text the last step looked for
        self.label = QLabel("Find")
        self.field = _Field(self)
        self.field.setObjectName("find-text")
        self.field.setClearButtonEnabled(True)
        self.field.textEdited.connect(lambda _: self._count())
        self.result = QLabel("")
        self.result.setObjectName("find-result")
        previous, following = QPushButton("◀"), QPushButton("▶")
        previous.setToolTip("previous match (Shift+F3)")
        following.setToolTip("next match (F3)")
        previous.clicked.connect(lambda: self.step(-1))
        following.clicked.connect(lambda: self.step(1))
        close = QPushButton("✕")
        close.setToolTip("close (Esc)")
        close.clicked.connect(self.close_bar)
        self.buttons = (previous, following)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.field, previous, following, self.result, close):
            layout.addWidget(widget, 1 if widget is self.field else 0)
        self.hide()

    def open(self, mode: str = "find") -> None:
        """Shows the bar for a search ("find") or a cue number ("go to")."""
        self.mode = mode
        finding = mode == "find"
        self.label.setText("Find" if finding else "Go to cue")
        self.field.setPlaceholderText(
            "number, name, call, target, message or notes" if finding else "cue number"
        )
        for button in self.buttons:
            button.setVisible(finding)
        self.result.setText("")
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self._done()

    def enter(self, step: int) -> None:
        if self.mode == "find":
            self.step(step)
        elif self._go_to(self.field.text().strip()):
            self.close_bar()

    def step(self, step: int) -> bool:
        """Selects the next (or previous) match; False, saying so, when there is none."""
        if not self.field.text().strip():
            self.open("find")
            return False
        text = self.field.text()
        found = matches(self._cues(), text)
        row = next_match(found, self._current(), step, here=text != self.searched)
        self.searched = text
        if row is None:
            self.result.setText("no match")
            return False
        self._select(row)
        self.result.setText(f"{found.index(row) + 1} of {len(found)}")
        return True

    def _count(self) -> None:
        if self.mode == "find":
            found = matches(self._cues(), self.field.text())
            self.result.setText(f"{len(found)} match(es)" if self.field.text().strip() else "")
