"""Colours and fonts for the desktop app: a dark theme for front of house, and a light one.

Colour is never the only signal: every state the caller must see also has a word or a glyph.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    panel: str
    text: str
    dim: str
    accent: str
    go: str
    go_text: str
    live: str
    rehearsal: str
    warn: str
    error: str
    ok: str
    standby_row: str
    running_row: str


DARK = Theme(
    name="dark",
    window="#121417",
    panel="#1c1f24",
    text="#e8e8e8",
    dim="#9aa0a6",
    accent="#4c8dff",
    go="#1f7a3a",
    go_text="#ffffff",
    live="#b3261e",
    rehearsal="#2d5da8",
    warn="#d99a1e",
    error="#e04848",
    ok="#3fae6a",
    standby_row="#2a3550",
    running_row="#1f3b2a",
)
LIGHT = Theme(
    name="light",
    window="#f4f4f4",
    panel="#ffffff",
    text="#111111",
    dim="#555555",
    accent="#1d5fd1",
    go="#1f8a44",
    go_text="#ffffff",
    live="#c0281e",
    rehearsal="#1d5fd1",
    warn="#a86d00",
    error="#c0281e",
    ok="#1f8a44",
    standby_row="#d6e2ff",
    running_row="#d5f0dc",
)
THEMES = {"dark": DARK, "light": LIGHT}
# WCAG's contrast ratio for normal text: a department colour is shown as text at least this clear.
MIN_CONTRAST = 4.5


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: str, theme: Theme) -> str:
    """A show's department colour as text on this theme's panels: the same hue, darkened (light
    theme) or lightened (dark theme) until it reads, e.g. a yellow LX on white paper."""
    original, background = QColor(colour), QColor(theme.panel)
    if not original.isValid():
        return theme.dim
    toward = QColor("#ffffff" if _luminance(background) < 0.5 else "#000000")
    shown = original
    for step in range(1, 11):  # mix toward white or black, a tenth at a time
        if contrast(shown, background) >= MIN_CONTRAST:
            break
        t = step / 10
        shown = QColor.fromRgbF(
            original.redF() * (1 - t) + toward.redF() * t,
            original.greenF() * (1 - t) + toward.greenF() * t,
            original.blueF() * (1 - t) + toward.blueF() * t,
        )
    return str(shown.name())


# State names as words and glyphs, so nothing depends on colour alone.
STATE_LABELS = {
    "idle": "",
    "started": "▶ GO",
    "prewait": "◔ pre-wait",
    "running": "▶ running",
    "postwait": "◕ post-wait",
    "completed": "✓ done",
    "stopped": "■ stopped",
    "paused": "❚❚ paused",
    "broken": "⚠ broken",
    "stopping": "↘ stopping",
    "skipped": "⊘ skipped",  # a disarmed cue's time ran out: nothing was sent
    "unknown": "? unknown (engine stopped)",
}
ACTIVE_STATES = frozenset({"prewait", "running", "postwait", "paused", "stopping"})


def apply(app: QApplication, theme: Theme, base_size: int = 13) -> None:
    """Sets the palette, a legible default font and the style sheet on the whole app."""
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.panel,
        QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.panel,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.Highlight: theme.accent,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: theme.panel,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.dim,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSize(base_size)
    app.setFont(font)
    app.setStyleSheet(style_sheet(theme))


def style_sheet(t: Theme) -> str:
    return f"""
QWidget {{ color: {t.text}; }}
QFrame#panel {{ background: {t.panel}; border-radius: 6px; }}
QLabel#dim {{ color: {t.dim}; }}
QLabel#standbyNumber {{ font-size: 34pt; font-weight: 700; }}
QLabel#standbyName {{ font-size: 20pt; font-weight: 600; }}
QLabel#standbyCall {{ font-size: 17pt; font-weight: 600; }}
QLabel#standbyNotes {{ font-size: 13pt; color: {t.dim}; }}
QLabel#clock {{ font-size: 15pt; font-weight: 600; }}
QPushButton#go {{
    background: {t.go}; color: {t.go_text}; font-size: 34pt; font-weight: 800;
    border: 3px solid {t.go}; border-radius: 10px; min-width: 220px;
}}
QPushButton#go:pressed {{ background: {t.ok}; }}
QPushButton#go:disabled {{ background: {t.panel}; color: {t.dim}; border-color: {t.dim}; }}
QPushButton#go[rejected="true"] {{ background: {t.warn}; border-color: {t.error}; color: #000; }}
QPushButton#panic {{
    background: {t.error}; color: #ffffff; font-weight: 700; font-size: 14pt; min-height: 34px;
}}
QPushButton {{ padding: 6px 12px; border: 1px solid {t.dim}; border-radius: 5px; }}
QPushButton:disabled {{ color: {t.dim}; border-color: {t.window}; }}
QLabel#banner {{ font-size: 15pt; font-weight: 800; padding: 6px 12px; color: #ffffff; }}
QLabel#banner[live="true"] {{ background: {t.live}; }}
QLabel#banner[live="false"] {{ background: {t.rehearsal}; }}
QFrame#alert {{ background: {t.error}; border-radius: 6px; }}
QFrame#alert QLabel {{ color: #ffffff; font-weight: 700; font-size: 14pt; }}
QLabel#notice {{ color: {t.warn}; font-weight: 600; }}
QLabel#title {{ font-size: 11pt; font-weight: 600; padding: 0 8px; }}
QLabel#timing {{ font-size: 11pt; font-weight: 600; padding: 0 8px; }}
QLabel#timing[realtime="true"] {{ color: {t.ok}; }}
QLabel#timing[realtime="false"] {{ color: {t.warn}; }}
QLabel#logWarning {{ background: {t.error}; color: #ffffff; font-weight: 800; font-size: 13pt;
    border-radius: 6px; padding: 0 8px; }}
QFrame#question {{ background: {t.warn}; border-radius: 6px; }}
QFrame#question QLabel {{ color: #000000; font-weight: 700; font-size: 11pt; }}
QFrame#question QPushButton {{ color: #000000; border: 2px solid #000000; font-weight: 700; }}
QFrame#problems {{ background: {t.panel}; border-radius: 4px; }}
QFrame#problems[bad="true"] {{ border: 2px solid {t.error}; }}
QFrame#problems[bad="true"] QLabel#problemsText {{ color: {t.error}; font-weight: 700; }}
QHeaderView::section {{ background: {t.window}; color: {t.dim}; padding: 4px; border: none; }}
QTableView {{ gridline-color: {t.window}; font-size: 12pt; }}
QLineEdit {{ padding: 4px; border: 1px solid {t.dim}; border-radius: 4px; background: {t.panel}; }}
"""
