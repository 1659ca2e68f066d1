"""Opening a show to run or show it reads with sqlite3 alone: sqlite-utils (~70 ms to import,
with click, dateutil and pluggy) is imported by the first edit or report, not by every start of
the window and the engine. What is read is the same either way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from showdesk.demo import build_demo
from showdesk.showfile import ShowFile

READ_AS_A_START_DOES = """
import sys
from showdesk.showfile import ShowFile
with ShowFile.open(sys.argv[1]) as show:
    show.settings(), show.patch(), show.departments(), show.cue_lists(), show.cues()
    print("sqlite_utils" in sys.modules)
    show.set_setting("name", "edited")  # an edit: sqlite-utils from here
    print("sqlite_utils" in sys.modules)
"""


def test_a_start_reads_without_sqlite_utils_and_an_edit_brings_it(tmp_path: Path) -> None:
    path = build_demo(tmp_path / "demo.showdesk")
    out = subprocess.run([sys.executable, "-c", READ_AS_A_START_DOES, str(path)],
                         capture_output=True, text=True, check=True)  # fmt: skip
    assert out.stdout.split() == ["False", "True"]
    with ShowFile.open(path) as show:
        assert show.settings().name == "edited"


def test_the_reads_match_sqlite_utils_rows(tmp_path: Path) -> None:
    path = build_demo(tmp_path / "demo.showdesk")
    with ShowFile.open(path) as show:
        db = show.db
        assert show.patch() == {
            r["name"]: r["url"] for r in db["patch"].rows_where(order_by="name")
        }
        assert [(d.code, d.name, d.colour) for d in show.departments()] == [
            (r["code"], r["name"], r["colour"])
            for r in db["departments"].rows_where(order_by="position")
        ]
        assert show.cue_lists() == [
            r["name"] for r in db["cue_lists"].rows_where(order_by="position")
        ]
