"""`showdesk-app` once Qt may load (ui/app.py checks the libraries and the display first).

showdesk-app                              the start screen: recent shows, New, Open, the demo
showdesk-app FILE [--live] [--mode show|edit] [--theme dark|light]
showdesk-app --demo                       the bundled demo show, in rehearsal
showdesk-app [FILE] --screenshot PNG [--size WxH] [--screenshot-after-go N] [--select CUE,...]
    [--do "COMMAND; COMMAND"] [--ask-close]

Qt reports a platform plugin it cannot start with a fatal message that ends in "Reinstalling the
application may fix this problem" and an abort (a core dump). ui/app.py checks the libraries and
the display before this, so that is not expected; should it still happen, the fatal message is
turned into a sentence and exit code 1 here. A show file that cannot be opened gets a window with
the reason (ui/open_error.py), not only a line on stderr.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path

STARTED = time.perf_counter()  # as early as this module is imported: the startup figure

from PySide6.QtCore import (  # noqa: E402
    QMessageLogContext,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from showdesk.errors import ShowdeskError  # noqa: E402
from showdesk.window_priority import favour_this_thread_soon  # noqa: E402
from ui import prefs, theme, windows  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.open_error import OpenErrorWindow  # noqa: E402

GO_SPACING_MS = 450  # above the demo's double-GO guard (0.3 s)
REINSTALL = "Reinstalling the application may fix this problem."


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="showdesk-app", description="The showdesk desktop app.")
    parser.add_argument("file", nargs="?", help="the show file to open")
    parser.add_argument("--live", action="store_true", help="send for real (default: rehearsal)")
    parser.add_argument("--demo", action="store_true", help="open the bundled demo show")
    parser.add_argument("--mode", choices=("show", "edit"), default="show")
    parser.add_argument("--theme", choices=sorted(theme.THEMES),
                        help="dark or light (default: the one chosen last, else dark)")  # fmt: skip
    parser.add_argument("--screenshot", metavar="PNG", help="save the window as PNG, then quit")
    parser.add_argument("--size", metavar="WxH", help="the window's size, e.g. 1366x768")
    parser.add_argument("--screenshot-after-go", type=int, default=0, metavar="N",
                        help="press GO N times before the screenshot")  # fmt: skip
    parser.add_argument("--select", metavar="CUE,...",
                        help="in edit mode, select these cues (several: multi-edit)")  # fmt: skip
    parser.add_argument("--do", metavar="COMMANDS", default="",
                        help="with --screenshot: engine commands (;-separated) sent once the "
                             "engine is ready, before the GOs")  # fmt: skip
    parser.add_argument(
        "--ask-close",
        action="store_true",
        help="with --screenshot: ask to close the window (the in-place question)",
    )
    parser.add_argument(
        "--exit-when-ready",
        action="store_true",
        help="print startup times as JSON once the window is idle, then quit",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    favour_this_thread_soon()  # the window's thread: a busy machine must not hold up a GO's row
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    # Ctrl+C in the terminal ends the app (Qt's loop would hold Python's handler off); the
    # engine process then sees its stdin close, lets running cues finish, and exits.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    previous = qInstallMessageHandler(_qt_message)
    app = QApplication(sys.argv[:1])
    qInstallMessageHandler(previous)
    if not gc.isenabled():  # ui/app.py held the collector off while the app starts
        QTimer.singleShot(0, collect_from_now)
    # No application display name: Qt would add it to every window title, which already has it.
    app.setApplicationName("showdesk")
    app.aboutToQuit.connect(prefs.wait_for_recent)  # the show just opened is in the recent list
    theme.apply(app, theme.THEMES.get(args.theme or prefs.remembered("theme", "dark"), theme.DARK))
    name = "the demo show" if args.demo else str(args.file)
    try:
        window = first_window(args)
    except ShowdeskError as exc:
        return _cannot_open(args, name, str(exc))
    except sqlite3.Error as exc:
        return _cannot_open(args, name, f"{name}: the show file could not be read ({exc})")
    except OSError as exc:
        return _cannot_open(args, name, f"{exc.filename or name}: {exc.strerror or exc}")
    if not isinstance(window, MainWindow):
        window.show()
        if args.screenshot:
            QTimer.singleShot(800, lambda: _save(window, Path(args.screenshot)))
        return app.exec()
    if args.screenshot or args.exit_when_ready or args.size:
        window.show()
    else:
        window.show_restored()  # maximised the first time, then as the caller left it
    if args.exit_when_ready:
        _report_startup(window)
    elif args.screenshot:
        steps = [line.strip() for line in args.do.split(";") if line.strip()]
        _screenshot(window, Path(args.screenshot), args.screenshot_after_go, steps, args.ask_close)
    else:
        window.show_doctor_on_first_start()
    return app.exec()


def collect_from_now() -> None:
    """At the event loop's first turn (the window is up) the collector works again. The window
    froze what it had loaded (MainWindow.reload_show); what was made after that (the rest of the
    window, showing it) stays out of the collector's sight too. Starting leaves ~500 objects of
    garbage: a reload (after edit mode) unfreezes everything and collects them with the old show.
    """
    gc.freeze()
    gc.enable()


def _cannot_open(args: argparse.Namespace, name: str, reason: str) -> int:
    """The reason on stderr and in a window with Quit (started from a desktop there is no
    terminal to read); exit code 1 when it is closed."""
    print(f"showdesk-app: {reason}", file=sys.stderr)
    window = OpenErrorWindow(name, reason)
    window.show()
    if args.screenshot:
        QTimer.singleShot(500, lambda: _save(window, Path(args.screenshot)))
    QApplication.exec()
    return 1


def first_window(args: argparse.Namespace) -> QWidget:
    """The start screen when no show is given, else the show's window (ShowdeskError if the
    file cannot be opened)."""
    chosen = theme.THEMES.get(args.theme or prefs.remembered("theme", "dark"), theme.DARK)
    size = _size(args.size)
    if not args.file and not args.demo:
        from ui.start_screen import StartScreen  # with the demo's builder: not needed for a show

        start = StartScreen()
        windows.keep(start)
        if size:
            start.resize(*size)
        return start
    if args.demo:
        from ui.start_screen import demo_path

        path = demo_path()
    else:
        path = Path(args.file)
    window = MainWindow(path, live=args.live and not args.demo, theme=chosen)
    windows.keep(window)
    prefs.add_recent_soon(path)
    if size:
        window.resize(*size)
    if args.mode == "edit":
        window.set_mode("edit")
        if args.select and window.edit_view is not None:
            window.edit_view.select_cues(args.select.split(","))
    return window


def _size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()):
        raise SystemExit(f"showdesk-app: --size is WIDTHxHEIGHT, e.g. 1366x768, not {text!r}")
    return int(width), int(height)


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


def _screenshot(
    window: MainWindow, out: Path, gos: int, commands: list[str], ask_close: bool
) -> None:
    """Waits for the engine, sends `commands` (text lines of the engine protocol), presses GO
    `gos` times, lets the cues run a moment, optionally asks to close, saves, quits."""
    steps = {"gos": gos}

    def on_event(event: dict[str, object]) -> None:
        if event.get("event") == "ready":
            window.client.received.disconnect(on_event)
            for line in commands:
                name, _, rest = line.partition(" ")
                window.client.send({"command": "note", "text": rest} if name == "note" else
                                   _command(name, rest))  # fmt: skip
            QTimer.singleShot(300, press)

    def press() -> None:
        if steps["gos"] > 0:
            steps["gos"] -= 1
            window.show_view.go("button")
            QTimer.singleShot(GO_SPACING_MS, press)
        else:
            QTimer.singleShot(900, save)

    def save() -> None:
        if ask_close:
            window.close()  # mid-show: asks in place instead of closing
            QApplication.processEvents()
        window.grab().save(str(out))
        print(f"saved {out}")
        window.quit_now()

    if window.mode == "show":
        window.client.received.connect(on_event)
    else:
        QTimer.singleShot(1500, save)


def _command(name: str, rest: str) -> dict[str, object]:
    """A `--do` line as the window would send it (`mark hold late`, `standby 7`)."""
    if name == "mark":
        kind, _, text = rest.partition(" ")
        fields: dict[str, object] = {"mark": kind}
        if kind == "act":
            fields["act"], _, text = text.partition(" ")
        return {"command": "mark", "source": "button", **fields, **({"text": text} if text else {})}
    return {"command": name, "source": "button", **({"cue": rest} if rest else {})}


def _save(window: QWidget, out: Path) -> None:
    window.grab().save(str(out))
    print(f"saved {out}")
    window.close()
