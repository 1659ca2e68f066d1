"""The cue table of edit mode: one row per cue, in list order, a group's cues indented under it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from cues.base import ContinueMode, Cue
from showdesk.timefmt import format_clock
from ui.tables import ListTableModel

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1

COLUMNS = (
    ("number", "Cue"), ("name", "Name"), ("type", "Type"), ("target", "Target"),
    ("message", "Message"), ("pre_wait", "Pre"), ("duration", "Dur"), ("post_wait", "Post"),
    ("continue", "Cont."), ("armed", "Armed"), ("dept", "Dept"), ("call", "Call"),
    ("notes", "Notes"), ("colour", "Colour"),
)  # fmt: skip
# Columns that take the width left over (the others are as wide as their contents).
STRETCH = ("name", "message", "call", "notes")
HIDEABLE = ("target", "message", "pre_wait", "duration", "post_wait", "continue", "armed",
            "call", "notes", "colour")  # fmt: skip
# At first: the notes are the name's tooltip too, and a disarmed cue's name says so.
HIDDEN_AT_FIRST = ("armed", "notes", "colour")
INDENT = "    "
CONTINUE_SHORT = {  # short, as show mode writes them: the table keeps its width for names
    ContinueMode.NONE: "",
    ContinueMode.AUTO_CONTINUE: "↓ cont.",
    ContinueMode.AUTO_FOLLOW: "↓ follow",
}
NAMED_COLOURS = {
    "red": "#e04848", "orange": "#e07b39", "yellow": "#e8b931", "green": "#2fa878",
    "blue": "#3b8fd9", "purple": "#9a5fd0", "grey": "#9aa0a6",
}  # fmt: skip


class EditCueModel(ListTableModel):
    """Read-only view of a cue list (edits go through the inspector and the undo stack)."""

    HEADINGS = tuple(heading for _, heading in COLUMNS)

    def __init__(self) -> None:
        super().__init__()
        self.cues: list[Cue] = []
        self.depth: dict[str, int] = {}
        self.dept_colours: dict[str, str] = {}

    def set_cues(self, cues: list[Cue], dept_colours: dict[str, str]) -> None:
        self.beginResetModel()
        self.cues = list(cues)
        self.dept_colours = dept_colours
        self.depth = {}
        for cue in self.cues:
            self.depth[cue.id] = self.depth.get(cue.parent, -1) + 1 if cue.parent else 0
        self.endResetModel()

    def items(self) -> list[Cue]:
        return self.cues

    def row_of(self, cue_id: str) -> int:
        for row, cue in enumerate(self.cues):
            if cue.id == cue_id:
                return row
        return -1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cue = self.cues[index.row()]
        column = COLUMNS[index.column()][0]
        if role == ID_ROLE:
            return cue.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(cue, column)
        if role == Qt.ItemDataRole.ForegroundRole and not cue.armed:
            return QBrush(QColor("#8a8a8a"))
        if role == Qt.ItemDataRole.DecorationRole:
            colour = ""
            if column == "dept":
                colour = self.dept_colours.get(cue.dept, "")
            elif column == "colour":
                colour = NAMED_COLOURS.get(cue.colour, cue.colour)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "name" and cue.notes:
                return cue.notes
            if column in STRETCH:  # a cell cut short at its width can be read whole
                return self.text(cue, column).strip() or None
        return None

    def text(self, cue: Cue, column: str) -> str:
        if column == "number":
            return cue.number
        if column == "name":
            # A cue inside a group shows a guide even with no name (an indent alone is blank).
            depth = self.depth.get(cue.id, 0)
            indent = INDENT * (depth - 1) + "  └ " if depth else ""
            marker = "▾ " if cue.type.name == "group" else ""
            disarmed = "" if cue.armed else " (disarmed)"
            return f"{indent}{marker}{cue.name}{disarmed}"
        if column == "message":
            return cue.payload.text() if cue.type.column == "message" else ""
        if column == "notes":
            return " ".join(cue.notes.split())  # one line in a table cell
        if column == "type":
            return cue.type.name
        if column in ("pre_wait", "post_wait"):
            value = getattr(cue, column)
            return format_clock(value) if value else ""
        if column == "duration":
            return format_clock(cue.duration) if cue.type.duration == "timed" else ""
        if column == "continue":
            return CONTINUE_SHORT[cue.continue_mode]
        if column == "armed":
            return "" if cue.armed else "disarmed"  # (a disarmed row is grey, too)
        return str(getattr(cue, column))
