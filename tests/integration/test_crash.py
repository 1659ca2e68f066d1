"""Killing a process mid-edit loses nothing it reported done, and leaves a sound file."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

from showdesk.showfile import ShowFile

# The editor: adds cues, renames every third, and reports each edit after its method returns.
EDITOR = """
import sys
from cues import Cue, cue_type
from showdesk.showfile import ShowFile
memo = cue_type("memo")
show = ShowFile.open(sys.argv[1])
start = int(sys.argv[2])
for n in range(start, start + 100000):
    cue = show.add_cue(Cue(memo, memo.parse(""), number=str(n), name=f"cue {n}"))
    print("add", n, flush=True)
    if n % 3 == 0:
        show.update_cue(Cue(memo, cue.payload, id=cue.id, number=str(n), name=f"edited {n}"))
        print("rename", n, flush=True)
"""


def test_sigkill_at_random_moments_loses_no_reported_edit(show_path: Path) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    ShowFile.create(show_path).close()
    reported: list[tuple[str, int]] = []
    for _ in range(6):
        with ShowFile.open(show_path) as show:  # an edit may be done but not yet reported
            next_number = 1 + max((int(c.number) for c in show.cues()), default=-1)
        with subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(show_path), str(next_number)],
            stdout=subprocess.PIPE,
            text=True,
        ) as child:
            assert child.stdout is not None
            first = child.stdout.readline()  # killed only once it is editing
            time.sleep(rng.uniform(0.0, 0.3))
            child.kill()
            rest = child.stdout.read()
        # Only a whole line was reported: the kill may cut the last one short.
        for line in (first + rest).split("\n")[:-1]:
            op, number = line.split()
            reported.append((op, int(number)))

    with ShowFile.open(show_path) as show:
        assert show.integrity_problems() == [], f"seed {seed}"
        names = {int(cue.number): cue.name for cue in show.cues()}
    for op, number in reported:
        assert number in names, f"seed {seed}: reported {op} {number} is missing"
        if op == "rename":
            assert names[number] == f"edited {number}", f"seed {seed}"
    assert len(reported) > 6, "the editor should have made edits before each kill"
