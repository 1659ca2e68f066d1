"""The Settings tab: every show setting is a field, written when finished, undoable, checked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from showdesk.settings import SPECS
from showdesk.showfile import ShowFile
from ui.edit.view import EditView


@pytest.fixture
def view(qtbot: QtBot, tmp_path: Path) -> Iterator[EditView]:
    path = tmp_path / "settings.showdesk"
    ShowFile.create(path, name="Settings test").close()
    edit = EditView(path)
    qtbot.addWidget(edit)
    yield edit
    edit.close_show()


def stored(view: EditView) -> dict[str, object]:
    with ShowFile.open(view.path) as other:  # as the engine or the CLI would read it
        return vars(other.settings())


def test_every_setting_has_a_field_showing_its_stored_value(view: EditView) -> None:
    editor = view.settings_editor
    assert set(editor.fields) == {spec.key for spec in SPECS}
    for key, value in stored(view).items():
        assert editor.value(key) == value


def test_a_finished_field_lands_in_the_file_and_undoes(qtbot: QtBot, view: EditView) -> None:
    line = view.settings_editor.fields["min_go_interval"]
    assert isinstance(line, QLineEdit)
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "0.75")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert stored(view)["min_go_interval"] == 0.75
    view.undo_stack.undo()
    assert stored(view)["min_go_interval"] == 0.3
    assert view.settings_editor.value("min_go_interval") == 0.3


def test_a_refused_value_says_why_under_its_field_and_writes_nothing(
    qtbot: QtBot, view: EditView
) -> None:
    line = view.settings_editor.fields["midi_backend"]
    assert isinstance(line, QLineEdit)
    line.setFocus()
    qtbot.keyClicks(line, "not a backend!")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    error = view.settings_editor.forms["Outputs"].errors["midi_backend"]
    assert "midi_backend is a mido backend" in error.text()
    assert not error.isHidden()
    assert stored(view)["midi_backend"] == ""
    assert view.undo_stack.count() == 0


def test_remote_control_has_its_section_with_passcodes_shown_only_while_typed(
    view: EditView,
) -> None:
    assert "Remote control" in view.settings_editor.forms
    remote = view.settings_editor.fields["remote"]
    assert isinstance(remote, QCheckBox)
    assert not remote.isChecked()  # off in a new show
    for key in ("passcode", "view_passcode"):
        line = view.settings_editor.fields[key]
        assert isinstance(line, QLineEdit)
        assert line.echoMode() == QLineEdit.EchoMode.PasswordEchoOnEdit
    triggers = view.settings_editor.fields["midi_triggers"]
    assert isinstance(triggers, QLabel)
    assert triggers.text() == "0 triggers: see the Remote tab"
