"""Preview of the selected cue (P in edit mode): what it sends, byte for byte.

In rehearsal nothing leaves the machine: the messages and their bytes are written to the
preview log under the table (and the window's log). Live, they are sent to the real rig, each
destination over a connection of its own (as a test send is), after a one-line confirm the
first time in a session; later previews send at once. A fade shows its first and last value, a
group the messages of the cues in it; a cue that sends nothing says so.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from cues.base import Cue
from cues.fade import FadeRamp
from showdesk.engine.compile import Send, encode
from showdesk.errors import ShowdeskError
from showdesk.oneshot import send_once
from showdesk.wire.osc import encode_message

LOG_LINES = 500


def preview_sends(cue: Cue, cues: Sequence[Cue]) -> list[Send]:
    """What the cue sends, in order: its own messages, a fade's first and last, a group's cues'."""
    if cue.type.name == "group":
        inside = [c for c in cues if c.parent == cue.id]
        return [send for child in inside for send in preview_sends(child, cues)]
    payload = cue.payload
    if isinstance(payload, FadeRamp):
        ends = ((payload.start, "from"), (payload.end, "to"))
        return [Send(cue.target, f"{payload.address} {payload.tag} {value:g} ({which})",
                     encode_message(payload.address, [(payload.tag, value)]))
                for value, which in ends]  # fmt: skip
    return list(encode(cue))


def hex_bytes(data: bytes, limit: int = 48) -> str:
    shown = data[:limit].hex(" ")
    return shown + (f" … ({len(data)} bytes)" if len(data) > limit else f" ({len(data)} bytes)")


class PreviewPanel(QWidget):
    """The preview log and the one-line confirm before the first live preview."""

    sent = Signal(str, bool)  # a line for the log, and whether it went (from a sending thread)
    logged = Signal(dict)  # a `sent`-like event for the window's log

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.confirmed = False  # live previews were confirmed once in this session
        self.pending: Callable[[], None] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.confirm = QWidget()
        row = QHBoxLayout(self.confirm)
        row.setContentsMargins(0, 0, 0, 0)
        self.question = QLabel("")
        self.question.setObjectName("preview-confirm")
        self.question.setWordWrap(True)
        self.send_button = QPushButton("Send")
        cancel = QPushButton("Cancel")
        self.send_button.clicked.connect(self.accept)
        cancel.clicked.connect(self.cancel)
        row.addWidget(self.question, 1)
        row.addWidget(self.send_button)
        row.addWidget(cancel)
        self.confirm.hide()
        self.log = QPlainTextEdit()
        self.log.setObjectName("preview-log")
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(LOG_LINES)
        self.log.setFixedHeight(84)
        self.log.setPlaceholderText("Preview (P): the selected cue's messages and bytes.")
        layout.addWidget(self.confirm)
        layout.addWidget(self.log)
        self.sent.connect(lambda line, _ok: self.add(line))

    def add(self, line: str) -> None:
        self.log.appendPlainText(f"{time.strftime('%H:%M:%S')}  {line}")

    def show_rehearsal(self, cue: Cue, sends: list[Send], patch: dict[str, str]) -> None:
        """Rehearsal: the bytes the cue would send, nothing sent."""
        if not sends:
            self.add(f"PREVIEW {cue.label}: sends nothing (a {cue.type.name} cue)")
            return
        for send in sends:
            where = patch.get(send.destination, "not patched")
            self.add(f"PREVIEW {cue.label} → {send.destination} ({where}): {send.text}  "
                     f"[{hex_bytes(send.data)}]  (rehearsal: not sent)")  # fmt: skip
            self.logged.emit({"event": "sent", "wall": time.time(), "cue": cue.number,
                              "destination": send.destination,
                              "message": f"{send.text} [{send.data.hex(' ')}]",
                              "ok": True, "offline": True, "preview": True})  # fmt: skip

    def ask_live(self, cue: Cue, sends: list[Send], patch: dict[str, str], backend: str) -> None:
        """Live: sends at once once confirmed, else asks in one line first."""
        if not sends:
            self.add(f"PREVIEW {cue.label}: sends nothing (a {cue.type.name} cue)")
            return

        def go() -> None:
            self.send_live(cue, sends, patch, backend)

        if self.confirmed:
            go()
            return
        places = ", ".join(sorted({s.destination for s in sends}))
        self.question.setText(f"LIVE: preview sends {cue.label} to the real rig ({places}) now. "
                              "Press P again or Send; later previews will not ask.")  # fmt: skip
        self.pending = go
        self.confirm.show()

    def accept(self) -> None:
        go, self.pending = self.pending, None
        self.confirm.hide()
        if go is not None:
            self.confirmed = True
            go()

    def cancel(self) -> None:
        self.pending = None
        self.confirm.hide()

    def send_live(self, cue: Cue, sends: list[Send], patch: dict[str, str], backend: str) -> None:
        """Sends each destination's messages on a thread (a connect may take seconds)."""
        by_place: dict[str, list[Send]] = {}
        for send in sends:
            by_place.setdefault(send.destination, []).append(send)
        for destination, group in by_place.items():
            url = patch.get(destination)
            if url is None:
                self.add(f"PREVIEW {cue.label} → {destination}: not sent, not in the patch")
                continue
            self.add(f"PREVIEW {cue.label} → {destination}: sending…")
            threading.Thread(target=self._send, args=(cue.label, destination, url, group,
                             backend), daemon=True).start()  # fmt: skip

    def _send(
        self, label: str, destination: str, url: str, sends: list[Send], backend: str
    ) -> None:
        what = "; ".join(send.text for send in sends)
        try:
            line, ok = send_once(url, [s.data for s in sends], backend, what), True
        except ShowdeskError as exc:
            line, ok = f"not sent: {exc}", False
        with contextlib.suppress(RuntimeError):  # the panel was closed meanwhile
            self.sent.emit(f"PREVIEW {label} → {destination}: {line}", ok)
