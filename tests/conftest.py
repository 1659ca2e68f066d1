"""Shared fixtures: real show files in tmp_path, and the sample data beside the project."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from showdesk.showfile import ShowFile
from tests.jack import JackServer, jack_server

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


@pytest.fixture(scope="module")
def jack() -> Iterator[JackServer]:
    """A JACK dummy server of this test module's own (tests/jack.py)."""
    with jack_server() as server:
        yield server


@pytest.fixture
def jack_env(jack: JackServer, monkeypatch: pytest.MonkeyPatch) -> JackServer:
    """This process's MIDI clients reach that server, and never start one of their own."""
    monkeypatch.setenv("JACK_DEFAULT_SERVER", jack.name)
    monkeypatch.setenv("JACK_NO_START_SERVER", "1")
    monkeypatch.delenv("MIDO_BACKEND", raising=False)
    return jack
