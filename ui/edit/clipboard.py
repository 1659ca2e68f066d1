"""Cut, copy and paste of cues as cue-sheet rows, so they travel between shows and spreadsheets.

Copy puts the selected cues (a group with its cues) on the clipboard as sheet rows, header
first: tab-separated as plain text (what a spreadsheet pastes into cells) and comma-separated as
text/csv. Paste reads either, or a spreadsheet's own tab-separated rows, through the same checks
as a CSV import: every row or none, each problem listed in the CSV tab. The pasted cues go after
the selection, at its level, renumbered to fit between the cue before and the cue after.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import QTabWidget

from cues.base import Cue
from showdesk.errors import ShowdeskError
from showdesk.sheet import SheetError, cue_rows, read_sheet, write_rows
from showdesk.showfile import NEW_DEPARTMENT_COLOUR, Department, ShowFile
from ui.edit import ops
from ui.edit.fields import ErrorLabel
from ui.edit.model import EditCueModel
from ui.edit.sheets import SheetPanel
from ui.edit.writes import Writes

CSV_MIME = "text/csv"
SOURCE = "the clipboard"


def clipboard_text(cues: list[Cue], list_name: str) -> QMimeData:
    """The cues as sheet rows: tab-separated plain text, and CSV."""
    rows = cue_rows(list_name, cues)
    data = QMimeData()
    for mime, delimiter in ((CSV_MIME, ","), ("text/plain", "\t")):
        out = io.StringIO()
        write_rows(rows, out, delimiter)
        if mime == CSV_MIME:
            data.setData(mime, out.getvalue().encode("utf-8"))
        else:
            data.setText(out.getvalue())
    return data


def pasted_text(data: QMimeData | None) -> str:
    """What a paste reads: our CSV if it is there, else the plain text (a spreadsheet's rows)."""
    if data is None:
        return ""
    if data.hasFormat(CSV_MIME):
        return bytes(data.data(CSV_MIME).data()).decode("utf-8", errors="replace")
    return data.text()


class Clipboard:
    """Mixed into EditView, which provides what is declared here."""

    model: EditCueModel
    status: ErrorLabel
    showfile: ShowFile
    list_name: str
    writes: Writes
    undo_stack: QUndoStack
    sheets: SheetPanel
    tabs: QTabWidget

    def selected_ids(self) -> list[str]:
        raise NotImplementedError

    def act(self, text: str, edit: Callable[[list[Cue]], list[Cue]],
            select: Callable[[list[Cue]], list[str]] | None = None) -> bool:  # fmt: skip
        raise NotImplementedError

    def delete(self) -> None:
        raise NotImplementedError

    def copy(self) -> bool:
        """Puts the selected cues (groups whole) on the clipboard; False if nothing was."""
        ids = set(self.selected_ids())
        cues = self.model.cues
        chosen: list[Cue] = []
        index = 0
        while index < len(cues):
            if cues[index].id in ids:
                end = ops.block_end(cues, index)
                chosen += cues[index:end]
                index = end
            else:
                index += 1
        if not chosen:
            self.status.show_error("select the cues to copy")
            return False
        try:
            data = clipboard_text(chosen, self.list_name)
        except ShowdeskError as exc:
            self.status.show_error(f"could not copy: {exc}")
            return False
        QGuiApplication.clipboard().setMimeData(data)
        self.status.show_ok(f"copied {len(chosen)} cue(s) as sheet rows")
        return True

    def cut(self) -> None:
        if self.copy():
            self.delete()

    def paste(self) -> bool:
        """Pastes sheet rows from the clipboard after the selection, as one undoable edit."""
        text = pasted_text(QGuiApplication.clipboard().mimeData())
        if not text.strip():
            self.status.show_error("the clipboard holds no cue rows to paste")
            return False
        try:
            sheet = read_sheet(self.showfile, text, SOURCE, linked=True)
        except SheetError as exc:
            self.tabs.setCurrentWidget(self.sheets)
            self.sheets.show_problem(
                f"{SOURCE}: {len(exc.errors)} problem(s); nothing was pasted. A paste takes "
                "cue-sheet rows with a header row (copy cues, or a sheet's rows with its "
                "header).",
                exc.errors,
            )
            self.status.show_error("nothing was pasted: the problems are listed in the CSV tab")
            return False
        pasted = [cue for cues in sheet.lists.values() for cue in cues]
        ids = self.selected_ids()
        after = ids[-1] if ids else None
        inside = {cue.id for cue in pasted}

        def edit(cues: list[Cue]) -> list[Cue]:
            return ops.paste(cues, pasted, after)

        def select(cues: list[Cue]) -> list[str]:
            return [cue.id for cue in cues if cue.id in inside]

        text_ = f"paste {len(pasted)} cue(s)"
        try:
            edit(list(self.model.cues))  # no room for the numbers: say so before writing
        except ops.EditError as exc:
            self.status.show_error(str(exc))
            return False
        if not sheet.new_departments:
            done = self.act(text_, edit, select)
        else:  # the new departments and the cues: one undo step
            self.undo_stack.beginMacro(text_)
            try:
                known = self.showfile.departments()
                made = [Department(c, c, NEW_DEPARTMENT_COLOUR) for c in sheet.new_departments]
                self.writes.departments("add departments", [*known, *made], {})
                done = self.act(text_, edit, select)
            except ShowdeskError as exc:
                self.status.show_error(str(exc))
                done = False
            finally:
                self.undo_stack.endMacro()
        if done:
            extra = f" (new departments: {', '.join(sheet.new_departments)})" if (
                sheet.new_departments) else ""  # fmt: skip
            self.status.show_ok(f"pasted {len(pasted)} cue(s){extra}")
        return done
