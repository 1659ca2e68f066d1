"""Show mode's layout: every panel's place and size for a given window size.

Nothing in show mode may move because of what it shows (the caller's hands know where GO is):
the top row (standing by, GO) has a fixed height and GO's column a fixed width for the window's
size; the note line, the notice, the problems strip and the rig strip each keep their line
whether or not they have something to say; labels cut long text (ui/widgets.py). Fonts scale
with the window, read from 3 m: `rescale` sets them and every size that follows from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.cue_table import CueTable
from ui.log import LogPanel
from ui.panels import ClocksPanel, RunningPanel, StandbyPanel
from ui.rig import ProblemsStrip, RigStrip
from ui.theme import Theme
from ui.widgets import ElidedLabel

if TYPE_CHECKING:
    from ui.show_view import ShowView

# The window size the base font sizes are for; a bigger window scales them up.
BASE_WIDTH, BASE_HEIGHT = 1280, 720
MIN_SCALE = 0.65
# Point sizes at the base size, by object name (the style sheet's selectors).
FONT_PT = {
    "standbyNumber": 30, "standbyName": 20, "standbyFlag": 15, "standbyCall": 16,
    "standbyNotes": 12, "clock": 14, "go": 32, "goStatus": 12, "panic": 13, "notice": 12,
    "note": 14, "table": 11, "log": 10.5, "running": 11, "chip": 10, "small": 10,
    "button": 11, "dim": 10.5, "problemsText": 11,
}  # fmt: skip
MARKS = (("House open", "house_open"), ("Show up", "show_up"), ("Act 1", "act"),
         ("Interval", "interval"), ("Hold (H)", "hold"), ("Show down", "show_down"))  # fmt: skip
MARK_LONGEST = {kind: "End hold (H)" if kind == "hold" else text for text, kind in MARKS}


def scale_for(width: int, height: int) -> float:
    return max(MIN_SCALE, min(2.5, width / BASE_WIDTH, height / BASE_HEIGHT))


def room_of(widget: QWidget) -> tuple[int, int]:
    """The size the show's text scales for: the window's, less a dock beside its centre.

    With the doctor panel open (first start, F1) a maximised 1366x768 window leaves the show
    about 1000 px; scaled for the whole window, the banner ran into the timing, the mark
    buttons read "ouse ope" and the cue list scrolled sideways.
    """
    window = widget.window()
    central = window.centralWidget() if isinstance(window, QMainWindow) else None
    if central is None or not central.isVisible():
        return window.width(), window.height()
    return central.width(), window.height()


def style_for(scale: float, theme: Theme) -> str:
    """Show mode's font sizes at `scale` (the app's style sheet has the colours)."""

    def pt(name: str) -> str:
        return f"{FONT_PT[name] * scale:.1f}pt"

    return f"""
QLabel#standbyNumber {{ font-size: {pt("standbyNumber")}; font-weight: 700; }}
QLabel#standbyName {{ font-size: {pt("standbyName")}; font-weight: 600; }}
QLabel#standbyFlag {{ font-size: {pt("standbyFlag")}; }}
QLabel#standbyCall {{ font-size: {pt("standbyCall")}; font-weight: 600; }}
QLabel#standbyNotes {{ font-size: {pt("standbyNotes")}; }}
QLabel#standbyDept {{ font-size: {pt("standbyCall")}; font-weight: 700; }}
QLabel#clock {{ font-size: {pt("clock")}; font-weight: 600; }}
QLabel#clock[hold="true"] {{ color: #000000; background: {theme.warn}; border-radius: 4px;
    padding: 0 4px; }}
