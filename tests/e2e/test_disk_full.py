"""The run log on a disk that fills up during a run (issue 11: 8).

A real, small filesystem: a tmpfs of a few megabytes (or, where tmpfs cannot be mounted, an ext4
image on a loop device). The show file lives there; a filler file takes the last byte while the
engine runs. Before the fix, the engine printed events and a note it never wrote, and repeated
the same error hundreds of times a second. Now: every printed event and every note is in the
file once space is back, and a note is not given an id (is not "saved") until it is.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from cues import Cue, cue_type
from showdesk.notes import performances, query_notes
from showdesk.showfile import ShowFile
from tests.e2e.conftest import fill
from tests.e2e.lines import finish, read_until

FADE = cue_type("fade")


def test_a_full_disk_loses_no_event_and_no_note(small_disk: Path) -> None:
    path = small_disk / "show.showdesk"
    with ShowFile.create(path) as show:
        show.set_destination("MIX", "osc.udp://127.0.0.1:9")
        show.add_cue(Cue(FADE, FADE.parse("/ch/1/fader f 0 -> 1 rate=50"), number="1",
                         target="MIX", duration=60.0))  # fmt: skip
    proc = subprocess.Popen([sys.executable, "-m", "showdesk", "run", str(path)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)  # fmt: skip
    assert proc.stdin is not None
    printed: list[dict[str, Any]] = []

    def send(line: str) -> None:
        assert proc.stdin is not None
        proc.stdin.write(line.encode() + b"\n")
        proc.stdin.flush()

    read_until(proc, seen=printed, kind="ready")
    send("go")
    read_until(proc, seen=printed, kind="cue", state="running")
    filler = fill(small_disk)
    failing = read_until(
        proc, seen=printed, kind="log", state="not_saving"
    )  # at once, not per batch
    assert failing["saved"] is False
    assert "full" in failing["reason"]
    send("note dept=SND severity=issue radio mic 4 crackling")
    note = read_until(proc, seen=printed, kind="note")
    assert note["saved"] is False
    assert "note_id" not in note  # not reported as saved
    send("mark hold late audience")
    read_until(proc, seen=printed, kind="mark")
    time.sleep(6)  # the fade goes on meanwhile: 300 more events, and one repeated `log` event
    filler.unlink()
    saving = read_until(proc, seen=printed, kind="log", state="saving")
    assert saving["written"] > 300
    assert len(saving["note_ids"]) == 1
    send("note after the disk came back")
    read_until(proc, seen=printed, kind="note", text="after the disk came back")
    rest, err = finish(proc, b"quit\n")
    printed += rest
    assert proc.returncode == 0, err

    repeats = [e for e in printed if e["event"] == "log" and e["state"] == "not_saving"]
    assert 1 <= len(repeats) <= 3  # once, then at most every 5 s: not hundreds
    assert repeats[-1]["pending"] > 200  # the count grows; 5 s of a 50 Hz fade
    with ShowFile.open(path) as show:
        rows = show.db.execute("SELECT detail FROM events ORDER BY id").fetchall()
        logged = [json.loads(row[0]) for row in rows]
        notes = [(n.text, n.dept) for n in query_notes(show)]
        assert performances(show)[-1].ended is not None

    # Every printed event is in the file, in order; a note written late has its id there.
    def bare(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in e.items() if k != "note_id"} for e in events]

    assert bare(logged) == bare(printed)
    assert [e.get("note_id") for e in printed if e["event"] == "note"] == [None, 2]
    assert notes == [("radio mic 4 crackling", "SND"), ("after the disk came back", "")]
    assert next(e["note_id"] for e in logged if e["event"] == "note") == saving["note_ids"][0]


def test_a_performance_the_full_disk_would_not_start_starts_when_space_returns(
    small_disk: Path,
) -> None:
    path = small_disk / "show.showdesk"
    with ShowFile.create(path) as show:
        show.add_cue(Cue(cue_type("memo"), cue_type("memo").parse(""), number="1"))
    proc = subprocess.Popen([sys.executable, "-m", "showdesk", "run", str(path)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)  # fmt: skip
    assert proc.stdin is not None
    printed: list[dict[str, Any]] = []
    read_until(proc, seen=printed, kind="ready")
    filler = fill(small_disk)
    proc.stdin.write(b"go\nnote the first GO found the disk full\n")
    proc.stdin.flush()
    started = read_until(proc, seen=printed, kind="performance")
    assert (started["saved"], started["performance"]) == (False, None)
    read_until(proc, seen=printed, kind="log", state="not_saving")
    filler.unlink()
    saving = read_until(proc, seen=printed, kind="log", state="saving")
    _, err = finish(proc, b"quit\n")
    assert proc.returncode == 0, err
    with ShowFile.open(path) as show:
        (perf,) = performances(show)
        kinds = [r[0] for r in show.db.execute(
            "SELECT kind FROM events WHERE performance_id = ? ORDER BY id", [perf.id]
        )]  # fmt: skip
        notes = [(n.text, n.performance_id) for n in query_notes(show)]
    assert kinds[:3] == ["ready", "performance", "go"]  # the show as it happened
    assert "note" in kinds
    assert notes == [("the first GO found the disk full", perf.id)]
    assert len(saving["note_ids"]) == 1
    assert perf.ended is not None
