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
    from a remote), 30 notes (some of them paragraphs), holds, a panic, output errors, a
    timecode that lost its destination for a while."""
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
    tc = {
        "cue": "201",
        "id": "c201",
        "destination": "VIDEO-SERVER-BOOTH",
        "fps": "29.97df",
        "name": "Projection sync for the video server in the booth, whole of act 2",
    }
    events += [at(6900, "timecode", state="locate", tc="10:00:00;00", quarter=0, late_ms=0.2,
                  ok=True, error="", **tc),
               at(7000, "timecode", state="error", tc="10:01:39;28", error="VIDEO-SERVER-BOOTH "
                  "is not connected: 10.0.0.31:5004: no route to host", **tc),
               at(9000, "timecode", state="completed", tc="10:35:00;00", quarter_frames=250000,
                  failed=12, late_ms_max=0.9, **tc)]  # fmt: skip
    events.append(mark(2100 + 201 * 45.0 + 1260, "show_down"))
    events.sort(key=lambda e: e["wall"])
    return log(path, "Preview 4", events)


def _hms(text: str) -> float:
    """Seconds after 19:00 of a time of day `HH:MM:SS`."""
    hours, minutes, seconds = (int(part) for part in text.split(":"))
    return (hours - 19) * 3600 + minutes * 60 + seconds


def preview(path: Path) -> int:
    """A preview as a stage manager lives it: held at the curtain, a panic and a hold in act 1, a
    deputy calling from a tablet over OSC, a disarmed and a broken cue, the sound desk dropping
    off the network, a note the engine refused, and the notes of every department. Three earlier
    runs (a tech, a dress rehearsal, a first preview) give the averages."""
    day = 86400.0
    for back, name, kind, up, interval, act2, down in (
        (3, "Tech", "tech", "19:05:00", "21:10:00", "21:30:00", "23:40:00"),
        (2, "Dress rehearsal", "rehearsal", "19:31:00", "20:33:00", "20:52:00", "21:56:30"),
        (1, "Preview 1", "preview", "19:33:40", "20:37:50", "20:57:20", "22:00:10"),
    ):
        marks = [mark(_hms(t) - back * day, kind_)
                 for t, kind_ in ((up, "show_up"), (interval, "interval"))]  # fmt: skip
        marks += [mark(_hms(act2) - back * day, "act", act=2),
                  mark(_hms(down) - back * day, "show_down")]  # fmt: skip
        log(path, name, marks, kind=kind, started=T0 - back * day)
    s = _hms
    events: list[dict[str, Any]] = [
        at(0, "ready", playhead="1"),
        mark(0, "house_open"),
        mark(s("19:30:00"), "hold", text="queue at the box office"),
        mark(s("19:36:30"), "show_up"),
        mark(s("20:12:10"), "hold", text="haze machine fault; house lights up"),
        mark(s("20:15:40"), "hold_end"),
        mark(s("20:41:10"), "interval"),
        mark(s("21:00:40"), "act", act=2),
        mark(s("22:03:15"), "show_down"),
        at(s("20:12:05"), "panic", source="key", standing_by="31", running=["30"]),
        at(s("21:40:00"), "pause_all", source="button", standing_by="49", running=["48"]),
        at(s("21:41:30"), "resume_all", source="button", standing_by="49", running=["48"]),
        at(s("21:19:40"), "output", destination="SND", state="unreachable",
           reason="no route to host 10.0.0.9"),
        at(s("21:23:10"), "output", destination="SND", state="live", reason=""),
        at(s("20:47:00"), "error", command="go 45x", message="there is no cue numbered '45x'"),
        at(s("21:10:00"), "error", command='{"command": "note", "text": "Gauze snagged on the '
           'downstage bar during the transition", "dept": "FX", "severity": "issue", '
           '"source": "osc 10.0.0.4:53001"}',
           message="there is no department 'FX' in this show (known: LX, SND, VID, FLY, DECK, "
           "PYRO, SM)"),
    ]  # fmt: skip
    names = {
        1: "Preset",
        2: "Walk-in",
        3: "House to half",
        4: "Storm",
        5: "Thunder",
        6: "Shipwreck",
        7: "Island",
        44: "Thunder roll",
        52: "Projection sting",
    }
    sound_out = (s("21:19:40"), s("21:23:10"))  # the sound desk off the network
    times = [s("19:36:35")] + [s("19:37:00") + i * 62 for i in range(1, 29)]
    times += [s("20:15:45") + i * 70 for i in range(0, 18)]
    times += [s("21:00:45") + i * 75 for i in range(0, 30)]
    for n, t in enumerate(times, start=1):
        source = "osc 10.0.0.4:53001" if 40 <= n <= 43 else "key"
        extra: dict[str, Any] = {}
        if n == 44:
            extra = {"disarmed": True}
        elif n == 52:
            extra = {"broken": "destination VID is not patched"}
        name = names.get(n, f"Cue {n}")
        events.append(at(t, "go", cue=str(n), id=f"c{n}", name=name, source=source, **extra))
        if not extra:
            failed = sound_out[0] <= t <= sound_out[1]
            events.append(at(t + 0.0003, "sent", cue=str(n), id=f"c{n}",
                             destination="SND" if n % 3 == 0 or failed else "LX", ok=not failed,
                             error="no route to host 10.0.0.9" if failed else None,
                             late_ms=round(0.08 + (n * 7 % 13) / 40, 2)))  # fmt: skip
    notes = [
        ("19:45:10", "LX", "issue", "LX 5 fade too slow into the storm; try 3 s"),
        ("20:12:30", "SM", "critical", "Panic at the haze fault: haze machine 2 tripped the "
         "smoke detector zone in the flies. Held 3 min 30 with house lights up; FOH manager "
         "informed; resumed from cue 31."),
        ("20:20:00", "SND", "info", "Thunder a touch loud in row A"),
        ("20:33:00", "DECK", "issue", "Trap 2 sticking on the close; crew to check before "
         "tomorrow"),
        ("21:05:00", "LX", "info", "Follow spot 1 late on the pick-up for Prospero's entrance"),
        ("21:20:00", "SND", "critical", "Sound desk dropped off the network at 21:19:40 "
         "(switch in the dimmer room rebooted); cues 64 and 65 did not fire, called on the "
         "desk by hand. Back at 21:23."),
        ("21:40:30", "SM", "issue", "Audience member unwell in row F; paused 1 min 30 while "
         "FOH helped them out."),
        ("21:55:00", "VID", "issue", "Projection sting (cue 52) did not play: VID not patched "
         "on this machine"),
        ("22:04:00", "", "info", "Good show. Company call tomorrow 18:30 for notes."),
    ]  # fmt: skip
    for t, dept, severity, text in notes:
        following = next((str(n) for n, go in enumerate(times, start=1) if go > s(t)), None)
        events.append(at(s(t), "note", text=text, dept=dept, severity=severity, cue=None,
                         standing_by=following, running=[]))  # fmt: skip
    events.sort(key=lambda e: e["wall"])
    perf = log(path, "Preview 2", events)
    with ShowFile.open(path) as show:
        show.db.execute("UPDATE performances SET called_by = 'Jo Park' WHERE id = ?", [perf])
    return perf


if __name__ == "__main__":  # the show of the pictures in docs/report.md
    import sys

    make_tempest(Path(sys.argv[1]))
    preview(Path(sys.argv[1]))
