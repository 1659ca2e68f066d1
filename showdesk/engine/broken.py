"""Why a cue cannot act, in the engine's words, known from the cue and the patch alone.

The engine compiles such a cue as broken (engine/compile.py); the window shows it broken from
the moment the show loads, with the same reason, and `showdesk check`, the sheet and the editors
say why a message is too large for its destination. Nothing here encodes an OSC message or
imports the engine's model, so a window opening a long show finds its broken cues cheaply.
"""

from __future__ import annotations

from contextlib import suppress

from cues.base import Cue
from cues.fade import FadeRamp
from cues.midi import MidiMessages
from cues.msc import MscCommand
from cues.osc import OscMessage
from showdesk.errors import ShowdeskError
from showdesk.patch import Endpoint, parse_url, size_problem, wrong_kind
from showdesk.wire.osc import message_size

CONTROL_OPS = ("start", "stop", "pause", "resume", "goto", "arm", "disarm")


def largest_packet(cue: Cue) -> int:
    """The size in bytes of the largest packet the cue puts on the wire (0 if it sends none).
    An OSC message is counted, not encoded (a show's broken cues are found at every load)."""
    payload = cue.payload
    if isinstance(payload, OscMessage):
        return message_size(payload.address, payload.args)
    if isinstance(payload, FadeRamp):  # every step is the same size: address, tag, value
        return message_size(payload.address, ((payload.tag, 0),))
    if isinstance(payload, MscCommand):
        return len(payload.encode())
    if isinstance(payload, MidiMessages):  # each message is sent on its own (compile.encode)
        return max((len(MidiMessages((text,)).bytes()) for text in payload.messages), default=0)
    return 0


def broken_reasons(cues: list[Cue], patch: dict[str, str]) -> dict[str, str]:
    """Why each cue that cannot act is broken, by id, as the engine will say it; nothing is
    encoded, so a window can show it for a long list at once."""
    endpoints = endpoints_of(patch)
    numbers = {cue.number for cue in cues if cue.number}
    reasons = {}
    for cue in cues:
        if cue.type.name in CONTROL_OPS:
            reason = "" if cue.target in numbers else control_problem(cue)
        else:
            reason = destination_problem(cue, endpoints, patch)
        if reason:
            reasons[cue.id] = reason
    return reasons


def endpoints_of(patch: dict[str, str]) -> dict[str, Endpoint]:
    endpoints: dict[str, Endpoint] = {}
    for name, url in patch.items():
        with suppress(ShowdeskError):  # a cue aimed at a bad URL is broken, and says why
            endpoints[name] = parse_url(url)
    return endpoints


def control_problem(cue: Cue) -> str:
    return f"its target {cue.target or '(blank)'} is not a cue in this list"


def destination_problem(cue: Cue, endpoints: dict[str, Endpoint], patch: dict[str, str]) -> str:
    if cue.type.target != "destination":
        return ""
    if cue.target not in patch:
        return f"unpatched: {cue.target} is not in the patch" if cue.target else "no destination"
    endpoint = endpoints.get(cue.target)
    if endpoint is None:
        return f"{cue.target}'s URL {patch[cue.target]!r} is not valid"
    return wrong_kind(cue.type, cue.target, endpoint) or size_problem(endpoint, largest_packet(cue))
