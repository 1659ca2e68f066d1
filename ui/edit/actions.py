"""Edit mode's actions: one QAction each, on its keys, in the toolbar and the window's Edit menu.

The Edit menu shows these same QAction objects (a second action on the same key would make both
ambiguous, and neither would fire). Keys that mean something else while typing in a field
(Delete, Ctrl+C, P ...) act only while the cue table has focus; the menu works from anywhere.

Keys: Insert and Ctrl+1..9 insert, Ctrl+D duplicate, Delete, Ctrl+Up/Down move, Ctrl+G group,
Ctrl+Shift+G ungroup, Ctrl+R arm/disarm, Ctrl+Shift+R renumber, Ctrl+Z / Ctrl+Shift+Z undo and
redo, Ctrl+X/C/V cut, copy and paste cues, Ctrl+A select all, Ctrl+F find, F3 / Shift+F3 next and
previous match, Ctrl+J go to a cue by number (Ctrl+G stays Group, as in drawing programs), P
preview the selected cue, Return edit it in the inspector.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolBar,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from cues.registry import cue_types

if TYPE_CHECKING:
    from ui.edit.view import EditView

# Ctrl+1..9 insert these, in this order, whatever order the registry lists them in.
FIRST_TYPES = ("osc", "fade", "midi", "msc", "memo", "wait", "group", "start", "stop")


def type_order() -> list[str]:
    """Every registered cue type, the common ones first (as Ctrl+1..9 number them)."""
    names = list(cue_types())
    return [n for n in FIRST_TYPES if n in names] + [n for n in names if n not in FIRST_TYPES]


class EditActions:
    """The actions of one edit view, and its toolbar."""

    def __init__(self, view: EditView, toolbar: QToolBar) -> None:
        self.view = view
        self.toolbar = toolbar
        v = view
        self._pickers()
        self.insert = self._add("Insert", ["Insert"], lambda: v.insert_cue(self.picked()))
        for number, name in enumerate(type_order()[:9], start=1):
            action = QAction(f"Insert {name}", v)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, n=name: v.insert_cue(n))
            v.addAction(action)
        self.duplicate = self._add("Duplicate", ["Ctrl+D"], v.duplicate, table=True)
        self.delete = self._add("Delete", ["Delete"], v.delete, table=True)
        self.up = self._add("Move up", ["Ctrl+Up"], lambda: v.move_cues(-1), table=True,
                            short="↑")  # fmt: skip
        self.down = self._add("Move down", ["Ctrl+Down"], lambda: v.move_cues(1), table=True,
                              short="↓")  # fmt: skip
        self.group = self._add("Group", ["Ctrl+G"], v.group, table=True)
        self.ungroup = self._add("Ungroup", ["Ctrl+Shift+G"], v.ungroup, table=True)
        self.arm = self._add("Arm/disarm", ["Ctrl+R"], v.toggle_armed, table=True)
        toolbar.addSeparator()
        self.renumber = self._add(
            "Renumber",
            ["Ctrl+Shift+R"],
            lambda: v.renumber(self.renumber_start.text(), self.renumber_step.text()),
            toolbar=False,
        )
        self._renumber_button()
        toolbar.addSeparator()
        self.undo = self._add("Undo", [QKeySequence.StandardKey.Undo], v.undo_stack.undo,
                              short="↶")  # fmt: skip
        self.redo = self._add("Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], v.undo_stack.redo, short="↷")
        v.undo_stack.canUndoChanged.connect(self.undo.setEnabled)
        v.undo_stack.canRedoChanged.connect(self.redo.setEnabled)
        self.undo.setEnabled(False)
        self.redo.setEnabled(False)
        self.find = self._add("Find", [QKeySequence.StandardKey.Find], v.open_find)
        self.preview = self._add("Preview", ["P"], v.preview, table=True)
        # In the Edit menu only (the toolbar has no room, and the keys are well known).
        self.cut = self._add("Cut", ["Ctrl+X"], v.cut, table=True, toolbar=False)
        self.copy = self._add("Copy", ["Ctrl+C"], v.copy, table=True, toolbar=False)
        self.paste = self._add("Paste", ["Ctrl+V"], v.paste, table=True, toolbar=False)
        self.select_all = self._add("Select all", ["Ctrl+A"], v.select_all, table=True,
                                    toolbar=False)  # fmt: skip
        self.find_next = self._add("Find next", ["F3"], lambda: v.find_bar.step(1),
                                   toolbar=False)  # fmt: skip
        self.find_previous = self._add("Find previous", ["Shift+F3"],
                                       lambda: v.find_bar.step(-1), toolbar=False)  # fmt: skip
        self.go_to = self._add("Go to cue…", ["Ctrl+J"], v.open_go_to, toolbar=False)
        inspect = QAction("Edit in inspector", v)
        inspect.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        inspect.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        inspect.triggered.connect(lambda _=False: v.focus_inspector())
        v.table.addAction(inspect)

    def menu_actions(self) -> list[QAction | None]:
        """What the window's Edit menu lists, in order (None: a separator)."""
        return [self.undo, self.redo, None, self.cut, self.copy, self.paste, self.duplicate,
                self.delete, self.select_all, None, self.find, self.find_next,
                self.find_previous, self.go_to, None, self.preview]  # fmt: skip

    def picked(self) -> str:
        return str(self.type_picker.currentData())

    def _pickers(self) -> None:
        v = self.view
        self.lists = QComboBox()
        self.lists.setToolTip("cue list")
        # A long list name is cut here (whole in the list), not pushed past the toolbar's end.
        self.lists.setMaximumWidth(110)
        self.lists.activated.connect(lambda _: v.choose_list(self.lists.currentText()))
        self.toolbar.addWidget(self.lists)
        self.type_picker = QComboBox()
        self.type_picker.setObjectName("type-picker")
        self.type_picker.setToolTip("type of cue Insert adds (Ctrl+1..9 pick and insert)")
        for number, name in enumerate(type_order(), start=1):
            self.type_picker.addItem(f"{number}  {name}" if number <= 9 else name, name)
        self.toolbar.addWidget(self.type_picker)
        self.dept_filter = QComboBox()
        self.dept_filter.setObjectName("dept-filter")
        self.dept_filter.setToolTip("show the cues of one department only")
        self.dept_filter.activated.connect(lambda _: v.apply_filter())
        self.toolbar.addWidget(self.dept_filter)

    def _renumber_button(self) -> None:
        """Renumber opens its first number and step, and a button that renumbers with them
        (Ctrl+Shift+R renumbers at once with what they hold).

        The two fields sat in the toolbar itself and pushed Undo, Redo, Find and Preview into
        the toolbar's overflow menu at 1366x768.
        """
        self.renumber_start = QLineEdit("1")
        self.renumber_step = QLineEdit("1")
        button = QToolButton()
        button.setObjectName("renumber")
        button.setDefaultAction(self.renumber)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        fields = QWidget()
        row = QHBoxLayout(fields)
        row.setContentsMargins(8, 4, 8, 4)
        for edit, name, tip in ((self.renumber_start, "from", "first number"),
                                (self.renumber_step, "step", "step between numbers")):  # fmt: skip
            edit.setMaximumWidth(72)
            edit.setToolTip(tip)
            edit.setObjectName(f"renumber-{name}")
            edit.returnPressed.connect(lambda: self._renumber_now(menu))
            row.addWidget(QLabel(f" {name} "))
            row.addWidget(edit)
        go = QPushButton("Renumber")
        go.setToolTip("renumber the selected cues from the first number with the step")
        go.clicked.connect(lambda: self._renumber_now(menu))
        row.addWidget(go)
        shown = QWidgetAction(menu)
        shown.setDefaultWidget(fields)
        menu.addAction(shown)
        menu.aboutToShow.connect(lambda: QTimer.singleShot(0, self._focus_start))
        button.setMenu(menu)
        self.renumber_button = button
        self.toolbar.addWidget(button)

    def _focus_start(self) -> None:
        """The panel opens with its first number ready to be typed over."""
        self.renumber_start.setFocus()
        self.renumber_start.selectAll()

    def _renumber_now(self, menu: QMenu) -> None:
        menu.close()
        self.renumber.trigger()

    def _add(
        self,
        text: str,
        keys: Sequence[QKeySequence | QKeySequence.StandardKey | str],
        slot: Callable[[], object],
        *,
        table: bool = False,
        toolbar: bool = True,
        short: str = "",
    ) -> QAction:
        action = QAction(text, self.view)
        if short:  # the toolbar's label; the Edit menu and the tooltip keep the words
            action.setIconText(short)
        action.setShortcuts([QKeySequence(k) for k in keys])
        owner: QWidget = self.view.table if table else self.view
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        owner.addAction(action)
        action.triggered.connect(lambda _=False: slot())
        shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text} ({shown})" if shown else text)
        if toolbar:
            self.toolbar.addAction(action)
        return action
