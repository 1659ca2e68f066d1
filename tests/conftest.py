"""Shared fixtures: real show files in tmp_path, and the sample data beside the project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from showdesk.showfile import ShowFile

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
