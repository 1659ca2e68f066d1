"""Issue 11's limits in the inspector: a time, a fade rate or a setting over its limit is refused
under the field it was typed in, with the sentence the CSV import (or the CLI) gives, and nothing
is written.

The expected sentences are read from `import_sheet` and `parse_setting` themselves, so the
inspector and the sheet cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from cues import Cue, cue_type
from showdesk.errors import ShowFileError
from showdesk.settings import parse_setting
from showdesk.sheet import SheetError, import_sheet
from showdesk.showfile import ShowFile
from ui.edit.editors import CueEditor, MultiEditor
from ui.edit.editors.fade import FadeFields
from ui.edit.fields import ErrorLabel
from ui.edit.view import EditView

FADE, TIMECODE, MEMO = cue_type("fade"), cue_type("timecode"), cue_type("memo")


@pytest.fixture
def show_file(tmp_path: Path) -> Path:
    path = tmp_path / "limits.showdesk"
    with ShowFile.create(path, name="Limits") as show:
        show.set_destination("MIX", "osc.udp://127.0.0.1:9000")
        show.set_destination("TC", "midi:Timecode out")
        show.add_cues([
            Cue(FADE, FADE.parse("/fader f 0 -> 1 rate=40"), number="1", target="MIX",
                duration=3600.0),
            Cue(FADE, FADE.parse("/fader f 0 -> 1 rate=1000"), number="2", target="MIX",
                duration=10.0),
            Cue(TIMECODE, TIMECODE.parse("start=01:00:00:00 fps=25"), number="3", target="TC"),
            Cue(MEMO, MEMO.parse(""), number="4"),
        ])  # fmt: skip
    return path


def dump(path: Path) -> tuple[list[Cue], dict[str, object]]:
    """Cues and settings as another process reading the file sees them."""
    with ShowFile.open(path) as other:
        return other.cues(), vars(other.settings())


def sheet_says(tmp_path: Path, header: str, row: str) -> str:
    """The reason the CSV import gives for one row, without its 'row 2, column X: '."""
    path = tmp_path / "one.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    (tmp_path / "sheet.showdesk").unlink(missing_ok=True)
    with ShowFile.create(tmp_path / "sheet.showdesk", name="Sheet") as show:
        show.set_destination("MIX", "osc.udp://127.0.0.1:9000")
        with pytest.raises(SheetError) as caught:
            import_sheet(show, path)
    (error,) = caught.value.errors
    return str(error).split(": ", 1)[1]


def type_into(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def inspect(view: EditView, number: str) -> CueEditor:
    view.select_cue(number)
    assert isinstance(view.inspector, CueEditor)
    return view.inspector


def shown(label: ErrorLabel) -> str:
    assert not label.isHidden()
    return label.text().removeprefix("⚠ ")


@pytest.mark.parametrize("column", ["pre_wait", "duration", "post_wait"])
def test_a_time_over_a_day_is_refused_in_place_as_the_sheet_refuses_it(
    qtbot: QtBot, view: EditView, show_file: Path, tmp_path: Path, column: str
) -> None:
    before = dump(show_file)
    inspector = inspect(view, "3")  # a timecode cue: its duration is a time like any other
    type_into(qtbot, getattr(inspector.common, column), "24:00:01")
    expected = sheet_says(tmp_path, f"cue,type,{column}", "1,wait,24:00:01")
    assert shown(inspector.common.rows.errors[column]) == expected
    assert dump(show_file) == before


def test_a_fade_rate_over_the_maximum_is_refused_under_rate(
    qtbot: QtBot, view: EditView, show_file: Path, tmp_path: Path
) -> None:
    before = dump(show_file)
    fade = inspect(view, "2").payload
    assert isinstance(fade, FadeFields)
    type_into(qtbot, fade.rate, "1e9")
    expected = sheet_says(
        tmp_path, "cue,type,target,message", "1,fade,MIX,/fader f 0 -> 1 rate=1e9"
    )
    assert shown(fade.rows.errors["rate"]) == expected
    assert fade.rows.errors["message"].isHidden()  # said once, where it was typed
    assert dump(show_file) == before


def test_a_rate_too_high_for_the_duration_is_refused_under_rate_and_a_duration_under_duration(
    qtbot: QtBot, view: EditView, show_file: Path, tmp_path: Path
) -> None:
    before = dump(show_file)
    inspector = inspect(view, "1")  # an hour at 40 Hz: 144,001 values, allowed
    fade = inspector.payload
    assert isinstance(fade, FadeFields)
    type_into(qtbot, fade.rate, "1000")
    expected = sheet_says(
        tmp_path, "cue,type,target,message,duration", "1,fade,MIX,/fader f 0 -> 1 rate=1000,3600"
    )
    assert shown(fade.rows.errors["rate"]) == expected
    assert inspector.common.rows.errors["duration"].isHidden()
    assert dump(show_file) == before

    inspector = inspect(view, "2")  # 10 s at 1000 Hz; an hour would be 3,600,001 values
    type_into(qtbot, inspector.common.duration, "1:00:00")
    assert shown(inspector.common.rows.errors["duration"]) == expected
    assert inspector.payload.rows.errors["rate"].isHidden()
    assert dump(show_file) == before


def test_the_timecode_start_is_refused_as_the_sheet_refuses_it(
    qtbot: QtBot, view: EditView, show_file: Path, tmp_path: Path
) -> None:
    before = dump(show_file)
    timecode = inspect(view, "3").payload
    type_into(qtbot, timecode.start, "99:00:00:00")  # type: ignore[attr-defined]
    expected = sheet_says(tmp_path, "cue,type,message", "1,timecode,start=99:00:00:00 fps=25")
    assert shown(timecode.rows.errors["start"]) == expected
    assert dump(show_file) == before


def test_multi_edit_names_the_cue_whose_fade_would_send_too_much(
    qtbot: QtBot, view: EditView, show_file: Path, tmp_path: Path
) -> None:
    before = dump(show_file)
    ids = [cue.id for cue in view.model.cues if cue.type is FADE]
    view._select_ids(ids)
    multi = view.inspector
    assert isinstance(multi, MultiEditor)
    type_into(qtbot, multi.common.duration, "1000")  # 40,001 values for cue 1; too many for 2
    expected = sheet_says(
        tmp_path, "cue,type,target,message,duration", "1,fade,MIX,/fader f 0 -> 1 rate=1000,1000"
    )
    assert shown(multi.common.rows.errors["duration"]) == f"cue 2: {expected}"
    type_into(qtbot, multi.common.post_wait, "25:00:00")
    expected = sheet_says(tmp_path, "cue,type,post_wait", "1,wait,25:00:00")
    assert shown(multi.common.rows.errors["post_wait"]) == expected
    assert dump(show_file) == before


@pytest.mark.parametrize(
    ("key", "typed"),
    [("min_go_interval", "5000"), ("panic_time", "-1"), ("remote_port", "99999")],
)
def test_a_setting_over_its_limit_is_refused_with_the_clis_sentence_not_clamped(
    qtbot: QtBot, view: EditView, show_file: Path, key: str, typed: str
) -> None:
    before = dump(show_file)
    field = view.settings_editor.fields[key]
    assert isinstance(field, QLineEdit)
    type_into(qtbot, field, typed)
    with pytest.raises(ShowFileError) as cli:  # `showdesk settings FILE KEY VALUE` says this
        parse_setting(key, typed)
    form = next(f for f in view.settings_editor.forms.values() if key in f.errors)
    assert shown(form.errors[key]) == str(cli.value)
    assert dump(show_file) == before  # not 500, 1 or 9999 instead
    assert view.undo_stack.count() == 0
    type_into(qtbot, field, "2")  # a good value still lands, and clears the reason
    assert dump(show_file)[1][key] == 2
    assert form.errors[key].isHidden()
