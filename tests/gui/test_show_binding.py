"""The Qt binding itself: a release that corrupts reference counts crashes a show mid-run.

PySide6 6.12.0 dropped a reference to True on every signal emitted from Python; after a few
thousand engine events the interpreter aborted (bool_dealloc). pyproject.toml excludes it; this
test fails on any release that does it again.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_emitting_a_signal_keeps_the_reference_counts_of_true_and_false() -> None:
    emitter = _Emitter()
    got: list[object] = []
    emitter.fired.connect(got.append)
    emits = 2000  # a faulty binding loses one reference per emit; other code moves a few
    gc.collect()
    before = sys.getrefcount(True), sys.getrefcount(False)
    for n in range(emits):
        emitter.fired.emit({"event": "sent", "ok": True, "offline": False, "n": n})
    got.clear()
    gc.collect()
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert before[0] - after[0] < emits // 10, "each emit lost a reference to True"
    assert before[1] - after[1] < emits // 10, "each emit lost a reference to False"
