"""The `showdesk` command as a person runs it: exit codes, sentences on stderr, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO_SHEET


def showdesk(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "showdesk", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
        timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "summit.showdesk"
    assert showdesk("new", path, "--name", "Summit").returncode == 0
    assert showdesk("import", path, DEMO_SHEET).returncode == 0
    return path


def test_new_patch_import_list_a_show(tmp_path: Path) -> None:
    path = tmp_path / "show.showdesk"
    created = showdesk("new", path)
    assert created.returncode == 0
    assert "created" in created.stdout
    assert showdesk("patch", path, "add", "LX", "osc.udp://127.0.0.1:8000").returncode == 0
    assert showdesk("patch", path, "set", "MIX", "midi:USB MIDI 1").returncode == 0
    listed = showdesk("patch", path, "list")
    assert listed.stdout.splitlines() == [
        f"{'LX':<16} osc.udp://127.0.0.1:8000",
        f"{'MIX':<16} midi:USB MIDI 1",
    ]
    imported = showdesk("import", path, DEMO_SHEET)
    assert imported.returncode == 0, imported.stderr
    assert "imported 18 cue(s): 18 in Main" in imported.stdout
    assert "unpatched" in imported.stdout  # SND, VID, DESK_MSC, MIXER_MIDI, MTC: not patched
    table = showdesk("list", path).stdout
    assert "Keynote look" in table
    assert "DISARMED" in table  # cue 13
    assert "    5.1" in table  # inside group 5, indented


def test_check_fails_on_errors_and_reports_unpatched_as_warnings(demo: Path) -> None:
    checked = showdesk("check", demo)
    assert checked.returncode == 0
    assert "warning: list Main: cue 2: unpatched: LX is not in the patch" in checked.stdout
    assert showdesk("check", demo, "--strict").returncode == 1
    assert showdesk("patch", demo, "add", "DESK_MSC", "osc.udp://127.0.0.1:9000").returncode == 0
    broken = showdesk("check", demo)
    assert broken.returncode == 1
    assert "error: list Main: cue 8: DESK_MSC is OSC; msc cues send MIDI" in broken.stderr


def test_export_json_and_csv(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "show.json"
    assert showdesk("export", demo, "--format", "json", "-o", out).returncode == 0
    document = json.loads(out.read_text())
    assert document["format"] == "showdesk-show"
    cues = document["lists"][0]["cues"]
    assert cues[1]["message"] == "/eos/cue/1/1/fire"
    assert cues[8]["payload"] == {"address": "/ch/01/mix/on", "args": [["i", 1]]}
    csv_text = showdesk("export", demo, "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("list,cue,type,name,target,message")
    assert len(csv_text.splitlines()) == 19


def test_a_bad_sheet_exits_1_naming_every_row(demo: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("cue,type,pre_wait\n20,osc,\n21,memo,-4\n")
    result = showdesk("import", demo, sheet)
    assert result.returncode == 1
    assert "2 problem(s), nothing imported" in result.stderr
    assert "row 2, column message:" in result.stderr
    assert "row 3, column pre_wait:" in result.stderr
    assert "imported" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("list", "missing.showdesk"), "there is no show file at missing.showdesk"),
        (("new", "here.showdesk"), "already exists"),
        (("patch", "here.showdesk", "add", "LX", "http://x"), "is not a destination URL"),
        (("patch", "here.showdesk", "remove", "NOPE"), "NOPE is not in the patch"),
        (("import", "here.showdesk", "none.csv"), "cannot read none.csv"),
        (("settings", "here.showdesk", "panic_time", "soon"), "panic_time is seconds"),
    ],
)
def test_input_problems_exit_1_with_a_sentence(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    assert showdesk("new", "here.showdesk", cwd=tmp_path).returncode == 0
    result = showdesk(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("showdesk: ")
    assert message in result.stderr


def test_a_non_show_file_exits_1(tmp_path: Path) -> None:
    (tmp_path / "notes.showdesk").write_text("not a show")
    result = showdesk("list", "notes.showdesk", cwd=tmp_path)
    assert (result.returncode, "not a showdesk show file" in result.stderr) == (1, True)


@pytest.mark.parametrize("args", [(), ("frobnicate",), ("export", "x.showdesk")])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    assert showdesk(*args).returncode == 2


def test_settings_change_and_show(tmp_path: Path) -> None:
    path = tmp_path / "s.showdesk"
    showdesk("new", path)
    result = showdesk("settings", path, "min_go_interval", "0.5")
    assert result.returncode == 0
    assert "min_go_interval  0.5" in result.stdout


def test_demo_builds_the_bundled_show_and_rebuilds_it(tmp_path: Path) -> None:
    for _ in range(2):
        result = showdesk("demo", "--out", tmp_path / "demo.showdesk")
        assert result.returncode == 0, result.stderr
        assert "Summit" not in result.stderr
        assert "Keynote look" in result.stdout


def test_demo_refuses_to_replace_a_file_that_is_not_a_show(tmp_path: Path) -> None:
    precious = tmp_path / "thesis.showdesk"
    precious.write_text("years of work")
    result = showdesk("demo", "--out", precious)
    assert result.returncode == 1
    assert precious.read_text() == "years of work"


def test_the_report_starts_without_the_checks_profiles_sheets_or_engine(tmp_path: Path) -> None:
    """What a stage manager waits for after the show: `showdesk report` imports what it needs."""
    from tests.showlog import make_tempest, preview

    path = tmp_path / "tempest.showdesk"
    make_tempest(path)
    preview(path)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "showdesk", "report", str(path), "--format",
         "md", "-o", str(tmp_path / "report.md")],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert "showdesk.report.render" in imported
    unneeded = ("showdesk.check", "showdesk.profiles", "showdesk.sheet", "showdesk.engine",
                "showdesk.demo", "showdesk.listing", "showdesk.showjson", "PySide6")  # fmt: skip
    assert sorted(imported & set(unneeded)) == []
