"""No wheel edits: a combo box, spin box or slider takes the mouse wheel only while it has focus.

Otherwise a stage manager scrolling down a form changes whatever field passes under the pointer
(a cue's target, its continue mode), and the change is written at once. One application-wide
filter does this for every form of the app: the wheel over an unfocused field scrolls the form
(or table) around it instead. Such fields also stop taking focus from the wheel, so a scroll can
never focus one and then edit it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QComboBox, QSlider, QWidget

GUARDED = (QComboBox, QAbstractSpinBox, QSlider)


class WheelGuard(QObject):
    """Installed once on the application (see `install`)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, GUARDED):
            # The default, WheelFocus, would let the wheel focus the field and then edit it.
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if kind != QEvent.Type.Wheel or not isinstance(watched, GUARDED) or watched.hasFocus():
            return False
        assert isinstance(event, QWheelEvent)
        delta = event.angleDelta()
        vertical = abs(delta.y()) >= abs(delta.x())
        area = _scrollable_parent(watched, vertical)
        if area is not None:
            bar = area.verticalScrollBar() if vertical else area.horizontalScrollBar()
            QCoreApplication.sendEvent(bar, event)
        return True  # the field itself never sees it


def _scrollable_parent(widget: QWidget, vertical: bool) -> QAbstractScrollArea | None:
    """The nearest scroll area around the widget that can scroll that way, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            bar = parent.verticalScrollBar() if vertical else parent.horizontalScrollBar()
            if bar.maximum() > bar.minimum():
                return parent
        parent = parent.parentWidget()
    return None


def install() -> None:
    """Guards every field of the application (once; later calls do nothing)."""
    app = QCoreApplication.instance()
    if app is None or app.property("showdesk-wheel-guard"):
        return
    app.installEventFilter(WheelGuard(app))
    app.setProperty("showdesk-wheel-guard", True)
