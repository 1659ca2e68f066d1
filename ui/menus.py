"""The main window's menu bar: File, Edit, View and Help.

File: New, Open, Open Recent, Save a Copy As, Import CSV, Export CSV / JSON, Report, Quit. New
and Open open the show in a window of its own. Everything in File that asks a question (a file
dialog) works in edit mode only: in show mode no dialog may take the GO key, so those items are
greyed there with a tooltip that says so. Edit lists edit mode's own actions (the same QActions,
so the keys are the same). View switches show and edit mode (Ctrl+E), the theme and this
computer's show-mode keys (ui/keys_dialog.py).

A menu opened in show mode never swallows the keys that must always work: the GO keys (Space)
still GO and the panic keys (Esc) still panic (the menu closes).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from showdesk import __version__
from showdesk.errors import ShowdeskError
from ui import files, prefs, theme, windows

if TYPE_CHECKING:
    from ui.main_window import MainWindow

EDIT_MODE_ONLY = "in edit mode (Ctrl+E): no dialog opens in show mode"


class ShowKeys(QObject):
    """On a menu of a window in show mode: the GO and panic keys (Space, Esc) close the menu
    and reach show mode."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or self.window.mode != "show":
            return False
        assert isinstance(event, QKeyEvent)
        view = self.window.show_view
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if view.keys.action_of(event.key(), mods) not in ("go", "panic"):
            return False
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
        return view.handle_key(view.table, event)


