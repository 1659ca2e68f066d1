"""The Qt binding itself: a release that corrupts reference counts crashes a show mid-run.

PySide6 6.12.0 dropped a reference to True on every signal emitted from Python; after a few
thousand engine events the interpreter aborted (bool_dealloc). pyproject.toml excludes it; this
test fails on any release that does it again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_emitting_a_signal_keeps_the_reference_counts_of_true_and_false() -> None:
    emitter = _Emitter()
    got: list[object] = []
    emitter.fired.connect(got.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for n in range(200):
        emitter.fired.emit({"event": "sent", "ok": True, "n": n})
    got.clear()
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert after[0] >= before[0] - 2, "each emit lost a reference to True: a crash in waiting"
    assert after[1] >= before[1] - 2, "each emit lost a reference to False: a crash in waiting"
