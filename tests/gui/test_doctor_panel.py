"""The doctor panel in the window, and the window the app opens for a show it cannot open.

The panel runs the real `showdesk doctor SHOW --json` process; it is a dock in the main window,
so in show mode Space stays GO whatever has focus in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot

from showdesk.errors import ShowdeskError
from tests.gui.conftest import ENGINE_TIMEOUT_MS
from ui.launch import build_parser, first_window
from ui.main_window import MainWindow
from ui.open_error import OpenErrorWindow

DOCTOR_TIMEOUT_MS = 30000  # the doctor bounds each probe to a few seconds; CI may be slow


def wait_for_doctor(qtbot: QtBot, window: MainWindow) -> dict[str, object]:
    with qtbot.waitSignal(window.doctor.finished, timeout=DOCTOR_TIMEOUT_MS) as signal:
        pass
    result: dict[str, object] = signal.args[0] if signal.args else {}
    return result


def test_f1_opens_the_panel_beside_the_show_with_the_doctor_s_lines(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.doctor.isHidden()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.doctor.finished, timeout=DOCTOR_TIMEOUT_MS) as signal:
        qtbot.keyClick(window.show_view.table, Qt.Key.Key_F1)
    assert window.doctor.isVisible()
    result = signal.args[0]
    texts = [line["text"] for line in result["lines"]]
    assert f"show file: {window.path.name} is sound" in texts
    assert any(
        text.startswith("LX (osc.udp://127.0.0.1:8000): the name resolves") for text in texts
    )
    shown = window.doctor.text.text()
    assert f"OK</b> show file: {window.path.name} is sound" in shown
    assert result["summary"] in window.doctor.heading.text()
    # Docked, never a window of its own, and it takes no focus.
    assert window.doctor.features() == QDockWidget.DockWidgetFeature.DockWidgetClosable
    assert window.doctor.text.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_f1_in_a_window_that_never_opened_the_panel_makes_it_and_runs_the_checks(
    qtbot: QtBot, window: MainWindow
) -> None:
    # The panel is made when first opened (not with the window, where it is hidden): F1 is the
    # first thing this test does with it.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.show_view.table, Qt.Key.Key_F1)
    panel = window.findChild(QDockWidget, "doctor")
    assert panel is window.doctor
    assert panel.isVisible()
    qtbot.waitUntil(lambda: "is sound" in panel.text.text(), timeout=DOCTOR_TIMEOUT_MS)
    assert window.dockWidgetArea(panel) == Qt.DockWidgetArea.RightDockWidgetArea


def test_space_stays_go_while_the_panel_is_open(qtbot: QtBot, fast_window: MainWindow) -> None:
    window = fast_window
    window.show_doctor()  # Help > Doctor in the menu bar
    wait_for_doctor(qtbot, window)
    qtbot.keyClick(window.doctor.text, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.show_view.model.state("1") == "completed",
                    timeout=ENGINE_TIMEOUT_MS)  # fmt: skip
    qtbot.keyClick(window.doctor.again, Qt.Key.Key_Space)  # a focused button is no exception
    qtbot.waitUntil(lambda: window.show_view.model.state("2") == "completed",
                    timeout=ENGINE_TIMEOUT_MS)  # fmt: skip
    assert window.doctor.isVisible()


def test_the_panel_opens_by_itself_on_the_first_start_only(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "showdesk.ini"), QSettings.Format.IniFormat)
    assert window.show_doctor_on_first_start(settings) is True
    assert window.doctor.isVisible()
    wait_for_doctor(qtbot, window)
    window.doctor.close()
    again = QSettings(str(tmp_path / "showdesk.ini"), QSettings.Format.IniFormat)
    assert window.show_doctor_on_first_start(again) is False
    assert window.doctor.isHidden()


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # the offscreen platform's
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not a show at all\n" * 50, "is not a showdesk show file"),
        (b"", "not a showdesk show file"),
        (None, "show file"),
    ],
)
def test_a_show_it_cannot_open_gets_a_window_with_the_reason_and_quit(
    qtbot: QtBot, tmp_path: Path, content: bytes | None, reason: str
) -> None:
    path = tmp_path / "broken.showdesk"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    args = build_parser().parse_args([str(path)])
    with pytest.raises(ShowdeskError) as refused:
        first_window(args)
    window = OpenErrorWindow(str(path), str(refused.value))
    qtbot.addWidget(window)
    window.show()
    assert str(path) in window.reason.text()
    assert reason in window.reason.text()
    assert str(path) in window.windowTitle()
    window.quit_button.click()
    assert not window.isVisible()
