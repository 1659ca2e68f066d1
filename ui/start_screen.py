"""What `showdesk-app` shows with no show file: recent shows, a new show, open one, the demo.

Opening a show here opens its window and closes this one. A show that cannot be opened (moved,
damaged, from a newer showdesk) says why right here, and nothing else happens.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from showdesk.demo import build_demo
from showdesk.errors import ShowdeskError
from ui import files, prefs, windows
from ui.edit.fields import ErrorLabel
from ui.wheel import install as guard_wheel

PATH_ROLE = Qt.ItemDataRole.UserRole


def demo_path() -> Path:
    """The demo show in the user's data folder (or a temporary folder if that cannot be used)."""
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return build_demo(folder / "demo.showdesk")
    except (OSError, ShowdeskError):
        return build_demo(Path(tempfile.mkdtemp(prefix="showdesk-")) / "demo.showdesk")


class StartScreen(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        guard_wheel()
        self.setWindowTitle("showdesk")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = QLabel("showdesk")
        title.setStyleSheet("font-size: 26pt; font-weight: 700;")
        intro = QLabel("Open a show, start a new one, or look around the demo (in rehearsal: "
                       "nothing is sent).")  # fmt: skip
        intro.setWordWrap(True)
        self.recent = QListWidget()
        self.recent.setObjectName("recent")
        self.recent.itemActivated.connect(lambda item: self.open_path(item.data(PATH_ROLE)))
        self.new_name = QLineEdit()
        self.new_name.setObjectName("new-name")
        self.new_name.setPlaceholderText("the new show's name, e.g. Summit 2025 general session")
        self.new_name.returnPressed.connect(self.new_show)
        self.new_button = QPushButton("New show…")
        self.new_button.clicked.connect(self.new_show)
        self.open_button = QPushButton("Open…")
        self.open_button.clicked.connect(self.open_show)
        self.demo_button = QPushButton("Open the demo")
        self.demo_button.clicked.connect(self.open_demo)
        self.problem = ErrorLabel()
        self.problem.setObjectName("start-problem")
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_name, 1)
        new_row.addWidget(self.new_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        self.recent.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        column = QWidget()  # one readable column, centred on a wide screen
        column.setMaximumWidth(820)
        layout = QVBoxLayout(column)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(12)
        layout.addWidget(QLabel("<b>New show</b>"))
        layout.addLayout(new_row)
        layout.addSpacing(12)
        layout.addWidget(QLabel("<b>Open a show</b>"))
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addWidget(QLabel("<b>Recent shows</b> (Return or double-click opens one)"))
        layout.addWidget(self.recent, 1)
        layout.addWidget(self.problem)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(40, 30, 40, 30)
        outer.addStretch(1)
        outer.addWidget(column, 4)
        outer.addStretch(1)
        self.fill_recent()
        self.resize(900, 600)

    def fill_recent(self) -> None:
        self.recent.clear()
        for path in prefs.recent_shows():
            missing = "" if path.is_file() else "   (not there any more)"
            item = QListWidgetItem(f"{path.stem}{missing}\n    {path.parent}")
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            self.recent.addItem(item)
        if not self.recent.count():
            item = QListWidgetItem("No shows opened yet.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)
        else:
            self.recent.setCurrentRow(0)

    def new_show(self) -> None:
        answer = files.ask_new_show(self, self.new_name.text().strip())
        if answer is None:
            return
        name, path = answer
        try:
            windows.new_show(path, name)
        except ShowdeskError as exc:
            self.problem.show_error(f"could not make {path.name}: {exc}")
            return
        self.close()

    def open_show(self) -> None:
        path = files.ask_show_to_open(self)
        if path is not None:
            self.open_path(str(path))

    def open_demo(self) -> None:
        self.open_path(str(demo_path()))

    def open_path(self, path: str | None) -> bool:
        if not path:
            return False
        try:
            windows.open_show(Path(path))
        except ShowdeskError as exc:
            self.problem.show_error(f"{Path(path).name} was not opened: {exc}")
            return False
        self.close()
        return True
