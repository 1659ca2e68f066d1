"""The patch editor: each destination's name and URL, checked as typed, and a test send.

A test send is one harmless OSC message, `/showdesk/test`, sent straight from this window (not
through the engine) so a stage manager can check the address of a console before the show. Its
result, or the reason it failed, appears on the destination's own row.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from showdesk.errors import ShowdeskError
from showdesk.outputs import UdpOutput
from showdesk.patch import URL_FORMS, check_name, parse_url
from showdesk.wire.osc import encode_message
from ui.edit.fields import ErrorLabel

TEST_ADDRESS = "/showdesk/test"
# Writes the patch as given (name -> URL); returns why it could not, or None.
PatchWrite = Callable[[str, dict[str, str]], str | None]


def test_send(url: str) -> str:
    """Sends the test message to a destination; what happened, in words. Raises ShowdeskError."""
    endpoint = parse_url(url)
    if endpoint.scheme != "osc.udp":
        raise ShowdeskError(
            f"test send is not available yet for {endpoint.scheme} destinations (only osc.udp)"
        )
    packet = encode_message(TEST_ADDRESS)
    output = UdpOutput("test", endpoint)  # the engine's own sender: the same name lookup
    try:
        result = output.send(packet, TEST_ADDRESS)
    finally:
        output.close()
    if not result.ok:
        raise ShowdeskError(f"could not send to {endpoint.host}:{endpoint.port}: {result.error}")
    return (
        f"✓ sent {TEST_ADDRESS} ({len(packet)} bytes) to {endpoint.host}:{endpoint.port} at "
        f"{time.strftime('%H:%M:%S')} (UDP does not confirm that it arrived)"
    )


class PatchEditor(QWidget):
    """One row per destination: name, URL, Test, Remove; and a row to add one."""

    tested = Signal(str, bool, str)  # destination, sent, what happened (from the sending thread)

    def __init__(self, write: PatchWrite, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.write = write
        self.patch: dict[str, str] = {}
        self.tested.connect(self._show_tested)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Destinations cues send to. URL forms: {URL_FORMS}.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.grid = QGridLayout()
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.names: dict[str, QLineEdit] = {}
        self.urls: dict[str, QLineEdit] = {}
        self.tests: dict[str, QPushButton] = {}
        self.results: dict[str, ErrorLabel] = {}
        self.new_name = QLineEdit()
        self.new_url = QLineEdit()
        self.add_button = QPushButton("Add")
        self.add_error = ErrorLabel()
        self.new_name.setPlaceholderText("LX")
        self.new_url.setPlaceholderText("osc.udp://10.0.0.5:8000")
        self.new_url.returnPressed.connect(self.add)
        self.add_button.clicked.connect(self.add)

    def set_patch(self, patch: dict[str, str]) -> None:
        if patch == self.patch and self.names:
            return
        self.patch = dict(patch)
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget not in (
                self.new_name, self.new_url, self.add_button, self.add_error
            ):  # fmt: skip
                widget.deleteLater()
        self.names, self.urls, self.tests, self.results = {}, {}, {}, {}
        for column, heading in enumerate(("Name", "URL")):
            self.grid.addWidget(QLabel(f"<b>{heading}</b>"), 0, column)
        row = 1
        for name, url in self.patch.items():
            name_edit, url_edit = QLineEdit(name), QLineEdit(url)
            test, remove = QPushButton("Test"), QPushButton("Remove")
            result = ErrorLabel()
            name_edit.editingFinished.connect(lambda n=name: self.edit(n))
            url_edit.editingFinished.connect(lambda n=name: self.edit(n))
            test.clicked.connect(lambda _=False, n=name: self.test(n))
            remove.clicked.connect(lambda _=False, n=name: self.remove(n))
            for column, widget in enumerate((name_edit, url_edit, test, remove)):
                self.grid.addWidget(widget, row, column)
            self.grid.addWidget(result, row + 1, 0, 1, 4)
            self.names[name], self.urls[name] = name_edit, url_edit
            self.tests[name], self.results[name] = test, result
            row += 2
        self.grid.addWidget(self.new_name, row, 0)
        self.grid.addWidget(self.new_url, row, 1)
        self.grid.addWidget(self.add_button, row, 2)
        self.grid.addWidget(self.add_error, row + 1, 0, 1, 4)

    def _check(self, name: str, url: str, was: str | None) -> str:
        try:
            check_name(name)
            parse_url(url)
        except ShowdeskError as exc:
            return str(exc)
        if name != was and name in self.patch:
            return f"{name} is already in the patch"
        return ""

    def add(self) -> None:
        name, url = self.new_name.text().strip(), self.new_url.text().strip()
        problem = self._check(name, url, None)
        if not problem:
            problem = self.write(f"patch {name}", {**self.patch, name: url}) or ""
        self.add_error.show_error(problem)
        if not problem:
            self.new_name.clear()
            self.new_url.clear()

    def edit(self, name: str) -> None:
        if name not in self.names:
            return
        new_name = self.names[name].text().strip()
        url = self.urls[name].text().strip()
        if (new_name, url) == (name, self.patch.get(name)):
            self.results[name].show_error("")
            return
        problem = self._check(new_name, url, name)
        if not problem:
            patch = {(new_name if key == name else key): (url if key == name else value)
                     for key, value in self.patch.items()}  # fmt: skip
            problem = self.write(f"patch {new_name}", patch) or ""
        if problem and name in self.results:
            self.results[name].show_error(problem)

    def remove(self, name: str) -> None:
        patch = {key: value for key, value in self.patch.items() if key != name}
        problem = self.write(f"unpatch {name}", patch)
        if problem and name in self.results:
            self.results[name].show_error(problem)

    def test(self, name: str) -> None:
        """Sends the test message on a thread of its own (a name lookup can take seconds; the
        window must not wait for it); the result arrives on the row through `tested`."""
        url = self.urls[name].text().strip()
        self.results[name].show_ok("sending…")

        def send() -> None:
            try:
                ok, message = True, test_send(url)
            except ShowdeskError as exc:
                ok, message = False, str(exc)
            with contextlib.suppress(RuntimeError):  # the editor was closed meanwhile
                self.tested.emit(name, ok, message)

        threading.Thread(target=send, name=f"test send {name}", daemon=True).start()

    def _show_tested(self, name: str, ok: bool, message: str) -> None:
        result = self.results.get(name)
        if result is None:
            return
        if ok:
            result.show_ok(message)
        else:
            result.show_error(message)
