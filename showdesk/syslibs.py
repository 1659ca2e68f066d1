"""The system libraries Qt needs on Linux, the Debian packages they come in, and whether a display
answers: checked without importing Qt, so that a missing library or an absent display is a
sentence naming the package and the command, never Qt's "Reinstalling the application may fix
this problem" and an abort.

PySide6's wheels carry Qt itself but load the desktop's own libraries (OpenGL, X11/xcb, Wayland,
fontconfig, D-Bus). `tests/system/test_libraries.py` keeps the tables here true against the
installed PySide6: every library its Qt libraries and the platform plugins the app uses load
comes from a package in packaging/packages-run.txt, and is named here.
Used by `showdesk-app` before Qt is imported and by `showdesk doctor`.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Library (as the loader names it) -> the Debian/Ubuntu package that has it.
LIBRARY_PACKAGES = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libasound.so.2": "libasound2",
}

# What QtCore, QtGui and QtWidgets load from the system (beyond the C/C++ runtime).
QT_LIBRARIES = (
    "libglib-2.0.so.0",
    "libgthread-2.0.so.0",
    "libdbus-1.so.3",
    "libEGL.so.1",
    "libGL.so.1",
    "libfontconfig.so.1",
    "libfreetype.so.6",
    "libxkbcommon.so.0",
    "libX11.so.6",
    "libxcb.so.1",  # through libX11
)
# What each platform plugin the app may use loads from the system, beyond QT_LIBRARIES.
PLATFORM_LIBRARIES = {
    "xcb": (
        "libX11-xcb.so.1",
        "libxkbcommon-x11.so.0",
        "libxcb.so.1",
        "libxcb-cursor.so.0",
        "libxcb-icccm.so.4",
        "libxcb-image.so.0",
        "libxcb-keysyms.so.1",
        "libxcb-randr.so.0",
        "libxcb-render.so.0",
        "libxcb-render-util.so.0",
        "libxcb-shape.so.0",
        "libxcb-shm.so.0",
        "libxcb-sync.so.1",
        "libxcb-util.so.1",
        "libxcb-xfixes.so.0",
        "libxcb-xkb.so.1",
    ),
    "wayland": ("libwayland-client.so.0", "libwayland-cursor.so.0"),
    "offscreen": (),
}
PLATFORM_WORDS = {"xcb": "X11", "wayland": "Wayland", "offscreen": "offscreen"}
NO_DISPLAY_ADVICE = (
    "run showdesk-app from a desktop session, or use `showdesk run` for a headless show"
)


@dataclass(frozen=True)
class Missing:
    library: str
    reason: str  # what the loader said

    @property
    def package(self) -> str:
        return LIBRARY_PACKAGES.get(self.library, "")


def needs_system_libraries() -> bool:
    """Only Linux (and the BSDs) take Qt's libraries from the system; Windows and macOS wheels
    carry everything."""
    return not sys.platform.startswith(("win", "darwin"))


def _load(library: str) -> str:
    """'' when `library` loads, else the loader's reason. A frozen bundle may carry its own copy."""
    candidates = [library]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and (Path(bundle) / library).exists():
        candidates.insert(0, str(Path(bundle) / library))
    reason = ""
    for candidate in candidates:
        try:
            ctypes.CDLL(candidate)
            return ""
        except OSError as exc:
            reason = str(exc).split(": ", 1)[-1]
    return reason or "cannot be loaded"


def missing_libraries(libraries: Iterable[str]) -> list[Missing]:
    if not needs_system_libraries():
        return []
    return [Missing(lib, reason) for lib in libraries if (reason := _load(lib))]


def library_of(error: BaseException) -> str:
    """The library an ImportError of a compiled module names ('libEGL.so.1: cannot open shared
    object file: No such file or directory'), or ''."""
    name = str(error).split(": ", 1)[0].strip().rsplit("/", 1)[-1]
    return name if ".so" in name and " " not in name else ""


def missing_packages(packages: Iterable[str]) -> list[str]:
    """Which of these Debian packages dpkg does not have installed ([] where there is no dpkg)."""
    wanted = sorted(set(packages))
    if not wanted or shutil.which("dpkg-query") is None:
        return []
    out = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package} ${db:Status-Status}\n", *wanted],
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    installed = {line.split()[0].split(":")[0] for line in out.splitlines()
                 if line.endswith(" installed")}  # fmt: skip
    return [pkg for pkg in wanted if pkg not in installed]


def install_command(packages: Sequence[str]) -> str:
    """The line that installs `packages`: apt-get where there is apt, else ''."""
    if not packages or shutil.which("apt-get") is None:
        return ""
    return "sudo apt-get update && sudo apt-get install -y --no-install-recommends " + " ".join(
        packages
    )


def missing_sentence(missing: Sequence[Missing], what: str) -> str:
    """'<what> cannot start: the system library X is missing (...). Install ...' in full."""
    first = missing[0]
    names = ", ".join(m.library for m in missing)
    text = (
        f"{what}: the system {'library' if len(missing) == 1 else 'libraries'} {names} "
        f"{'is' if len(missing) == 1 else 'are'} missing ({first.reason})."
    )
    packages = [m.package for m in missing if m.package]
    # Where one is missing, others often are too: name every app library dpkg lacks.
    packages += [p for p in missing_packages(LIBRARY_PACKAGES.values()) if p not in packages]
    command = install_command(packages)
    if command:
        text += f" Install {'it' if len(packages) == 1 else 'them'} with:\n  {command}"
    elif packages:
        text += (
            f" Install the package that provides it (on Debian and Ubuntu: {' '.join(packages)})."
        )
    else:
        text += " Install the package that provides it with your system's package manager."
    return (
        text
        + "\n`showdesk doctor` checks everything showdesk needs; docs/install.md has the details."
    )


def platform_candidates() -> list[str]:
    """The Qt platform plugins Qt will try, in order: QT_QPA_PLATFORM's, else Wayland and X11
    as the session offers them."""
    forced = os.environ.get("QT_QPA_PLATFORM", "").strip()
    if forced:
        return [entry.split(":", 1)[0].strip() for entry in forced.split(";") if entry.strip()]
    found = []
    if os.environ.get("WAYLAND_DISPLAY"):
        found.append("wayland")
    if os.environ.get("DISPLAY"):
        found.append("xcb")
    return found


def display_answers(platform: str) -> str:
    """'' when the display `platform` would use answers, else why not."""
    if platform == "xcb":
        display = os.environ.get("DISPLAY", "")
        if not display:
            return "DISPLAY is not set"
        try:
            xcb = ctypes.CDLL("libxcb.so.1")
        except OSError as exc:
            return str(exc)
        xcb.xcb_connect.restype = ctypes.c_void_p
        xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
        xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
        xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
        connection = xcb.xcb_connect(None, None)
        failed = xcb.xcb_connection_has_error(connection)
        xcb.xcb_disconnect(connection)
        return f"no X server answers at DISPLAY={display}" if failed else ""
    if platform == "wayland":
        try:
            wayland = ctypes.CDLL("libwayland-client.so.0")
        except OSError as exc:
            return str(exc)
        wayland.wl_display_connect.restype = ctypes.c_void_p
        wayland.wl_display_connect.argtypes = [ctypes.c_char_p]
        wayland.wl_display_disconnect.argtypes = [ctypes.c_void_p]
        connection = wayland.wl_display_connect(None)
        if not connection:
            where = os.environ.get("WAYLAND_DISPLAY", "wayland-0")
            return f"no Wayland compositor answers at WAYLAND_DISPLAY={where}"
        wayland.wl_display_disconnect(connection)
    return ""
