"""`showdesk doctor [SHOW]`: the pre-show check of this machine and this show.

A list of checks (CHECKS), each returning lines of (level, text, fix): `ok`, `warning` (the show
runs, but look) or `problem` (something would stop the show, or part of it). The exit code is 1
when there is a problem. Nothing here changes the show or the machine: the TCP connections it
opens are closed at once, and a MIDI client it makes is gone when it ends.
The app shows the same lines in its doctor panel (`showdesk doctor SHOW --json`).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import platform
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from showdesk import __version__, syslibs
from showdesk.check import check_show
from showdesk.doctor_rig import (
    MidiSystem,
    connect,
    in_parallel,
    midi_fix,
    midi_system,
    port_problem,
    resolve,
)
from showdesk.engine.priority import realtime_check
from showdesk.errors import ShowdeskError
from showdesk.patch import Endpoint, parse_url
from showdesk.showfile import ShowFile
from showdesk.window_priority import window_check

Level = Literal["ok", "warning", "problem"]
LEVELS: tuple[Level, ...] = ("ok", "warning", "problem")
LOG_SPACE_PROBLEM = 50 * 1024 * 1024  # below this a long show's log may not fit
LOG_SPACE_WARNING = 500 * 1024 * 1024
REPORT_FONT = "DejaVu Sans"  # ui/report_pdf.py sets the report in it


@dataclass(frozen=True)
class Line:
    level: Level
    text: str
    fix: str = ""


@dataclass
class Context:
    """What the checks share: the show (read once) and the MIDI system (asked once)."""

    path: Path | None = None
    error: str = ""  # why the show could not be opened
    patch: dict[str, str] = field(default_factory=dict)
    midi_backend: str = ""
    check_errors: list[str] = field(default_factory=list)
    check_warnings: int = 0
    _midi: MidiSystem | None = None

    @classmethod
    def load(cls, path: Path | None) -> Context:
        context = cls(path)
        if path is None:
            return context
        try:
            with ShowFile.open(path) as show:
                context.patch = show.patch()
                context.midi_backend = show.settings().midi_backend
                problems = check_show(show)
        except (ShowdeskError, OSError) as exc:
            context.error = str(exc)
            return context
        except Exception as exc:  # sqlite3 and friends: the file is not usable, say so
            context.error = f"{path}: the show file could not be read ({exc})"
            return context
        context.check_errors = [str(p) for p in problems if p.level == "error"]
        context.check_warnings = len(problems) - len(context.check_errors)
        return context

    def midi(self) -> MidiSystem:
        if self._midi is None:
            self._midi = midi_system(self.midi_backend)
        return self._midi

    @property
    def shown(self) -> str:
        """The show's path as a fix line writes it (quoted for a shell when it must be)."""
        return shlex.quote(str(self.path)) if self.path else "SHOW"


# -- the checks ----------------------------------------------------------------------------


def check_qt(context: Context) -> list[Line]:
    """Qt (PySide6), the system libraries it loads, and a display for the app."""
    if importlib.util.find_spec("PySide6") is None:
        return [Line("problem", "Qt: PySide6 is not installed, so the app cannot start",
                     "reinstall showdesk (from source: make run)")]  # fmt: skip
    try:
        version = importlib.metadata.version("PySide6-Essentials")
    except importlib.metadata.PackageNotFoundError:
        version = "(version unknown)"
    lines: list[Line] = []
    candidates = syslibs.platform_candidates() or ["xcb"]
    wanted = list(syslibs.QT_LIBRARIES)
    for name in candidates:
        wanted += syslibs.PLATFORM_LIBRARIES.get(name, ())
    missing = syslibs.missing_libraries(dict.fromkeys(wanted))
    if missing:
        packages = [m.package for m in missing if m.package]
        names = ", ".join(m.library for m in missing)
        fix = syslibs.install_command(packages) or (
            f"install the packages that provide them ({' '.join(packages)})"
        )
        text = f"Qt {version}: the app cannot start: {names} missing ({missing[0].reason})"
        lines.append(Line("problem", text, fix))
    else:
        lines.append(Line("ok", f"Qt {version}: the system libraries it needs are installed"))
    if not syslibs.needs_system_libraries():
        return lines
    if not syslibs.platform_candidates():
        lines.append(Line("warning", "display: none in this session (DISPLAY and WAYLAND_DISPLAY "
                          "are not set); `showdesk run` needs none, the app needs one",
                          syslibs.NO_DISPLAY_ADVICE))  # fmt: skip
        return lines
    for name in syslibs.platform_candidates():
        if name not in syslibs.PLATFORM_LIBRARIES:
            lines.append(Line("ok", f"display: Qt platform {name} (QT_QPA_PLATFORM)"))
            continue
        if name == "offscreen":
            lines.append(Line("ok", "display: offscreen (QT_QPA_PLATFORM): no screen needed"))
            continue
        why = syslibs.display_answers(name)
        words = syslibs.PLATFORM_WORDS[name]
        if why:
            lines.append(Line("warning", f"display ({words}): {why}", syslibs.NO_DISPLAY_ADVICE))
        else:
            where = {"xcb": os.environ.get("DISPLAY", ""),
                     "wayland": os.environ.get("WAYLAND_DISPLAY", "")}.get(name, "")  # fmt: skip
            lines.append(Line("ok", f"display: {words} {where} answers".replace("  ", " ")))
    return lines


