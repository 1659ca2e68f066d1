"""A slow disk never holds up a GO's event (issue 12: Space to row repainted): the run log commits
without waiting for the disk and its flusher syncs the file right behind it."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from showdesk.engine.flusher import EVERY
from showdesk.engine.runlog import RunLog, start_performance
from showdesk.showfile import ShowFile
from showdesk.threads import WorkerProblem


def event(kind: str, **fields: Any) -> dict[str, Any]:
    return {"event": kind, "wall": time.time(), "mono": 1.0, "show_time": 0.5, **fields}


def run_log(path: Path) -> tuple[RunLog, list[dict[str, Any]], list[WorkerProblem]]:
    with ShowFile.open(path) as show:
        perf = start_performance(show, "test", "rehearsal", "Main")
    printed: list[dict[str, Any]] = []
    problems: list[WorkerProblem] = []
    return RunLog(path, perf, printed.extend, problems.append), printed, problems


def wait_for(condition: Any, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_go_is_printed_while_the_disk_is_still_syncing(show: ShowFile, show_path: Path) -> None:
    """The disk takes its time over a sync (here: until the test lets it go, as a busy virtual
    disk takes 100-400 ms now and then): GOs are printed, and in the file, meanwhile."""
    log, printed, problems = run_log(show_path)
    disk = threading.Event()
    syncing = threading.Event()
    real_sync = log.flusher.sync

    def slow_disk() -> bool:
        syncing.set()
        disk.wait(10)
        return real_sync()

    log.flusher.sync = slow_disk
    log.start()
    log.put(event("go", cue="1"))
    wait_for(syncing.is_set)  # the first GO's sync has begun and hangs
    log.put(event("go", cue="2"))
    log.put(event("go", cue="3"))
    wait_for(lambda: len(printed) == 3, seconds=1.0)
    # another connection (the app's, a report's) sees them: the operating system has them
    assert show.db.execute("SELECT count(*) FROM events").fetchone() == (3,)
    assert log.flusher.flushes == 0
    disk.set()
    wait_for(lambda: log.flusher.flushes >= 1)
    assert log.close() == 0
    assert [e["cue"] for e in printed] == ["1", "2", "3"]
    assert "saved" not in printed[0]
    assert problems == []


def test_the_file_itself_holds_the_events_soon_after_they_are_printed(
    show: ShowFile, show_path: Path, tmp_path: Path
) -> None:
    """Flushed without waiting for the engine to stop: the show file alone, without its
    write-ahead log, already has the GOs (what a sync to the disk makes safe)."""
    log, printed, _ = run_log(show_path)
    log.start()
    for n in range(1, 4):
        log.put(event("go", cue=str(n)))
    wait_for(lambda: len(printed) == 3)
    wait_for(lambda: log.flusher.flushes >= 1, seconds=EVERY + 5)
    alone = tmp_path / "alone.showdesk"
    shutil.copyfile(show_path, alone)  # the -wal file left behind
    db = sqlite3.connect(alone)
    try:
        rows = db.execute("SELECT kind FROM events ORDER BY id").fetchall()
    finally:
        db.close()
    assert rows == [("go",), ("go",), ("go",)]
    assert log.close() == 0


def test_a_disk_that_fails_to_sync_is_said_once_and_the_show_goes_on(
    show: ShowFile, show_path: Path
) -> None:
    log, printed, problems = run_log(show_path)

    def failing_disk() -> bool:
        raise sqlite3.OperationalError("disk I/O error")

    log.flusher.sync = failing_disk
    log.start()
    for n in range(1, 6):
        log.put(event("go", cue=str(n)))
        time.sleep(EVERY * 1.5)  # a flush for each
    wait_for(lambda: len(printed) == 5)
    assert log.close() == 0
    assert [e["cue"] for e in printed] == ["1", "2", "3", "4", "5"]
    assert len(problems) == 1  # not one per flush: at most every REPEAT seconds
    assert problems[0].thread == "run log"
    assert not problems[0].fatal
    assert problems[0].message.startswith("the show file could not be flushed to the disk: ")
    assert "disk I/O error" in problems[0].message
