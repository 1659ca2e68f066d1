"""The core stays headless: nothing in showdesk/ or cues/ imports Qt, now or inside a function."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT

QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")
APP = ("ui",)  # imports run one way, ui/ -> showdesk/ -> cues/: the core reaches the app's PDF
# writer through an entry point, never by name
CORE = ("showdesk", "cues")


def test_importing_every_core_module_loads_no_qt() -> None:
    probe = f"""
import importlib, pkgutil, sys
names = []
for package in {CORE!r}:
    module = importlib.import_module(package)
    names.append(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)
        names.append(info.name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in {QT!r})
print(len(names), qt)
"""
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    count, loaded = result.stdout.split(" ", 1)
    assert loaded.strip() == "[]"
    assert int(count) > 10  # the walk really imported the core


def test_no_core_source_mentions_a_qt_or_app_import() -> None:
    offenders = []
    for package in CORE:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                offenders += [
                    f"{path.relative_to(ROOT)}:{node.lineno} imports {name}"
                    for name in names
                    if name.split(".")[0] in QT + APP
                ]
    assert offenders == []
