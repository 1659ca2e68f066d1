"""Issue 11: values that passed import and `check` and then crashed or hung the engine, or gave a
traceback, are refused where they come in, with a sentence naming the row, column or field.

Each test here failed on the code before the issue was fixed (points 4-7 and 17).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cues import Cue, CueError, cue_type
from cues.limits import MAX_CELL_CHARS, MAX_SECONDS, MAX_UDP_PAYLOAD
from showdesk.check import check_show
from showdesk.cli import main
from showdesk.engine.compile import compile_cues
from showdesk.errors import ShowdeskError
from showdesk.patch import parse_url
from showdesk.sheet import SheetError, import_sheet
from showdesk.showfile import Settings, ShowFile

OSC, FADE, MEMO = cue_type("osc"), cue_type("fade"), cue_type("memo")


def sheet(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "cues.csv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(show: ShowFile, path: Path) -> list[str]:
    with pytest.raises(SheetError) as caught:
        import_sheet(show, path)
    assert show.cues() == []  # nothing imported
    return [str(error) for error in caught.value.errors]


# -- 4: huge times ----------------------------------------------------------------------------


def test_a_time_over_a_day_is_refused_at_import(show: ShowFile, tmp_path: Path) -> None:
    path = sheet(tmp_path, "cue,type,pre_wait\n1,memo,9999999:00:00\n2,memo,24:00:01\n")
    assert problems_of(show, path) == [
        "row 2, column pre_wait: '9999999:00:00' is too long: a time is at most 24 hours "
        "(24:00:00)",
        "row 3, column pre_wait: '24:00:01' is too long: a time is at most 24 hours (24:00:00)",
    ]


def test_a_fade_that_would_send_without_end_is_refused(show: ShowFile, tmp_path: Path) -> None:
    show.set_destination("MIX", "osc.udp://127.0.0.1:9000")
    path = sheet(
        tmp_path,
        "cue,type,target,message,duration\n"
        "1,fade,MIX,/ch/1/fader f 0 -> 1 rate=1000,1e300\n"
        "2,fade,MIX,/ch/1/fader f 0 -> 1 rate=1000,3600\n",
    )
    found = problems_of(show, path)
    assert found[0].startswith("row 2, column duration: '1e300' is too long")
    assert found[1] == (
        "row 3, column duration: a fade sends at most 360,000 values; 3600 s at 1000 Hz would "
        "send 3,600,001: shorten it or lower its rate (rate=HZ)"
    )


def test_a_stored_huge_time_is_an_error_in_check_and_run_refuses_it(
    show: ShowFile, show_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    show.add_cue(Cue(MEMO, MEMO.parse(""), number="1"))
    # As an older showdesk or another program may have written it.
    show.db.execute("UPDATE cues SET pre_wait = ?", [9999999 * 3600.0])
    (problem,) = check_show(show)
    assert problem.level == "error"
    assert "pre_wait: must be at most 24 hours (24:00:00)" in problem.message
    assert main(["run", str(show_path)]) == 1
    err = capsys.readouterr().err
    assert "a stored cue is not valid: cue 1: pre_wait: must be at most 24 hours" in err


def test_the_engine_model_refuses_what_the_cue_model_does() -> None:
    with pytest.raises(CueError, match="at most 24 hours"):
        Cue(MEMO, MEMO.parse(""), number="1", post_wait=MAX_SECONDS + 1)


# -- 5: CSV cells ------------------------------------------------------------------------------


def test_a_cell_over_the_csv_modules_limit_is_a_row_and_column_error(
    show: ShowFile, tmp_path: Path
) -> None:
    path = sheet(tmp_path, "cue,type,name,notes\n1,memo,short," + "x" * 131_073 + "\n")
    assert problems_of(show, path) == [
        f"row 2, column notes: this cell has 131,073 characters; a cell holds at most "
        f"{MAX_CELL_CHARS:,}"
    ]


def test_a_long_cell_under_the_limit_imports(show: ShowFile, tmp_path: Path) -> None:
    import_sheet(show, sheet(tmp_path, "cue,type,notes\n1,memo," + "y" * MAX_CELL_CHARS + "\n"))
    assert len(show.cues()[0].notes) == MAX_CELL_CHARS


# -- 6 and 7: destination URLs and host names -------------------------------------------------

BAD_URLS = {
    "osc.udp://[::1:9000": "an IPv6 address is written in brackets",
    f"osc.udp://{'a' * 300}:9000": "is 300 characters long; a host name has at most 253",
    "osc.udp://a..b:9000": "has an empty part (two dots in a row, or a dot at the start)",
    f"osc.tcp://{'b' * 64}.local:9000": "each part between dots has 1 to 63",
    "osc.tcp://lx desk:9000": "has characters a host name cannot have",
}


@pytest.mark.parametrize(("url", "reason"), BAD_URLS.items())
def test_patch_refuses_a_bad_url_with_a_sentence(
    show_path: Path, show: ShowFile, url: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    show.close()
    assert main(["patch", str(show_path), "add", "LX", url]) == 1
    err = capsys.readouterr().err
    assert reason in err
    assert err.startswith("showdesk: ")
    with ShowFile.open(show_path) as reopened:
        assert reopened.patch() == {}


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_stored_bad_url_is_a_check_error_and_its_cues_are_broken(
    show: ShowFile, url: str
) -> None:
    show.db.execute("INSERT INTO patch VALUES ('LX', ?)", [url])  # as stored before the fix
    show.add_cue(Cue(OSC, OSC.parse("/go"), number="1", target="LX"))
    problems = check_show(show)
    assert [(p.level, p.where) for p in problems] == [("error", "patch LX"), ("error", "list Main")]
    assert problems[1].message == "cue 1: LX's URL is not valid (see patch LX)"
    compiled = compile_cues(show.cues(), show.patch(), show.settings())  # no traceback
    assert compiled.show.cues[0].broken == f"LX's URL {url!r} is not valid"
    assert compiled.show.first() is not None  # cue 1 stands by


@pytest.mark.parametrize(
    "url", ["osc.udp://[::1]:9000", "osc.udp://bühne.local:9000", "osc.tcp://desk-1.lan.:53000"]
)
def test_good_hosts_are_taken(url: str) -> None:
    assert parse_url(url).port in (9000, 53000)


# -- 17: the smaller points --------------------------------------------------------------------


def test_a_nul_byte_in_a_cue_number_is_refused(show: ShowFile, tmp_path: Path) -> None:
    path = sheet(tmp_path, b"cue,type\n1\x00,memo\n")
    assert problems_of(show, path) == ["row 2, column cue: has control characters in it ('\\x00')"]


def test_one_windows_1252_line_leaves_the_utf8_lines_alone(show: ShowFile, tmp_path: Path) -> None:
    path = sheet(tmp_path, "cue,type,name\n1,memo,Café\n".encode() + b"2,memo,Caf\xe9\n")
    imported = import_sheet(show, path)
    assert [cue.name for cue in show.cues()] == ["Café", "Café"]
    assert (imported.encoding, imported.windows_1252_lines) == ("mixed", [3])


def test_a_midi_field_given_twice_is_refused(show: ShowFile, tmp_path: Path) -> None:
    show.set_destination("KBD", "midi:Keyboard")
    path = sheet(tmp_path, "cue,type,target,message\n1,midi,KBD,note_on channel=1 channel=2\n")
    assert problems_of(show, path) == [
        "row 2, column message: 'note_on channel=1 channel=2' gives channel twice"
    ]


def test_an_osc_message_too_big_for_udp_is_refused_at_import_and_in_check(
    show: ShowFile, tmp_path: Path
) -> None:
    show.set_destination("LX", "osc.udp://127.0.0.1:9000")
    show.set_destination("BIG", "osc.tcp://127.0.0.1:9000")
    text = "x" * 65_500  # the cell fits in a cell; the message does not fit in a datagram
    path = sheet(tmp_path, f"cue,type,target,message\n1,osc,LX,/a s {text}\n")
    (problem,) = problems_of(show, path)
    assert problem == (
        f"row 2, column message: the message is 65,512 bytes; one UDP datagram carries at most "
        f"{MAX_UDP_PAYLOAD:,} (send it over osc.tcp, or make it shorter) (LX is osc.udp)"
    )
    text = "x" * 100_000
    show.add_cues([Cue(OSC, OSC.parse(f"/a s {text}"), number=n, target=target)
                   for n, target in (("1", "LX"), ("2", "BIG"))])  # fmt: skip
    assert [(p.level, p.message[:30]) for p in check_show(show)] == [
        ("error", "cue 1: the message is 100,012 ")
    ]
    compiled = compile_cues(show.cues(), show.patch(), Settings())
    assert compiled.show.cues[0].broken.startswith("the message is 100,012 bytes")
    assert not compiled.show.cues[1].broken  # TCP takes it


def test_parse_url_errors_are_showdesk_errors() -> None:
    for url in BAD_URLS:
        with pytest.raises(ShowdeskError):
            parse_url(url)
