"""A show file whose run log was changed by hand or by another program still gives a report:
rows that are not events are left out and counted, and odd values inside events do not stop
any format. (A file travels between machines; one bad row must not cost the night's report.)"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from showdesk.demo import build_demo
from showdesk.logrows import readable
from showdesk.notes import performances
from showdesk.report.model import build_report
from showdesk.report.render import render_csv, render_html, render_md
from showdesk.showfile import ShowFile
from tests.showlog import make_tempest, preview

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
RENDERERS = (render_md, render_html, render_csv)


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("damaged") / "preview.showdesk"
    make_tempest(path)
    preview(path)
    return path


def copy_of(scene: Path, into: Path) -> Path:
    target = into / "copy.showdesk"
    with sqlite3.connect(scene) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def reports(path: Path) -> tuple[int, list[str]]:
    with ShowFile.open(path) as show:
        perf = performances(show)[-1]
        report = build_report(show, perf)
    return report.damaged, [render(report, audience) for render in RENDERERS
                            for audience in ("producer", "crew")]  # fmt: skip


def test_rows_that_are_not_events_are_left_out_and_counted(scene: Path, tmp_path: Path) -> None:
    path = copy_of(scene, tmp_path)
    with sqlite3.connect(path) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM events ORDER BY id DESC LIMIT 200")]
        for row_id, detail in zip(ids, ("{not json", "[1, 2]", "null", '{"event": 3}',
                                        '{"event": "go", "wall": "x", "mono": 1, "show_time": 1}',
                                        '{"event": "mark", "mark": "show_up", "wall": null}',
                                        "", "{" * 5000), strict=False):  # fmt: skip
            db.execute("UPDATE events SET detail = ? WHERE id = ?", [detail, row_id])
    damaged, texts = reports(path)
    assert damaged == 8
    assert all("8 damaged row(s) could not be read and are left out" in t for t in texts)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), values=st.lists(JSON, min_size=1, max_size=12))
def test_odd_values_inside_events_never_stop_the_report(
    scene: Path, tmp_path_factory: pytest.TempPathFactory, seed: int, values: list[object]
) -> None:
    path = copy_of(scene, tmp_path_factory.mktemp("odd"))
    rng = random.Random(seed)
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT id, detail FROM events").fetchall()
        for value in values:
            row_id, detail = rng.choice(rows)
            event = json.loads(detail)
            key = rng.choice([k for k in event if k not in ("wall", "mono", "show_time")])
            event[key] = value
            db.execute("UPDATE events SET detail = ? WHERE id = ?", [json.dumps(event), row_id])
    damaged, texts = reports(path)  # no exception, in any format, for either audience
    assert damaged >= 0
    assert all(texts)


def test_every_row_the_engine_writes_reads_as_an_event(tmp_path: Path) -> None:
    """The field table must not mistake the engine's own rows for damage."""
    path = tmp_path / "demo.showdesk"
    build_demo(path)
    with ShowFile.open(path) as show:
        show.set_setting("min_go_interval", 0)
    lines = ["mark house_open", "mark hold late audience", "mark show_up", "note dept=LX hi",
             *["go"] * 14, "mark undo", "pause", "resume", "go 15", "stop", "panic", "reset",
             "go nowhere", '{"command": "note", "text": ["x"]}', "mark show_down",
             "quit"]  # fmt: skip
    subprocess.run([sys.executable, "-m", "showdesk", "run", str(path)], input="\n".join(lines),
                   capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    with ShowFile.open(path) as show:
        details = [row[0] for row in show.db.execute("SELECT detail FROM events")]
    events, damaged = readable(details)
    assert damaged == 0
    kinds = {e["event"] for e in events}
    assert {"go", "mark", "note", "panic", "pause_all", "error", "sent", "cue"} <= kinds
