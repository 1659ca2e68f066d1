"""The bundled demo show: a conference general session, patched to this computer."""

from __future__ import annotations

import json
from importlib.resources import as_file, files
from pathlib import Path

from showdesk.errors import ShowFileError
from showdesk.sheet import import_sheet
from showdesk.showfile import ShowFile

NAME = "Summit general session (demo)"


def build_demo(path: Path) -> Path:
    """Writes the demo show to `path`, afresh each time (an older demo file there is replaced)."""
    if path.exists():
        ShowFile.open(path).close()  # refuses, rather than deletes, anything not a show file
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    elif not path.parent.is_dir():
        raise ShowFileError(f"there is no folder {path.parent} to write the demo show in")
    here = files("showdesk.demo")
    with ShowFile.create(path, name=NAME) as show:
        for name, url in json.loads(here.joinpath("patch.json").read_text()).items():
            show.set_destination(name, url)
        sheet = here.joinpath("summit.csv")
        with as_file(sheet) as sheet_path:
            import_sheet(show, sheet_path)
    return path
