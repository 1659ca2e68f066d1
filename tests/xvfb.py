"""A virtual X screen of the test's own (Xvfb picks a free display number and tells it)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.jack import stop_process


@contextmanager
def xvfb() -> Iterator[str]:
    """Yields the DISPLAY of a fresh Xvfb; stops it (by its process id) afterwards."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb missing (xvfb in packaging/packages-test.txt; make test installs it)")
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as answer:
            number = answer.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        stop_process(proc)
