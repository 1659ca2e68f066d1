"""The desktop app once Qt may load (ui/app.py checks first): the QApplication, the window, and
the scripted modes (--screenshot, --exit-when-ready) that docs and benches use.

Qt reports a platform plugin it cannot start with a fatal message that ends in "Reinstalling the
application may fix this problem" and an abort (a core dump). ui/app.py checks the libraries and
the display before this, so that is not expected; should it still happen, the fatal message is
turned into a sentence and exit code 1 here.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import (
    QMessageLogContext,
    QStandardPaths,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from showdesk.demo import build_demo
from showdesk.errors import ShowdeskError
from ui import theme
from ui.main_window import MainWindow
from ui.open_error import OpenErrorWindow

GO_SPACING_MS = 450  # above the demo's double-GO guard (0.3 s)
STARTED = time.perf_counter()  # replaced by ui/app.py's clock when started from there
REINSTALL = "Reinstalling the application may fix this problem."


def demo_path() -> Path:
    """The demo show in the user's data folder (or a temporary folder if that cannot be used)."""
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return build_demo(folder / "demo.showdesk")
    except (OSError, ShowdeskError):
        return build_demo(Path(tempfile.mkdtemp(prefix="showdesk-")) / "demo.showdesk")


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages while the QApplication starts: as Qt prints them, less the reinstall advice;
    a fatal one is a sentence and exit 1 instead of an abort."""
    text = message.replace(REINSTALL, "").strip()
    if kind == QtMsgType.QtFatalMsg:
        first = text.splitlines()[0].strip() if text else "no reason given"
        print(f"showdesk-app cannot open a window: Qt says: {first}\n"
              "`showdesk doctor` checks the display and the libraries Qt needs; "
              "docs/install.md has the fixes.", file=sys.stderr, flush=True)  # fmt: skip
        os._exit(1)
    category = context.category if context.category not in (None, "default") else ""
    print(f"{category}: {text}" if category else text, file=sys.stderr)


def open_window(args: argparse.Namespace) -> MainWindow | OpenErrorWindow:
    """The window on the show, or a window saying why the show cannot be opened."""
    name = "the demo show" if args.demo else str(args.file)
    try:
        path = demo_path() if args.demo else Path(args.file)
        return MainWindow(path, live=args.live and not args.demo, theme=theme.THEMES[args.theme])
    except ShowdeskError as exc:
        reason = str(exc)
    except sqlite3.Error as exc:
        reason = f"{name}: the show file could not be read ({exc})"
    except OSError as exc:
        reason = f"{exc.filename or name}: {exc.strerror or exc}"
    print(f"showdesk-app: {reason}", file=sys.stderr)
    return OpenErrorWindow(name, reason)


def launch(args: argparse.Namespace, started: float | None = None) -> int:
    global STARTED
    STARTED = started if started is not None else STARTED
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    # Ctrl+C in the terminal ends the app (Qt's loop would hold Python's handler off); the
    # engine process then sees its stdin close, lets running cues finish, and exits.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    previous = qInstallMessageHandler(_qt_message)
    app = QApplication(sys.argv[:1])
    qInstallMessageHandler(previous)
    app.setApplicationName("showdesk")
    app.setOrganizationName("showdesk")  # where QSettings keeps what the app remembers
    app.setApplicationDisplayName("showdesk")
    theme.apply(app, theme.THEMES[args.theme])
    window = open_window(args)
    if isinstance(window, OpenErrorWindow):
        window.show()
        if args.screenshot:
            QTimer.singleShot(500, lambda: _save(window, Path(args.screenshot)))
        app.exec()
        return 1
    if args.mode == "edit":
        window.set_mode("edit")
        if args.select and hasattr(window.edit_view, "select_cue"):
            window.edit_view.select_cue(args.select)
    window.show()
    if args.exit_when_ready:
        _report_startup(window)
    elif args.screenshot:
        _screenshot(window, Path(args.screenshot), args.screenshot_after_go)
    else:
        window.show_doctor_on_first_start()
    return app.exec()


def _report_startup(window: MainWindow) -> None:
    """Prints (JSON) when the window was shown with its event loop idle, and when the engine
    was ready, in ms from this module's import and as wall-clock times; then quits."""
    from PySide6.QtCore import QAbstractEventDispatcher

    marks: dict[str, float] = {}
    dispatcher = QAbstractEventDispatcher.instance()

    def done() -> None:
        print(json.dumps({**marks, "cues": len(window.show_view.model.cues)}), flush=True)
        window.close()

    def idle() -> None:
        if "idle_ms" not in marks and dispatcher is not None:
            marks["idle_ms"] = (time.perf_counter() - STARTED) * 1000
            marks["idle_wall"] = time.time()
            dispatcher.aboutToBlock.disconnect(idle)
            if "ready_ms" in marks:
                QTimer.singleShot(0, done)

    def ready(event: dict[str, object]) -> None:
        if event.get("event") == "ready" and "ready_ms" not in marks:
            marks["ready_ms"] = (time.perf_counter() - STARTED) * 1000
            marks["engine_load_ms"] = float(str(event.get("load_ms", 0)))
            if "idle_ms" in marks:
                QTimer.singleShot(0, done)

    if dispatcher is not None:
        dispatcher.aboutToBlock.connect(idle)
    window.client.received.connect(ready)


def _screenshot(window: MainWindow, out: Path, gos: int) -> None:
    """Waits for the engine, presses GO `gos` times, lets the cues run a moment, saves, quits."""
    steps = {"gos": gos}

    def on_event(event: dict[str, object]) -> None:
        if event.get("event") == "ready":
            QTimer.singleShot(300, press)

    def press() -> None:
        if steps["gos"] > 0:
            steps["gos"] -= 1
            window.show_view.go("button")
            QTimer.singleShot(GO_SPACING_MS, press)
        else:
            QTimer.singleShot(900, save)

    def save() -> None:
        _save(window, out)

    if window.mode == "show":
        window.client.received.connect(on_event)
    else:
        QTimer.singleShot(1500, save)


def _save(window: QWidget, out: Path) -> None:
    window.grab().save(str(out))
    print(f"saved {out}")
    window.close()
