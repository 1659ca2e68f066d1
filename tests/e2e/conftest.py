"""Fixtures of the end-to-end tests: a small real filesystem to fill up."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(target: Path, image: Path) -> str:
    """Mounts a small filesystem at `target`; returns how, or "" when nothing could be."""
    if os.geteuid() != 0:
        return ""
    tmpfs = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(target)],
                           capture_output=True, check=False)  # fmt: skip
    if tmpfs.returncode == 0:
        return "tmpfs"
    if shutil.which("mkfs.ext4") is None:
        return ""
    subprocess.run(["truncate", "-s", "8M", str(image)], check=True)
    subprocess.run(["mkfs.ext4", "-q", "-F", str(image)], check=True, capture_output=True)
    loop = subprocess.run(["mount", "-o", "loop", str(image), str(target)],
                          capture_output=True, check=False)  # fmt: skip
    return "loop" if loop.returncode == 0 else ""


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "disk"
    target.mkdir()
    how = _mount(target, tmp_path / "disk.img")
    if not how:
        pytest.skip("needs root to mount a small tmpfs or loop filesystem (the disk to fill)")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


def fill(directory: Path) -> Path:
    """Takes every free byte of the filesystem; returns the filler file."""
    filler = directory / "filler"
    with open(filler, "wb", buffering=0) as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 4096)
    return filler
