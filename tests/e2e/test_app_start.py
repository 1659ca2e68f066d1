"""`showdesk-app` started as a person starts it, where it cannot work: no display, a display that
does not answer, a system library missing, a show file it cannot open. Each is a sentence and
exit code 1 (a window, for the show file), never a traceback, never Qt's "Reinstalling the
application may fix this problem" and an abort. And where it can work, a real X server, it opens.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tests.xvfb import xvfb

REINSTALL = "Reinstalling"
NO_DISPLAY = (
    "showdesk-app: no display: run showdesk-app from a desktop session, "
    "or use `showdesk run` for a headless show"
)


def app_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    # The app remembers its first start (QSettings) and writes the demo into the data folder.
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    return {**env, **extra}


def app(
    *args: str | Path, env: Mapping[str, str], prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "ui.app", *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert REINSTALL not in done.stderr + done.stdout
    assert done.returncode != -signal.SIGABRT, "Qt aborted (a core dump)"
    return done


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with xvfb() as name:
        yield name


def test_with_no_display_it_says_so_in_one_sentence(tmp_path: Path) -> None:
    done = app("--demo", env=app_env(tmp_path))
    assert done.returncode == 1
    assert done.stderr.strip() == NO_DISPLAY


def test_a_display_that_does_not_answer_is_named(tmp_path: Path) -> None:
    unused = next(n for n in range(250, 400) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    done = app("--demo", env=app_env(tmp_path, DISPLAY=f":{unused}"))
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"showdesk-app: no display (no X server answers at DISPLAY=:{unused}): run showdesk-app "
        "from a desktop session, or use `showdesk run` for a headless show"
    )


def test_on_a_real_x_server_the_window_opens(tmp_path: Path, display: str) -> None:
    done = app("--demo", "--exit-when-ready", env=app_env(tmp_path, DISPLAY=display))
    assert done.returncode == 0, done.stderr
    started = json.loads(done.stdout.strip().splitlines()[-1])
    assert started["cues"] > 10
    assert started["idle_ms"] > 0
    # The show is in the recent list, though the app quit as soon as it was up (the list is
    # written on a thread of its own, to keep its fsyncs out of the start).
    remembered = (tmp_path / "config" / "showdesk" / "showdesk.ini").read_text()
    demo = tmp_path / "data" / "showdesk" / "demo.showdesk"
    assert f"recent={demo}" in remembered


def _resolved(library: str) -> Path:
    """Where the loader finds `library` (its real file, not the symlink)."""
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    match = re.search(rf"^\s*{re.escape(library)} \(.*x86-64.*\) => (\S+)$", out, re.M)
    if match is None:
        match = re.search(rf"^\s*{re.escape(library)} .* => (\S+)$", out, re.M)
    assert match is not None, f"{library} is not installed here"
    return Path(match.group(1)).resolve()


def _can_mask() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"],
                           capture_output=True, timeout=10)  # fmt: skip
    return probe.returncode == 0


masking = pytest.mark.skipif(not _can_mask(), reason="needs root and mount namespaces")


def without(library: str) -> tuple[str, ...]:
    """A command prefix under which `library` cannot be loaded: /dev/null is mounted over its
    file in a mount namespace of the command's own (the machine is untouched)."""
    script = 'mount --bind /dev/null "$1" && shift && exec "$@"'
    path = str(_resolved(library))
    return ("unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", path)


@masking
def test_a_missing_xcb_library_names_its_package_and_the_command(
    tmp_path: Path, display: str
) -> None:
    done = app("--demo", env=app_env(tmp_path, DISPLAY=display),
               prefix=without("libxcb-cursor.so.0"))  # fmt: skip
    assert done.returncode == 1
    assert "showdesk-app cannot open a window on X11: the system library libxcb-cursor.so.0 is " \
        "missing" in done.stderr  # fmt: skip
    assert "sudo apt-get install -y --no-install-recommends libxcb-cursor0" in done.stderr


@masking
def test_a_library_qt_itself_needs_is_named_before_qt_is_imported(
    tmp_path: Path, display: str
) -> None:
    done = app("--demo", env=app_env(tmp_path, DISPLAY=display), prefix=without("libEGL.so.1"))
    assert done.returncode == 1
    assert "showdesk-app cannot start: the system library libEGL.so.1 is missing" in done.stderr
    assert "apt-get install -y --no-install-recommends libegl1" in done.stderr


@pytest.mark.parametrize("kind", ["garbage", "empty", "directory"])
def test_a_show_file_it_cannot_open_gets_a_window_with_the_reason(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "broken.showdesk"
    if kind == "garbage":
        path.write_bytes(b"this is not a show\n" * 40)
    elif kind == "empty":
        path.write_bytes(b"")
    else:
        path.mkdir()
    shot = tmp_path / "window.png"
    done = app(path, "--screenshot", shot, env=app_env(tmp_path, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 1
    reason = done.stderr.strip().removeprefix("showdesk-app: ")
    assert str(path) in reason
    assert f"saved {shot}" in done.stdout  # the window was shown, with the reason in it
    assert shot.stat().st_size > 1000


def test_a_platform_qt_cannot_start_is_a_sentence_not_an_abort(tmp_path: Path) -> None:
    # Past every check the app makes itself, Qt's own fatal message is turned into a sentence.
    done = app("--demo", env=app_env(tmp_path, QT_QPA_PLATFORM="nosuchplatform"))
    assert done.returncode == 1
    assert 'Could not find the Qt platform plugin "nosuchplatform"' in done.stderr
    assert "showdesk-app cannot open a window: Qt says: This application failed to start " \
        "because no Qt platform plugin could be initialized.\n" in done.stderr  # fmt: skip