QLabel#dim {{ font-size: {pt("dim")}; }}
QLabel#goStatus {{ font-size: {pt("goStatus")}; color: {theme.warn}; font-weight: 700; }}
QLabel#notice {{ font-size: {pt("notice")}; }}
QLabel#notice[idle="true"] {{ color: {theme.dim}; font-weight: 400; }}
QLabel#chip {{ font-size: {pt("chip")}; }}
QLabel#problemsText {{ font-size: {pt("problemsText")}; }}
QPushButton {{ font-size: {pt("button")}; padding: 3px 8px; }}
QPushButton#small {{ font-size: {pt("small")}; padding: 1px 2px; }}
QPushButton#go {{ font-size: {pt("go")}; min-width: 0; }}
QPushButton#go[end="true"] {{ background: {theme.panel}; color: {theme.dim};
    border-color: {theme.dim}; font-size: {pt("note")}; }}
QPushButton#go[rejected="true"] {{ background: {theme.warn}; border-color: {theme.error};
    color: #000; font-size: {pt("note")}; }}
QPushButton#panic {{ font-size: {pt("panic")}; min-height: 0; }}
QLineEdit#note {{ font-size: {pt("note")}; }}
QTableView#cues {{ font-size: {pt("table")}; selection-background-color: transparent;
    selection-color: {theme.text}; }}
