"""Several processes writing one show file: the engine logging a running sequence while two
other processes add notes with `showdesk note`. Every acknowledged note and every printed event
is in the file exactly once, and SIGKILL loses nothing that was acknowledged."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from showdesk.showfile import ShowFile
from tests.e2e.test_run import chain_show, engine, events_of

ACK = re.compile(r"note (\d+) \(.*?\): (.*)")


def note_writer(path: Path, name: str, count: int, edit: bool = False) -> subprocess.Popen[str]:
    """A process that runs `showdesk note` `count` times (in one interpreter, to stay quick),
    printing each acknowledgement as soon as it is made; with `edit`, it also edits each note
    once it is stored (a read, then a write, while others write)."""
    script = f"""
import contextlib, io, sys
from showdesk.cli import main
for i in range({count}):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(['note', {str(path)!r}, '{name} note ' + str(i), '--dept', 'SM'])
    if code:
        sys.exit(code)
    ack = out.getvalue()
    if {edit!r}:
        note_id = ack.split()[1]
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(['note', {str(path)!r}, '--edit', note_id, '{name} note ' + str(i) + '!'])
        if code:
            sys.exit(code)
        ack = ack.replace(': {name} note ' + str(i), ': {name} note ' + str(i) + '!')
    sys.stdout.write(ack)
    sys.stdout.flush()
"""
    return subprocess.Popen([sys.executable, "-u", "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


def acks(out: str) -> dict[int, str]:
    found = {}
    for line in out.splitlines():
        match = ACK.fullmatch(line)
        assert match, line
        found[int(match.group(1))] = match.group(2)
    return found


def stored(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    with ShowFile.open(path) as show:
        assert show.integrity_problems() == []
        notes = list(show.db.query("SELECT * FROM notes ORDER BY id"))
        events = [
            json.loads(r["detail"]) for r in show.db.query("SELECT detail FROM events ORDER BY id")
        ]
    return notes, events


def test_the_engine_and_two_note_writers_lose_and_double_nothing(show_path: Path) -> None:
    # 30 s of sends unless stopped: the writers (slow to start on a busy machine) write while
    # the engine logs, and the chain is stopped once they are done.
    chain_show(show_path, 9, count=3000, post_wait=0.01)
    with engine(show_path, "--performance", "Busy night") as proc:
        assert proc.stdin is not None
        assert proc.stdout is not None
        ready = json.loads(proc.stdout.readline())
        proc.stdin.write("go\n")
        proc.stdin.flush()
        early = [ready]  # up to the performance the GO starts (notes written now join it)
        while early[-1]["event"] != "performance":
            early.append(json.loads(proc.stdout.readline()))
        rest: list[str] = []  # read meanwhile, so the engine never waits on a full pipe
        reader = threading.Thread(target=lambda: rest.extend(proc.stdout or ()))
        reader.start()
        writers = [note_writer(show_path, "A", 40), note_writer(show_path, "B", 40, edit=True)]
        for k in range(20):  # the caller's notes, typed into the engine meanwhile
            proc.stdin.write(f"note dept=LX engine note {k}\n")
        proc.stdin.flush()
        outputs = [w.communicate(timeout=60) for w in writers]
        proc.stdin.write("stop\n")
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0
        reader.join(timeout=30)
        printed = [*early, *events_of("".join(rest))]
    assert [w.returncode for w in writers] == [0, 0], [err for _, err in outputs]
    acknowledged = {**acks(outputs[0][0]), **acks(outputs[1][0])}
    assert len(acknowledged) == 80
    engine_notes = {e["note_id"]: e["text"] for e in printed if e["event"] == "note"}
    assert len(engine_notes) == 20

    notes, events = stored(show_path)
    assert events == printed  # every printed event, once, in order
    by_id = {n["id"]: n for n in notes}
    assert len(by_id) == len(notes) == 100
    assert {i: by_id[i]["text"] for i in acknowledged} == acknowledged
    assert {i: by_id[i]["text"] for i in engine_notes} == engine_notes
    assert sorted(n["text"] for n in notes) == sorted([*acknowledged.values(),
                                                       *engine_notes.values()])  # fmt: skip
    assert {n["performance_id"] for n in notes} == {early[-1]["performance"]}
    with ShowFile.open(show_path) as show:
        revisions = show.db.execute("SELECT count(*) FROM note_revisions").fetchone()[0]
    assert revisions == 40  # every edit of writer B, once
    sends = [e["wall"] for e in printed if e["event"] == "sent"]
    written = sorted(by_id[i]["wall"] for i in acknowledged)
    assert sends[0] < written[0] < written[-1] < sends[-1]  # written while the engine logged
    assert all(n["show_time"] is not None and n["show_time"] >= 0 for n in notes)


def test_sigkill_while_notes_are_written_loses_no_acknowledged_note(show_path: Path) -> None:
    chain_show(show_path, 9, count=3)
    writer = note_writer(show_path, "K", 10_000)
    assert writer.stdout is not None
    lines = [writer.stdout.readline() for _ in range(40)]
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    assert writer.stderr is not None
    writer.stderr.close()
    acknowledged = acks("".join(lines))
    notes, _ = stored(show_path)  # and the file passes the integrity check
    texts = {n["id"]: n["text"] for n in notes}
    assert {i: texts.get(i) for i in acknowledged} == acknowledged
    assert len(texts) >= len(acknowledged)


def test_sigkill_of_the_engine_loses_no_note_it_printed(show_path: Path) -> None:
    chain_show(show_path, 9, count=3)
    with engine(show_path) as proc:
        assert proc.stdin is not None
        assert proc.stdout is not None
        # Half before the GO that starts the performance (written at once, with none), half in it.
        notes_ = [f"note severity=issue n{k}\n" for k in range(2000)]
        proc.stdin.write("".join([*notes_[:150], "go\n", *notes_[150:]]))
        proc.stdin.flush()
        printed = []
        while len(printed) < 300:
            printed.append(json.loads(proc.stdout.readline()))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    notes, events = stored(show_path)
    assert events[: len(printed)] == printed
    texts = {n["id"]: n["text"] for n in notes}
    acknowledged = {e["note_id"]: e["text"] for e in printed if e["event"] == "note"}
    # (ready and the outputs' states come first, and the cues' events come between: the engine
    # takes 1,000 commands a second, so 2,000 notes at once take two seconds to go through)
    assert len(acknowledged) > 250
    assert {i: texts[i] for i in acknowledged} == acknowledged
    (started,) = (e for e in printed if e["event"] == "performance")
    assert {n["performance_id"] for n in notes if n["id"] in acknowledged} == {
        started["performance"]
    }  # the notes before the GO joined the performance it started
