"""`showdesk check`: what would go wrong with this show, found before the venue."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from cues.base import Cue, CueError
from showdesk.cuerows import cue_from_row
from showdesk.errors import ShowdeskError
from showdesk.patch import Endpoint, parse_url, wrong_kind
from showdesk.showfile import ShowFile


@dataclass(frozen=True)
class Problem:
    level: Literal["error", "warning"]
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.where}: {self.message}"


def check_show(show: ShowFile) -> list[Problem]:
    """Every problem found: errors stop a show from running right, warnings deserve a look."""
    problems = [Problem("error", "file", p) for p in show.integrity_problems()]
    endpoints: dict[str, Endpoint] = {}
    for name, url in show.patch().items():
        try:
            endpoints[name] = parse_url(url)
        except ShowdeskError as exc:
            problems.append(Problem("error", f"patch {name}", str(exc)))
    lists: dict[str, list[Cue]] = {}
    for row in show.rows():
        try:
            lists.setdefault(row["list"], []).append(cue_from_row(row))
        except CueError as exc:
            problems.append(Problem("error", f"list {row['list']}", str(exc)))
    for list_name, cues in lists.items():
        problems += _check_list(list_name, cues, endpoints)
    return problems


def _check_list(list_name: str, cues: list[Cue], endpoints: dict[str, Endpoint]) -> list[Problem]:
    where = f"list {list_name}"
    problems: list[Problem] = []
    counts = Counter(cue.number for cue in cues if cue.number)
    for number, count in counts.items():
        if count > 1:
            problems.append(Problem("error", where, f"{count} cues are numbered {number}"))
    by_id = {cue.id: cue for cue in cues}
    previous: Cue | None = None
    for cue in cues:
        problems += [Problem(level, where, f"{cue.label}: {text}") for level, text in
                     _check_cue(cue, counts, by_id, previous, endpoints)]  # fmt: skip
        previous = cue
    return problems


def _check_cue(
    cue: Cue,
    numbers: Counter[str],
    by_id: dict[str, Cue],
    previous: Cue | None,
    endpoints: dict[str, Endpoint],
) -> list[tuple[Literal["error", "warning"], str]]:
    found: list[tuple[Literal["error", "warning"], str]] = []
    kind = cue.type
    if kind.target == "destination":
        endpoint = endpoints.get(cue.target)
        if endpoint is None:
            what = f"{cue.target} is not in the patch" if cue.target else "it names no destination"
            found.append(("warning", f"unpatched: {what}; it will not send"))
        elif problem := wrong_kind(kind, cue.target, endpoint):
            found.append(("error", problem))
    if kind.target == "cue" and cue.target not in numbers:
        found.append(("error", f"its target {cue.target or '(blank)'} is not a cue in this list"))
    if cue.parent is not None:
        group = by_id.get(cue.parent)
        if group is None or group.type.name != "group":
            found.append(("error", "its group is not a group cue of this list"))
        elif not _follows(previous, group, by_id):
            found.append(("error", f"it is not next to the other cues of {group.label}"))
    return found


def _follows(previous: Cue | None, group: Cue, by_id: dict[str, Cue]) -> bool:
    """Whether `previous` is the group itself or a cue inside it (so the group is contiguous)."""
    while previous is not None:
        if previous.id == group.id:
            return True
        previous = by_id.get(previous.parent) if previous.parent else None
    return False