QHeaderView::section {{ font-size: {pt("dim")}; }}
QTableView#log {{ font-size: {pt("log")}; }}
QComboBox#logFilter, QLineEdit#logFilter {{ font-size: {pt("dim")}; }}
QTableWidget#running {{ font-size: {pt("running")}; }}
"""


def build(view: ShowView) -> None:
    """Makes the show view's widgets (as its attributes) and lays them out. Each widget is made
    inside the one it stays in: a widget moved into another is restyled, children and all."""
    theme = view.theme
    # The fonts for the size the window opens at, before any child exists: set afterwards (by
    # rescale), the sheet restyled every widget made so far.
    view.setStyleSheet(style_for(scale_for(*room_of(view)), theme))
    view.top = QWidget(view)
    view.standby = StandbyPanel(theme, view.top)
    view.go_area = QWidget(view.top)
    view.go_button = QPushButton("GO", view.go_area)
    view.go_button.setObjectName("go")
    view.go_button.setToolTip("GO: starts the cue standing by (Space)")
    view.go_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
    # Why a GO was rejected, while it flashes.
    view.go_status = ElidedLabel("", "goStatus", view.go_area)
    view.go_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
    view.panic_button = QPushButton("PANIC (Esc)", view.go_area)
    view.panic_button.setObjectName("panic")
    view.stop_button = QPushButton("Stop all", view.go_area)
    view.pause_button = QPushButton("Pause all (P)", view.go_area)
    view.resume_button = QPushButton("Resume all (R)", view.go_area)
    for button in (view.go_button, view.panic_button, view.stop_button, view.pause_button,
                   view.resume_button):  # fmt: skip
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if button is not view.go_button:
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    view.go_button.clicked.connect(lambda: view.go("button"))
    view.panic_button.clicked.connect(lambda: view.command("panic", "button"))
    view.stop_button.clicked.connect(lambda: view.command("stop", "button"))
    view.pause_button.clicked.connect(lambda: view.command("pause", "button"))
    view.resume_button.clicked.connect(lambda: view.command("resume", "button"))

    go_layout = QVBoxLayout(view.go_area)
    go_layout.setContentsMargins(0, 0, 0, 0)
    go_layout.setSpacing(3)
    go_layout.addWidget(view.go_button, 1)
    go_layout.addWidget(view.go_status)
    row = QHBoxLayout()
    row.addWidget(view.pause_button)
    row.addWidget(view.resume_button)
    go_layout.addLayout(row)
    row = QHBoxLayout()
    row.addWidget(view.stop_button, 2)
    row.addWidget(view.panic_button, 3)
    go_layout.addLayout(row)

    top = QHBoxLayout(view.top)
    top.setContentsMargins(0, 0, 0, 0)
    top.addWidget(view.standby, 1)
    top.addWidget(view.go_area)

    view.split = QSplitter(Qt.Orientation.Horizontal, view)
    left = QWidget(view.split)
    view.table = CueTable(view.model, theme, left)
    view.table.setObjectName("cues")
    view.table.doubleClicked.connect(lambda index: view.standby_row(index.row()))
    view.problems = ProblemsStrip(theme, left)
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(0, 0, 0, 0)
    left_layout.setSpacing(3)
    left_layout.addWidget(view.table, 1)
    left_layout.addWidget(view.problems)

    view.right = QWidget(view.split)
    view.clocks = ClocksPanel(view.right)
    view.clocks.undo_requested.connect(view.undo_mark)
    view.running = RunningPanel(view.right)
    view.running.setObjectName("running")
    view.log = LogPanel(theme, view.right)
    marks = QHBoxLayout()
    marks.setSpacing(3)
    view.mark_buttons = {}
    for text, kind in MARKS:
        button = QPushButton(text, view.right)
        button.setObjectName("small")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        button.clicked.connect(lambda _=False, k=kind: view.mark_button(k))
        # Shares of the row by the texts' widths (in any size of the font: they scale alike).
        # By the count of letters, "Show down" read "Show dowr" beside the doctor panel.
        marks.addWidget(button, button.fontMetrics().horizontalAdvance(MARK_LONGEST[kind]) + 8)
        view.mark_buttons[kind] = button
    right_layout = QVBoxLayout(view.right)
    right_layout.setContentsMargins(0, 0, 0, 0)
    right_layout.setSpacing(3)
    right_layout.addWidget(view.clocks)
    right_layout.addLayout(marks)
    right_layout.addWidget(view.running, 2)
    right_layout.addWidget(view.log, 3)  # never less than a third of the column
    view.split.addWidget(left)
    view.split.addWidget(view.right)
    view.split.setStretchFactor(0, 3)
    view.split.setStretchFactor(1, 2)
    view.split.setChildrenCollapsible(False)

    view.message_line = QWidget(view)  # the note line and the notice share one fixed line
    view.note_field = QLineEdit(view.message_line)
    view.note_field.setObjectName("note")
    view.note_field.returnPressed.connect(view.send_line)
    view.note_field.hide()
    view.notice = ElidedLabel("", "notice", view.message_line)
    message = QHBoxLayout(view.message_line)
    message.setContentsMargins(0, 0, 0, 0)
    message.addWidget(view.note_field, 3)
    message.addWidget(view.notice, 2)
    view.rig = RigStrip(theme, view)

    layout = QVBoxLayout(view)
    layout.setContentsMargins(6, 4, 6, 4)
    layout.setSpacing(4)
    layout.addWidget(view.top)
    layout.addWidget(view.split, 1)
    layout.addWidget(view.message_line)
    layout.addWidget(view.rig)


def rescale(view: ShowView, width: int, height: int) -> None:
    """Fonts for a window of `width` x `height`, and the fixed sizes that follow from them."""
    scale = scale_for(width, height)
    view.scale = scale
    sheet = style_for(scale, view.theme)
    if view.styleSheet() != sheet:  # Qt restyles every child even for the same sheet
        view.setStyleSheet(sheet)
    for widget in (view.standby, view.go_area, view.table, view.log.view, view.running,
                   view.note_field, view.rig, view.problems):  # fmt: skip
        widget.ensurePolished()
    view.table.set_scale(scale)
    view.log.set_scale(scale)
    view.running.set_scale(scale)
    standby_height = view.standby.sizeHint().height()
    view.top.setFixedHeight(max(standby_height, int(height * 0.22)))
    view.go_area.setFixedWidth(max(240, min(int(width * 0.2), 480)))
    view.go_status.setFixedHeight(view.go_status.sizeHint().height())
    view.message_line.setFixedHeight(view.note_field.sizeHint().height())
    view.problems.setFixedHeight(view.problems.text.sizeHint().height() + 6)
    chip_height = view.rig.chips and next(iter(view.rig.chips.values())).sizeHint().height()
    view.rig.setFixedHeight(int(chip_height or 30) + 12)
    view.split.setSizes([int(width * 0.61), int(width * 0.39)])
