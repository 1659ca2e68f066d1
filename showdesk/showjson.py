"""The whole show as one JSON document: for diffs, version control and other programs."""

from __future__ import annotations

from typing import Any

from showdesk.cuerows import cue_to_row
from showdesk.schema import SCHEMA_VERSION
from showdesk.showfile import ShowFile

FORMAT = "showdesk-show"


def show_to_json(show: ShowFile) -> dict[str, Any]:
    settings = show.settings()
    lists = []
    for list_name in show.cue_lists():
        cues = []
        for cue in show.cues(list_name):
            row = cue_to_row(cue)
            row["payload"] = cue.payload.to_json()
            row["message" if cue.type.column == "message" else "mode"] = cue.payload.text()
            row["armed"] = cue.armed
            cues.append({"id": cue.id, **row})
        lists.append({"name": list_name, "cues": cues})
    return {
        "format": FORMAT,
        "schema": SCHEMA_VERSION,
        "settings": {
            "name": settings.name,
            "min_go_interval": settings.min_go_interval,
            "panic_time": settings.panic_time,
        },
        "patch": show.patch(),
        "departments": [
            {"code": d.code, "name": d.name, "colour": d.colour} for d in show.departments()
        ],
        "lists": lists,
    }
