"""The window the app opens when it cannot open the show file: the reason, and Quit.

Started from a desktop icon or a double-clicked file there is no terminal to read stderr, so the
reason must be on screen. (A start screen that offers other files comes later.)
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class OpenErrorWindow(QWidget):
    def __init__(self, name: str, reason: str) -> None:
        super().__init__()
        self.setWindowTitle(f"showdesk — cannot open {name}")
        heading = QLabel(f"showdesk cannot open {name}", self)
        heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.reason = QLabel(reason, self)
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quit_button = QPushButton("Quit", self)
        self.quit_button.setDefault(True)
        self.quit_button.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(heading)
        layout.addWidget(self.reason, 1)
        layout.addWidget(self.quit_button, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(640, 240)
