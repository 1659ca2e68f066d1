"""The run log's writer thread against values and failures nothing expected (issue 11: 1)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from showdesk.engine.runlog import RunLog, start_performance
from showdesk.showfile import ShowFile
from showdesk.threads import WorkerProblem


def event(kind: str, **fields: Any) -> dict[str, Any]:
    return {"event": kind, "wall": time.time(), "mono": 1.0, "show_time": 0.5, **fields}


def unstarted(path: Path) -> tuple[RunLog, list[dict[str, Any]], list[WorkerProblem]]:
    """A run log of a new performance, not started yet; what it prints; what it reports."""
    with ShowFile.open(path) as show:
        perf = start_performance(show, "test", "rehearsal", "Main")
    printed: list[dict[str, Any]] = []
    problems: list[WorkerProblem] = []
    return RunLog(path, perf, printed.extend, problems.append), printed, problems


def started(path: Path) -> tuple[RunLog, list[dict[str, Any]], list[WorkerProblem]]:
    log, printed, problems = unstarted(path)
    log.start()
    return log, printed, problems


def logged(path: Path) -> list[dict[str, Any]]:
    with ShowFile.open(path) as show:
        return [json.loads(r[0]) for r in show.db.execute("SELECT detail FROM events ORDER BY id")]


def test_text_that_utf8_cannot_hold_is_stored_escaped(show: ShowFile, show_path: Path) -> None:
    log, printed, problems = started(show_path)
    log.put(event("note", text="caf\udce9", dept="", severity="info", running=[]))
    log.put(event("go", source="\ud800 key"))
    assert log.close() == 0
    assert [e.get("text") or e.get("source") for e in printed] == ["caf\\udce9", "\\ud800 key"]
    assert logged(show_path) == printed
    assert show.db.execute("SELECT text FROM notes").fetchall() == [("caf\\udce9",)]
    assert problems == []


def test_an_event_the_writer_cannot_handle_is_reported_and_the_rest_are_logged(
    show: ShowFile, show_path: Path
) -> None:
    log, _, problems = started(show_path)
    log.put({"event": "broken"})  # no times: a bug elsewhere
    time.sleep(0.3)
    log.put(event("status"))
    assert log.close() == 0
    assert [p.fatal for p in problems] == [False]
    assert problems[0].thread == "run log"
    assert "KeyError: 'wall'" in problems[0].message
    assert [e["event"] for e in logged(show_path)] == ["status"]


def test_a_writer_that_keeps_failing_stops_and_says_so(show: ShowFile, show_path: Path) -> None:
    log, printed, problems = started(show_path)
    for _ in range(5):
        log.put({"event": "broken"})
        time.sleep(0.1)  # one batch each
    time.sleep(0.2)
    log.put(event("status"))
    assert log.close() == 1  # the status could not be written: the writer had stopped
    assert [p.fatal for p in problems] == [False, False, False, False, True]
    assert "run log failed to handle" in problems[-1].message
    assert printed == [{**event("status"), "saved": False, "wall": printed[0]["wall"]}]
