"""The run log on a disk that fills up during a run (issue 11: 8).

A real, small filesystem: a tmpfs of a few megabytes (or, where tmpfs cannot be mounted, an ext4
image on a loop device). The show file lives there; a filler file takes the last byte while the
engine runs. Before the fix, the engine printed events and a note it never wrote, and repeated
the same error hundreds of times a second. Now: every printed event and every note is in the
file once space is back, and a note is not given an id (is not "saved") until it is.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cues import Cue, cue_type
from showdesk.notes import performances, query_notes
from showdesk.showfile import ShowFile

FADE = cue_type("fade")


def _mount(target: Path, image: Path) -> str:
    """Mounts a small filesystem at `target`; returns how, or "" when nothing could be."""
    if os.geteuid() != 0:
        return ""
    tmpfs = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(target)],
                           capture_output=True, check=False)  # fmt: skip
    if tmpfs.returncode == 0:
        return "tmpfs"
    if shutil.which("mkfs.ext4") is None:
        return ""
    subprocess.run(["truncate", "-s", "8M", str(image)], check=True)
    subprocess.run(["mkfs.ext4", "-q", "-F", str(image)], check=True, capture_output=True)
    loop = subprocess.run(["mount", "-o", "loop", str(image), str(target)],
                          capture_output=True, check=False)  # fmt: skip
    return "loop" if loop.returncode == 0 else ""


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "disk"
    target.mkdir()
    how = _mount(target, tmp_path / "disk.img")
    if not how:
        pytest.skip("needs root to mount a small tmpfs or loop filesystem (the disk to fill)")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


def fill(directory: Path) -> Path:
    """Takes every free byte of the filesystem; returns the filler file."""
    filler = directory / "filler"
    with open(filler, "wb", buffering=0) as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 4096)
    return filler


def read_until(proc: subprocess.Popen[bytes], seen: list[dict[str, Any]], kind: str,
               **match: Any) -> dict[str, Any]:  # fmt: skip
    assert proc.stdout is not None
    while line := proc.stdout.readline():
        event = json.loads(line)
        seen.append(event)
        if event["event"] == kind and all(event.get(k) == v for k, v in match.items()):
            return event
    raise AssertionError(f"no {kind} {match} before the engine's output ended")


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

    read_until(proc, printed, "ready")
    send("go")
    read_until(proc, printed, "cue", state="running")
    filler = fill(small_disk)
    failing = read_until(proc, printed, "log", state="not_saving")  # at once, not per batch
    assert failing["saved"] is False
    assert "full" in failing["reason"]
    send("note dept=SND severity=issue radio mic 4 crackling")
    note = read_until(proc, printed, "note")
    assert note["saved"] is False
    assert "note_id" not in note  # not reported as saved
    send("mark hold late audience")
    read_until(proc, printed, "mark")
    time.sleep(6)  # the fade goes on meanwhile: 300 more events, and one repeated `log` event
    filler.unlink()
    saving = read_until(proc, printed, "log", state="saving")
    assert saving["written"] > 300
    assert len(saving["note_ids"]) == 1
    send("note after the disk came back")
    read_until(proc, printed, "note", text="after the disk came back")
    out, err = proc.communicate(b"quit\n", timeout=30)
    printed += [json.loads(line) for line in out.splitlines()]
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
