"""`showdesk check`: what would go wrong with this show, found before the venue."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from cues.base import Cue, CueError
from showdesk.cuerows import cue_from_row
from showdesk.engine.broken import largest_packet
from showdesk.errors import ShowdeskError
from showdesk.patch import Endpoint, parse_url, size_problem, wrong_kind
from showdesk.profiles import Transport, catalogue, expand
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
    endpoints: dict[str, Endpoint | None] = {}  # None: patched, but the URL is not valid
    for name, url in show.patch().items():
        try:
            endpoints[name] = parse_url(url)
        except ShowdeskError as exc:
            problems.append(Problem("error", f"patch {name}", str(exc)))
            endpoints[name] = None
    lists: dict[str, list[Cue]] = {}
    for row in show.rows():
        try:
            lists.setdefault(row["list"], []).append(cue_from_row(row))
        except CueError as exc:
            problems.append(Problem("error", f"list {row['list']}", str(exc)))
    for list_name, cues in lists.items():
        problems += _check_list(list_name, cues, endpoints)
    if any(_device_command(cue) for cues in lists.values() for cue in cues):
        problems += [Problem("warning", p.path, f"{p.field}: {p.reason}" if p.field else p.reason)
                     for p in catalogue().problems]  # fmt: skip
    return problems + _check_remote(show, lists)


def _check_remote(show: ShowFile, lists: dict[str, list[Cue]]) -> list[Problem]:
    """Remote control that would stay closed, and triggers that name a cue no list has."""
    from showdesk.remote.config import remote_config  # remote control loads on demand
    from showdesk.remote.triggers import parse_triggers

    settings = show.settings()
    problems = []
    refusal = remote_config(settings).refusal()
    if refusal:
        problems.append(Problem("warning", "settings", refusal))
    try:
        triggers = parse_triggers(settings.midi_triggers)
    except ShowdeskError as exc:
        return [*problems, Problem("error", "settings", str(exc))]
    numbers = {cue.number for cues in lists.values() for cue in cues if cue.number}
    for trigger in triggers:
        if trigger.cue and trigger.cue not in numbers:
            why = f"MIDI trigger {trigger.text()}: no cue is numbered {trigger.cue!r}"
            problems.append(Problem("warning", "settings", why))
    return problems


def _check_list(
    list_name: str, cues: list[Cue], endpoints: dict[str, Endpoint | None]
) -> list[Problem]:
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
    endpoints: dict[str, Endpoint | None],
) -> list[tuple[Literal["error", "warning"], str]]:
    found: list[tuple[Literal["error", "warning"], str]] = []
    kind = cue.type
    if kind.target == "destination":
        endpoint = endpoints.get(cue.target)
        if cue.target in endpoints and endpoint is None:  # its URL is an error of the patch
            found.append(("error", f"{cue.target}'s URL is not valid (see patch {cue.target})"))
        elif endpoint is None:
            what = f"{cue.target} is not in the patch" if cue.target else "it names no destination"
            found.append(("warning", f"unpatched: {what}; it will not send"))
        elif problem := wrong_kind(kind, cue.target, endpoint):
            found.append(("error", problem))
            endpoint = None  # the wrong kind says it all
        elif problem := size_problem(endpoint, largest_packet(cue)):
            found.append(("error", f"{problem}; it will not send"))
        if command := _device_command(cue):
            found += _check_device_command(cue, command, endpoint)
    if kind.target == "cue" and cue.target not in numbers:
        found.append(("error", f"its target {cue.target or '(blank)'} is not a cue in this list"))
    if cue.parent is not None:
        group = by_id.get(cue.parent)
        if group is None or group.type.name != "group":
            found.append(("error", "its group is not a group cue of this list"))
        elif not _follows(previous, group, by_id):
            found.append(("error", f"it is not next to the other cues of {group.label}"))
    return found


def _device_command(cue: Cue) -> str:
    return str(getattr(cue.payload, "device_command", ""))


def _check_device_command(
    cue: Cue, command: str, endpoint: Endpoint | None
) -> list[tuple[Literal["error", "warning"], str]]:
    """A cue written as `@device command`: is its profile here, and does it fit the patch?"""
    device = command.split()[0]
    try:
        expansion = expand(command)
    except ValueError as exc:
        return [("warning", f"{device}: {exc}; the stored message is sent as it is")]
    found: list[tuple[Literal["error", "warning"], str]] = []
    if cue.type.parse(expansion.command) != cue.payload:
        found.append(
            ("warning", f"the {device} profile now makes a different message for {command!r} "
             f"than the one stored; the stored one is sent (enter the command again to update)")
        )  # fmt: skip
    profile = catalogue().get(device[1:])
    if endpoint is not None and not _fits(profile.transports, endpoint):
        speaks = " or ".join(t.text() for t in profile.transports)
        found.append(
            ("warning", f"{cue.target} is {endpoint.scheme}"
             f"{f' ({endpoint.framing} framing)' if endpoint.framing else ''}; "
             f"{profile.name} ({device}) speaks {speaks}")
        )  # fmt: skip
    return found


def _fits(transports: tuple[Transport, ...], endpoint: Endpoint) -> bool:
    return any(
        t.scheme == endpoint.scheme and (not t.framing or t.framing == endpoint.framing)
        for t in transports
    )


def _follows(previous: Cue | None, group: Cue, by_id: dict[str, Cue]) -> bool:
    """Whether `previous` is the group itself or a cue inside it (so the group is contiguous)."""
    while previous is not None:
        if previous.id == group.id:
            return True
        previous = by_id.get(previous.parent) if previous.parent else None
    return False
