"""The main window: the mode banner, show mode and edit mode, and the engine process's life.

The banner says LIVE or REHEARSAL and SHOW or EDIT in words. The engine runs in its own process
(EngineClient); if it dies, the window says so in place and offers to restart it where the
playhead was. Going live, closing the window and leaving show mode mid-show ask first, in place
(ui/top_bar.py): never a dialog that could take the GO key.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from showdesk.showfile import ShowFile
from ui import hotkeys, prefs, windows
from ui.engine_client import EngineClient
from ui.performance_bar import PerformanceBar
from ui.show_layout import room_of, scale_for
from ui.show_view import KeyFilter, ShowView
from ui.theme import DARK, Theme
from ui.top_bar import TopBar
from ui.wheel import install as guard_wheel

if TYPE_CHECKING:  # each imported when first opened, not to start the app
    from ui.doctor_panel import DoctorPanel
    from ui.keys_dialog import KeysDialog
    from ui.report_dialog import ReportDialog

APP = "showdesk"


class MainWindow(QMainWindow):
    def __init__(
        self,
        path: Path,
        *,
        live: bool = False,
        theme: Theme = DARK,
        start_engine: bool = True,
    ) -> None:
        super().__init__()
        guard_wheel()
        self.path = Path(path)
        self.live = live
        self.theme = theme
        self.mode = "show"
        self.show_name = ""
        self.list_name = "Main"
        self.settings: QSettings | None = None  # where the geometry is kept (show_restored)
        self._closing = False  # the caller said yes to closing mid-show
        self._bar_scale = 0.0
        self.restore_playhead: str | None = None
        self.edit_view: Any = None
        self.edits_pending = False
        self.report_dialog: ReportDialog | None = None
        self.keys_dialog: KeysDialog | None = None
        self.engine_ready = False  # the engine has loaded the show and takes commands
        self.client = EngineClient(self)
        self.destroyed.connect(_after_a_window)  # its frozen show can go (reload_show)
        self.client.received.connect(self._on_event)
        self.client.died.connect(self._on_died)
        # The size it opens at, first: the show view scales its fonts for it as it is made
        # (then again only if the window opens at another size).
        self.resize(1280, 720)
        self.setMinimumSize(1024, 600)
        # Every widget is made inside the one it stays in: moving a styled widget into another
        # restyles all of it (moving the show view in took 40 ms of a 5,000-cue show's start).
        central = QWidget(self)
        self.pages = QStackedWidget(central)
        self.show_view = ShowView(self.client, theme, self.pages)
        self.client.read.connect(self.show_view.log.follow)  # once per read, not per line
        keys, refused = hotkeys.load()
        self.show_view.set_keys(keys)
        self._build(central)
        # The show first: a file that cannot be opened must not leave an app-wide filter behind.
        self.reload_show()
        self.key_filter = KeyFilter(self.show_view, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.key_filter)
        self._update_banner()
        if refused:
            self.show_view.say(refused)
        if start_engine:
            self.start_engine()

    # -- layout --------------------------------------------------------------------------

    def _build(self, central: QWidget) -> None:
        self.top = TopBar(central)
        self.banner, self.title = self.top.banner, self.top.title
        self.alert, self.alert_text = self.top.alert, self.top.alert_text
        self.restart_button = self.top.restart_button
        self.live_button, self.mode_button = self.top.live_button, self.top.mode_button
        self.live_button.clicked.connect(self.toggle_live)
        self.mode_button.clicked.connect(self.toggle_mode)
        self.restart_button.clicked.connect(self.restart_engine)

        self.pages.addWidget(self.show_view)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.setSpacing(2)
        layout.addWidget(self.top)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        central.installEventFilter(self)
        from ui.menus import WindowMenus

        self.menus = WindowMenus(self)  # Ctrl+E is its View > Edit mode
        self.performance = PerformanceBar(self.path, self.show_view.table.setFocus, self.tell,
                                          self.menus.keys, self)  # fmt: skip
        # In the menu bar's empty right-hand end: the banner line keeps its room.
        self.menuBar().setCornerWidget(self.performance, Qt.Corner.TopRightCorner)
        self._doctor: DoctorPanel | None = None  # made when first opened (F1, first start)
        # F1 opens it from anywhere in this window (Help > Doctor in the menu bar too). Not an
        # application shortcut: with two windows open, F1 would be ambiguous and do nothing.
        doctor_key = QShortcut(QKeySequence("F1"), self)
        doctor_key.setContext(Qt.ShortcutContext.WindowShortcut)
        doctor_key.activated.connect(self.show_doctor)

    def _update_banner(self) -> None:
        live = "● LIVE" if self.live else "○ REHEARSAL (offline)"
        mode = "SHOW MODE (locked)" if self.mode == "show" else "✎ EDIT MODE"
        self.banner.setText(f"{live}   ·   {mode}")
        self.title.setText(self.show_name)
        self.banner.setProperty("live", "true" if self.live else "false")
        self.top.keep_banner_whole()
        self.top.fix_height()
        self.live_button.setText("Back to rehearsal" if self.live else "Go live…")
        self.mode_button.setText("Show mode (Ctrl+E)" if self.mode == "edit" else
                                 "Edit mode (Ctrl+E)")  # fmt: skip
        suffix = "LIVE" if self.live else "REHEARSAL"
        if self.mode == "edit":
            suffix += ", EDIT"
        self.setWindowTitle(f"{self.show_name} — {APP} ({suffix})")

    # -- the show and the engine ---------------------------------------------------------

    def reload_show(self) -> None:
        again = bool(self.show_view.model.cues)
        with ShowFile.open(self.path) as show:
            self.show_name = show.settings().name or self.path.stem
            self.show_view.load(show, self.list_name)
        # What is loaded lives until the next load: out of the garbage collector's sight, so a
        # full collection (40 ms on a 5,000-cue show, on the window's thread, whenever it comes:
        # in the middle of a GO too) scans only what the run makes. The engine does the same
        # (showdesk/engine/serve.py). A reload (after edit mode) first lets the old show's
        # cycles go; the first load does not spend a start's time on that.
        if again:
            _collect_and_freeze()
        else:
            gc.freeze()

    def start_engine(self) -> None:
        # Until the new engine's `ready`, what was running stays "unknown" (not idle).
        self.engine_ready = self.show_view.engine_ready = False
        self.top.engine_running()
        self.client.start(self.path, self.live)

    def restart_engine(self) -> None:
        """Starts the engine again with the playhead where it was."""
        playhead = self.show_view.model.playhead
        cue = self.show_view.model.cues[self.show_view.model.row_of[playhead]] if (
            playhead in self.show_view.model.row_of) else None  # fmt: skip
        self.restore_playhead = cue.number if cue and cue.number else None
        if playhead is not None and cue is None:
            self.show_view.say("The cue that stood by is no longer in the list: the engine "
                               "starts at the top.")  # fmt: skip
        self.start_engine()

    def _on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "log":
            self.top.set_log(event)
        elif kind == "ready":
            self.top.set_timing(event)
            self.engine_ready = self.show_view.engine_ready = True
            if self.restore_playhead:
                self.client.send({"command": "standby", "cue": self.restore_playhead,
                                  "source": "app"})  # fmt: skip
                self.restore_playhead = None
            self.client.send({"command": "status", "source": "app"})
            if self.mode == "edit":  # an engine started while editing: remote GO locked out
                self._tell_mode()
        self.performance.apply(event)
        remote = getattr(self.edit_view, "remote_panel", None)
        if remote is not None and event.get("event") == "learned":
            remote.learned(event)
        elif remote is not None and event.get("event") == "error" and _about_learn(event):
            remote.learn_failed(str(event.get("message", "")))
        self.show_view.apply(event)

    def _tell_mode(self) -> None:
        """The engine refuses remote GO while the app is in edit mode (show mode's lock)."""
        self.client.send({"command": "edit_mode", "text": "on" if self.mode == "edit" else "off",
                          "source": "app"})  # fmt: skip

    def _learn(self) -> None:
        if not self.client.send({"command": "learn", "source": "app"}):
            remote = getattr(self.edit_view, "remote_panel", None)
            if remote is not None:
                remote.learn_failed("the engine is not running")

    def _on_died(self, why: str) -> None:
        self.engine_ready = self.show_view.engine_ready = False
        self.top.engine_stopped(
            f"ENGINE STOPPED — {why}. Nothing will fire until it is restarted; "
            "the cue standing by is kept."
        )
        self.show_view.engine_stopped()
        self.show_view.say("The engine is not running: what was running is unknown.")

    # -- the pre-show check --------------------------------------------------------------

    @property
    def doctor(self) -> DoctorPanel:
        """The doctor panel, docked on the right and hidden until it is opened."""
        if self._doctor is None:
            from ui.doctor_panel import DoctorPanel

            self._doctor = DoctorPanel(self.theme, self)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self._doctor)
            self._doctor.hide()
        return self._doctor

    def show_doctor(self) -> None:
        """Opens the doctor panel (non-modal, beside the show) and runs the checks."""
        if self.doctor.isHidden() and not (self.isMaximized() or self.isFullScreen()):
            # Room for the panel beside the show rather than out of it, where the screen allows.
            screen = self.screen().availableGeometry().width()
            self.resize(min(self.width() + self.doctor.minimumWidth(), screen), self.height())
        self.doctor.show()
        self.doctor.run(self.path)

    def show_doctor_on_first_start(self, settings: QSettings | None = None) -> bool:
        """Shows the doctor panel if this user has never seen it; True if it did."""
        settings = settings or prefs.prefs()
        if settings.value(prefs.DOCTOR_SHOWN, False, type=bool):
            return False
        settings.setValue(prefs.DOCTOR_SHOWN, True)
        settings.sync()
        self.show_doctor()
        return True

    # -- modes ---------------------------------------------------------------------------

    def toggle_live(self) -> None:
        if self.show_view.model.active():
            self.show_view.say("Cues are running: stop them before switching live/rehearsal.")
            return
        if self.live:
            self._switch_live()
            return
        self.top.ask("live", "Go LIVE? Cues will send to the real rig.\nThe engine restarts "
                     "live with the same cue standing by.", "Go live", "Stay in rehearsal",
                     self._switch_live)  # fmt: skip

    def _switch_live(self) -> None:
        if self.show_view.model.active():  # a GO while the question was up
            self.show_view.say("Cues are running: stop them before switching live/rehearsal.")
            return
        self.live = not self.live
        self._update_banner()
        self.restart_engine()

    def mid_show(self) -> str:
        """Why leaving now needs a yes ("" if it does not): cues running or a show under way."""
        if not self.client.running:
            return ""
        active = len(self.show_view.model.active())
        if active:
            return f"{active} cue{'s are' if active != 1 else ' is'} running"
        return "the performance is under way" if self.show_view.show_started else ""

    def toggle_mode(self) -> None:
        self.set_mode("edit" if self.mode == "show" else "show")

    def set_mode(self, mode: str) -> None:
        if mode == self.mode:
            return
        if mode == "edit":
            why = self.mid_show()
            if why and self.top.asking != "edit":
                self.top.ask("edit", f"Switch to edit mode? {why.capitalize()}.\nSpace does "
                             "not GO in edit mode.", "Edit mode", "Stay in show mode",
                             lambda: self._enter_edit())  # fmt: skip
                return
            self._enter_edit()
            return
        self.pages.setCurrentWidget(self.show_view)
        self.key_filter.enabled = True
        if self.edits_pending:
            self.edits_pending = False
            self.reload_show()
            self.restart_engine()
        self.mode = mode
        self._tell_mode()
        if self.report_dialog is not None:
            self.report_dialog.update_for_mode()
        self._update_banner()
        self.menus.update_mode()

    def tell(self, text: str, ok: bool = True) -> None:
        """A result or a refusal, in place: edit mode's strip, or show mode's notice line."""
        status = getattr(self.edit_view, "status", None)
        if self.mode == "edit" and status is not None:
            if ok:
                status.show_ok(text)
            else:
                status.show_error(text)
        else:
            self.show_view.say(text)

    def open_report(self) -> None:
        """The Report dialog (Ctrl+P): never modal; in show mode the show keeps its keys."""
        if self.report_dialog is None:
            from ui.report_dialog import DialogKeys, ReportDialog

            self.report_dialog = ReportDialog(
                self.path, self, show_mode=lambda: self.mode == "show"
            )
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(DialogKeys(self.key_filter, self.report_dialog))
        else:
            self.report_dialog.reload()
        if self.report_dialog.isVisible():
            self.report_dialog.raise_()  # open behind the window: bring it back to the front
        self.report_dialog.show()
        self.report_dialog.activateWindow()

    def open_keys(self) -> None:
        """View > Show-mode keys… (edit mode only: the menu greys it in show mode)."""
        from ui.keys_dialog import KeysDialog

        self.keys_dialog = KeysDialog(self.show_view.keys, lambda k: apply_keys(k, self), self)
        self.keys_dialog.open()

    def _enter_edit(self) -> None:
        self.top.dismiss()
        page = self._edit_page()
        self.pages.setCurrentWidget(page)
        self.key_filter.enabled = False
        self.mode = "edit"
        self._tell_mode()
        if self.report_dialog is not None:
            self.report_dialog.update_for_mode()
        self._update_banner()
        self.menus.update_mode()

    def _edit_page(self) -> QWidget:
        if self.edit_view is None:
            try:
                from ui.edit.view import EditView
            except ImportError as exc:
                placeholder = QLabel(f"Edit mode is not available in this build ({exc}).", self)
                placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self.edit_view = placeholder
            else:
                self.edit_view = EditView(self.path, self)
                self.edit_view.cues_changed.connect(self._edits_landed)
                self.edit_view.remote_panel.learn_requested.connect(self._learn)
                self.edit_view.is_live = lambda: self.live
                self.edit_view.preview_panel.logged.connect(self.show_view.log.add)
            self.pages.addWidget(self.edit_view)
        elif hasattr(self.edit_view, "reload"):
            self.edit_view.reload()
        playhead = self.show_view.model.playhead
        if hasattr(self.edit_view, "select_cue") and playhead in self.show_view.model.row_of:
            number = self.show_view.model.cues[self.show_view.model.row_of[playhead]].number
            if number:
                self.edit_view.select_cue(number)
        page: QWidget = self.edit_view
        return page

    def _edits_landed(self) -> None:
        self.edits_pending = True

    # -- the window ----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The centre is resized with the window and when a dock opens or closes beside it.
        if watched is self.centralWidget() and event.type() == QEvent.Type.Resize:
            self._rescale_bar()
        return super().eventFilter(watched, event)

    def _rescale_bar(self) -> None:
        scale = scale_for(*room_of(self))
        if scale != self._bar_scale:
            self._bar_scale = scale
            self.top.rescale(scale)

    def show_restored(self, settings: QSettings | None = None) -> None:
        """Shows the window as it was last left on this screen, or maximised the first time."""
        # In the one file the app remembers things in (ui/prefs.py): QSettings(APP, APP) was
        # another one, which $SHOWDESK_CONFIG did not move, so a fresh config folder still
        # found the doctor "already shown" and the window's old size.
        self.settings = settings if settings is not None else prefs.prefs()
        saved = self.settings.value(self._geometry_key())
        if saved is not None and self.restoreGeometry(saved):
            self.show()
        else:
            self.showMaximized()

    def _geometry_key(self) -> str:
        screen = self.screen()
        size = screen.size()
        return f"geometry/{screen.name()}-{size.width()}x{size.height()}"

    def quit_now(self) -> None:
        """Closes without asking (tests, and the yes of the in-place question)."""
        self._closing = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        why = "" if self._closing else self.mid_show()
        if why and self.top.asking != "close":  # a second close while asking is the yes
            event.ignore()
            self.top.ask("close", f"Close showdesk? {why.capitalize()}.\nClosing stops every "
                         "cue and ends the performance.", "Close", "Keep open",
                         self.quit_now)  # fmt: skip
            return
        if self.settings is not None:
            self.settings.setValue(self._geometry_key(), self.saveGeometry())
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.key_filter)
        self.show_view.timer.stop()
        if self._doctor is not None:
            self._doctor.stop()
        self.client.stop()
        if hasattr(self.edit_view, "close_show"):
            self.edit_view.close_show()
            self.edit_view = None
        super().closeEvent(event)


def apply_keys(keys: hotkeys.Bindings, window: MainWindow) -> None:
    """New keys reach every open show window: they are this computer's, not one show's."""
    for each in {window, *windows.show_windows()}:
        each.show_view.set_keys(keys)


def _about_learn(error: dict[str, Any]) -> bool:
    """An engine `error` about a `learn` command (as text or as the app's JSON)."""
    command = str(error.get("command", "")).replace(" ", "")
    return command.startswith("learn") or '"command":"learn"' in command


def _after_a_window() -> None:
    """A window was destroyed: its show was frozen with everything else (reload_show, and
    launch.collect_from_now), and what is left of it in reference cycles would stay for good.
    Once it is gone (the next turn of the event loop), that is found and freed, and what
    remains is frozen again (the other windows' shows)."""
    QTimer.singleShot(0, _collect_and_freeze)


def _collect_and_freeze() -> None:
    """Frees what is only held in reference cycles, frozen ones too; freezes the rest."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
