"""The mouse wheel never edits: scrolling over any field of any form leaves the show file as it
was (issue 13, point 1). Every editor of every cue type, the multi-cue inspector, the patch,
the departments and the settings are scrolled over, field by field, both ways."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QSlider, QWidget
from pytestqt.qtbot import QtBot

from cues import Cue
from cues.registry import cue_types
from showdesk.showfile import ShowFile
from ui.edit import ops
from ui.edit.view import EditView

FIELDS = (QComboBox, QAbstractSpinBox, QSlider)
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def every_type_show(path: Path) -> Path:
    """A show with one cue of every registered type, each in a department, patched."""
    with ShowFile.create(path, name="Wheel") as show:
        show.set_destination("LX", "osc.udp://127.0.0.1:9000")
        show.set_destination("SND", "midi:Sound desk")
        # A trigger row gives the Remote tab its choice lists and spin boxes (the Settings
        # tab's numbers are typed, as the CLI reads them, and no longer take the wheel at all).
        show.set_setting("midi_in", "pedal")
        show.set_setting("midi_triggers", [{"message": "note", "channel": 1, "number": 60,
                                            "action": "go"}])  # fmt: skip
        cues: list[Cue] = []
        for number, (name, kind) in enumerate(sorted(cue_types().items()), start=1):
            target = ""
            if kind.target == "cue":
                target = "1"
            elif kind.target == "destination":
                target = "SND" if "midi" in kind.sends and "osc" not in kind.sends else "LX"
            cues.append(ops.new_cue(kind, number=str(number), name=name, target=target,
                                    dept="LX"))  # fmt: skip
        show.add_cues(cues)
    return path


def dump(path: Path) -> list[str]:
    """The whole file's content, as another process reading it sees it."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def wheel(widget: QWidget, steps: int) -> None:
    """One notch of the wheel per step (up when positive) with the pointer over the widget."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    for _ in range(abs(steps)):
        event = QWheelEvent(
            centre, QPointF(widget.mapToGlobal(centre)), QPoint(0, 0),
            QPoint(0, 120 if steps > 0 else -120), Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
        )  # fmt: skip
        QApplication.sendEvent(widget, event)


def scroll_over_fields(qtbot: QtBot, root: QWidget) -> int:
    """Scrolls over every field under `root`, down then up; returns how many there were."""
    fields = [w for w in root.findChildren(QWidget) if isinstance(w, FIELDS) and w.isVisible()]
    for field in fields:
        wheel(field, -3)
        wheel(field, 5)
        qtbot.wait(1)
    return len(fields)


@pytest.fixture
def view(qtbot: QtBot, tmp_path: Path) -> Iterator[EditView]:
    edit = EditView(every_type_show(tmp_path / "wheel.showdesk"))
    qtbot.addWidget(edit)
    edit.resize(1280, 720)
    edit.show()
    qtbot.waitExposed(edit)
    yield edit
    edit.close_show()


def test_the_wheel_over_any_field_of_any_cue_editor_changes_nothing(
    qtbot: QtBot, view: EditView
) -> None:
    before = dump(view.path)
    seen: dict[str, int] = {}
    for cue in list(view.model.cues):
        view._select_ids([cue.id])
        assert view.inspector is not None
        shown = [(f, _value(f)) for f in view.inspector.findChildren(QWidget)
                 if isinstance(f, FIELDS)]  # fmt: skip
        seen[cue.type.name] = scroll_over_fields(qtbot, view.inspector)
        assert [(f, _value(f)) for f, _ in shown] == shown, cue.type.name
    assert set(seen) == set(cue_types())
    assert all(count >= 2 for count in seen.values()), seen  # target/continue/dept at least
    view._select_ids([cue.id for cue in view.model.cues])  # the multi-cue inspector
    assert view.inspector is not None
    assert scroll_over_fields(qtbot, view.inspector) >= 2
    assert dump(view.path) == before
    assert view.undo_stack.count() == 0


def test_the_wheel_over_the_patch_departments_and_settings_changes_nothing(
    qtbot: QtBot, view: EditView
) -> None:
    before = dump(view.path)
    count = 0
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        qtbot.wait(1)
        tab = view.tabs.widget(index)
        shown = [(f, _value(f)) for f in tab.findChildren(QWidget) if isinstance(f, FIELDS)]
        count += scroll_over_fields(qtbot, tab)
        # A value changed by the wheel would be written when the field is next left.
        assert [(f, _value(f)) for f, _ in shown] == shown, view.tabs.tabText(index)
    assert count >= 2
    assert dump(view.path) == before
    assert view.undo_stack.count() == 0


def test_the_wheel_over_a_field_scrolls_the_form_instead(qtbot: QtBot, view: EditView) -> None:
    view.resize(1280, 400)  # short enough that the inspector scrolls
    group = next(cue for cue in view.model.cues if cue.type.name == "osc")
    view._select_ids([group.id])
    qtbot.wait(10)
    bar = view.inspector_area.verticalScrollBar()
    assert bar.maximum() > 0
    combo = view.inspector_area.findChild(QComboBox, "continue")
    assert combo is not None
    wheel(combo, -2)
    assert bar.value() > 0


def test_a_focused_field_still_takes_the_wheel(qtbot: QtBot, view: EditView) -> None:
    """Choosing with the wheel is still there for who asks for it: click (focus) first."""
    memo = next(cue for cue in view.model.cues if cue.type.name == "memo")
    view._select_ids([memo.id])
    combo = view.inspector_area.findChild(QComboBox, "continue")
    assert combo is not None
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo, -1)
    assert combo.currentIndex() == 1


def _value(field: QWidget) -> object:
    if isinstance(field, QComboBox):
        return field.currentIndex(), field.currentText()
    if isinstance(field, QAbstractSpinBox):
        return field.text()
    assert isinstance(field, QSlider)
    return field.value()
