"""Notes and performances through `showdesk note`, `notes`, `performances` and `report`, on real
show files: stamps, edits and strikes that keep their history, filters, and bad input refused
with nothing written."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import datetime
from pathlib import Path

import pytest

from showdesk import schema
from showdesk.cli import main
from showdesk.notes import parse_since
from showdesk.showfile import ShowFile

T0 = time.time() - 3600  # the performance started an hour ago


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def fake_performance(path: Path, name: str = "Preview 1", *, ended: bool = False) -> int:
    """A performance as the engine leaves it: a row and the events of a running show
    (standing by 3, cue 2 running since show time 40)."""
    events = [
        {"event": "ready", "wall": T0, "show_time": 0.0, "playhead": "1"},
        {"event": "go", "wall": T0 + 40, "show_time": 40.0, "cue": "1"},
        {"event": "cue", "wall": T0 + 40, "show_time": 40.0, "cue": "1", "state": "completed"},
        {"event": "cue", "wall": T0 + 40, "show_time": 40.0, "cue": "2", "state": "running"},
        {"event": "playhead", "wall": T0 + 40, "show_time": 40.0, "cue": "3"},
    ]
    with ShowFile.open(path) as show:
        perf = int(show.db.execute(
            "INSERT INTO performances (name, mode, list, started, ended, kind)"
            " VALUES (?, 'rehearsal', 'Main', ?, ?, 'preview')",
            [name, T0, T0 + 100 if ended else None],
        ).lastrowid or 0)  # fmt: skip
        for e in events:
            show.db.execute(
                "INSERT INTO events (performance_id, wall, mono, show_time, kind, detail)"
                " VALUES (?, ?, 0, ?, ?, ?)",
                [perf, e["wall"], e["show_time"], e["event"], json.dumps(e)],
            )
    return perf


def notes_in(path: Path) -> list[dict[str, object]]:
    with ShowFile.open(path) as show:
        return list(show.db.query("SELECT * FROM notes ORDER BY id"))


def test_a_note_during_a_performance_is_stamped_from_the_engines_log(
    show: ShowFile, capsys: pytest.CaptureFixture[str]
) -> None:
    show.close()
    perf = fake_performance(show.path)
    code, out, _ = run(capsys, "note", str(show.path), "Follow spot 2 late",
                       "--dept", "lx", "--severity", "issue")  # fmt: skip
    assert code == 0
    (note,) = notes_in(show.path)
    assert (note["performance_id"], note["standing_by"], note["running"]) == (perf, "3", '["2"]')
    assert (note["dept"], note["severity"], note["text"]) == ("LX", "issue", "Follow spot 2 late")
    assert note["show_time"] > 40  # now - the engine's start (19:00 today)
    assert out.startswith(f"note {note['id']} (LX issue; performance {perf} 'Preview 1'")
    assert "standing by 3, running 2): Follow spot 2 late" in out


def test_with_no_performance_running_a_note_belongs_to_none(
    show: ShowFile, capsys: pytest.CaptureFixture[str]
) -> None:
    show.close()
    fake_performance(show.path, ended=True)
    assert run(capsys, "note", str(show.path), "Order more gaffer tape", "--dept", "SM")[0] == 0
    (note,) = notes_in(show.path)
    assert (note["performance_id"], note["show_time"], note["standing_by"]) == (None, None, None)
    code, _, err = run(capsys, "note", str(show.path), "x", "--performance", "current")
    assert code == 1
    assert "no performance is running" in err
    # An ended performance can still be named: the note is filed under it, unstamped.
    assert run(capsys, "note", str(show.path), "Late note", "--performance", "last")[0] == 0
    assert notes_in(show.path)[-1]["performance_id"] == 1


def test_edits_and_strikes_keep_the_history(
    show: ShowFile, capsys: pytest.CaptureFixture[str]
) -> None:
    show.close()
    path = str(show.path)
    assert run(capsys, "note", path, "SND too quiet", "--dept", "SND")[0] == 0
    code, out, _ = run(capsys, "note", path, "--edit", "1", "SND 12 too quiet in row M")
    assert code == 0
    assert "1 revision(s) kept" in out
    code, out, _ = run(capsys, "note", path, "--strike", "1", "--reason", "fixed in the patch")
    assert code == 0
    assert "struck (fixed in the patch)" in out
    with ShowFile.open(show.path) as opened:
        (note,) = opened.db.query("SELECT text, struck, struck_reason FROM notes")
        revisions = list(opened.db.query(
            "SELECT action, old_text, new_text, reason FROM note_revisions ORDER BY id"
        ))  # fmt: skip
    assert note == {"text": "SND 12 too quiet in row M", "struck": 1,
                    "struck_reason": "fixed in the patch"}  # fmt: skip
    assert revisions == [
        {"action": "edit", "old_text": "SND too quiet", "new_text": "SND 12 too quiet in row M",
         "reason": ""},
        {"action": "strike", "old_text": "SND 12 too quiet in row M",
         "new_text": "SND 12 too quiet in row M", "reason": "fixed in the patch"},
    ]  # fmt: skip
    _, out, _ = run(capsys, "notes", path)
    assert "[struck: fixed in the patch] SND 12 too quiet in row M (edited 1x)" in out
    code, _, err = run(capsys, "note", path, "--strike", "1", "--reason", "again")
    assert code == 1
    assert "struck already" in err
    code, _, err = run(capsys, "note", path, "--edit", "1", "revive")
    assert code == 1
    assert "is struck" in err


def test_notes_filters(show: ShowFile, capsys: pytest.CaptureFixture[str]) -> None:
    show.close()
    path = str(show.path)
    perf = fake_performance(show.path)
    for text, dept, severity in [("LX 4 flicker", "LX", "issue"), ("Mic 3 dropout", "SND",
                                 "critical"), ("Props table moved", "SM", "info")]:  # fmt: skip
        assert run(capsys, "note", path, text, "--dept", dept, "--severity", severity)[0] == 0
    assert run(capsys, "note", path, "Unrelated", "--performance", "none")[0] == 0

    def texts(*filters: str) -> list[str]:
        code, out, err = run(capsys, "notes", path, "--json", *filters)
        assert code == 0, err
        return [json.loads(line)["text"] for line in out.splitlines()]

    assert texts() == ["LX 4 flicker", "Mic 3 dropout", "Props table moved", "Unrelated"]
    assert texts("--performance", str(perf)) == texts("--performance", "last")
    assert texts("--performance", "last") == ["LX 4 flicker", "Mic 3 dropout", "Props table moved"]
    assert texts("--dept", "snd") == ["Mic 3 dropout"]
    assert texts("--severity", "critical") == ["Mic 3 dropout"]
    assert texts("--grep", "MIC") == ["Mic 3 dropout"]
    assert texts("--since", "2000-01-01") == texts()
    assert texts("--since", "2999-01-01 00:00") == []
    _, out, _ = run(capsys, "notes", path, "--grep", "nothing like this")
    assert out == "no notes match\n"


def test_performances_lists_each_run(show: ShowFile, capsys: pytest.CaptureFixture[str]) -> None:
    show.close()
    code, out, _ = run(capsys, "performances", str(show.path))
    assert (code, out.strip()) == (0, f"{show.path} has no performances yet")
    fake_performance(show.path, ended=True)
    fake_performance(show.path, "Preview 2")
    run(capsys, "note", str(show.path), "A note")
    code, out, _ = run(capsys, "performances", str(show.path))
    lines = out.splitlines()
    assert lines[0].split() == ["id", "name", "kind", "date", "scheduled", "up", "run", "time",
                                "acts", "holds", "notes", "errors"]  # fmt: skip
    assert "Preview 1  preview" in lines[1]
    assert "not marked" in lines[1]
    assert lines[2].split()[-4:] == ["0", "0", "1", "0"]
    assert "running" in lines[2]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["note", "{f}", ""], "a note needs some text"),
        (["note", "{f}", "   "], "a note needs some text"),
        (["note", "{f}"], "a note needs some text"),
        (["note", "{f}", "x", "--dept", "LIGHTS"], "no department 'LIGHTS'"),
        (["note", "{f}", "x", "--cue", "99"], "no cue numbered '99'"),
        (["note", "{f}", "x", "--performance", "42"], "no performance '42'"),
        (["note", "{f}", "--edit", "7", "new"], "no note 7"),
        (["note", "{f}", "--edit", "1", ""], "a note needs some text"),
        (["note", "{f}", "--strike", "1"], "needs a reason"),
        (["note", "{f}", "x", "--reason", "y"], "--reason goes with --strike"),
        (["notes", "{f}", "--since", "25:99"], "'25:99' is not a time"),
        (["notes", "{f}", "--since", "yesterday"], "'yesterday' is not a time"),
        (["notes", "{f}", "--performance", "Gala"], "no performance 'Gala'"),
        (["notes", "{f}", "--dept", "XX"], "no department 'XX'"),
        (["report", "{f}", "--performance", "9", "--format", "csv", "-o", "{o}"],
         "no performance '9'"),
        (["report", "{f}", "--format", "pdf"], "needs a file"),
        (["report", "{f}", "--format", "html", "-o", "/nonexistent/r.html"], "no folder"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_a_clear_error_and_nothing_written(
    show: ShowFile, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    show.close()
    fake_performance(show.path, ended=True)
    run(capsys, "note", str(show.path), "The one note", "--performance", "last")
    before = notes_in(show.path)
    out_file = show.path.with_name("report.out")
    argv = [a.format(f=show.path, o=out_file) for a in argv]
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert message in err
    assert err.startswith("showdesk: ")
    assert "Traceback" not in err
    assert notes_in(show.path) == before
    assert not out_file.exists()
    assert [p.name for p in show.path.parent.iterdir() if p.name.startswith(".")] == []


def test_a_report_of_a_show_that_never_ran_is_refused(
    show: ShowFile, capsys: pytest.CaptureFixture[str]
) -> None:
    show.close()
    out_file = show.path.with_name("r.html")
    code, _, err = run(capsys, "report", str(show.path), "--format", "html", "-o", str(out_file))
    assert code == 1
    assert "has no performances yet" in err
    assert not out_file.exists()


def test_since_reads_times_of_day_and_dates() -> None:
    today = datetime(2026, 11, 26, 23, 59)
    assert parse_since("19:30", today=today) == datetime(2026, 11, 26, 19, 30).timestamp()
    assert parse_since("19:30:15", today=today) == datetime(2026, 11, 26, 19, 30, 15).timestamp()
    assert parse_since("2026-11-25") == datetime(2026, 11, 25).timestamp()
    assert parse_since("2026-11-25T20:05") == datetime(2026, 11, 25, 20, 5).timestamp()


def test_a_schema_2_file_is_migrated_after_a_backup(
    show_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old:  # a showdesk that knew schema 2
        old.setattr("showdesk.showfile.MIGRATIONS", schema.MIGRATIONS[:2])
        old.setattr("showdesk.showfile.SCHEMA_VERSION", 2)
        with ShowFile.create(show_path, name="Old show") as show:
            for mode in ("live", "rehearsal"):
                show.db.execute(
                    "INSERT INTO performances (name, mode, list, started, ended)"
                    " VALUES (?, ?, 'Main', 1.0, 2.0)",
                    [f"a {mode} run", mode],
                )
            show.db.execute(
                "INSERT INTO events (performance_id, wall, mono, show_time, kind, detail)"
                " VALUES (1, 1.5, 0, 0.5, 'note', '{\"event\": \"note\"}')"
            )
    with sqlite3.connect(show_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    with ShowFile.open(show_path) as show:
        assert show.db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        kinds = [r["kind"] for r in show.db.query("SELECT kind FROM performances ORDER BY id")]
        assert kinds == ["performance", "rehearsal"]
        assert {"notes", "note_revisions"} <= set(show.db.table_names())
        assert show.db.execute("SELECT count(*) FROM events").fetchone()[0] == 1
        assert show.settings().name == "Old show"
        assert show.integrity_problems() == []
    backup = show_path.with_name(f"{show_path.name}.schema2.bak")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert "notes" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}


def test_the_notes_table_itself_refuses_blank_text_and_unknown_severities(show: ShowFile) -> None:
    for text, severity in (("  ", "info"), ("ok", "urgent")):
        with pytest.raises(sqlite3.IntegrityError):
            show.db.execute(
                "INSERT INTO notes (wall, text, severity) VALUES (1, ?, ?)", [text, severity]
            )
