"""From a stored cue list to what the engine runs: timing for the scheduler, bytes for the wire.

Every message is encoded here, when the show loads, so that a GO only sends bytes. A cue that
cannot act (unpatched, aimed at the wrong kind of destination, a control cue whose target is
gone) is compiled as broken with the reason (engine/broken.py): it keeps its waits and the
sequence goes on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from cues.base import Cue
from cues.fade import FadeRamp
from cues.group import GroupSettings
from cues.midi import MidiMessages
from cues.msc import MscCommand
from cues.mtc import REAL_RATE
from cues.osc import OscMessage
from cues.timecode import TimecodeOut
from showdesk.engine.broken import (
    CONTROL_OPS,
    control_problem,
    destination_problem,
    endpoints_of,
)
from showdesk.engine.model import SchedCue, Show
from showdesk.engine.timecode import TimecodeSend
from showdesk.errors import ShowdeskError
from showdesk.patch import Endpoint
from showdesk.settings import Settings
from showdesk.wire.osc import ValueTemplate, encode_message


@dataclass(frozen=True)
class Send:
    """One message of a cue, encoded: where it goes, how people read it, and its bytes."""

    destination: str
    text: str
    data: bytes


@dataclass(frozen=True)
class FadeSend:
    destination: str
    address: str
    template: ValueTemplate


@dataclass
class Compiled:
    show: Show
    cues: dict[str, Cue]  # by id
    by_number: dict[str, str]  # number -> id
    sends: dict[str, tuple[Send, ...]] = field(default_factory=dict)
    fades: dict[str, FadeSend] = field(default_factory=dict)
    timecodes: dict[str, TimecodeSend] = field(default_factory=dict)
    endpoints: dict[str, Endpoint] = field(default_factory=dict)


def encode(cue: Cue) -> tuple[Send, ...]:
    """The messages a sending cue sends, as bytes."""
    payload = cue.payload
    if isinstance(payload, OscMessage):
        # The text is the message on the wire, also for a cue written as `@device command`.
        data = encode_message(payload.address, payload.args)
        return (Send(cue.target, payload.message_text(), data),)
    if isinstance(payload, MscCommand):
        return (Send(cue.target, payload.text(), payload.encode()),)
    if isinstance(payload, MidiMessages):
        single = [MidiMessages((text,)) for text in payload.messages]
        return tuple(Send(cue.target, m.message_text(), m.bytes()) for m in single)
    return ()


def compile_cues(cues: list[Cue], patch: dict[str, str], settings: Settings) -> Compiled:
    endpoints = endpoints_of(patch)
    by_number = {cue.number: cue.id for cue in cues if cue.number}
    compiled = Compiled(
        show=Show(()), cues={c.id: c for c in cues}, by_number=by_number, endpoints=endpoints
    )
    sched = [_sched_cue(cue, compiled, patch) for cue in cues]
    try:
        compiled.show = Show(
            tuple(sched), min_go_interval=settings.min_go_interval, panic_time=settings.panic_time
        )
    except ValueError as exc:  # e.g. a group's cues not following it: refuse, and say why
        raise ShowdeskError(f"this cue list cannot run: {exc}") from None
    return compiled


def _sched_cue(cue: Cue, compiled: Compiled, patch: dict[str, str]) -> SchedCue:
    kind = cue.type
    base = SchedCue(
        id=cue.id,
        number=cue.number,
        kind="action",
        pre_wait=cue.pre_wait,
        duration=cue.duration,
        post_wait=cue.post_wait,
        continue_mode=cue.continue_mode.value,
        armed=cue.armed,
        parent=cue.parent,
    )
    if kind.name in CONTROL_OPS:
        target = compiled.by_number.get(cue.target)
        if target is None:
            return replace(base, kind="memo", broken=control_problem(cue))
        return replace(base, kind="control", control_op=kind.name, control_target=target)  # type: ignore[arg-type]
    if isinstance(cue.payload, GroupSettings):
        return replace(base, kind="group", group_mode=cue.payload.mode, loop=cue.payload.loop)
    broken = destination_problem(cue, compiled.endpoints, patch)
    if isinstance(cue.payload, FadeRamp):
        ramp = cue.payload
        if not broken:
            template = ValueTemplate(ramp.address, ramp.tag)
            compiled.fades[cue.id] = FadeSend(cue.target, ramp.address, template)
        return replace(
            base,
            kind="fade",
            broken=broken,
            fade_from=float(ramp.start),
            fade_to=float(ramp.end),
            fade_rate=ramp.rate,
            fade_curve=ramp.curve,
        )
    if isinstance(cue.payload, TimecodeOut):
        out = cue.payload
        if not broken:
            compiled.timecodes[cue.id] = TimecodeSend(cue.target, out.start_frame, out.fps)
        return replace(
            base,
            kind="timecode",
            broken=broken,
            duration=cue.duration or math.inf,  # blank (0): until stopped
            fade_rate=float(4 * REAL_RATE[out.mtc_rate]),  # quarter frames a second
        )
    if kind.name in ("memo", "wait"):
        return replace(base, kind="memo" if kind.name == "memo" else "wait")
    if kind.target == "destination" and not broken:
        compiled.sends[cue.id] = encode(cue)
    return replace(base, broken=broken)
