"""`showdesk-app`: the desktop app's entry point.

showdesk-app FILE [--live] [--mode show|edit] [--theme dark|light]
showdesk-app --demo                       the bundled demo show, in rehearsal
showdesk-app FILE --screenshot PNG [--screenshot-after-go N] [--select CUE]

Before Qt is loaded it checks what Qt cannot report in words: a system library that is missing
(named with its package and the command that installs it) and a display that is absent or does
not answer. Either is one sentence on stderr and exit 1, never a traceback or Qt's abort.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

STARTED = time.perf_counter()  # as early as this module is imported: the startup figure

from showdesk import syslibs  # noqa: E402  (after the clock starts)

THEMES = ("dark", "light")  # ui/theme.py's THEMES, named here so --help needs no Qt


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="showdesk-app", description="The showdesk desktop app.")
    parser.add_argument("file", nargs="?", help="the show file to open")
    parser.add_argument("--live", action="store_true", help="send for real (default: rehearsal)")
    parser.add_argument("--demo", action="store_true", help="open the bundled demo show")
    parser.add_argument("--mode", choices=("show", "edit"), default="show")
    parser.add_argument("--theme", choices=THEMES, default="dark")
    parser.add_argument("--screenshot", metavar="PNG", help="save the window as PNG, then quit")
    parser.add_argument("--screenshot-after-go", type=int, default=0, metavar="N",
                        help="press GO N times before the screenshot")  # fmt: skip
    parser.add_argument("--select", metavar="CUE", help="in edit mode, select this cue")
    parser.add_argument(
        "--exit-when-ready",
        action="store_true",
        help="print startup times as JSON once the window is idle, then quit",
    )
    return parser


def preflight() -> str:
    """Why the app cannot open a window here, in a sentence; '' when it can."""
    if not syslibs.needs_system_libraries():
        return ""
    missing = syslibs.missing_libraries(syslibs.QT_LIBRARIES)
    if missing:
        return syslibs.missing_sentence(missing, "showdesk-app cannot start")
    try:
        import PySide6.QtWidgets  # noqa: F401  (the libraries Qt links, loaded now)
    except ImportError as exc:
        library = syslibs.library_of(exc)
        if library:
            reason = str(exc).split(": ", 1)[-1]
            return syslibs.missing_sentence(
                [syslibs.Missing(library, reason)], "showdesk-app cannot start"
            )
        return f"showdesk-app cannot start: Qt (PySide6) could not be loaded: {exc}"
    candidates = syslibs.platform_candidates()
    if not candidates:
        return f"showdesk-app: no display: {syslibs.NO_DISPLAY_ADVICE}"
    problems = []
    for platform in candidates:
        if platform not in syslibs.PLATFORM_LIBRARIES:
            return ""  # a platform plugin we do not know: Qt speaks for itself (see launch.py)
        missing = syslibs.missing_libraries(syslibs.PLATFORM_LIBRARIES[platform])
        if missing:
            what = f"showdesk-app cannot open a window on {syslibs.PLATFORM_WORDS[platform]}"
            problems.append(syslibs.missing_sentence(missing, what))
            continue
        why = syslibs.display_answers(platform)
        if why:
            problems.append(f"showdesk-app: no display ({why}): {syslibs.NO_DISPLAY_ADVICE}")
            continue
        return ""  # Qt tries the candidates in this order and takes the first that works
    return problems[0]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.file and not args.demo:
        build_parser().error("give a show FILE, or --demo")
    problem = preflight()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from ui.launch import launch  # Qt from here on

    return launch(args, STARTED)


if __name__ == "__main__":
    sys.exit(main())
