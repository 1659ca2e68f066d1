"""The one-folder bundle (`make bundle` first): does it run with no Python at hand, how big is it,
and how long from launching showdesk-app to an interactive window. Prints figures; asserts
nothing but that the bundle's commands work.

    .venv/bin/python bench/bundle.py [--runs 5] [--bundle packaging/dist/showdesk]

With PATH=/nonexistent (no Python, no venv to be found) it runs the bundle's `showdesk --version`
and `showdesk demo`, then `showdesk-app --demo --exit-when-ready` on an Xvfb screen of its own,
N times, against the same from the venv (`python -m ui.app`). "To an interactive window" is from
the moment the process is launched until the window is shown with Qt's event loop idle, read
from the app's own report (its `idle_wall`); the engine's ready time is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
from tests.xvfb import xvfb  # noqa: E402


def size_mb(folder: Path) -> float:
    files = (f for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
    return sum(f.stat().st_size for f in files) / 1e6


def start(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from launch to an idle window, and to the engine's `ready`."""
    launched = time.time()
    out = subprocess.run(argv, env=env, capture_output=True, text=True, check=True, timeout=120)
    marks = json.loads(out.stdout.strip().splitlines()[-1])
    return marks["idle_wall"] - launched, marks["idle_wall"] - launched + (
        marks["ready_ms"] - marks["idle_ms"]
    ) / 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, default=ROOT / "packaging" / "dist" / "showdesk")
    args = parser.parse_args()
    bundle = args.bundle.resolve()
    work = Path(tempfile.mkdtemp(prefix="showdesk-bundle-"))
    bare = {"PATH": "/nonexistent", "HOME": str(work), "XDG_CONFIG_HOME": str(work / "config"),
            "XDG_DATA_HOME": str(work / "data"), "LANG": "C.UTF-8"}  # fmt: skip
    version = subprocess.run([bundle / "showdesk", "--version"], env=bare, capture_output=True,
                             text=True, check=True)  # fmt: skip
    print(f"bundle {bundle}: {size_mb(bundle):.0f} MB unpacked", end="")
    tarballs = sorted(bundle.parent.glob("showdesk-*-linux-*.tar.gz"))
    print(
        f", {tarballs[-1].stat().st_size / 1e6:.0f} MB as {tarballs[-1].name}" if tarballs else ""
    )
    print(f"with PATH=/nonexistent: showdesk --version -> {version.stdout.strip()}")
    demo = subprocess.run([bundle / "showdesk", "demo", "--out", work / "demo.showdesk"], env=bare,
                          capture_output=True, text=True, check=True)  # fmt: skip
    print(f"with PATH=/nonexistent: showdesk demo -> {demo.stdout.splitlines()[0]}")
    venv_env = {**os.environ, "XDG_CONFIG_HOME": str(work / "config"),
                "XDG_DATA_HOME": str(work / "data")}  # fmt: skip
    venv_env.pop("QT_QPA_PLATFORM", None)
    with xvfb() as display:
        commands = {
            "bundle": ([str(bundle / "showdesk-app")], {**bare, "DISPLAY": display}),
            "venv": ([sys.executable, "-m", "ui.app"], {**venv_env, "DISPLAY": display}),
        }
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (argv, env) in commands.items():
                runs[name].append(start([*argv, "--demo", "--exit-when-ready"], env))
    for name, figures in runs.items():
        idle = statistics.median(f[0] for f in figures)
        ready = statistics.median(f[1] for f in figures)
        print(f"{name:>6}: showdesk-app --demo on Xvfb, launch to interactive window: median "
              f"{idle:.2f} s (min {min(f[0] for f in figures):.2f}), to engine ready "
              f"{ready:.2f} s, {len(figures)} runs")  # fmt: skip


if __name__ == "__main__":
    main()
