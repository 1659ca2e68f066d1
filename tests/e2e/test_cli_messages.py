"""Messages that name the real problem (issue 11: 9, 12, 13, 14), from the `showdesk` command.

Each case was a traceback, or "not a showdesk show file" for a file that was one, before.
Permission cases run the command as the user `nobody` when the suite runs as root (root reads
and writes any file, so it would never see them).
"""

from __future__ import annotations

import functools
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from showdesk.showfile import ShowFile
from tests.e2e.conftest import fill
from tests.rtkit import INTERPRETER, user_python

NOBODY = 65534


@functools.cache
def nobody_command() -> tuple[list[str], dict[str, str] | None]:
    """How to run `python -m showdesk` as nobody: the suite's own interpreter when nobody can
    read the checkout (a clone in /work), else Debian's with a copy of the packages nobody can
    read (a clone in /root, mode 700, as on a fresh machine; tests/rtkit.py)."""
    if shutil.which("setpriv") is None:
        pytest.skip("running as root, and no setpriv (util-linux) to run as nobody")
    prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
    probe = [*prefix, sys.executable, "-c", "import showdesk"]
    if subprocess.run(probe, capture_output=True, timeout=60, check=False, cwd="/").returncode == 0:
        return [*prefix, sys.executable], None
    if not INTERPRETER.exists():
        pytest.skip(f"nobody cannot read this checkout, and there is no {INTERPRETER} to copy to")
    folder = Path(tempfile.mkdtemp(prefix="showdesk-nobody-"))
    folder.chmod(0o755)
    copy = user_python(folder / "python")
    return copy.argv(), {**os.environ, **copy.env()}


def showdesk(*args: str | bytes | Path, as_nobody: bool = False) -> tuple[int, str]:
    command, env = [sys.executable], None
    if as_nobody and os.geteuid() == 0:
        command, env = nobody_command()
    result = subprocess.run(
        [*command, "-m", "showdesk", *args],
        capture_output=True, timeout=60, check=False, cwd="/", env=env,
    )  # fmt: skip
    err = result.stderr.decode(errors="replace")
    assert "Traceback" not in err, err
    return result.returncode, err


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A folder anyone may enter (tmp_path is root's alone)."""
    with tempfile.TemporaryDirectory(prefix="showdesk-perm-") as name:
        os.chmod(name, 0o755)
        yield Path(name)


def new_show(path: Path) -> Path:
    ShowFile.create(path).close()
    return path


# -- 12: what is wrong with the file -------------------------------------------------------------


def test_a_folder_is_called_a_folder(tmp_path: Path) -> None:
    code, err = showdesk("list", tmp_path)
    assert code == 1
    assert err == f"showdesk: {tmp_path} is a folder, not a show file\n"


def test_an_empty_file_is_called_empty(tmp_path: Path) -> None:
    (tmp_path / "show.showdesk").write_bytes(b"")
    code, err = showdesk("run", tmp_path / "show.showdesk")
    assert code == 1
    assert "is empty (0 bytes), so not a showdesk show file" in err


def test_a_file_nobody_may_read_says_permission_denied(open_dir: Path) -> None:
    path = new_show(open_dir / "show.showdesk")
    path.chmod(0o600)
    if os.geteuid() != 0:
        pytest.skip("the file is the test user's own; root runs this as nobody")
    code, err = showdesk("list", path, as_nobody=True)
    assert code == 1
    assert f"{path} cannot be read: permission denied (owner uid 0, mode -rw-------)" in err


def test_a_read_only_file_says_it_cannot_be_written(open_dir: Path) -> None:
    path = new_show(open_dir / "show.showdesk")
    path.chmod(0o644)  # readable by everyone, writable by its owner (root) only
    if os.geteuid() != 0:
        path.chmod(0o444)
    code, err = showdesk("patch", path, "list", as_nobody=True)
    assert code == 1
    assert f"{path} cannot be written: permission denied" in err
    assert "copy it somewhere writable" in err


def test_a_folder_that_cannot_be_written_is_named(open_dir: Path) -> None:
    path = new_show(open_dir / "show.showdesk")
    for name in os.listdir(open_dir):  # the show file and its journal: the user's own
        os.chown(open_dir / name, NOBODY, NOBODY) if os.geteuid() == 0 else None
    if os.geteuid() != 0:
        open_dir.chmod(0o555)
    code, err = showdesk("list", path, as_nobody=True)
    open_dir.chmod(0o755)
    assert code == 1
    assert f"the folder {open_dir} cannot be written (permission denied)" in err


def test_a_full_disk_is_called_full(small_disk: Path) -> None:
    path = new_show(small_disk / "show.showdesk")
    filler = fill(small_disk)
    try:
        code, err = showdesk("note", path, "dimmer 12 is out")
    finally:
        filler.unlink()
    assert code == 1
    assert "the disk is full: free some space and try again" in err


# -- 13: a hand-lowered schema version -----------------------------------------------------------


@pytest.mark.parametrize("version", [0, 2, -1])
def test_a_lowered_schema_version_is_refused_unchanged_and_without_backups(
    show_path: Path, version: int
) -> None:
    new_show(show_path)
    with sqlite3.connect(show_path) as db:
        db.execute(f"PRAGMA user_version = {version}")
    db.close()
    before = show_path.read_bytes()
    for _ in range(3):
        code, err = showdesk("list", show_path)
        assert code == 1
        assert f"schema version {version}" in err
        assert "another program changed it, or it is damaged. showdesk has not changed it" in err
    assert show_path.read_bytes() == before
    assert sorted(p.name for p in show_path.parent.iterdir()) == ["show.showdesk"]


# -- 14 and the stored values: notes, settings ---------------------------------------------------


def test_a_tampered_running_list_is_shown_as_it_is(show_path: Path) -> None:
    new_show(show_path)
    assert showdesk("note", show_path, "LX 4 late", "--performance", "none")[0] == 0
    with sqlite3.connect(show_path) as db:
        db.execute("UPDATE notes SET running = '{not json'")
    db.close()
    result = subprocess.run([sys.executable, "-m", "showdesk", "notes", show_path, "--json"],
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert '"running": ["{not json"]' in result.stdout


def test_a_tampered_setting_is_named(show_path: Path) -> None:
    new_show(show_path)
    with sqlite3.connect(show_path) as db:
        db.execute("UPDATE settings SET value = '\"soon\"' WHERE key = 'name'")
        db.execute("INSERT OR REPLACE INTO settings VALUES ('panic_time', '{oops')")
    db.close()
    code, err = showdesk("run", show_path)
    assert code == 1
    assert "the stored setting panic_time is not valid" in err
    assert "showdesk settings FILE panic_time VALUE" in err


# -- 9: arguments that are not UTF-8 -------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [[b"note", b"SHOW", b"caf\xe9"], [b"notes", b"SHOW", b"--grep", b"\xff"]]
)
def test_an_argument_that_is_not_utf8_is_named(show_path: Path, args: list[bytes]) -> None:
    new_show(show_path)
    args = [bytes(show_path) if arg == b"SHOW" else arg for arg in args]
    code, err = showdesk(*args)
    assert code == 1
    assert "is not UTF-8 text; showdesk reads its arguments as UTF-8" in err
    with ShowFile.open(show_path) as show:
        assert show.db.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
