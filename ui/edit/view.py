"""Edit mode: the cue table, the inspector, the patch, the departments and CSV sheets.

Every edit is written to the show file the moment it is made, as one transaction, and pushed on
`undo_stack` as one command; undo writes the state before it back to the file. The engine may
have the same file open: SQLite's WAL lets both work, and the engine reads a show when it loads.
Errors appear in place (under the field, or in the strip over the table), never in a dialog.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from cues.base import Cue, CueError
from cues.registry import cue_types
from showdesk.errors import ShowdeskError
from showdesk.sheet import SheetError, write_csv
from showdesk.showfile import MAIN, Department, ShowFile
from ui.edit import ops
from ui.edit.departments import DepartmentsEditor
from ui.edit.editors import CueEditor, EditContext, MultiEditor, editor_for
from ui.edit.fields import ErrorLabel
from ui.edit.model import EditCueModel
from ui.edit.patch_editor import PatchEditor
from ui.edit.remote_panel import RemotePanel
from ui.edit.sheets import SheetPanel
from ui.edit.show_settings import ShowSettingsEditor
from ui.edit.writes import Writes
from ui.wheel import install as guard_wheel

ListEdit = Callable[[list[Cue]], list[Cue]]
Select = Callable[[list[Cue]], list[str]]  # which cues to select once the edit has landed


class EditView(QWidget):
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
        self._reloading = False
        self._swapping = False
        self._seen: tuple[int, str] = (-1, "")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.toolbar = QToolBar("Edit")
        layout.addWidget(self.toolbar)
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
        # Columns fit their contents, judged on the rows in view and 100 more: measuring every
        # row of a 1000-cue show on each edit took half a second.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(100)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.tabs = QTabWidget()
        self.inspector_area = QScrollArea()
        self.inspector_area.setWidgetResizable(True)
        self.inspector_area.setWidget(QLabel("Select a cue to edit it here."))
        self.patch_editor = PatchEditor(self._write_patch)
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
        splitter.addWidget(self.table)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([840, 560])
        layout.addWidget(splitter, 1)

        self._build_toolbar()
        self.reload()
        # The window may never call close_show(); the connection closes with the widget.
        self.destroyed.connect(lambda _=None, show=self.showfile: show.close())

    # -- the toolbar and its keys ---------------------------------------------------------

    def _action(
        self, text: str, keys: Sequence[QKeySequence | str], slot: Callable[[], object],
        *, table_only: bool = False,
    ) -> QAction:  # fmt: skip
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        # Keys that mean something else while typing (Delete, Ctrl+Up) act on the table only.
        owner = self.table if table_only else self
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        owner.addAction(action)
        action.triggered.connect(lambda _=False: slot())
        shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text} ({shown})" if shown else text)
        self.toolbar.addAction(action)
        return action

    def _build_toolbar(self) -> None:
        self.lists = QComboBox()
        self.lists.setToolTip("cue list")
        self.lists.activated.connect(lambda _: self._choose_list(self.lists.currentText()))
        self.toolbar.addWidget(self.lists)
        self.type_picker = QComboBox()
        self.type_picker.setObjectName("type-picker")
        self.type_picker.setToolTip("type of cue Insert adds (Ctrl+1..9 pick and insert)")
        kinds = type_order()
        for number, name in enumerate(kinds, start=1):
            self.type_picker.addItem(f"{number}  {name}" if number <= 9 else name, name)
        self.toolbar.addWidget(self.type_picker)
        self.dept_filter = QComboBox()
        self.dept_filter.setObjectName("dept-filter")
        self.dept_filter.setToolTip("show the cues of one department only")
        self.dept_filter.activated.connect(lambda _: self._apply_filter())
        self.toolbar.addWidget(self.dept_filter)
        self._action("Insert", ["Insert"], lambda: self.insert_cue(self._picked()))
        for number, name in enumerate(kinds[:9], start=1):
            action = QAction(f"Insert {name}", self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, n=name: self.insert_cue(n))
            self.addAction(action)
        self._action("Duplicate", ["Ctrl+D"], self.duplicate, table_only=True)
        self._action("Delete", ["Delete"], self.delete, table_only=True)
        self._action("Up", ["Ctrl+Up"], lambda: self.move_cues(-1), table_only=True)
        self._action("Down", ["Ctrl+Down"], lambda: self.move_cues(1), table_only=True)
        self._action("Group", ["Ctrl+G"], self.group, table_only=True)
        self._action("Ungroup", ["Ctrl+Shift+G"], self.ungroup, table_only=True)
        self._action("Arm/disarm", ["Ctrl+R"], self.toggle_armed, table_only=True)
        self.toolbar.addSeparator()
        self.renumber_start = QLineEdit("1")
        self.renumber_step = QLineEdit("1")
        for edit, tip in ((self.renumber_start, "first number"), (self.renumber_step, "step")):
            edit.setMaximumWidth(48)
            edit.setToolTip(tip)
            self.toolbar.addWidget(edit)
        self._action(
            "Renumber",
            ["Ctrl+Shift+R"],
            lambda: self.renumber(self.renumber_start.text(), self.renumber_step.text()),
        )
        self.toolbar.addSeparator()
        undo = self._action("Undo", ["Ctrl+Z"], self.undo_stack.undo)
        redo = self._action("Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(redo.setEnabled)
        undo.setEnabled(False)
        redo.setEnabled(False)
        inspect = QAction("Edit in inspector", self)
        inspect.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        inspect.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        inspect.triggered.connect(lambda _=False: self.focus_inspector())
        self.table.addAction(inspect)

    def _picked(self) -> str:
        return str(self.type_picker.currentData())

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
        self.lists.clear()
        self.lists.addItems(names or [MAIN])
        self.lists.setCurrentText(self.list_name)
        if cues is None:
            cues = self.showfile.cues(self.list_name) if names else []
        self._seen = (self._data_version(), self.list_name)
        departments = self.showfile.departments()
        self.context.patch = self.showfile.patch()
        self.context.departments = [d.code for d in departments]
        self.context.cues = cues
        self._reloading = True
        try:
            refit = len(cues) != len(self.model.cues) or not self.model.cues
            self.model.set_cues(cues, {d.code: d.colour for d in departments})
            if refit:  # fitting measures rows; an edit of one cue keeps the widths
                self.table.resizeColumnsToContents()
                self.table.setColumnWidth(1, max(220, self.table.columnWidth(1)))
            self._fill_filter(self.context.departments)
            self._apply_filter()
            self._select_ids(selected)
        finally:
            self._reloading = False
        self.patch_editor.set_patch(self.context.patch)
        self.departments_editor.set_departments(departments)
        self.settings_editor.set_settings(self.showfile.settings())
        self.remote_panel.set_settings(self.showfile.settings())
        self._update_inspector()

    def _data_version(self) -> int:
        # Changes only when *another* connection commits (the engine, the CLI): then the cue
        # list shown may be stale and is read again before an edit is computed from it.
        return int(self.showfile.db.execute("PRAGMA data_version").fetchone()[0])

    def close_show(self) -> None:
        self.showfile.close()

    def _choose_list(self, name: str) -> None:
        if name and name != self.list_name:
            self.list_name = name
            self.reload()

    def _fill_filter(self, codes: list[str]) -> None:
        chosen = self.dept_filter.currentData()
        self.dept_filter.clear()
        self.dept_filter.addItem("All departments", "")
        for code in codes:
            self.dept_filter.addItem(code, code)
        self.dept_filter.setCurrentIndex(max(0, self.dept_filter.findData(chosen)))

    def filter_department(self, code: str) -> None:
        """Shows only the cues of one department ("" shows every cue)."""
        self.dept_filter.setCurrentIndex(max(0, self.dept_filter.findData(code)))
        self._apply_filter()

    def _apply_filter(self) -> None:
        code = self.dept_filter.currentData() or ""
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

    def select_cue(self, number: str) -> None:
        """Selects the cue numbered so and opens its inspector."""
        for row, cue in enumerate(self.model.cues):
            if cue.number == number:
                if self.table.isRowHidden(row):
                    self.filter_department("")  # asked for by number: show it whatever its dept
                self._select_ids([cue.id])
                self.tabs.setCurrentWidget(self.inspector_area)
                return
        self.status.show_error(f"there is no cue numbered {number} in {self.list_name}")

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

    def _act(self, text: str, edit: ListEdit, select: Select | None = None) -> bool:
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
        if isinstance(problem, CueError):
            editor.show_error(problem.field, problem.reason)
        elif problem is not None:
            editor.show_error("name", str(problem))

    # -- the list actions -----------------------------------------------------------------

    def insert_cue(self, type_name: str) -> Cue | None:
        """A new cue of this type after the selection (at the end when nothing is selected)."""
        kind = cue_types().get(type_name)
        if kind is None:
            self.status.show_error(f"unknown cue type {type_name!r}")
            return None
        self.type_picker.setCurrentIndex(self.type_picker.findData(type_name))
        ids = self.selected_ids()
        made: list[Cue] = []

        def edit(cues: list[Cue]) -> list[Cue]:
            result, cue = ops.insert(cues, kind, ids[-1] if ids else None)
            made.append(cue)
            return result

        if self._act(f"insert {type_name} cue", edit, lambda _: [made[0].id]):
            return made[0]
        return None

    def duplicate(self) -> None:
        ids = set(self.selected_ids())
        copies: list[Cue] = []

        def edit(cues: list[Cue]) -> list[Cue]:
            result, made = ops.duplicate(cues, ids)
            copies.extend(made)
            return result

        self._act("duplicate", edit, lambda _: [c.id for c in copies])

    def delete(self) -> None:
        ids = set(self.selected_ids())
        if not ids:
            return
        rows = [self.model.row_of(i) for i in ids]

        def select(after: list[Cue]) -> list[str]:
            row = min(min(rows), len(after) - 1)
            return [after[row].id] if row >= 0 else []

        self._act(f"delete {len(ids)} cue(s)", lambda cues: ops.delete(cues, ids), select)

    def move_cues(self, step: int) -> None:
        ids = self.selected_ids()
        self._act("move", lambda cues: ops.move(cues, set(ids), step), lambda _: list(ids))

    def renumber(self, start: str, step: str) -> None:
        ids = set(self.selected_ids())
        if not ids:
            self.status.show_error("select the cues to renumber")
            return
        self._act(
            "renumber", lambda cues: ops.renumber(cues, ids, start, step), lambda _: list(ids)
        )

    def group(self) -> None:
        ids = set(self.selected_ids())
        holder: list[Cue] = []

        def edit(cues: list[Cue]) -> list[Cue]:
            result, made = ops.group(cues, ids, cue_types()["group"])
            holder.append(made)
            return result

        self._act("group", edit, lambda _: [holder[0].id])

    def ungroup(self) -> None:
        ids = set(self.selected_ids())
        self._act("ungroup", lambda cues: ops.ungroup(cues, ids), lambda _: [])

    def toggle_armed(self) -> None:
        ids = set(self.selected_ids())
        self._act("arm/disarm", lambda cues: ops.toggle_armed(cues, ids), lambda _: list(ids))

    # -- patch, departments, sheets -------------------------------------------------------

    def _write_patch(self, text: str, patch: dict[str, str]) -> str | None:
        try:
            self.writes.patch(text, patch)
        except ShowdeskError as exc:
            return str(exc)
        self._landed(None)
        return None

    def _write_departments(
        self, text: str, departments: list[Department], renames: dict[str, str]
    ) -> str | None:
        try:
            self.writes.departments(text, departments, renames)
        except ShowdeskError as exc:
            return str(exc)
        self._landed(None)
        return None

    def _write_setting(self, key: str, value: object) -> str | None:
        try:
            self.writes.setting(key, value)
        except ShowdeskError as exc:
            return str(exc)
        self._landed(None)
        return None

    def _dept_count(self, code: str) -> int:
        row = self.showfile.db.execute("SELECT count(*) FROM cues WHERE dept = ?", [code])
        return int(row.fetchone()[0])

    def import_csv(self, path: Path) -> bool:
        """Imports a cue sheet: every row or none; problems are listed in the CSV tab."""
        self.tabs.setCurrentWidget(self.sheets)
        try:
            sheet = self.writes.import_sheet(path)
        except SheetError as exc:
            self.sheets.show_problem(
                f"{path.name}: {len(exc.errors)} problem(s); nothing was imported. "
                "Fix the sheet and import it again.",
                exc.errors,
            )
            return False
        except ShowdeskError as exc:
            self.sheets.show_problem(str(exc))
            return False
        notes = []
        if sheet.new_departments:
            notes.append(f"new departments: {', '.join(sheet.new_departments)}")
        if sheet.unpatched:
            targets = sorted({cue.target for _, cue in sheet.unpatched})
            notes.append(f"not in the patch yet: {', '.join(targets)}")
        if sheet.unknown_columns:
            notes.append(f"columns ignored: {', '.join(sheet.unknown_columns)}")
        extra = f" ({'; '.join(notes)})" if notes else ""
        self.sheets.show_ok(f"✓ imported {sheet.count} cue(s) from {path.name}{extra}")
        self._landed(None)
        return True

    def export_csv(self, path: Path) -> bool:
        """Writes every cue list of the show as one CSV sheet."""
        buffer = io.StringIO()
        try:
            count = write_csv(self.showfile, buffer)
            path.write_text(buffer.getvalue(), encoding="utf-8")
        except ShowdeskError as exc:
            self.sheets.show_problem(str(exc))
            return False
        except OSError as exc:
            self.sheets.show_problem(f"could not write {path}: {exc.strerror}")
            return False
        self.sheets.show_ok(f"✓ exported {count} cue(s) to {path}")
        return True


# Ctrl+1..9 insert these, in this order, whatever order the registry lists them in.
FIRST_TYPES = ("osc", "fade", "midi", "msc", "memo", "wait", "group", "start", "stop")


def type_order() -> list[str]:
    """Every registered cue type, the common ones first (as Ctrl+1..9 number them)."""
    names = list(cue_types())
    return [n for n in FIRST_TYPES if n in names] + [n for n in names if n not in FIRST_TYPES]


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area
