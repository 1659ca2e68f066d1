"""Whole shows through CSV and back: whatever a show holds, its export imports to the same show."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cues import Cue, cue_type
from showdesk.sheet import SheetError, import_sheet, write_csv
from showdesk.showfile import ShowFile
from tests.unit.cues.strategies import cues_of_any_type

PATCH = {"osc": ("DESK", "osc.udp://127.0.0.1:8000"), "midi": ("MIDI", "midi:Show MIDI")}


def runnable(cues: list[Cue]) -> list[Cue]:
    """Makes generated cues a show a sheet can hold: unique numbers, every target patched or an
    existing cue. Everything else (text, times, modes, colours, payloads) is left as drawn."""
    fixed: list[Cue] = []
    for index, cue in enumerate(cues):
        number = f"{cue.number}.{index}" if cue.number else ""
        target = cue.target
        if cue.type.target == "destination":
            target = PATCH[sorted(cue.type.sends)[0]][0]
        elif cue.type.target == "cue":
            numbered = [c.number for c in fixed if c.number]
            if not numbered:
                continue
            target = numbered[0]
        fixed.append(dataclasses.replace(cue, number=number, target=target))
    return fixed


def exported(show: ShowFile) -> str:
    out = io.StringIO()
    write_csv(show, out)
    return out.getvalue()


def fields(cue: Cue) -> tuple[object, ...]:
    kept = (getattr(cue, name) for name in Cue.FIELDS if name != "parent")
    return (*kept, cue.type.name, cue.payload)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(drawn=st.lists(cues_of_any_type(), min_size=1, max_size=12))
def test_any_show_exported_to_csv_imports_back_the_same(drawn: list[Cue], tmp_path: Path) -> None:
    cues = runnable(drawn)
    folder = tmp_path / str(len(list(tmp_path.iterdir())))
    folder.mkdir()
    with ShowFile.create(folder / "a.showdesk") as show:
        # Department codes are case-insensitive in a sheet: `deck` is the show's DECK, and a
        # new code keeps the spelling it first had. The source show is made to follow the same rule.
        codes = {dept.code.lower(): dept.code for dept in show.departments()}
        cues = [dataclasses.replace(c, dept=codes.setdefault(c.dept.lower(), c.dept)) for c in cues]
        for name, url in PATCH.values():
            show.set_destination(name, url)
        show.add_cues(cues)
        sheet = exported(show)
        (folder / "sheet.csv").write_text(sheet, encoding="utf-8")
        with ShowFile.create(folder / "b.showdesk") as copy:
            for name, url in PATCH.values():
                copy.set_destination(name, url)
            import_sheet(copy, folder / "sheet.csv")
            assert [fields(c) for c in copy.cues()] == [fields(c) for c in show.cues()]
            assert exported(copy) == sheet


def test_a_lone_carriage_return_in_a_cell_stays_in_its_cell(show: ShowFile, tmp_path: Path) -> None:
    memo = cue_type("memo")
    show.add_cue(Cue(memo, memo.parse(""), number="1", notes="line one\rline two"))
    (tmp_path / "sheet.csv").write_text(exported(show), encoding="utf-8")
    with ShowFile.create(tmp_path / "copy.showdesk") as copy:
        import_sheet(copy, tmp_path / "sheet.csv")
        assert [c.notes for c in copy.cues()] == ["line one\rline two"]


def test_a_department_of_two_words_is_refused_at_its_cell(show: ShowFile, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("cue,type,dept\n1,memo,LX\n2,memo,Lighting desk\n", encoding="utf-8")
    with pytest.raises(SheetError) as failed:
        import_sheet(show, sheet)
    [error] = failed.value.errors
    assert (error.row, error.column) == (3, "dept")
    assert "one-word" in error.reason
    assert show.cues() == []
