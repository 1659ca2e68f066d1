"""Performances written into a real show file by the engine's own run log (RunLog), from events
given as the engine would publish them: for report tests that need a scene the engine takes
hours to play (200 GOs, a panic at 20:14, a refused note)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from showdesk.engine.runlog import RunLog, start_performance
from showdesk.showfile import ShowFile

T0 = datetime(2026, 11, 26, 19, 0, 0).timestamp()  # local time: the report shows local times
MONO0 = 1000.0


def at(seconds: float, kind: str, /, **fields: Any) -> dict[str, Any]:
    """An event `seconds` after 19:00, with the engine's time fields."""
    return {"event": kind, "wall": T0 + seconds, "mono": MONO0 + seconds,
            "show_time": seconds, **fields}  # fmt: skip


def mark(seconds: float, kind: str, /, **fields: Any) -> dict[str, Any]:
    return at(seconds, "mark", mark=kind, text=fields.pop("text", ""), **fields)


def log(path: Path, name: str, events: Iterable[dict[str, Any]], *, kind: str = "preview",
        started: float = T0, ended: float | None = None) -> int:  # fmt: skip
    """A new performance of the show at `path` with `events`, through RunLog (a `note` event
    also becomes a row of `notes`); returns its id."""
    with ShowFile.open(path) as show:
        perf = start_performance(show, name, "rehearsal", "Main", kind)
        show.db.execute("UPDATE performances SET started = ? WHERE id = ?", [started, perf])
    runlog = RunLog(path, perf, lambda _: None)
    runlog.start()
    for event in events:
        runlog.put(dict(event))
    runlog.close()
    if ended is not None:
        with ShowFile.open(path) as show:
            show.db.execute("UPDATE performances SET ended = ? WHERE id = ?", [ended, perf])
    return perf


def make_tempest(path: Path) -> None:
    """The show the scenes below run: three cues per department, the show details set."""
    from cues import Cue, cue_type

    osc = cue_type("osc")
    with ShowFile.create(path, name="The Tempest") as show:
        show.set_destination("LX", "osc.udp://127.0.0.1:9000")
        show.set_destination("SND", "osc.udp://10.0.0.9:10023")
        show.add_cues([Cue(osc, osc.parse(f"/eos/cue/1/{n}/fire"), number=str(n),
                           name=f"Cue {n}", target="LX" if n % 2 else "SND")
                       for n in range(1, 201)])  # fmt: skip
        for key, value in (("company", "Northern Lights Theatre Company"),
                           ("venue", "The Courtyard Theatre, Leeds"),
                           ("stage_manager", "Sam Ortiz"), ("curtain", "19:30")):  # fmt: skip
            show.set_setting(key, value)


LONG = (
    "The follow spot operator on the bridge reported that the iris sticks half closed after "
    "the blackout at the end of the storm; we ran the transition twice more and it stuck "
    "once; LX to look at the spot before tomorrow's call and keep a spare iris on the bridge. "
)


def stress(path: Path) -> int:
    """A long, untidy performance: 200 GOs, 40 refused commands (long notes, long tokens, JSON
    from a remote), 30 notes (some of them paragraphs), holds, a panic, output errors."""
    events: list[dict[str, Any]] = [at(0, "ready", playhead="1"), mark(0, "house_open"),
                                     mark(1800, "hold", text="late audience at the box office"),
                                     mark(2100, "show_up")]  # fmt: skip
    for n in range(1, 201):
        t = 2100 + n * 45.0 + (1200 if n > 100 else 0)  # the interval: no GOs
        source = "osc 10.0.0.4:53001" if n % 10 == 0 else "key"
        extra: dict[str, Any] = {"disarmed": True} if n % 50 == 0 else {}
        events.append(at(t, "go", cue=str(n), id=f"c{n}", name=f"Cue {n}", source=source,
                         **extra))  # fmt: skip
        events.append(at(t + 0.001, "sent", cue=str(n), id=f"c{n}", destination="LX",
                         ok=n % 37 != 0, error="no route to host" if n % 37 == 0 else None,
                         late_ms=0.1 + (n % 7) / 10))  # fmt: skip
        if n == 100:
            events += [mark(t + 5, "interval"), mark(t + 1200, "act", act=2)]
        if n == 120:
            events += [at(t + 2, "panic", source="key", standing_by="121", running=["120"]),
                       mark(t + 3, "hold", text="smoke alarm in the flies"),
                       mark(t + 240, "hold_end")]  # fmt: skip
    for n in range(40):
        t = 2200 + n * 200.0
        if n % 4 == 0:
            line = json.dumps({"command": "note", "text": f"Refused note {n}: " + LONG,
                               "dept": "VID", "severity": "issue"})  # fmt: skip
            why = "there is no department 'VID' in this show (known: LX, SND, SM)"
        elif n % 4 == 1:
            line, why = f"go {'9' * 80}", f"there is no cue numbered '{'9' * 80}'"
        elif n % 4 == 2:
            line, why = (
                "mark curtain_up",
                "mark takes one of house_open, show_up, act, not 'curtain_up'",
            )
        else:
            line, why = f"standby 30{n}", f"there is no cue numbered '30{n}'"
        events.append(at(t, "error", command=line, message=why))
    depts = ["LX", "SND", "SM", "", "LX"]
    for n in range(30):
        text = LONG * (3 if n % 6 == 0 else 0) + f"Note {n}: the cue was called a beat late."
        events.append(at(2150 + n * 300.0, "note", text=text.strip(), dept=depts[n % 5],
                         severity=("info", "issue", "critical")[n % 3], cue=None,
                         standing_by=str(n + 1), running=[]))  # fmt: skip
    events.append(mark(2100 + 201 * 45.0 + 1260, "show_down"))
    events.sort(key=lambda e: e["wall"])
    return log(path, "Preview 4", events)
