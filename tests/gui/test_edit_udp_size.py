"""Issue 11's message size in the inspector: an OSC or fade cue whose packet is too big for one
UDP datagram is refused under the field that made it so (the message, or the target just chosen),
with the sentence `showdesk check` gives, and nothing is written. Multi-edit names the cue.

The expected sentence is read from `check_show` on a file holding the too-big cue, so the
inspector and `check` cannot drift apart. A long message itself is not cut by the inspector.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from cues import Cue, cue_type
from showdesk.check import check_show
from showdesk.showfile import ShowFile
from tests.gui.test_edit_limits import inspect, shown
from ui.edit.editors import MultiEditor
from ui.edit.view import EditView

OSC, FADE = cue_type("osc"), cue_type("fade")
# 65,500 characters of string: with the address and type tag, 65,516 bytes on the wire, 9 more
# than one UDP datagram carries; the text stays within a sheet cell (65,536 characters).
BIG = "/big s " + "x" * 65_500
LONG_ADDRESS = "/" + "a" * 65_520  # a fade's every step carries its address: too big for UDP
PATCH = {"UDP": "osc.udp://127.0.0.1:9000", "TCP": "osc.tcp://127.0.0.1:9001"}


@pytest.fixture
def show_file(tmp_path: Path) -> Path:
    path = tmp_path / "size.showdesk"
    with ShowFile.create(path, name="Size") as show:
        for name, url in PATCH.items():
            show.set_destination(name, url)
        show.add_cues([
            Cue(OSC, OSC.parse("/small f 1"), number="1", target="UDP"),
            Cue(OSC, OSC.parse(BIG), number="2", target="TCP"),
            Cue(FADE, FADE.parse(f"{LONG_ADDRESS} f 0 -> 1"), number="3", target="TCP",
                duration=2.0),
        ])  # fmt: skip
    return path


def dump(path: Path) -> list[Cue]:
    with ShowFile.open(path) as other:
        return other.cues()


def check_says(tmp_path: Path, cue: Cue) -> str:
    """What `showdesk check` says of this cue sent to UDP, less its "; it will not send": the
    inspector refuses the edit, so the cue does not stand like that to not send."""
    path = tmp_path / "checked.showdesk"
    path.unlink(missing_ok=True)
    with ShowFile.create(path, name="Checked") as show:
        show.set_destination("UDP", PATCH["UDP"])
        show.add_cues([Cue(cue.type, cue.payload, number="9", target="UDP",
                           duration=cue.duration)])  # fmt: skip
        (problem,) = [p for p in check_show(show) if p.level == "error"]
    assert "UDP datagram" in problem.message
    return problem.message.removeprefix("cue 9: ").removesuffix("; it will not send")


def finish(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Puts text in a field and presses Enter (typing 65,000 keys would take minutes)."""
    field.setFocus()
    field.setText(text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_a_message_too_big_for_its_udp_target_is_refused_under_message(
    qtbot: QtBot, view: EditView, show_file: Path, tmp_path: Path
) -> None:
    before = dump(show_file)
    inspector = inspect(view, "1")
    finish(qtbot, inspector.payload.line, BIG)  # type: ignore[attr-defined]
    expected = check_says(tmp_path, before[1])
    assert shown(inspector.payload.rows.errors["message"]) == expected
    assert inspector.common.rows.errors["target"].isHidden()  # said once, where it was typed
    assert dump(show_file) == before
    finish(qtbot, inspector.payload.line, "/big s " + "x" * 60_000)  # fits: it lands
    assert dump(show_file)[0].payload == OSC.parse("/big s " + "x" * 60_000)
    assert inspector.payload.rows.errors["message"].isHidden()


@pytest.mark.parametrize("number", ["2", "3"])
def test_choosing_a_udp_target_too_small_for_the_message_is_refused_under_target(
    qtbot: QtBot, view: EditView, show_file: Path, tmp_path: Path, number: str
) -> None:
    before = dump(show_file)
    inspector = inspect(view, number)
    line = inspector.common.target.lineEdit()
    assert line is not None
    finish(qtbot, line, "UDP")
    cue = next(cue for cue in before if cue.number == number)
    assert shown(inspector.common.rows.errors["target"]) == check_says(tmp_path, cue)
    assert dump(show_file) == before


def test_multi_edit_names_the_cue_too_big_for_the_udp_target(
    qtbot: QtBot, view: EditView, show_file: Path, tmp_path: Path
) -> None:
    before = dump(show_file)
    view._select_ids([cue.id for cue in before])
    multi = view.inspector
    assert isinstance(multi, MultiEditor)
    line = multi.common.target.lineEdit()
    assert line is not None
    finish(qtbot, line, "UDP")
    expected = check_says(tmp_path, before[1])
    assert shown(multi.common.rows.errors["target"]) == f"cue 2: {expected}"
    assert dump(show_file) == before


def test_a_long_message_survives_an_edit_of_another_field(
    qtbot: QtBot, view: EditView, show_file: Path
) -> None:
    """Qt's line edit keeps 32,767 characters unless told otherwise: renaming the cue must not
    cut its 65,507-character message."""
    inspector = inspect(view, "2")
    finish(qtbot, inspector.common.name, "Blob")
    (cue,) = [cue for cue in dump(show_file) if cue.number == "2"]
    assert cue.name == "Blob"
    assert cue.payload == OSC.parse(BIG)
