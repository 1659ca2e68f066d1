"""The patch editor: each destination's name and URL, checked as typed, a test send, and a
picker of the MIDI ports the show's MIDI backend sees.

A test send is one harmless message sent straight from this window (not through the engine), so
a stage manager can check a console's address before the show: `/showdesk/test` to an OSC
destination (UDP or TCP), a SysEx no device acts on to a MIDI one (a port or MIDI over TCP). Its
result, or the reason it failed, appears on the destination's own row.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from showdesk.errors import ShowdeskError
from showdesk.oneshot import midi_ports, probe_packet, send_once
from showdesk.patch import URL_FORMS, check_name, parse_url
from ui.edit.fields import ErrorLabel

# Writes the patch as given (name -> URL); returns why it could not, or None.
PatchWrite = Callable[[str, dict[str, str]], str | None]


def send_test(url: str, midi_backend: str) -> str:
    """Sends the test message to a destination; what happened, in words. Raises ShowdeskError."""
    packet, what = probe_packet(parse_url(url))
    return send_once(url, [packet], midi_backend, what)


class PatchEditor(QWidget):
    """Per destination: name, URL, MIDI port picker, Test, Remove; and the same to add one."""

    tested = Signal(str, bool, str)  # destination, sent, what happened (from the sending thread)

    def __init__(
        self, write: PatchWrite, midi_backend: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.write = write
        self.midi_backend = midi_backend
        self.patch: dict[str, str] = {}
        self.tested.connect(self._show_tested)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Destinations cues send to. URL forms: {URL_FORMS}.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)  # the URL takes the width there is
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.names: dict[str, QLineEdit] = {}
        self.urls: dict[str, QLineEdit] = {}
        self.tests: dict[str, QPushButton] = {}
        self.results: dict[str, ErrorLabel] = {}
        self.new_name = QLineEdit()
        self.new_url = QLineEdit()
        self.new_ports = self._port_picker(self.new_url)
        self.add_button = QPushButton("Add")
        self.add_error = ErrorLabel()
        self.new_name.setPlaceholderText("LX")
        self.new_url.setPlaceholderText("osc.udp://10.0.0.5:8000")
        self.new_url.returnPressed.connect(self.add)
        self.add_button.clicked.connect(self.add)
        self._keep = (self.new_name, self.new_url, self.new_ports, self.add_button,
                      self.add_error)  # fmt: skip

    def set_patch(self, patch: dict[str, str]) -> None:
        if patch == self.patch and self.names:
            return
        self.patch = dict(patch)
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget not in self._keep:
                widget.deleteLater()
        self.names, self.urls, self.tests, self.results = {}, {}, {}, {}
        for column, heading in enumerate(("Name", "URL")):
            self.grid.addWidget(QLabel(f"<b>{heading}</b>"), 0, column)
        row = 1
        for name, url in self.patch.items():
            name_edit, url_edit = QLineEdit(name), QLineEdit(url)
            url_edit.setToolTip(url)
            for edit in (name_edit, url_edit):
                edit.setCursorPosition(0)  # a long value shows its start, not its end
            ports = self._port_picker(url_edit, self._editor_of(name))
            test, remove = QPushButton("Test"), QPushButton("Remove")
            test.setToolTip("send one harmless message there now")
            result = ErrorLabel()
            name_edit.editingFinished.connect(lambda n=name: self.edit(n))
            url_edit.editingFinished.connect(lambda n=name: self.edit(n))
            test.clicked.connect(lambda _=False, n=name: self.test(n))
            remove.clicked.connect(lambda _=False, n=name: self.remove(n))
            row = self._row(row, name_edit, url_edit, (ports, test, remove), result)
            self.names[name], self.urls[name] = name_edit, url_edit
            self.tests[name], self.results[name] = test, result
        self._row(row, self.new_name, self.new_url, (self.new_ports, self.add_button),
                  self.add_error)  # fmt: skip

    def _row(self, row: int, name: QLineEdit, url: QLineEdit, buttons: tuple[QWidget, ...],
             result: QWidget) -> int:  # fmt: skip
        """One destination: name and URL (the URL as wide as the panel), its buttons under
        the URL, then the result of the last test or edit. Returns the next free grid row."""
        name.setMaximumWidth(120)
        self.grid.addWidget(name, row, 0)
        self.grid.addWidget(url, row, 1)
        line = QWidget()
        box = QHBoxLayout(line)
        box.setContentsMargins(0, 0, 0, 0)
        for button in buttons:
            box.addWidget(button)
        box.addStretch(1)
        self.grid.addWidget(line, row + 1, 1)
        self.grid.addWidget(result, row + 2, 0, 1, 2)
        return row + 3

    def _editor_of(self, name: str) -> Callable[[], None]:
        return lambda: self.edit(name)

    # -- MIDI ports --------------------------------------------------------------------------

    def _port_picker(self, url: QLineEdit, chosen: Callable[[], None] | None = None) -> QToolButton:
        """A button whose menu lists the MIDI ports the backend sees now; one picked becomes
        the URL `midi:PORT`."""
        button = QToolButton()
        button.setText("MIDI port ▾")
        button.setToolTip("pick one of the MIDI ports this machine has now")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        button.setMenu(menu)
        menu.aboutToShow.connect(lambda: self._fill_ports(menu, url, chosen))
        return button

    def _fill_ports(self, menu: QMenu, url: QLineEdit, chosen: Callable[[], None] | None) -> None:
        menu.clear()
        try:
            ports = midi_ports(self.midi_backend())
        except ShowdeskError as exc:
            menu.addAction(str(exc)).setEnabled(False)
            return
        if not ports:
            menu.addAction("no MIDI output ports right now").setEnabled(False)
        for port in ports:
            action = menu.addAction(port)
            action.triggered.connect(lambda _=False, p=port: self.pick_port(url, p, chosen))

    def pick_port(self, url: QLineEdit, port: str, chosen: Callable[[], None] | None) -> None:
        url.setText(f"midi:{port}")
        url.setCursorPosition(0)
        if chosen is not None:
            chosen()

    # -- edits -----------------------------------------------------------------------------

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

    # -- test sends --------------------------------------------------------------------------

    def test(self, name: str) -> None:
        """Sends the test message on a thread of its own (a name lookup or a connect can take
        seconds; the window must not wait); the result arrives on the row through `tested`."""
        url = self.urls[name].text().strip()
        backend = self.midi_backend()
        self.results[name].show_ok("sending…")

        def send() -> None:
            try:
                ok, message = True, send_test(url, backend)
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
