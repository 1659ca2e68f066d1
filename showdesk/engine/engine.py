"""The engine: commands in, scheduler in the middle, bytes and events out. No threads here.

`Engine` is driven by whoever owns the clock: `serve()` (the real process, see serve.py) or a
test with a fake clock. Every event it publishes is a dict for one line of the JSON protocol
(docs/protocol.md).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from showdesk.engine.compile import Compiled
from showdesk.engine.events import (
    Action,
    ControlDone,
    CueState,
    Event,
    FadeStep,
    GoAccepted,
    GoRejected,
    Playhead,
    QuarterFrame,
)
from showdesk.engine.model import SchedCue
from showdesk.engine.scheduler import Scheduler
from showdesk.engine.timecode import TimecodeLog
from showdesk.engine.timing import Clock
from showdesk.outputs import Output, OutputChange, SendResult
from showdesk.threads import describe

Publish = Callable[[dict[str, Any]], None]
# Commands that name a cue, those that may, and those that take none.
NEEDS_CUE = {"start", "standby", "preview"}
MAY_NAME_CUE = {"go", "stop", "pause", "resume"}
NO_CUE = {"panic", "reset", "status", "quit"}
COMMANDS = sorted(NEEDS_CUE | MAY_NAME_CUE | NO_CUE | {"note", "mark", "edit_mode", "learn"})
# What a remote command may not do while the app is in edit mode (show mode's lock): start or
# move anything. Stopping, pausing and panic always work; notes and marks too.
REFUSED_WHILE_EDITING = frozenset({"go", "start", "standby", "preview", "resume", "reset"})
ON_OFF = {"on": True, "off": False}
SEVERITIES = ("info", "issue", "critical")
COMMAND_KEPT = 4000  # characters of a refused command line its `error` event carries
# The scheduler events that put bytes on the wire.
WIRE = (Action, FadeStep, QuarterFrame)
# A stage manager's markers; `act` takes a number, `hold` an optional reason (docs/report.md).
# `undo` is not a marker of its own: it withdraws the latest one (see `Engine._undo`).
MARKS = ("house_open", "show_up", "act", "interval", "hold", "hold_end", "show_down")
# Show-wide commands (no cue named) and the event each publishes before what it causes, so the
# log says who stopped the show and what was standing by and running at that moment.
SHOW_WIDE = {"panic": "panic", "stop": "stop_all", "pause": "pause_all",
             "resume": "resume_all", "reset": "reset"}  # fmt: skip


class CommandError(ValueError):
    """A command that cannot be carried out; published as an `error` event."""


class Engine:
    def __init__(
        self,
        compiled: Compiled,
        outputs: dict[str, Output],
        clock: Clock,
        publish: Publish,
        *,
        mode: str = "rehearsal",
        rng: random.Random | None = None,
        departments: Collection[str] = (),
    ) -> None:
        self.compiled = compiled
        self.outputs = outputs
        self.clock = clock
        self.publish = publish
        self.mode = mode
        self.departments = tuple(departments)  # empty: any one-word code is taken
        self._scheduler_clock = HeldClock(clock)
        self.scheduler = Scheduler(compiled.show, self._scheduler_clock, rng)
        self.rig: dict[str, tuple[str, str]] = {}  # destination -> (state, reason) published
        self.timecode = TimecodeLog(compiled.timecodes)  # running timecodes, logged by segment
        self.start_mono = clock.now()
        self.start_wall = time.time()
        self._marks: list[_Mark] = []  # this run's, oldest first; `mark undo` walks back
        self.editing = False  # the app says it is in edit mode: remote GO is refused
        self.midi_in = ""  # the MIDI input port remote control listens on ("" = none)

    # -- events out ----------------------------------------------------------------------

    def event(self, kind: str, /, **fields: Any) -> dict[str, Any]:
        mono = self.clock.now()
        return {
            "event": kind,
            "wall": round(self.start_wall + (mono - self.start_mono), 6),
            "mono": mono,
            "show_time": round(mono - self.start_mono, 6),
            **fields,
        }

    def _cue_fields(self, cue_id: str | None) -> dict[str, Any]:
        if cue_id is None:
            return {"cue": None, "id": None}
        cue = self.compiled.cues[cue_id]
        return {"cue": cue.number, "id": cue_id, "name": cue.name}

    def ready(self, **fields: Any) -> None:
        playhead = self.scheduler.playhead
        self.publish(
            self.event(
                "ready",
                mode=self.mode,
                cues=len(self.compiled.cues),
                playhead=self.compiled.cues[playhead].number if playhead else None,
                **fields,
            )
        )
        for name, out in self.outputs.items():  # the rig as it stands, one event a destination
            self.output_changed(OutputChange(name, out.stats.state, out.stats.reason))

    def output_changed(self, change: OutputChange) -> None:
        """Publishes an output's new state (handed over by the serve loop from the output's
        thread); a state and reason already published for that destination are not repeated."""
        out = self.outputs.get(change.destination)
        if out is None or self.rig.get(change.destination) == (change.state, change.reason):
            return
        self.rig[change.destination] = (change.state, change.reason)
        self.publish(self.event("output", destination=change.destination, state=change.state,
                                reason=change.reason, **out.stats.counts()))  # fmt: skip

    # -- time ----------------------------------------------------------------------------

    def next_deadline(self) -> float | None:
        return self.scheduler.next_deadline()

    def advance(self) -> None:
        """Carries out everything due by now (the caller has waited until the deadline)."""
        self._handle(self.scheduler.advance())

    def prepare(self, deadline: float) -> Prepared:
        """Works out, just before `deadline`, everything that happens at it, down to the bytes,
        so that at the deadline itself only the sends are left (`fire`). Nothing is sent or
        published here. A command that arrives between the two is carried out after the sends."""
        self._scheduler_clock.held = deadline
        try:
            events = self.scheduler.advance()
        finally:
            self._scheduler_clock.held = None
        wire = [self._messages(e) for e in events if isinstance(e, WIRE)]
        return Prepared(events, wire)

    def fire(self, prepared: Prepared) -> None:
        """Sends what `prepare` worked out (the caller has waited until the deadline)."""
        self._handle(prepared.events, prepared.messages)

    # -- commands in ---------------------------------------------------------------------

    def command(self, line: str, source: str | None = None) -> bool:
        """Carries out one command line; False when the engine should stop (`quit`). `source`
        says where the line came from (a remote reader's); None lets the line say."""
        try:
            name, argument, source = parse_command(line, source)
            via = _via(line)
            if via is not None and not self._remote(name, argument, source, via):
                return True
            if name == "quit":
                self.end()
                return False
            if name == "note":
                self.publish(self.event(name, source=source, **self._note(line)))
            elif name == "mark":
                fields = self._mark(line)
                if fields["mark"] == "undo":
                    fields = self._undo()
                event = self.event(name, source=source, **fields)
                if event["mark"] != "undo":
                    self._marks.append(_Mark(event["mark"], event["mono"]))
                self.publish(event)
            elif name in ("edit_mode", "learn"):
                self._app_state(name, argument, source)
            else:
                self._run(name, argument, source)
        except CommandError as exc:
            # The line whole (within reason): a refused note's text is kept nowhere else, and the
            # report gives it back (docs/report.md).
            self.publish(self.event("error", message=str(exc), command=line.strip()[:COMMAND_KEPT]))
        except Exception as exc:  # a bug: the line fails, the engine does not
            self.publish(self.event("error", message=f"the command failed: {describe(exc)}",
                                    command=line.strip()[:COMMAND_KEPT]))  # fmt: skip
        return True

    def end(self, **why: Any) -> None:
        """Stops everything and publishes `quit` (with `why`: a signal, an error)."""
        self._handle(self.scheduler.stop())
        self.publish(self.event("quit", **why))

    def notice(self, notice: Notice) -> None:
        """Publishes what remote control's threads have to say (handed over by the serve loop)."""
        self.publish(self.event(notice.kind, **notice.fields))

    def _remote(self, name: str, argument: str, source: str, via: str) -> bool:
        """Every command from remote control is a `remote` event first; False when it is
        refused (show mode's lock: the app is in edit mode)."""
        fields = {"source": source, "via": via, "command": f"{name} {argument}".strip()}
        if self.editing and name in REFUSED_WHILE_EDITING:
            reason = "the app is in edit mode: remote control may not start or move cues"
            self.publish(self.event("remote", status="refused", reason=reason, **fields))
            return False
        self.publish(self.event("remote", status="ok", **fields))
        return True

    def _app_state(self, name: str, argument: str, source: str) -> None:
        """`edit_mode on|off`: the app tells the engine which mode it is in. `learn [off]`: the
        next MIDI message on the input is reported (a `learn` event asks remote control)."""
        word = argument.strip().lower() or "on"
        if word not in ON_OFF:
            raise CommandError(f"{name} takes on or off, not {argument!r}")
        if name == "edit_mode":
            self.editing = ON_OFF[word]
            self.publish(self.event("edit_mode", on=self.editing, source=source))
        elif not self.midi_in:
            raise CommandError("learn needs a MIDI input: set the show's midi_in, then go to "
                               "show mode and back so that the engine opens it")  # fmt: skip
        else:
            self.publish(self.event("learn", on=ON_OFF[word], port=self.midi_in, source=source))

    def _run(self, name: str, argument: str, source: str) -> None:
        scheduler = self.scheduler
        if name == "status":
            self.publish(self.status())
            return
        if name in SHOW_WIDE and not argument:
            # Whatever was already due happens first, so `running` is the world the command met
            # and the event comes before the cue states it causes.
            self._handle(scheduler.advance())
            self.publish(self.event(SHOW_WIDE[name], source=source, **self._standing_by()))
        if name in ("panic", "reset"):
            self._handle(scheduler.panic() if name == "panic" else scheduler.reset())
        elif name == "go":
            cue_id = self._id(argument) if argument else None
            self._handle(scheduler.go_to(cue_id, source) if cue_id else scheduler.go(source))
        else:
            cue_id = self._id(argument) if argument else None
            if cue_id is None and name in NEEDS_CUE:
                raise CommandError(f"{name} needs a cue number: {name} N")
            method: Callable[[Any], list[Event]] = getattr(scheduler, name)
            self._handle(method(cue_id))

    def _note(self, line: str) -> dict[str, Any]:
        """`note [dept=LX] [severity=issue] [cue=12] TEXT`, or JSON with those keys."""
        fields = _options(line, ("text", "dept", "severity", "cue"), positional="text")
        text = fields.get("text", "").strip()
        if not text:
            raise CommandError("note needs some text: note TEXT")
        dept = fields.get("dept", "").strip().upper()
        if dept and (any(ch.isspace() for ch in dept) or
                     (self.departments and dept not in self.departments)):  # fmt: skip
            known = ", ".join(self.departments) or "one-word codes"
            raise CommandError(f"there is no department {dept!r} in this show (known: {known})")
        severity = fields.get("severity", "info").strip().lower()
        if severity not in SEVERITIES:
            raise CommandError(
                f"a note's severity is {', '.join(SEVERITIES)}, not {fields['severity']!r}"
            )
        cue = fields.get("cue", "").strip()
        about = self._cue_fields(self._id(cue) if cue else None)
        return {"text": text, "dept": dept, "severity": severity, **about, **self._standing_by()}

    def _mark(self, line: str) -> dict[str, Any]:
        """`mark KIND [TEXT]`, `mark act N [TEXT]`, or JSON `{"command": "mark", "mark": ...}`."""
        fields = _options(line, ("mark", "act", "text"), positional="mark")
        kind, _, rest = fields.get("mark", "").strip().partition(" ")
        kind, rest = kind.lower(), rest.strip()
        if kind == "undo":
            if rest or fields.get("text", "").strip():
                raise CommandError("mark undo takes nothing after it")
            return {"mark": "undo"}
        if kind not in MARKS:
            shown = repr(kind) if kind else "nothing"
            raise CommandError(f"mark takes one of {', '.join(MARKS)} or undo, not {shown}")
        out: dict[str, Any] = {"mark": kind}
        if kind == "act":
            if "act" in fields:
                number = fields["act"].strip()
            else:
                number, _, rest = rest.partition(" ")
            if not number.isdigit() or int(number) < 1:
                raise CommandError(f"mark act needs the act's number: mark act 2 (got {number!r})")
            out["act"] = int(number)
        text = " ".join(part for part in (rest.strip(), fields.get("text", "").strip()) if part)
        if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'":
            text = text[1:-1].strip()
        out["text"] = text
        return out

    def _undo(self) -> dict[str, Any]:
        """Withdraws the latest mark of this run not already withdrawn (a stray click on a
        mark button); the mark stays in the log and readers skip it."""
        for mark in reversed(self._marks):
            if not mark.undone:
                mark.undone = True
                return {"mark": "undo", "undone": mark.kind, "undone_mono": mark.mono, "text": ""}
        raise CommandError("there is no mark of this run left to undo")

    def _id(self, number: str) -> str:
        cue_id = self.compiled.by_number.get(number)
        if cue_id is None:
            raise CommandError(f"there is no cue numbered {number!r}")
        return cue_id

    def _standing_by(self) -> dict[str, Any]:
        playhead = self.scheduler.playhead
        running = [
            self.compiled.cues[cue_id].number
            for cue_id in self.compiled.cues
            if self.scheduler.state(cue_id) in ("prewait", "running", "postwait", "paused")
        ]
        standing = self.compiled.cues[playhead].number if playhead else None
        return {"standing_by": standing, "running": running}

    def status(self) -> dict[str, Any]:
        outputs = {
            name: {"state": out.stats.state, "reason": out.stats.reason, **out.stats.counts()}
            for name, out in self.outputs.items()
        }
        return self.event("status", mode=self.mode, outputs=outputs, **self._standing_by())

    # -- scheduler events to the wire and to clients --------------------------------------

    def _handle(self, events: list[Event], messages: list[list[Message]] | None = None) -> None:
        # Everything due goes on the wire first; the events describing it are built afterwards,
        # so publishing (dicts, JSON, the log queue) never sits between a deadline and a send.
        wire = [e for e in events if isinstance(e, WIRE)]
        if messages is None:
            messages = [self._messages(e) for e in wire]
        sent = [self._transmit(e, m) for e, m in zip(wire, messages, strict=True)]
        deliveries = iter(sent)
        for event in events:
            if isinstance(event, QuarterFrame):
                for delivery in next(deliveries):
                    self._report_timecode(event, delivery)
            elif isinstance(event, (Action, FadeStep)):
                for delivery in next(deliveries):
                    self._report(delivery)
            elif isinstance(event, CueState):
                if (ended := self.timecode.ended(event)) is not None:
                    self.publish(self.event("timecode", t=event.t, **ended,
                                            **self._cue_fields(event.cue_id)))  # fmt: skip
                extra = {"reason": self.compiled.show.get(event.cue_id).broken}
                self.publish(self.event("cue", state=event.state, t=event.t,
                                        **(extra if event.state == "broken" else {}),
                                        **self._cue_fields(event.cue_id)))  # fmt: skip
            elif isinstance(event, Playhead):
                self.publish(self.event("playhead", **self._cue_fields(event.cue_id)))
            elif isinstance(event, GoAccepted):
                self.publish(self.event("go", source=event.source, **self._go_flags(event.cue_id),
                                        **self._cue_fields(event.cue_id)))  # fmt: skip
            elif isinstance(event, GoRejected):
                self.publish(self.event("go_rejected", source=event.source, reason=event.reason))
            elif isinstance(event, ControlDone):
                target = self.compiled.cues[event.target].number
                self.publish(self.event("control", op=event.op, target=target,
                                        **self._cue_fields(event.cue_id)))  # fmt: skip

    def _go_flags(self, cue_id: str) -> dict[str, Any]:
        """`disarmed` / `broken` on a GO whose cue will not act, so the log says what the GO
        really did. A cue inside a disarmed group is disarmed too."""
        show = self.compiled.show
        flags: dict[str, Any] = {}
        cue: SchedCue | None = show.get(cue_id)
        if cue is not None and cue.broken:
            flags["broken"] = cue.broken
        while cue is not None:
            if not self.scheduler.is_armed(cue.id):
                flags["disarmed"] = True
                break
            cue = show.parent_of(cue.id)
        return flags

    def _messages(self, event: Action | FadeStep | QuarterFrame) -> list[Message]:
        """(destination, text, bytes) of what one action, fade step or quarter frame puts on the
        wire."""
        if isinstance(event, QuarterFrame):
            return self.timecode.messages(event)
        if isinstance(event, Action):
            return [
                (send.destination, send.text, send.data)
                for send in self.compiled.sends.get(event.cue_id, ())
            ]
        fade = self.compiled.fades.get(event.cue_id)
        if fade is None:
            return []
        text = f"{fade.address} {fade.template.tag} {event.value:g}"
        return [(fade.destination, text, fade.template.encode(event.value))]

    def _transmit(
        self, event: Action | FadeStep | QuarterFrame, messages: list[Message]
    ) -> list[Delivery]:
        """Sends one action's or fade step's messages; reports nothing yet."""
        deliveries = []
        for destination, text, data in messages:
            actual = self.clock.now()
            result = self.outputs[destination].send(data, text)
            deliveries.append(
                Delivery(event.cue_id, event.t, actual, destination, text, data, result)
            )
        return deliveries

    def _report_timecode(self, event: QuarterFrame, d: Delivery) -> None:
        """A quarter frame is counted, not logged; a locate or a first failure is an event."""
        late = d.actual - d.scheduled
        fields = self.timecode.delivered(event, late, d.result.ok, d.result.error)
        if fields is None:
            return
        if event.locate:
            fields |= {"bytes": d.data.hex(), "scheduled": d.scheduled, "actual": d.actual,
                       "late_ms": round(late * 1000, 4), "offline": d.result.offline,
                       "ok": d.result.ok, "error": d.result.error}  # fmt: skip
        self.publish(self.event("timecode", **fields, **self._cue_fields(d.cue_id)))

    def _report(self, d: Delivery) -> None:
        self.publish(
            self.event(
                "sent",
                destination=d.destination,
                message=d.text,
                bytes=d.data.hex(),
                scheduled=d.scheduled,
                actual=d.actual,
                late_ms=round((d.actual - d.scheduled) * 1000, 4),
                offline=d.result.offline,
                ok=d.result.ok,
                error=d.result.error,
                **self._cue_fields(d.cue_id),
            )
        )
        if not d.result.ok:
            self.publish(self.event("cue", state="broken", reason=d.result.error, t=d.scheduled,
                                    **self._cue_fields(d.cue_id)))  # fmt: skip


Message = tuple[str, str, bytes]  # destination, text, bytes


@dataclass(frozen=True)
class Notice:
    """An event from another thread of the engine process (remote control), published by the
    timing loop so that it is logged in order with everything else."""

    kind: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class Prepared:
    """What happens at one deadline, worked out ahead of it (see `Engine.prepare`)."""

    events: list[Event]
    messages: list[list[Message]]


@dataclass
class _Mark:
    kind: str
    mono: float
    undone: bool = False


class HeldClock:
    """The clock as the scheduler sees it: the engine's own, or the deadline being prepared."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.held: float | None = None

    def now(self) -> float:
        return self.clock.now() if self.held is None else self.held


@dataclass(frozen=True)
class Delivery:
    """One message handed to an output, and what the output said."""

    cue_id: str
    scheduled: float
    actual: float
    destination: str
    text: str
    data: bytes
    result: SendResult


def _options(line: str, keys: tuple[str, ...], positional: str) -> dict[str, str]:
    """The fields of a note or mark command: a JSON object's keys, or a text line's leading
    `key=value` words followed by the rest of the line as `positional`."""
    line = line.strip()
    if line.startswith("{"):
        data = json.loads(line)  # parse_command has checked that it parses
        return {k: _scalar(data, k) for k in keys if data.get(k) is not None}
    _, _, rest = line.partition(" ")
    fields: dict[str, str] = {}
    words = rest.strip().split(" ")
    while words and "=" in words[0] and words[0].split("=", 1)[0] in keys:
        key, _, value = words.pop(0).partition("=")
        fields[key] = value
    fields[positional] = " ".join(words)
    return fields


def _via(line: str) -> str | None:
    """What a remote command arrived as (its JSON `via`: an OSC address, a MIDI message), or
    None for a command from the app or stdin."""
    if '"via"' not in line:
        return None
    data = json.loads(line)  # parse_command has checked that it parses
    via = data.get("via") if isinstance(data, dict) else None
    return str(via) if via is not None else None


def _scalar(data: dict[str, Any], key: str) -> str:
    """A JSON command's field as text: a string or a number, never a list or an object."""
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        kind = "a list" if isinstance(value, list) else json.dumps(value)
        kind = "an object" if isinstance(value, dict) else kind
        raise CommandError(f'"{key}" is text or a number, not {kind}')
    return str(value)


def parse_command(line: str, source: str | None = None) -> tuple[str, str, str]:
    """(command, argument, source) from a text line (`go 12`) or a JSON line
    (`{"command": "go", "cue": "12", "source": "key"}`). The source is `source` when given,
    else a JSON line's own, else `command`."""
    line = line.strip()
    if line.startswith("{"):
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CommandError(f"a JSON command that does not parse: {exc.msg}") from None
        except RecursionError:
            raise CommandError("a JSON command nested too deeply to read") from None
        if not isinstance(data, dict) or not isinstance(data.get("command"), str):
            raise CommandError('a JSON command is an object with a "command" string')
        name = data["command"].lower()
        key = "cue" if data.get("cue") else "text"
        argument = _scalar(data, key) if data.get(key) not in (None, "") else ""
        own = _scalar(data, "source") if data.get("source") not in (None, "") else "command"
        source = source or own
    else:
        name, _, argument = line.partition(" ")
        name, argument, source = name.lower(), argument.strip(), source or "command"
    if name not in COMMANDS:
        raise CommandError(f"unknown command {name!r}; the commands are {', '.join(COMMANDS)}")
    if argument and name in NO_CUE:
        raise CommandError(f"{name} takes nothing after it")
    return name, argument, source
