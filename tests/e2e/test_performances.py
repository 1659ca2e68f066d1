"""A performance starts with the show, not with the engine (issue 13, point 9): a run with no
GO and no mark leaves none behind; the first GO or mark starts one at once, named from its kind
and the date; the CLI renames one or changes its kind afterwards; a run that never started the
show (as older showdesks logged every run) is not listed."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from showdesk.cli import main
from showdesk.showfile import ShowFile
from tests.e2e.test_run import chain_show, engine, events_of


def run(path: Path, commands: str, *args: str) -> list[dict[str, Any]]:
    with engine(path, *args) as proc:
        out, err = proc.communicate(commands, timeout=30)
    assert proc.returncode == 0, err
    return events_of(out)


def rows(path: Path) -> list[dict[str, Any]]:
    with ShowFile.open(path) as show:
        return list(show.db.query("SELECT * FROM performances ORDER BY id"))


def logged(path: Path) -> list[tuple[int, str]]:
    with ShowFile.open(path) as show:
        return [(r["performance_id"], r["kind"]) for r in
                show.db.query("SELECT performance_id, kind FROM events ORDER BY id")]  # fmt: skip


def test_a_run_with_no_go_and_no_mark_leaves_no_performance(show_path: Path) -> None:
    chain_show(show_path, 9)
    printed = run(show_path, "status\nstandby 2\nnote Checked the rig\n")
    assert printed[0]["event"] == "ready"
    assert printed[0]["performance"] is None
    assert rows(show_path) == []
    assert logged(show_path) == []
    with ShowFile.open(show_path) as show:  # the note is kept all the same, with no performance
        (note,) = show.db.query("SELECT * FROM notes")
    assert (note["text"], note["performance_id"]) == ("Checked the rig", None)


def test_the_first_go_starts_one_named_from_its_kind_and_the_date(show_path: Path) -> None:
    chain_show(show_path, 9, count=1)
    before = time.time()
    printed = run(show_path, "standby 1\nnote Before the top\ngo\n", "--kind", "preview")
    kinds = [e["event"] for e in printed]
    started = printed[kinds.index("performance")]
    assert kinds.index("performance") + 1 == kinds.index("go")  # started by the GO, at once
    (row,) = rows(show_path)
    assert started["performance"] == row["id"]
    assert row["name"] == started["name"] == f"preview {time.strftime('%Y-%m-%d %H:%M')}"
    assert row["kind"] == "preview"
    go = printed[kinds.index("go")]
    assert before <= row["started"] == go["wall"]
    assert row["ended"] is not None
    # What came before the GO is in the performance's log too, in order, once.
    with ShowFile.open(show_path) as show:
        query = "SELECT detail FROM events WHERE performance_id = ? ORDER BY id"
        details = [json.loads(r["detail"]) for r in show.db.query(query, [row["id"]])]
        (note,) = show.db.query("SELECT * FROM notes")
    assert details == printed
    assert note["performance_id"] == row["id"]  # the note before the GO joined it


def test_a_mark_starts_one_too_and_each_run_is_its_own(show_path: Path) -> None:
    chain_show(show_path, 9)
    run(show_path, "mark house_open\n", "--performance", "Gala")
    run(show_path, "")  # opened, nothing run: none
    run(show_path, "go\n", "--live")
    first, second = rows(show_path)
    assert (first["name"], first["kind"], first["mode"]) == ("Gala", "rehearsal", "rehearsal")
    assert (second["kind"], second["mode"]) == ("performance", "live")


def old_style_run(path: Path) -> None:
    """A performance as showdesk logged every run of the engine before: ready, and no GO."""
    with ShowFile.open(path) as show:
        perf = show.db.execute(
            "INSERT INTO performances (name, mode, list, started, ended, kind) VALUES "
            "('rehearsal 2026-01-05 10:00', 'rehearsal', 'Main', 1, 2, 'rehearsal')"
        ).lastrowid
        show.db.execute(
            "INSERT INTO events (performance_id, wall, mono, show_time, kind, detail) "
            "VALUES (?, 1, 0, 0, 'ready', '{\"event\":\"ready\"}')",
            [perf],
        )


def test_the_cli_lists_only_performances_and_renames_one(
    show_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chain_show(show_path, 9, count=1)
    old_style_run(show_path)
    run(show_path, "go\n")
    assert main(["performances", str(show_path)]) == 0
    table = capsys.readouterr().out.splitlines()
    (_, perf) = rows(show_path)
    assert len(table) == 2  # the heading and the run with a GO: not the old empty one
    assert table[1].split()[0] == str(perf["id"])
    assert main(["performances", str(show_path), "--set", str(perf["id"]),
                 "name=Dress rehearsal", "kind=preview"]) == 0  # fmt: skip
    said = capsys.readouterr().out
    assert said.startswith(f"performance {perf['id']} 'Dress rehearsal' (preview): ")
    assert (rows(show_path)[1]["name"], rows(show_path)[1]["kind"]) == ("Dress rehearsal",
                                                                      "preview")  # fmt: skip
    assert main(["performances", str(show_path), "--set", "last", "kind=gala"]) == 1
    assert "kind: a performance is a rehearsal, tech, preview, performance, not 'gala'" in (
        capsys.readouterr().err)  # fmt: skip
    assert main(["performances", str(show_path), "--set", "last", "name="]) == 1
    assert "name: a performance needs a name" in capsys.readouterr().err
    assert rows(show_path)[1]["name"] == "Dress rehearsal"  # nothing written
