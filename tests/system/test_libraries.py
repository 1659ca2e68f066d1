"""packaging/packages-run.txt stays true to the installed PySide6 (and python-rtmidi).

`ldd` over the Qt libraries the app imports and the platform plugins it may use (xcb, offscreen,
and wayland, which PySide6 ships) finds every system library they load; `dpkg -S` names the
package each comes from. A library that resolves to nothing, or whose package neither the run
list nor a package it depends on brings, fails the suite here, naming it, instead of failing a
user's first start. The tables in showdesk/syslibs.py (what the app checks before Qt loads, and
the package it names) are held to the same libraries.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest

from showdesk import syslibs
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("dpkg-query") is None or shutil.which("ldd") is None,
    reason="the run list is of Debian packages: this needs dpkg and ldd",
)

# Plugins the app may load: platforms, their GL/shell/decoration helpers, input methods, the
# desktop portal theme. Not libqgtk3 (Qt loads it only on GNOME, and goes on without it) nor the
# virtual keyboard (PySide6-Essentials ships the plugin without its library).
PLUGINS = (
    "platforms/libqxcb.so",
    "platforms/libqoffscreen.so",
    "platforms/libqwayland.so",
    "xcbglintegrations/*.so",
    "wayland-shell-integration/*.so",
    "wayland-graphics-integration-client/*.so",
    "wayland-decoration-client/*.so",
    "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "platforminputcontexts/libibusplatforminputcontextplugin.so",
    "platformthemes/libqxdgdesktopportal.so",
)
_LDD = re.compile(r"^\s*(\S+) => (not found|\S+)")


def site_package(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None, f"{name} is not installed"
    assert spec.submodule_search_locations, f"{name} is not a package"
    return Path(next(iter(spec.submodule_search_locations)))


def qt_modules() -> list[str]:
    """The PySide6 modules the app imports (QtCore, QtGui, QtWidgets ...)."""
    found = set()
    for path in (ROOT / "ui").rglob("*.py"):
        found.update(re.findall(r"PySide6\.(Qt\w+)", path.read_text()))
    return sorted(found)


def app_files() -> dict[str, Path]:
    """What the app loads, by a short name: the modules, the plugins, the MIDI extension."""
    pyside = site_package("PySide6")
    files = {name: next(pyside.glob(f"{name}.*.so")) for name in qt_modules()}
    for pattern in PLUGINS:
        matches = sorted((pyside / "Qt" / "plugins").glob(pattern))
        assert matches, f"PySide6 no longer ships {pattern}: update PLUGINS and the run list"
        files.update({f"plugins/{m.parent.name}/{m.name}": m for m in matches})
    files.update({f"rtmidi/{m.name}": m for m in site_package("rtmidi").glob("*.so")})
    return files


@cache
def ldd(path: Path) -> dict[str, str]:
    """library -> the file it resolves to ('' for not found), as the loader would find them."""
    out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        match = _LDD.match(line)
        if match:
            found[match.group(1)] = "" if match.group(2) == "not found" else match.group(2)
    return found


def system_libraries(path: Path) -> dict[str, str]:
    """ldd's answer less what the wheels carry themselves."""
    site = str(site_package("PySide6").parent)
    return {lib: where for lib, where in ldd(path).items() if not where.startswith(site)}


def package_of(paths: Iterable[str]) -> dict[str, str]:
    """file -> the Debian package that installed it (dpkg -S), across /usr-merged paths."""
    wanted: dict[str, str] = {}
    for path in paths:
        bare = path.removeprefix("/usr")
        for variant in (path, bare, "/usr" + bare, str(Path(path).resolve())):
            wanted[variant] = path
    out = subprocess.run(["dpkg", "-S", *wanted], capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        packages, _, file = line.partition(": ")
        if file in wanted and wanted[file] not in found:
            found[wanted[file]] = packages.split(",")[0].split(":")[0].strip()
    return found


def read_list(name: str) -> list[str]:
    text = (ROOT / "packaging" / f"packages-{name}.txt").read_text()
    return [line.split("#")[0].strip() for line in text.splitlines() if line.split("#")[0].strip()]


def depends_closure(roots: Iterable[str]) -> set[str]:
    """The installed packages `roots` bring with them (Depends and Pre-Depends, recursively;
    of alternatives, the installed ones)."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        batch = [p for p in dict.fromkeys(todo) if p not in seen]
        todo = []
        if not batch:
            break
        seen.update(batch)
        out = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Package}|${Depends}, ${Pre-Depends}\n", *batch],
            capture_output=True,
            text=True,
        ).stdout
        for line in out.splitlines():
            for alternatives in line.partition("|")[2].split(","):
                for choice in alternatives.split("|"):
                    name = choice.strip().split(" ")[0].split(":")[0]
                    if name and name not in seen:
                        todo.append(name)
    return seen


def base_system() -> list[str]:
    """What every Debian system has: the Essential packages and apt (mmdebstrap's apt variant)."""
    out = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package} ${Essential} ${db:Status-Status}\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line.split()[0] for line in out.splitlines() if line.endswith(" yes installed")] + [
        "apt"
    ]


def test_every_library_the_app_loads_is_found() -> None:
    missing = [
        f"{lib} (needed by {name})"
        for name, path in app_files().items()
        for lib, where in system_libraries(path).items()
        if not where
    ]
    assert not missing, f"these resolve to nothing (install them, list them): {'; '.join(missing)}"


def test_every_library_comes_from_the_run_list_or_what_it_brings() -> None:
    libraries = {
        where: (lib, name)
        for name, path in app_files().items()
        for lib, where in system_libraries(path).items()
        if where
    }
    packages = package_of(libraries)
    unowned = [f"{lib} ({where})" for where, (lib, _) in libraries.items() if where not in packages]
    assert not unowned, f"dpkg -S knows no package for: {'; '.join(unowned)}"
    allowed = depends_closure(read_list("run") + base_system())
    outside = sorted(
        f"{lib} from {packages[where]} (needed by {name})"
        for where, (lib, name) in libraries.items()
        if packages[where] not in allowed
    )
    assert not outside, f"add to packaging/packages-run.txt: {'; '.join(outside)}"


def listed_libraries(path: Path) -> dict[str, str]:
    """The libraries `path` loads whose package is on the run list itself: library -> package."""
    run = set(read_list("run"))
    found = system_libraries(path)
    packages = package_of(where for where in found.values() if where)
    return {lib: packages[where] for lib, where in found.items() if packages.get(where) in run}


def test_syslibs_names_the_right_package_for_each_listed_library() -> None:
    named = {}
    for path in app_files().values():
        named.update(listed_libraries(path))
    wrong = {lib: pkg for lib, pkg in named.items() if syslibs.LIBRARY_PACKAGES.get(lib) != pkg}
    assert wrong == {}, "showdesk/syslibs.py LIBRARY_PACKAGES must name these so"
    assert set(syslibs.LIBRARY_PACKAGES.values()) <= set(read_list("run"))


def test_syslibs_checks_what_qt_and_each_platform_load() -> None:
    files = app_files()
    qt = set()
    for module in qt_modules():
        qt.update(listed_libraries(files[module]))
    assert sorted(qt) == sorted(syslibs.QT_LIBRARIES)
    for platform, libraries in syslibs.PLATFORM_LIBRARIES.items():
        loaded = set(listed_libraries(files[f"plugins/platforms/libq{platform}.so"]))
        assert sorted(loaded - qt) == sorted(set(libraries) - qt), platform
