"""`showdesk-app`: the desktop app's entry point (the rest is ui/launch.py).

showdesk-app                              the start screen: recent shows, New, Open, the demo
showdesk-app FILE [--live] [--mode show|edit] [--theme dark|light]
showdesk-app --demo                       the bundled demo show, in rehearsal
showdesk-app [FILE] --screenshot PNG [--size WxH] [--screenshot-after-go N] [--select CUE,...]

Before Qt is loaded it checks what Qt cannot report in words: a system library that is missing
(named with its package and the command that installs it) and a display that is absent or does
not answer. Either is one sentence on stderr and exit 1, never a traceback or Qt's abort.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Sequence

STARTED = time.perf_counter()  # as early as this module is imported: the startup figure

from showdesk import syslibs  # noqa: E402  (after the clock starts)


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
    args = list(sys.argv[1:] if argv is None else argv)
    # No garbage collection until the window is up (launch.py turns it back on at the event
    # loop's first turn): starting compiles and imports hundreds of modules and loads every
    # cue, and the collector went over all of it ~120 times for ~500 objects of garbage, 50-80
    # ms of a 5,000-cue show's start.
    gc.disable()
    try:
        if not {"-h", "--help"} & set(args):
            problem = preflight()
            if problem:
                print(problem, file=sys.stderr)
                return 1
        from ui import launch  # Qt from here on

        launch.STARTED = STARTED
        return launch.main(args)
    finally:
        gc.enable()


if __name__ == "__main__":
    sys.exit(main())
