"""Renders packaging/icons/showdesk.svg to the PNG sizes desktops ask for, and to the Windows
(.ico) and macOS (.icns) icon files, with Qt's own SVG renderer and image writers.

    .venv/bin/python packaging/icons/render.py
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> None:
    app = QGuiApplication([])
    renderer = QSvgRenderer(str(HERE / "showdesk.svg"))
    assert renderer.isValid(), "showdesk.svg does not parse"
    for size in SIZES:
        render(renderer, size).save(str(HERE / f"showdesk-{size}.png"))
    render(renderer, 256).save(str(HERE / "showdesk.ico"))  # Windows
    render(renderer, 512).save(str(HERE / "showdesk.icns"))  # macOS
    del app


if __name__ == "__main__":
    main()
