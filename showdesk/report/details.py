"""Show details: what the report's header says beyond the run log, and where each comes from.

The company, production, venue, stage manager and the usual curtain time are show settings
(showdesk/settings.py, section "Show details"). A performance's own scheduled start and who
called it are columns of `performances` (schema 4), set after the fact with `showdesk
performances FILE --set ID scheduled=19:30 called_by=NAME`, since a performance row exists only
once the show has started (its first GO or mark). Its name and kind are set the same way.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from showdesk.errors import ShowdeskError
from showdesk.notes import KINDS, Performance, find_performance, parse_since
from showdesk.settings import Settings
from showdesk.showfile import ShowFile

# What `performances --set` may change, with the sentence its help and errors give.
FIELDS = {
    "scheduled": "the scheduled start: HH:MM (on the performance's day), 'YYYY-MM-DD HH:MM', "
    "or 'none' for the show's usual curtain",
    "called_by": "who called the show (empty: nobody named)",
    "name": "its name",
    "kind": f"what it was: {', '.join(KINDS)}",
}


@dataclass(frozen=True)
class Details:
    company: str
    production: str  # never empty: the show's name when the setting is
    venue: str
    stage_manager: str
    scheduled: float | None  # wall time of the scheduled start (None: not known)
    called_by: str


def details_of(settings: Settings, perf: Performance) -> Details:
    return Details(
        company=settings.company,
        production=settings.production or settings.name,
        venue=settings.venue,
        stage_manager=settings.stage_manager,
        scheduled=scheduled_start(perf, settings.curtain),
        called_by=perf.called_by,
    )


def scheduled_start(perf: Performance, curtain: str) -> float | None:
    """The performance's own scheduled start, else the show's usual curtain on its day."""
    if perf.scheduled is not None:
        return perf.scheduled
    if not curtain:
        return None
    return parse_since(curtain, today=datetime.fromtimestamp(perf.started))


def parse_changes(pairs: list[str]) -> dict[str, str]:
    """`KEY=VALUE` words as typed; ShowdeskError naming what is wrong (nothing is written)."""
    changes: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        key = key.strip().lower()
        if not equals or key not in FIELDS:
            known = "; ".join(f"{k} ({why})" for k, why in FIELDS.items())
            raise ShowdeskError(f"--set takes KEY=VALUE with KEY one of: {known}; got {pair!r}")
        changes[key] = value.strip()
    return changes


def parse_scheduled(text: str, day: float) -> float | None:
    """A scheduled start as `--set scheduled=TEXT` takes it, a time of day on the day of `day`
    (None: 'none' or nothing, the show's usual curtain); ShowdeskError with its sentence."""
    if text.strip().lower() in ("", "none"):
        return None
    try:
        return parse_since(text, today=datetime.fromtimestamp(day))
    except ShowdeskError as exc:
        raise ShowdeskError(f"scheduled: {exc}") from None


def set_details(show: ShowFile, spec: str, changes: dict[str, str]) -> Performance:
    """Changes a performance's name, kind, scheduled start or caller, at any time (while it
    runs, or after); every value is checked first."""
    perf = find_performance(show, spec)
    values: dict[str, object] = {}
    if "name" in changes:
        if not changes["name"]:
            raise ShowdeskError("name: a performance needs a name")
        values["name"] = changes["name"]
    if "kind" in changes:
        kind = changes["kind"].lower()
        if kind not in KINDS:
            raise ShowdeskError(f"kind: a performance is a {', '.join(KINDS)}, not {kind!r}")
        values["kind"] = kind
    if "scheduled" in changes:
        values["scheduled"] = parse_scheduled(changes["scheduled"], perf.started)
    if "called_by" in changes:
        values["called_by"] = changes["called_by"]
    if values:
        with show.transaction():
            show.db.execute(
                f"UPDATE performances SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                [*values.values(), perf.id],
            )
    return find_performance(show, str(perf.id))


def describe(perf: Performance, details: Details) -> str:
    """One line: the performance, its scheduled start (and where it comes from), its caller."""
    if details.scheduled is None:
        when = "no scheduled start"
    else:
        own = "" if perf.scheduled is not None else " (the show's usual curtain)"
        when = "scheduled " + time.strftime("%H:%M %a %d %b %Y", time.localtime(details.scheduled))
        when += own
    caller = f", called by {perf.called_by}" if perf.called_by else ""
    return f"performance {perf.id} {perf.name!r} ({perf.kind}): {when}{caller}"