def check_midi(context: Context) -> list[Line]:
    """The MIDI system the engine would use, and the output ports it sees."""
    system = context.midi()
    needed = any(url.strip().startswith("midi:") and not url.strip().startswith("midi://")
                 for url in context.patch.values())  # fmt: skip
    if system.ports is None:
        level: Level = "problem" if needed else "warning"
        tail = "" if needed else " (this show has no MIDI destinations)"
        return [Line(level, f"MIDI: {system.words} cannot be reached: {system.reason}{tail}",
                     midi_fix(system, context.shown))]  # fmt: skip
    seen = ", ".join(system.ports) if system.ports else "none"
    return [Line("ok", f"MIDI: {system.words}; output ports: {seen}")]


def check_realtime(context: Context) -> list[Line]:
    """The priority the engine's timing thread would get here, and how to get real-time where it
    would not: the real-time code's own answer (showdesk/engine/priority.py)."""
    return [Line(_level(level), text, fix) for level, text, fix in realtime_check()]


def check_window(context: Context) -> list[Line]:
    """The nice value the app's window would get here (showdesk/window_priority.py)."""
    level, text, fix = window_check()
    return [Line(_level(level), text, fix)]


def _level(word: str) -> Level:
    return "ok" if word == "ok" else "problem" if word == "problem" else "warning"


def check_show_file(context: Context) -> list[Line]:
    if context.path is None:
        return []
    if context.error:
        return [Line("problem", f"show file: {context.error}",
                     "open a good copy of the show (showdesk keeps a .bak beside the file after "
                     "each upgrade), or check the path and its permissions")]  # fmt: skip
    if context.check_errors:
        first = context.check_errors[0]
        more = (
            f" (and {len(context.check_errors) - 1} more)" if len(context.check_errors) > 1 else ""
        )
        fix = f"showdesk check {context.path} lists each; fix them in edit mode"
        return [Line("problem", f"show file: {first}{more}", fix)]
    text = f"show file: {context.path.name} is sound"
    if context.check_warnings:
        return [Line("warning", f"{text}, with {context.check_warnings} warning(s) from check",
                     f"showdesk check {context.path} lists them")]  # fmt: skip
    return [Line("ok", text)]


def check_destinations(context: Context) -> list[Line]:
    """Each destination in the patch: its name resolves, a TCP one connects, a MIDI port is
    there. Probed in parallel, each bounded in time."""
    probes: dict[str, Callable[[], str]] = {}
    endpoints: dict[str, Endpoint] = {}
    lines: list[Line] = []
    for name, url in context.patch.items():
        try:
            endpoint = endpoints[name] = parse_url(url)
        except ShowdeskError as exc:
            fix = f"showdesk patch {context.shown} set {name} URL, with a good URL"
            lines.append(Line("problem", f"{name}: {exc}", fix))
            continue
        probes[name] = _probe_for(endpoint, context)
    answers = in_parallel(probes)
    for name, endpoint in endpoints.items():
        url = context.patch[name].strip()
        why = answers[name]
        if why:
            lines.append(
                Line("problem", f"{name} ({url}): {why}", _destination_fix(name, endpoint, context))
            )
        elif endpoint.scheme == "osc.udp":
            lines.append(Line("ok", f"{name} ({url}): the name resolves (UDP has no connection "
                              "to test; `Test send` in edit mode shows it arriving)"))  # fmt: skip
        elif endpoint.scheme == "midi":
            lines.append(Line("ok", f"{name} ({url}): the MIDI port is there"))
        else:
            lines.append(Line("ok", f"{name} ({url}): accepts a TCP connection"))
    return lines


