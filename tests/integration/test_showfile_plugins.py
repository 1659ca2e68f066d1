"""A sqlite-utils plugin installed beside showdesk never runs on a show file's connection: the
show's storage is showdesk's alone (and finding plugins cost every start ~20 ms)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import hookimpl
from sqlite_utils.plugins import pm

from showdesk.showfile import ShowFile


class Plugin:
    __name__ = "showdesk-test-plugin"

    def __init__(self) -> None:
        self.connections: list[sqlite3.Connection] = []

    @hookimpl
    def prepare_connection(self, conn: sqlite3.Connection) -> None:
        self.connections.append(conn)
        conn.create_function("surprise", 0, lambda: "from a plugin")


def test_a_sqlite_utils_plugin_does_not_touch_the_show_file(show_path: Path) -> None:
    plugin = Plugin()
    pm.register(plugin, name=plugin.__name__)
    try:
        with ShowFile.create(show_path) as show:
            show.set_setting("min_go_interval", 0)
        with ShowFile.open(show_path) as show:
            try:
                show.db.execute("SELECT surprise()")
                reached = True
            except sqlite3.OperationalError:
                reached = False
    finally:
        pm.unregister(plugin)
    assert plugin.connections == []
    assert not reached
