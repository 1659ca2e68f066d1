"""Docs that cannot drift: the commands, cue types and columns the code has are all described."""

from __future__ import annotations

import argparse
import re

from cues.registry import cue_types
from showdesk.cli import build_parser
from showdesk.sheet import COLUMNS
from tests.conftest import ROOT


def commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(sub.choices)


def test_every_cli_command_has_a_section_in_docs_cli() -> None:
    text = (ROOT / "docs" / "cli.md").read_text()
    missing = [name for name in commands() if f"### `showdesk {name}`" not in text]
    assert missing == []
    assert len(commands()) >= 8


def test_every_cue_type_and_column_is_in_docs_csv() -> None:
    text = (ROOT / "docs" / "csv.md").read_text()
    assert [name for name in cue_types() if f"| `{name}` |" not in text] == []
    assert [column for column in COLUMNS if f"| `{column}` |" not in text] == []


def test_every_cue_type_payload_is_in_docs_file_format() -> None:
    text = (ROOT / "docs" / "file-format.md").read_text()
    assert [name for name in cue_types() if f"`{name}`" not in text] == []


def test_the_readme_quick_start_is_exactly_make_run_and_make_test() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    commands_shown = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert commands_shown == ["make run", "make test"]


def test_ci_runs_make_test_and_nothing_else() -> None:
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    steps = [s for s in lines if s.strip() and not s.startswith(("#", "set ", "cd "))]
    assert steps == ["make test"]