class WindowMenus:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.keys = ShowKeys(window)
        bar = window.menuBar()
        self.file = self._menu("&File")
        self.new = self._item(self.file, "&New show…", "Ctrl+N", self.new_show, dialog=True)
        self.open = self._item(self.file, "&Open…", "Ctrl+O", self.open_show, dialog=True)
        self.recent = self._menu("Open &Recent", self.file)
        self.recent.aboutToShow.connect(self._fill_recent)
        self.file.addSeparator()
        self.save_copy = self._item(self.file, "Save a &Copy As…", "Ctrl+Shift+S",
                                    self.save_a_copy, dialog=True)  # fmt: skip
        self.file.addSeparator()
        self.import_csv = self._item(self.file, "&Import CSV…", "Ctrl+I", self.import_sheet,
                                     dialog=True)  # fmt: skip
        export = self._menu("&Export", self.file)
        self.export_csv = self._item(export, "CSV sheet…", "", lambda: self.export("csv"),
                                     dialog=True)  # fmt: skip
        self.export_json = self._item(export, "JSON document…", "", lambda: self.export("json"),
                                      dialog=True)  # fmt: skip
        # The report window is never modal (in show mode Space stays GO in it): always there.
        self.report = self._item(self.file, "&Report…", "Ctrl+P", window.open_report)
        self.file.addSeparator()
        self.quit = self._item(self.file, "&Quit", QKeySequence.StandardKey.Quit, quit_app)
        self.edit = self._menu("&Edit")
        self.edit.aboutToShow.connect(self._fill_edit)
        self._fill_edit()
        view = self.view = self._menu("&View")
        self.edit_mode = self._item(view, "&Edit mode", "Ctrl+E", window.toggle_mode)
        self.edit_mode.setCheckable(True)
        # Per computer (a foot pedal's key), so here with the theme, not in the show's settings.
        self.keys_item = self._item(view, "Show-mode &keys…", "", window.open_keys, dialog=True)
        themes = self._menu("&Theme", view)
        group = QActionGroup(themes)
        self.themes: dict[str, QAction] = {}
        for name in theme.THEMES:
            action = self._item(themes, name.capitalize(), "", self._theme_setter(name))
            action.setCheckable(True)
            action.setChecked(name == window.theme.name)
            group.addAction(action)
            self.themes[name] = action
        self.help = self._menu("&Help")
        doctor = getattr(window, "show_doctor", None)  # the install helper's panel, if there
        if callable(doctor):
            self._item(self.help, "&Doctor", "", doctor)
        self._item(self.help, "&About showdesk", "", self.about, dialog=True)
        bar.setNativeMenuBar(False)  # the same menu bar on every platform, in the window
        self.update_mode()

    # -- building --------------------------------------------------------------------------

    def _menu(self, title: str, parent: QMenu | None = None) -> QMenu:
        menu = parent.addMenu(title) if parent is not None else self.window.menuBar().addMenu(title)
        menu.installEventFilter(self.keys)
        return menu

    def _item(
        self,
        menu: QMenu,
        text: str,
        keys: str | QKeySequence.StandardKey,
        slot: Callable[[], object],
        *,
        dialog: bool = False,
    ) -> QAction:
        action = menu.addAction(text)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False: slot())
        action.setProperty("dialog", dialog)
        return action

    def update_mode(self) -> None:
        """Greys what asks a question in show mode; ticks the mode."""
        editing = self.window.mode == "edit"
        self.edit_mode.setChecked(editing)
        for menu in (self.file, self.view, self.help, *self.file.findChildren(QMenu)):
            for action in menu.actions():
                if action.property("dialog"):
                    action.setEnabled(editing)
                    action.setToolTip("" if editing else f"{action.text()}: {EDIT_MODE_ONLY}")
        self.recent.setEnabled(editing)

    def _fill_recent(self) -> None:
        self.recent.clear()
        shows = prefs.recent_shows()
        if not shows:
            self.recent.addAction("(no recent shows)").setEnabled(False)
        for path in shows:
            action = self.recent.addAction(f"{path.stem}   {path.parent}")
            action.setEnabled(path.is_file())
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))

    def _fill_edit(self) -> None:
        self.edit.clear()
        view = self.window.edit_view
        actions = getattr(getattr(view, "edit_actions", None), "menu_actions", None)
        if self.window.mode != "edit" or actions is None:
            self.edit.addAction(f"Cues are edited {EDIT_MODE_ONLY}").setEnabled(False)
            return
        for action in actions():
            if action is None:
                self.edit.addSeparator()
            else:
                self.edit.addAction(action)

    # -- what the items do ----------------------------------------------------------------

    def tell(self, text: str, ok: bool = True) -> None:
        self.window.tell(text, ok)

    def new_show(self) -> None:
        answer = files.ask_new_show(self.window)
        if answer is not None:
            name, path = answer
            self._open(lambda: windows.new_show(path, name))

    def open_show(self) -> None:
        path = files.ask_show_to_open(self.window)
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path) -> None:
        self._open(lambda: windows.open_show(path))

    def _open(self, opening: Callable[[], object]) -> None:
        try:
            opening()
        except ShowdeskError as exc:
            self.tell(f"could not open the show: {exc}", ok=False)

    def save_a_copy(self) -> None:
        suggested = files.file_name(f"{self.window.show_name} copy")
        target = files.ASK.save(self.window, "Save a copy of the show as", suggested, files.SHOWS)
        if target is None:
            return
        try:
            saved = files.save_copy(self.window.path, target)
        except ShowdeskError as exc:
            self.tell(str(exc), ok=False)
            return
        self.tell(
            f"✓ saved a copy at {saved} (this window goes on editing {self.window.path.name})"
        )

    def import_sheet(self) -> None:
        path = files.ASK.open(self.window, "Import a cue sheet", "CSV (*.csv *.txt)")
        if path is not None and self.window.edit_view is not None:
            self.window.edit_view.import_csv(path)

    def export(self, kind: str) -> None:
        suggested = f"{Path(files.file_name(self.window.show_name)).stem}.{kind}"
        target = files.ASK.save(self.window, f"Export the show as {kind.upper()}", suggested,
                                f"{kind.upper()} (*.{kind})")  # fmt: skip
        if target is None:
            return
        try:
            self.tell(f"✓ {files.export(self.window.path, target, kind)}")
        except ShowdeskError as exc:
            self.tell(str(exc), ok=False)

    def _theme_setter(self, name: str) -> Callable[[], None]:
        return lambda: self.set_theme(name)

    def set_theme(self, name: str) -> None:
        chosen = theme.THEMES[name]
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, chosen)
        prefs.remember("theme", name)
        self.tell(f"{name} theme (the cue list's own colours follow when the show is next opened)")

    def about(self) -> None:
        QMessageBox.about(self.window, "About showdesk",
                          f"showdesk {__version__}\nShow-day control for stage managers and "
                          "show callers.")  # fmt: skip


def quit_app() -> None:
    """Closes every window, then quits; a window that asks first (mid-show) keeps the app
    running until it is answered. Qt's quit would close it a second time, which is the
    question's yes: File > Quit mid-show closed at once, cues and all."""
    for window in list(windows.OPEN):
        window.close()
    if any(window.isVisible() for window in windows.OPEN):
        return
    app = QApplication.instance()
    if app is not None:
        app.quit()
