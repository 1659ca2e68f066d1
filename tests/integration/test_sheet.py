"""CSV cue sheets into and out of a real show file: all or nothing, and every problem named."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from showdesk.sheet import RowError, SheetError, import_sheet, write_csv
from showdesk.showfile import ShowFile
from tests.conftest import DEMO_SHEET, SHARED_SHEET

HEADER = (
    "list,cue,type,name,target,message,pre_wait,duration,post_wait,continue,dept,group,mode,armed\n"
)


def write(tmp_path: Path, text: str, name: str = "sheet.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(show: ShowFile, path: Path) -> list[RowError]:
    with pytest.raises(SheetError) as failed:
        import_sheet(show, path)
    return failed.value.errors


def exported(show: ShowFile) -> str:
    out = io.StringIO()
    write_csv(show, out)
    return out.getvalue()


@pytest.mark.parametrize("sheet", [DEMO_SHEET, SHARED_SHEET], ids=["bundled", "shared"])
def test_the_sample_sheet_imports_cleanly(show: ShowFile, sheet: Path) -> None:
    if not sheet.exists():
        pytest.skip(f"{sheet} is not beside this checkout")
    result = import_sheet(show, sheet)
    cues = show.cues()
    assert result.count == len(cues) == (18 if sheet == DEMO_SHEET else 17)  # + a timecode
    by_number = {cue.number: cue for cue in cues}
    assert by_number["11"].duration == 150.0  # 2:30
    assert by_number["11"].continue_mode == "auto-follow"
    assert by_number["5.2"].duration == 3.0
    assert by_number["5.3"].pre_wait == 2.5
    assert by_number["5.3"].notes == '"Ladies and gentlemen, please take your seats"'
    assert {by_number[n].parent for n in ("5.1", "5.2", "5.3")} == {by_number["5"].id}
    assert not by_number["13"].armed
    assert by_number["14"].target == "13"
    assert by_number["8"].payload.encode().hex() == "f07f01020101380031f7"  # GO cue 8 list 1
    assert by_number["9"].payload.bytes().hex() == "c004"  # "MIDI channel 1", program 5
    # No patch yet: every sending cue is flagged unpatched, not refused.
    assert {cue.number for _, cue in result.unpatched} == {
        c.number for c in cues if c.type.target == "destination"
    }


def test_midi_channels_in_a_sheet_are_1_to_16_both_ways(show: ShowFile, tmp_path: Path) -> None:
    show.set_destination("DESK", "midi:Desk")
    good = write(tmp_path, HEADER + 'Main,1,midi,,DESK,"note_on channel=16 note=1; '
                 'program_change channel=1 program=4",,,,,,,,\n')  # fmt: skip
    import_sheet(show, good)
    assert show.cues()[0].payload.bytes().hex() == "9f0140" + "c004"
    text = exported(show)
    assert "note_on channel=16 note=1 velocity=64; program_change channel=1 program=4" in text
    zero = write(tmp_path, HEADER + "Main,2,midi,,DESK,note_on channel=0 note=1,,,,,,,,\n", "0.csv")
    (error,) = errors_of(show, zero)
    assert (error.row, error.column) == (2, "message")
    assert "MIDI channels are 1-16, as consoles and QLab count them, got channel=0" in error.reason
    assert len(show.cues()) == 1


def test_every_bad_row_is_reported_and_nothing_is_written(show: ShowFile, tmp_path: Path) -> None:
    sheet = write(
        tmp_path,
        HEADER
        + "Main,1,osc,Good,LX,/go,,,,,LX,,,\n"
        + "Main,2,osk,Typo type,LX,/go,,,,,LX,,,\n"
        + "Main,3,osc,Bad wait,LX,/go,-1,,,,LX,,,\n"
        + "Main,4,osc,Bad message,LX,/x f loud,,,,,LX,,,\n"
        + "Main,1,osc,Duplicate,LX,/go,,,,,LX,,,\n"
        + "Main,6,osc,Bad continue,LX,/go,,,,sometimes,LX,,,\n"
        + "Main,7,fade,Bad fade,SND,/ch/01/mix/fader f 0 to 1,,,,,SND,,,\n"
        + "Main,8,memo,Armed?,,,,,,,SM,,,maybe\n"
        + "Main,9,stop,Stop nothing,42,,,,,,SM,,,\n",
    )
    assert [(e.row, e.column) for e in errors_of(show, sheet)] == [
        (3, "type"),
        (4, "pre_wait"),
        (5, "message"),
        (6, "cue"),
        (7, "continue"),
        (8, "message"),
        (9, "armed"),
        (10, "target"),
    ]
    assert show.cues() == []
    assert [d.code for d in show.departments()] == ["LX", "SND", "VID", "FLY", "DECK", "PYRO", "SM"]


def test_the_error_message_names_row_column_and_reason(show: ShowFile, tmp_path: Path) -> None:
    sheet = write(tmp_path, HEADER + "Main,1,osc,,LX,/go,,,soon,,,,,\n")
    with pytest.raises(SheetError) as failed:
        import_sheet(show, sheet)
    assert "nothing imported" in str(failed.value)
    assert "row 2, column post_wait: 'soon' is not a time" in str(failed.value)


def test_headings_are_case_insensitive_in_any_order_and_unknown_ones_reported(
    show: ShowFile, tmp_path: Path
) -> None:
    sheet = write(tmp_path, "Type,Cue,Pre Wait,Lighting Notes,Message\nosc,1,1:05,warm,/go\n")
    result = import_sheet(show, sheet)
    assert result.unknown_columns == ["Lighting Notes"]
    (cue,) = show.cues()
    assert (cue.number, cue.pre_wait, cue.payload.text()) == ("1", 65.0, "/go")


def test_a_sheet_without_a_type_column_is_refused(show: ShowFile, tmp_path: Path) -> None:
    errors = errors_of(show, write(tmp_path, "cue,name\n1,Walk-in\n"))
    assert [(e.row, e.column) for e in errors] == [(1, "type")]


def test_a_row_with_more_cells_than_headings_is_refused(show: ShowFile, tmp_path: Path) -> None:
    errors = errors_of(show, write(tmp_path, "cue,type\n1,memo,surprise\n"))
    assert [(e.row, e.column) for e in errors] == [(2, "-")]


def test_semicolons_and_windows_1252_from_excel_are_read(show: ShowFile, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("cue;type;name\n1;memo;Café scene\n".encode("cp1252"))
    result = import_sheet(show, path)
    assert result.encoding == "windows-1252"
    assert show.cues()[0].name == "Café scene"


def test_group_cues_must_follow_their_group(show: ShowFile, tmp_path: Path) -> None:
    sheet = write(
        tmp_path,
        HEADER
        + "Main,5,group,G,,,,,,,,,start-first,\n"
        + "Main,5.1,memo,,,,,,,,,5,,\n"
        + "Main,6,memo,,,,,,,,,,,\n"
        + "Main,5.2,memo,Stray,,,,,,,,5,,\n"
        + "Main,7,memo,No such group,,,,,,,,9,,\n"
        + "Main,8,memo,Not a group,,,,,,,,6,,\n",
    )
    errors = errors_of(show, sheet)
    assert [(e.row, e.column) for e in errors] == [(5, "group"), (6, "group"), (7, "group")]
    assert "must follow it" in errors[0].reason


def test_nested_groups_import(show: ShowFile, tmp_path: Path) -> None:
    sheet = write(
        tmp_path,
        HEADER
        + "Main,1,group,Outer,,,,,,,,,,\n"
        + "Main,1.1,group,Inner,,,,,,,,1,playlist loop,\n"
        + "Main,1.1.1,memo,,,,,,,,,1.1,,\n"
        + "Main,1.2,memo,,,,,,,,,1,,\n",
    )
    import_sheet(show, sheet)
    cues = {c.number: c for c in show.cues()}
    assert cues["1.1.1"].parent == cues["1.1"].id
    assert cues["1.2"].parent == cues["1"].id
    assert cues["1.1"].payload.text() == "playlist loop"


def test_a_cue_aimed_at_the_wrong_kind_of_destination_is_refused(
    show: ShowFile, tmp_path: Path
) -> None:
    show.set_destination("LX", "osc.udp://127.0.0.1:8000")
    sheet = write(tmp_path, HEADER + "Main,8,msc,,LX,GO cue=8,,,,,,,,\n")
    (error,) = errors_of(show, sheet)
    assert (error.column, error.reason) == (
        "target",
        "LX is OSC; msc cues send MIDI (osc.udp://127.0.0.1:8000)",
    )


def test_unknown_departments_are_added(show: ShowFile, tmp_path: Path) -> None:
    result = import_sheet(show, write(tmp_path, "cue,type,dept\n1,memo,lx\n2,memo,AUTO\n"))
    assert result.new_departments == ["AUTO"]
    assert [c.dept for c in show.cues()] == ["LX", "AUTO"]  # matched case-insensitively
    assert show.departments()[-1].code == "AUTO"


def test_numbers_already_in_the_show_are_refused_unless_replacing(
    show: ShowFile, tmp_path: Path
) -> None:
    first = write(tmp_path, "cue,type,name\n1,memo,Old\n2,memo,Old\n", "first.csv")
    again = write(tmp_path, "cue,type,name\n1,memo,New\n", "again.csv")
    import_sheet(show, first)
    (error,) = errors_of(show, again)
    assert (error.row, error.column) == (2, "cue")
    import_sheet(show, again, replace=True)
    assert [(c.number, c.name) for c in show.cues()] == [("1", "New")]


def test_cues_land_in_the_list_the_sheet_names(show: ShowFile, tmp_path: Path) -> None:
    import_sheet(show, write(tmp_path, "list,cue,type\n,1,memo\nSound,1,memo\nSound,2,memo\n"))
    assert show.cue_lists() == ["Main", "Sound"]
    assert [c.number for c in show.cues("Sound")] == ["1", "2"]


def test_export_then_import_gives_back_the_same_sheet(show: ShowFile, tmp_path: Path) -> None:
    import_sheet(show, DEMO_SHEET)
    show.set_setting("name", "x")
    first = exported(show)
    with ShowFile.create(tmp_path / "copy.showdesk") as copy:
        import_sheet(copy, write(tmp_path, first, "exported.csv"))
        assert exported(copy) == first
        strip = [(c.number, c.type, c.payload, c.pre_wait, c.duration) for c in show.cues()]
        assert [(c.number, c.type, c.payload, c.pre_wait, c.duration) for c in copy.cues()] == strip
