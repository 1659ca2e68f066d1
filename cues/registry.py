"""The cue-type registry: every cue type, built-in or third-party, comes from one entry-point group.

A package adds a cue type by declaring, in its own pyproject.toml,
`[project.entry-points."showdesk.cues"] mytype = "mypackage.module:MY_TYPE"` where MY_TYPE is a
`cues.base.CueType` whose name is `mytype`. Nothing registers itself on import.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points

from cues.base import CueError, CueType

GROUP = "showdesk.cues"


@cache
def cue_types() -> dict[str, CueType]:
    """Every registered cue type by name, in the order the entry points list them."""
    types: dict[str, CueType] = {}
    for entry in entry_points(group=GROUP):
        kind = entry.load()
        if not isinstance(kind, CueType) or kind.name != entry.name:
            raise RuntimeError(
                f"entry point {entry.name} = {entry.value} is not the CueType named so"
            )
        types[kind.name] = kind
    if not types:
        raise RuntimeError("no cue types are registered: install showdesk (pip install -e .)")
    return types


def cue_type(name: str) -> CueType:
    """The type called `name` (case-insensitive), or CueError for the `type` column."""
    types = cue_types()
    kind = types.get(name.strip().lower())
    if kind is None:
        shown = f"{name!r}" if name.strip() else "a blank type"
        raise CueError("type", f"unknown cue type {shown} (known: {', '.join(types)})")
    return kind
