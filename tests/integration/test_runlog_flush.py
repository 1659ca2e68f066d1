"""A slow disk never holds up a GO's event (issue 12: Space to row repainted): the run log commits
without waiting for the disk and its flusher syncs the file right behind it."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from showdesk.engine.flusher import CHECKPOINT_PAGES, EVERY, PAGE
from showdesk.showfile import ShowFile
from tests.integration.test_runlog import event, unstarted


def wait_for(condition: Any, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_go_is_printed_while_the_disk_is_still_syncing(show: ShowFile, show_path: Path) -> None:
    """The disk takes its time over a sync (here: until the test lets it go, as a busy virtual
    disk takes 100-400 ms now and then): GOs are printed, and in the file, meanwhile."""
    log, printed, problems = unstarted(show_path)
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


def file_alone(show_path: Path, copy: Path) -> list[tuple[str]]:
    """The events in the show file itself, without its write-ahead log (what a checkpoint has
    copied into it)."""
    shutil.copyfile(show_path, copy)  # the -wal file left behind
    db = sqlite3.connect(copy)
    try:
        return db.execute("SELECT kind FROM events ORDER BY id").fetchall()
    finally:
        db.close()


def test_the_log_is_copied_into_the_file_after_a_few_megabytes_not_at_each_sync(
    show: ShowFile, show_path: Path, tmp_path: Path
) -> None:
    """A checkpoint at each sync made nearly every GO's commit start the log over, with a sync
    of its own on the writer's path: the log goes into the file once about CHECKPOINT_PAGES
    pages of it are written (a few GOs with 1 MB of detail each, here)."""
    log, printed, _ = unstarted(show_path)
    show.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the new show's tables, in the file
    log.start()
    for n in range(1, 4):
        log.put(event("go", cue=str(n)))
    wait_for(lambda: len(printed) == 3)
    wait_for(lambda: log.flusher.flushes >= 1, seconds=EVERY + 5)
    assert file_alone(show_path, tmp_path / "early.showdesk") == []
    assert log.flusher.checkpoints == 0
    big = "x" * (CHECKPOINT_PAGES * PAGE // 4)
    for n in range(4, 9):
        log.put(event("go", cue=str(n), text=big))
        wait_for(lambda n=n: len(printed) == n)
    wait_for(lambda: log.flusher.checkpoints >= 1, seconds=EVERY + 5)
    assert file_alone(show_path, tmp_path / "later.showdesk") == [("go",)] * 8
    assert log.close() == 0


def test_a_disk_that_fails_to_sync_is_said_once_and_the_show_goes_on(
    show: ShowFile, show_path: Path
) -> None:
    log, printed, problems = unstarted(show_path)

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


def test_the_log_is_started_when_the_engine_starts_not_at_the_first_go(
    show: ShowFile, show_path: Path
) -> None:
    """A session's first commit may start the write-ahead log, and SQLite syncs its header then:
    the run log makes that commit as it opens (changing nothing), so the first GO does not wait
    for it."""
    log, _, problems = unstarted(show_path)  # (its performance's row is a first commit)
    show.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = show_path.with_name(show_path.name + "-wal")
    version = show.db.execute("PRAGMA user_version").fetchone()[0]
    assert wal.stat().st_size == 0
    log.start()
    assert wal.stat().st_size > 0
    assert show.db.execute("PRAGMA user_version").fetchone()[0] == version
    assert log.close() == 0
    assert problems == []
