"""Shared fixtures: real show files in tmp_path, and the sample data beside the project."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from showdesk.showfile import ShowFile

# The suite is deterministic: the same Hypothesis examples on every run and machine, so CI fails
# because of a change, never by the luck of the draw. To look for new failures with fresh random
# examples: HYPOTHESIS_PROFILE=explore .venv/bin/python -m pytest
settings.register_profile("suite", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

ROOT = Path(__file__).resolve().parent.parent
DEMO_SHEET = ROOT / "showdesk" / "demo" / "summit.csv"
# The shared sample data is beside the project in development and CI; tests that read it skip
# (with a reason) where it is absent, since the project must not depend on it to run.
SHARED_SHEET = ROOT.parent / "shared" / "data" / "summit-general-session.csv"


@pytest.fixture
def show_path(tmp_path: Path) -> Path:
    return tmp_path / "show.showdesk"


@pytest.fixture
def show(show_path: Path) -> Iterator[ShowFile]:
    with ShowFile.create(show_path, name="Test show") as opened:
        yield opened
