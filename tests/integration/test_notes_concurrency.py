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
from pathlib import Path
from typing import IO, Any

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


def read(stream: IO[str] | None) -> str:
    """The rest of a pipe, then closes it."""
    if stream is None:
        return ""
    with stream:
        return stream.read()


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
    chain_show(show_path, 9, count=300, post_wait=0.005)  # 1.5 s of sends, logged as they go
    with engine(show_path, "--performance", "Busy night") as proc:
        assert proc.stdin is not None
        assert proc.stdout is not None
        ready = json.loads(proc.stdout.readline())
        writers = [note_writer(show_path, "A", 40), note_writer(show_path, "B", 40, edit=True)]
        # GO once both writers are writing (a busy machine takes a while to start them), so
        # their notes and the engine's log really do land at the same time.
        first = [w.stdout.readline() if w.stdout else "" for w in writers]
        proc.stdin.write("go\n")
        proc.stdin.flush()
        for k in range(20):  # the caller's notes, typed into the engine meanwhile
            proc.stdin.write(f"note dept=LX engine note {k}\n")
        proc.stdin.close()
        # The rest through the same buffered streams (communicate() would skip what readline
        # has already buffered).
        outputs = [
            (line + read(w.stdout), read(w.stderr)) for line, w in zip(first, writers, strict=True)
        ]
        for w in writers:
            w.wait(timeout=60)
        printed = [ready, *events_of(proc.stdout.read())]
        assert proc.wait(timeout=30) == 0
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
    assert {n["performance_id"] for n in notes} == {ready["performance"]}
    with ShowFile.open(show_path) as show:
        revisions = show.db.execute("SELECT count(*) FROM note_revisions").fetchone()[0]
    assert revisions == 40  # every edit of writer B, once
    sends = [e["wall"] for e in printed if e["event"] == "sent"]
    written = sorted(by_id[i]["wall"] for i in acknowledged)
    assert written[0] < sends[0] < written[-1]  # the writers wrote while the engine was logging
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
        proc.stdin.write("".join(f"note severity=issue n{k}\n" for k in range(2000)))
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
    assert len(acknowledged) > 290  # (ready, and the outputs' states, come first)
    assert {i: texts[i] for i in acknowledged} == acknowledged
