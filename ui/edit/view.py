"""Edit mode: the cue table, the inspector, the patch, the departments and CSV sheets.

Every edit is written to the show file the moment it is made, as one transaction, and pushed on
`undo_stack` as one command; undo writes the state before it back to the file. The engine may
have the same file open: SQLite's WAL lets both work, and the engine reads a show when it loads.
Errors appear in place (under the field, or in the strip over the table), never in a dialog.
The actions and their keys are in `actions.py`, the list edits in `listedits.py`, copy and paste
in `clipboard.py`, find in `find.py`, preview in `preview.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from cues.base import Cue, CueError
from showdesk.errors import ShowdeskError
from showdesk.showfile import MAIN, Department, ShowFile
from ui.edit import ops
from ui.edit.actions import EditActions
from ui.edit.clipboard import Clipboard
from ui.edit.columns import Columns
from ui.edit.departments import DepartmentsEditor
from ui.edit.editors import CueEditor, EditContext, MultiEditor, editor_for
from ui.edit.fields import ErrorLabel
from ui.edit.find import FindBar
from ui.edit.listedits import ListEdit, ListEdits, Select
from ui.edit.model import EditCueModel
from ui.edit.patch_editor import PatchEditor
from ui.edit.preview import PreviewPanel, preview_sends
from ui.edit.remote_panel import RemotePanel
from ui.edit.sheets import SheetFiles, SheetPanel
from ui.edit.show_settings import ShowSettingsEditor
from ui.edit.writes import Writes
from ui.wheel import install as guard_wheel

EMPTY_HINT = (
    "This cue list is empty.\n\nInsert adds a cue of the type picked above (Ctrl+1 … Ctrl+9 "
    "pick and insert: 1 OSC, 2 fade, 3 MIDI ...).\nCtrl+V pastes cue rows copied from a show "
    "or a spreadsheet; File ▸ Import CSV reads a department's cue sheet."
)


class EditView(QWidget, ListEdits, Clipboard, SheetFiles):
    """The stage manager's edit mode over one show file (opened here, closed by `close_show`)."""

    cues_changed = Signal()

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        guard_wheel()  # before any field is made: it polishes them as they appear
        self.path = Path(path)
        self.showfile = ShowFile.open(self.path)
        self.list_name = MAIN
        self.undo_stack = QUndoStack(self)
        self.writes = Writes(self.showfile, self.undo_stack, self._landed)
        self.context = EditContext()
        self.inspector: CueEditor | MultiEditor | None = None
        self.is_live: Callable[[], bool] = lambda: False  # the window says when it is live
        self._reloading = False
        self._swapping = False
        self._seen: tuple[int, str] = (-1, "")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        toolbar = QToolBar("Edit")
        layout.addWidget(toolbar)
        self.status = ErrorLabel()
        self.status.setObjectName("edit-status")
        layout.addWidget(self.status)

        self.model = EditCueModel()
        self.table = QTableView()
        self.table.setObjectName("edit-cues")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.columns = Columns(self.table)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.empty_hint = QLabel(EMPTY_HINT)
        self.empty_hint.setObjectName("empty-hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table_page = QStackedWidget()
        self.table_page.addWidget(self.table)
        self.table_page.addWidget(self.empty_hint)
        self.find_bar = FindBar(lambda: self.model.cues, self._current_row, self._select_row,
                                self.go_to, self.table.setFocus)  # fmt: skip
        self.preview_panel = PreviewPanel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.find_bar)
        left_layout.addWidget(self.table_page, 1)
        left_layout.addWidget(self.preview_panel)

        self.tabs = QTabWidget()
        # The tab names a little smaller than the forms, so all six fit the inspector at
        # 1366x768: at the forms' size Remote sat out of sight behind a scroll arrow.
        self.tabs.tabBar().setStyleSheet("QTabBar { font-size: 10pt; }")
        self.inspector_area = _scroll(QLabel("Select a cue to edit it here."))
        self.patch_editor = PatchEditor(self._write_patch, lambda: self.context.midi_backend)
        self.departments_editor = DepartmentsEditor(self._write_departments, self._dept_count)
        self.sheets = SheetPanel(self.import_csv, self.export_csv)
        self.settings_editor = ShowSettingsEditor(self._write_setting)
        self.remote_panel = RemotePanel(self._write_setting)
        self.tabs.addTab(self.inspector_area, "Inspector")
        self.tabs.addTab(_scroll(self.patch_editor), "Patch")
        self.tabs.addTab(_scroll(self.departments_editor), "Departments")
        self.tabs.addTab(self.sheets, "CSV")
        self.tabs.addTab(_scroll(self.settings_editor), "Settings")
        self.tabs.addTab(self.remote_panel, "Remote")

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 480])  # the inspector keeps its labels beside its fields
        layout.addWidget(splitter, 1)

        self.edit_actions = EditActions(self, toolbar)
        self.reload()
        # The window may never call close_show(); the connection closes with the widget.
        self.destroyed.connect(lambda _=None, show=self.showfile: show.close())

    def pick_type(self, type_name: str) -> None:
        picker = self.edit_actions.type_picker
        picker.setCurrentIndex(picker.findData(type_name))

    # -- loading and selection ------------------------------------------------------------

    def reload(self, cues: list[Cue] | None = None) -> None:
        """Reads the show file again (cues, patch, departments, settings) and shows it, keeping
        the selection.

        `cues`: the current list's cues when the caller has just written exactly these.
        """
        selected = self.selected_ids()
        names = self.showfile.cue_lists()
        if self.list_name not in names:
            self.list_name = names[0] if names else MAIN
        lists = self.edit_actions.lists
        lists.clear()
        lists.addItems(names or [MAIN])
        lists.setCurrentText(self.list_name)
        if cues is None:
            cues = self.showfile.cues(self.list_name) if names else []
        self._seen = (self._data_version(), self.list_name)
        departments = self.showfile.departments()
        settings = self.showfile.settings()
        self.context.patch = self.showfile.patch()
        self.context.departments = [d.code for d in departments]
        self.context.cues = cues
        self.context.midi_backend = settings.midi_backend
        self._reloading = True
        try:
            refit = len(cues) != len(self.model.cues) or not self.model.cues
            self.model.set_cues(cues, {d.code: d.colour for d in departments})
            if refit:  # fitting measures rows; an edit of one cue keeps the widths
                self.columns.fit()
            self.table_page.setCurrentWidget(self.table if cues else self.empty_hint)
            self._fill_filter(self.context.departments)
            self.apply_filter()
            self._select_ids(selected)
        finally:
            self._reloading = False
        self.patch_editor.set_patch(self.context.patch)
        self.departments_editor.set_departments(departments)
        self.settings_editor.set_settings(settings)
        self.remote_panel.set_settings(settings)
        self._update_inspector()

    def _data_version(self) -> int:
        # Changes only when *another* connection commits (the engine, the CLI): then the cue
        # list shown may be stale and is read again before an edit is computed from it.
        return int(self.showfile.db.execute("PRAGMA data_version").fetchone()[0])

    def close_show(self) -> None:
        self.showfile.close()

    def choose_list(self, name: str) -> None:
        if name and name != self.list_name:
            self.list_name = name
            self.reload()

    def _fill_filter(self, codes: list[str]) -> None:
        box = self.edit_actions.dept_filter
        chosen = box.currentData()
        box.clear()
        box.addItem("All depts", "")  # short: the toolbar must fit 1280
        for code in codes:
            box.addItem(code, code)
        box.setCurrentIndex(max(0, box.findData(chosen)))

    def filter_department(self, code: str) -> None:
        """Shows only the cues of one department ("" shows every cue)."""
        box = self.edit_actions.dept_filter
        box.setCurrentIndex(max(0, box.findData(code)))
        self.apply_filter()

    def apply_filter(self) -> None:
        code = self.edit_actions.dept_filter.currentData() or ""
        for row, cue in enumerate(self.model.cues):
            self.table.setRowHidden(row, bool(code) and cue.dept != code)
        visible = self.selected_ids()
        if len(visible) != len(self.table.selectionModel().selectedRows()):
            self._select_ids(visible)  # drop hidden cues from the selection, and the inspector

    def selected_ids(self) -> list[str]:
        """The selected cues' ids in list order (never a cue the department filter hides)."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [
            self.model.cues[row].id
            for row in rows
            if row < len(self.model.cues) and not self.table.isRowHidden(row)
        ]

    def selected_cues(self) -> list[Cue]:
        ids = set(self.selected_ids())
        return [cue for cue in self.model.cues if cue.id in ids]

    def _select_ids(self, ids: Sequence[str]) -> None:
        selection = QItemSelection()
        row_of = {cue.id: row for row, cue in enumerate(self.model.cues)}
        rows = [row_of.get(cue_id, -1) for cue_id in ids]
        for row in (r for r in rows if r >= 0):
            selection.select(self.model.index(row, 0), self.model.index(row, 0))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        model = self.table.selectionModel()
        model.select(selection, flags)
        shown = [r for r in rows if r >= 0]
        if shown:
            current = self.model.index(shown[0], 0)
            model.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(current)

    def select_all(self) -> None:
        self._select_ids([c.id for r, c in enumerate(self.model.cues)
                          if not self.table.isRowHidden(r)])  # fmt: skip

    def _current_row(self) -> int:
        return self.table.currentIndex().row()

    def _select_row(self, row: int) -> None:
        if self.table.isRowHidden(row):
            self.filter_department("")  # found by a search: shown whatever its department
        self._select_ids([self.model.cues[row].id])

    def select_cue(self, number: str) -> bool:
        """Selects the cue numbered so and opens its inspector."""
        for row, cue in enumerate(self.model.cues):
            if cue.number == number:
                self._select_row(row)
                self.tabs.setCurrentWidget(self.inspector_area)
                return True
        self.status.show_error(f"there is no cue numbered {number} in {self.list_name}")
        return False

    def select_cues(self, numbers: Sequence[str]) -> None:
        """Selects the cues numbered so (several: the multi-cue inspector)."""
        if len(numbers) == 1:
            self.select_cue(numbers[0])
            return
        self._select_ids([cue.id for cue in self.model.cues if cue.number in numbers])
        self.tabs.setCurrentWidget(self.inspector_area)

    def open_find(self) -> None:
        self.find_bar.open("find")

    def open_go_to(self) -> None:
        self.find_bar.open("go to")

    def go_to(self, number: str) -> bool:
        if self.select_cue(number):
            self.status.show_error("")
            self.table.setFocus()
            return True
        return False

    def _selection_changed(self, *_: QItemSelection) -> None:
        if not self._reloading:
            self._update_inspector()

    def _update_inspector(self) -> None:
        if self._swapping:
            return  # a field left while the old editor goes commits; it must not swap again
        self._swapping = True
        try:
            self._swap_inspector()
        finally:
            self._swapping = False

    def _swap_inspector(self) -> None:
        cues = self.selected_cues()
        current = self.inspector
        # The same cue(s) as before: refresh the fields in place, so focus stays where it is.
        if (
            isinstance(current, CueEditor)
            and len(cues) == 1
            and (current.cue.id, current.kind) == (cues[0].id, cues[0].type)
        ):
            current.refresh(cues[0])
            return
        if (
            isinstance(current, MultiEditor)
            and len(cues) > 1
            and current.ids == {cue.id for cue in cues}
        ):
            current.refresh(cues)
            return
        if not cues:
            widget: QWidget = QLabel("Select a cue to edit it here; several to edit them all.")
            self.inspector = None
        elif len(cues) == 1:
            editor = editor_for(cues[0], self.context)
            editor.edited.connect(lambda cue, e=editor: self._inspector_edit(e, cue))
            widget = self.inspector = editor
        else:
            multi = MultiEditor(cues, self.context)
            multi.field_edited.connect(lambda n, v, m=multi: self._multi_edit(m, n, v))
            widget = self.inspector = multi
        old = self.inspector_area.takeWidget()
        self.inspector_area.setWidget(widget)
        if old is not None:
            old.deleteLater()

    def focus_inspector(self) -> None:
        self.tabs.setCurrentWidget(self.inspector_area)
        if isinstance(self.inspector, CueEditor):
            self.inspector.common.name.setFocus()

    # -- writing edits --------------------------------------------------------------------

    def _landed(
        self,
        error: str | None,
        select: Sequence[str] | None = None,
        cues: list[Cue] | None = None,
    ) -> None:
        self.reload(cues)
        self.status.show_error(error or "")
        if select is not None:
            self._select_ids(select)
        if error is None:
            self.cues_changed.emit()

    def apply(self, text: str, edit: ListEdit, select: Select | None = None) -> Exception | None:
        """Makes one edit of the list: computes it, writes it, and pushes it for undo.

        Returns what stopped it (nothing is written then), or None when it landed.
        """
        list_name = self.list_name
        if self._seen == (self._data_version(), list_name):
            before = list(self.model.cues)  # nobody else has written since we read or wrote
        else:
            before = self.showfile.cues(list_name)
        try:
            after = edit(before)
        except (ops.EditError, CueError) as exc:
            return exc
        if after == before:
            return None
        try:
            self.writes.cues(text, list_name, before, after)
        except ShowdeskError as exc:
            return exc
        self._landed(None, select(after) if select else None, after)
        return None

    def act(self, text: str, edit: ListEdit, select: Select | None = None) -> bool:
        """A list action from the toolbar or a key: its refusal shows in the strip."""
        problem = self.apply(text, edit, select)
        self.status.show_error(str(problem) if problem else "")
        return problem is None

    def _inspector_edit(self, editor: CueEditor, cue: Cue) -> None:
        problem = self.apply(f"edit {cue.label}", lambda cues: ops.replace_cue(cues, cue))
        if isinstance(problem, CueError):
            editor.show_error(problem.field, problem.reason)
        elif problem is not None:
            editor.show_error("general", str(problem))

    def _multi_edit(self, editor: MultiEditor, name: str, value: object) -> None:
        ids = {cue.id for cue in editor.cues}
        problem = self.apply(
            f"set {name} on {len(ids)} cues", lambda cues: ops.set_field(cues, ids, name, value)
        )
        if isinstance(problem, CueError):  # which of the cues refused it, as the target's check
            where = f"{problem.cue}: " if problem.cue else ""
            editor.show_error(problem.field, where + problem.reason)
        elif problem is not None:
            editor.show_error("name", str(problem))

    # -- preview --------------------------------------------------------------------------

    def preview(self) -> None:
        """P: what the selected cue sends; live, sends it (after a confirm the first time)."""
        panel = self.preview_panel
        if panel.pending is not None:  # P again on the one-line confirm: send
            panel.accept()
            return
        cues = self.selected_cues()
        if len(cues) != 1:
            self.status.show_error("select one cue to preview")
            return
        cue = cues[0]
        sends = preview_sends(cue, self.model.cues)
        if self.is_live():
            panel.ask_live(cue, sends, self.context.patch, self.context.midi_backend)
        else:
            panel.show_rehearsal(cue, sends, self.context.patch)

    # -- patch, departments, settings, sheets ---------------------------------------------

    def _written(self, write: Callable[[], object]) -> str | None:
        try:
            write()
        except ShowdeskError as exc:
            return str(exc)
        self._landed(None)
        return None

    def _write_patch(self, text: str, patch: dict[str, str]) -> str | None:
        return self._written(lambda: self.writes.patch(text, patch))

    def _write_departments(
        self, text: str, departments: list[Department], renames: dict[str, str]
    ) -> str | None:
        return self._written(lambda: self.writes.departments(text, departments, renames))

    def _write_setting(self, key: str, value: object) -> str | None:
        return self._written(lambda: self.writes.setting(key, value))

    def _dept_count(self, code: str) -> int:
        row = self.showfile.db.execute("SELECT count(*) FROM cues WHERE dept = ?", [code])
        return int(row.fetchone()[0])


def _scroll(widget: QWidget) -> QScrollArea:
    """A form in a scroll area that scrolls down only: the form fits the width it is given."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return area