def _probe_for(endpoint: Endpoint, context: Context) -> Callable[[], str]:
    if endpoint.scheme == "midi":
        return lambda: port_problem(endpoint.port_name, context.midi())

    def network() -> str:
        why = resolve(endpoint.host)
        if why or endpoint.scheme == "osc.udp":
            return why
        return connect(endpoint.host, endpoint.port)

    return network


def _destination_fix(name: str, endpoint: Endpoint, context: Context) -> str:
    if endpoint.scheme == "midi":
        return (f"plug in and switch on the MIDI interface, or patch the port it has: "
                f"showdesk patch {context.shown} set {name} 'midi:PORT NAME'")  # fmt: skip
    return (f"check the device is on, on this network, and listening on port {endpoint.port}; "
            f"or correct the patch: showdesk patch {context.shown} set {name} URL")  # fmt: skip


def check_disk(context: Context) -> list[Line]:
    """Room and permission for the show's log, which is written into the show file."""
    if context.path is None or context.error:
        return []
    folder = context.path.resolve().parent
    if not os.access(context.path, os.W_OK) or not os.access(folder, os.W_OK):
        return [Line("problem", f"log: {context.path} or its folder cannot be written, so the "
                     "show's log would not be saved",
                     f"give your user write permission on {folder} and the file")]  # fmt: skip
    free = shutil.disk_usage(folder).free
    text = f"log: {free / 1e9:.1f} GB free on the disk of {folder}"
    if free < LOG_SPACE_PROBLEM:
        return [Line("problem", text, "free some space on that disk before the show")]
    if free < LOG_SPACE_WARNING:
        return [Line("warning", text, "free some space on that disk before a long run")]
    return [Line("ok", text)]


def check_fonts(context: Context) -> list[Line]:
    """The font the PDF show report is set in (elsewhere Qt substitutes the system's)."""
    if not sys.platform.startswith("linux"):
        return [Line("ok", "fonts: the PDF report uses the system's sans-serif font")]
    fix = "sudo apt-get install fontconfig fonts-dejavu-core"
    if shutil.which("fc-list") is None:
        return [Line("warning", "fonts: fontconfig's fc-list is not installed, so the report's "
                     f"font ({REPORT_FONT}) cannot be looked for", fix)]  # fmt: skip
    listed = subprocess.run(
        ["fc-list", "--format", "%{file}\n", REPORT_FONT],
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout.split()
    if not listed:
        text = f"fonts: {REPORT_FONT} is not installed; the PDF report would be set in a substitute"
        return [Line("warning", text, fix)]
    return [Line("ok", f"fonts: {REPORT_FONT} for the PDF report ({min(listed, key=len)})")]


Check = Callable[[Context], list[Line]]
CHECKS: tuple[tuple[str, Check], ...] = (
    ("qt", check_qt),
    ("midi", check_midi),
    ("realtime", check_realtime),
    ("window", check_window),
    ("show", check_show_file),
    ("destinations", check_destinations),
    ("disk", check_disk),
    ("fonts", check_fonts),
)


def run_checks(path: Path | None) -> list[tuple[str, Line]]:
    context = Context.load(path)
    found: list[tuple[str, Line]] = []
    for name, check in CHECKS:
        try:
            found += [(name, line) for line in check(context)]
        except Exception as exc:  # one check's failure must not hide what the others found
            found.append((name, Line("warning", f"{name}: this check failed ({exc!r})")))
    return found


def heading(path: Path | None) -> str:
    system = f"{platform.system()} {platform.release()}"
    show = f" on {path}" if path else ""
    return f"showdesk doctor {__version__}{show} ({system}, Python {platform.python_version()})"


def summary(lines: list[Line]) -> str:
    problems = sum(1 for line in lines if line.level == "problem")
    warnings = sum(1 for line in lines if line.level == "warning")
    if problems:
        return f"{problems} problem(s), {warnings} warning(s): fix the problems before the show."
    if warnings:
        return f"no problems, {warnings} warning(s)."
    return "all good."
