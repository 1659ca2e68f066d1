"""docs/profiles.md lists every bundled profile's commands exactly as the data files have them."""

from __future__ import annotations

from showdesk.profiles import catalogue
from showdesk.profiles.docs import current, generated
from tests.conftest import ROOT


def test_the_command_tables_in_docs_profiles_match_the_profiles() -> None:
    text = (ROOT / "docs" / "profiles.md").read_text()
    assert current(text) == generated(), (
        "docs/profiles.md is out of date: run .venv/bin/python -m showdesk.profiles.docs "
        "docs/profiles.md"
    )


def test_every_bundled_command_appears_in_the_docs() -> None:
    text = (ROOT / "docs" / "profiles.md").read_text()
    for profile in catalogue().profiles.values():
        assert f"### `{profile.id}`" in text
        for command in profile.commands.values():
            assert f"| `{command.usage(profile.id)}` |" in text


def test_docs_csv_mentions_the_command_syntax() -> None:
    text = (ROOT / "docs" / "csv.md").read_text()
    assert "`@DEVICE COMMAND [KEY=VALUE ...]`" in text
    assert "(profiles.md)" in text
