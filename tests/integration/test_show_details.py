"""Show details in a real show file: the settings of the report's header, and a performance's
scheduled start and caller set with `showdesk performances --set` (schema 4)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from showdesk import schema
from showdesk.cli import main
from showdesk.engine.runlog import start_performance
from showdesk.errors import ShowFileError
from showdesk.notes import find_performance
from showdesk.report.details import details_of
from showdesk.showfile import ShowFile

T0 = datetime(2026, 11, 26, 19, 2, 0).timestamp()


def performed(show: ShowFile, name: str, kind: str) -> int:
    """A performance as the engine leaves one: its row, and the GO that started it."""
    perf = start_performance(show, name, "rehearsal", "Main", kind)
    go = {"event": "go", "wall": T0, "mono": 0.0, "show_time": 0.0, "cue": "1", "source": "key"}
    show.db.execute(
        "INSERT INTO events (performance_id, wall, mono, show_time, kind, detail) "
        "VALUES (?, ?, 0, 0, 'go', ?)",
        [perf, T0, json.dumps(go)],
    )
    return perf


@pytest.fixture
def ran(show_path: Path) -> Path:
    with ShowFile.create(show_path, name="The Tempest") as show:
        perf = performed(show, "Preview 1", "preview")
        show.db.execute("UPDATE performances SET started = ? WHERE id = ?", [T0, perf])
    return show_path


def test_show_details_are_settings_with_a_checked_curtain_time(show: ShowFile) -> None:
    for key, value in (("company", "Northern Lights"), ("venue", "The Courtyard"),
                       ("stage_manager", "Sam Ortiz"), ("curtain", "9:30")):  # fmt: skip
        show.set_setting(key, value)
    settings = show.settings()
    assert (settings.company, settings.venue, settings.stage_manager, settings.curtain) == (
        "Northern Lights", "The Courtyard", "Sam Ortiz", "09:30"
    )  # fmt: skip
    with pytest.raises(ShowFileError, match="curtain is a time of day, HH:MM"):
        show.set_setting("curtain", "7.30pm")
    assert show.settings().curtain == "09:30"


def test_the_production_is_the_shows_name_unless_set(ran: Path) -> None:
    with ShowFile.open(ran) as show:
        perf = find_performance(show, "last")
        assert details_of(show.settings(), perf).production == "The Tempest"
        show.set_setting("production", "The Tempest (spring tour)")
        assert details_of(show.settings(), perf).production == "The Tempest (spring tour)"


def test_a_performance_takes_the_usual_curtain_until_it_has_its_own(
    ran: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["settings", str(ran), "curtain", "19:30"]) == 0
    with ShowFile.open(ran) as show:
        details = details_of(show.settings(), find_performance(show, "1"))
    assert details.scheduled == datetime(2026, 11, 26, 19, 30).timestamp()
    capsys.readouterr()

    assert main(["performances", str(ran), "--set", "1", "scheduled=19:45",
                 "called_by=Jo Park"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert out.strip() == (
        "performance 1 'Preview 1' (preview): scheduled 19:45 Thu 26 Nov 2026, called by Jo Park"
    )
    with ShowFile.open(ran) as show:
        perf = find_performance(show, "1")
        assert (perf.scheduled, perf.called_by) == (
            datetime(2026, 11, 26, 19, 45).timestamp(), "Jo Park"
        )  # fmt: skip
    assert main(["performances", str(ran)]) == 0
    header, row = capsys.readouterr().out.splitlines()
    assert header.split()[:6] == ["id", "name", "kind", "date", "scheduled", "up"]
    assert "19:45" in row.split()

    assert main(["performances", str(ran), "--set", "last", "scheduled=none"]) == 0
    assert "(the show's usual curtain)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1", "scheduled=half past seven"], "scheduled: 'half past seven' is not a time"),
        (["1", "curtain=19:30"], "--set takes KEY=VALUE with KEY one of: scheduled"),
        (["1"], "--set takes a performance and what to change"),
        (["9", "called_by=Jo"], "there is no performance '9'"),
        # The good change before the bad one is not written either.
        (["1", "called_by=Jo", "scheduled=25:00"], "is not a time"),
    ],
)
def test_a_bad_change_is_refused_and_nothing_is_written(
    ran: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["performances", str(ran), "--set", *args]) == 1
    assert message in capsys.readouterr().err
    with ShowFile.open(ran) as show:
        perf = find_performance(show, "1")
    assert (perf.scheduled, perf.called_by) == (None, "")


def test_a_schema_3_file_gains_the_columns_and_keeps_its_performances(
    show_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old:  # a showdesk that knew schema 3
        old.setattr("showdesk.showfile.MIGRATIONS", schema.MIGRATIONS[:3])
        old.setattr("showdesk.showfile.SCHEMA_VERSION", 3)
        with ShowFile.create(show_path, name="Old show") as show:
            performed(show, "Preview 1", "preview")
    with ShowFile.open(show_path) as show:
        perf = find_performance(show, "1")
        assert (perf.name, perf.kind, perf.scheduled, perf.called_by) == (
            "Preview 1", "preview", None, ""
        )  # fmt: skip
    with sqlite3.connect(show_path.with_name(f"{show_path.name}.schema3.bak")) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
