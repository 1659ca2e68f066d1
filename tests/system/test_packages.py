"""packaging/system-packages.sh and the Makefile: system packages are checked by package, first.

The install itself (as root, on a bare system) is what packaging/fresh-check.sh shows; here the
parts that run on any machine: what a user who is not root is told, and the order of make's steps.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "packaging" / "system-packages.sh"
NOT_INSTALLED = "hello"  # GNU hello: a real Debian package nobody's show machine has
needs_dpkg = pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="needs dpkg")


def as_user(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Runs argv as an unprivileged user (nobody, when the suite runs as root)."""
    if os.geteuid() == 0:
        argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *argv]
    return subprocess.run(argv, capture_output=True, text=True, timeout=60)


@pytest.fixture
def readable() -> Iterator[Path]:
    """A copy of the script and the real lists where an unprivileged user can read them (a
    checkout in /root is out of their reach)."""
    folder = Path(tempfile.mkdtemp(prefix="showdesk-packages-"))
    folder.chmod(0o755)
    for file in [SCRIPT, *SCRIPT.parent.glob("packages-*.txt")]:
        shutil.copy(file, folder / file.name)
        (folder / file.name).chmod(0o755)
    yield folder
    shutil.rmtree(folder)


@pytest.fixture
def lists(readable: Path) -> Path:
    """The same, with lists of our own."""
    (readable / "packages-a.txt").write_text(
        "# a comment, then a blank line\n\nbash   # installed everywhere\n" + NOT_INSTALLED + "\n"
    )
    (readable / "packages-b.txt").write_text(f"{NOT_INSTALLED}\ncoreutils\n")
    return readable


@needs_dpkg
def test_a_user_gets_one_line_to_run_as_root_that_names_only_what_is_missing(lists: Path) -> None:
    done = as_user(["bash", str(lists / SCRIPT.name), "a", "b"])
    assert done.returncode == 1
    install = f"apt-get install -y --no-install-recommends {NOT_INSTALLED}"
    assert done.stderr.splitlines() == [
        f"showdesk needs 1 Debian package(s) that are not installed: {NOT_INSTALLED}",
        "Install them with one of these lines, then run the same command again:",
        f"  sudo sh -c 'apt-get update && {install}'",
        f"  su root -c 'apt-get update && {install}'",
    ]
    assert done.stdout == ""


@needs_dpkg
def test_every_listed_package_is_installed_here_so_the_check_is_silent(readable: Path) -> None:
    done = as_user(["bash", str(readable / SCRIPT.name), "run", "test"])
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_without_dpkg_the_check_says_so_and_lets_make_go_on(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "sed", "dirname"):  # what the script needs before it looks for dpkg
        (bin_dir / tool).symlink_to(shutil.which(tool) or tool)
    done = subprocess.run(["bash", str(SCRIPT), "run"], env={"PATH": str(bin_dir)},
                          capture_output=True, text=True, timeout=30)  # fmt: skip
    assert done.returncode == 0
    assert "not a Debian-based system" in done.stderr
    assert "docs/install.md" in done.stderr


def make_dry_run(target: str) -> list[str]:
    """The commands `make TARGET` would run, in order, as if nothing were up to date."""
    # Not as a sub-make of `make test` (which runs this suite): no "Entering directory" lines.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    done = subprocess.run(["make", "--no-print-directory", "-n", "-B", target], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True, timeout=30)  # fmt: skip
    return [line for line in done.stdout.splitlines() if line.strip()]


def test_make_test_checks_both_lists_before_pip_ruff_and_mypy() -> None:
    steps = make_dry_run("test")
    assert steps[0] == "bash packaging/system-packages.sh run test"
    first = {word: next(i for i, s in enumerate(steps) if word in s)
             for word in ("pip install", "ruff", "mypy", "pytest")}  # fmt: skip
    assert min(first.values()) > 0
    assert any("pip install" in step and "'.[test]'" in step for step in steps)


def test_make_run_checks_the_run_list_and_installs_the_app_without_test_tools() -> None:
    steps = make_dry_run("run")
    assert steps[0] == "bash packaging/system-packages.sh run"
    installs = [s for s in steps if "pip install" in s and "--upgrade pip" not in s]
    assert installs == [".venv/bin/python -m pip install --quiet -e ."]
    assert not any(tool in " ".join(steps) for tool in ("ruff", "mypy", "pytest", "[test]"))
    assert steps[-1] == ".venv/bin/showdesk-app --demo"
