"""Each profile test reads the bundled profiles plus its own user folder, never the machine's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from showdesk import profiles


@pytest.fixture(autouse=True)
def user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "user-profiles"
    folder.mkdir()
    monkeypatch.setenv(profiles.ENV, str(folder))
    profiles.reload()
    yield folder
    profiles.reload()
