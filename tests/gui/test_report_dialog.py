"""The Report dialog in the real window, its engine running the demo show: Ctrl+P opens it
beside the show, it writes the chosen audience's report off the GUI thread, and in show mode it
leaves Space to the GO."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ENGINE_TIMEOUT_MS
from ui.main_window import MainWindow
from ui.report_dialog import ReportDialog

# Showing a dialog on Qt's offscreen platform says this; a real display does not.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def open_dialog(qtbot: QtBot, window: MainWindow) -> ReportDialog:
    qtbot.keyClick(window.show_view.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.report_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_space_in_the_dialog_is_still_go_in_show_mode(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    assert not dialog.isModal()
    assert not dialog.browse.isEnabled()  # a file dialog would take the GO key
    dialog.crew.setFocus()
    qtbot.keyClick(dialog.crew, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.show_view.model.state("1") == "completed",
                    timeout=ENGINE_TIMEOUT_MS)  # fmt: skip
    assert not dialog.crew.isChecked()  # the space was a GO, not a click
    window.set_mode("edit")  # mid-show, it asks first (in place)
    qtbot.mouseClick(window.top.yes_button, Qt.MouseButton.LeftButton)
    assert dialog.browse.isEnabled()
    qtbot.keyClick(dialog.crew, Qt.Key.Key_Space)  # edit mode: the dialog's own keys
    assert dialog.crew.isChecked()
    window.set_mode("show")


def test_the_dialog_writes_the_crews_pdf_of_the_performance_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    qtbot.keyClick(window.show_view.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.show_view.model.state("1") == "completed",
                    timeout=ENGINE_TIMEOUT_MS)  # fmt: skip
    dialog = open_dialog(qtbot, window)
    assert dialog.performance.count() == 1  # the performance the engine is running
    assert dialog.target.text().endswith(" - producer.pdf")
    dialog.crew.click()
    assert dialog.target.text().endswith(" - crew.pdf")  # the suggested name follows the choice
    target = tmp_path / "tonight.pdf"
    dialog.target.setText(str(target))
    dialog.target.setModified(True)
    with qtbot.waitSignal(dialog.written, timeout=30000) as done:
        dialog.write_button.click()
        assert dialog.status.text() == "Writing the report…"  # and the window carries on
    assert done.args is not None
    assert done.args[0] is True, done.args
    assert dialog.status.text().endswith(f"for the crew is written to {target}.")
    text = subprocess.run(["pdftotext", "-raw", str(target), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "GO timeline (1 GO, 0 rejected)" in text  # the crew's report
    assert "Walk-in" in text

    dialog.target.setText(str(tmp_path / "no such folder" / "r.pdf"))
    with qtbot.waitSignal(dialog.written, timeout=30000):
        dialog.write_button.click()
    assert dialog.status.text().startswith("The report was not written: there is no folder")
