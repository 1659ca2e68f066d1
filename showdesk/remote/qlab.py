"""QLab 5's OSC dictionary, the part controllers use, routed to engine commands and answers.

`route` reads one message and says what it is: an engine command (and the permission it needs),
an answer to a query, a session operation (/connect, /updates ...) or an error with a sentence.
It neither sends nor changes anything; the server does that (server.py). Addresses work rootless
and under `/workspace/{id}`; cues are named `/cue/{number}`, `/cue_id/{id}`, `/cue/selected` or
`/cue/playhead` (the cue standing by) and `/cue/active` (the first running one). The table of
addresses is in docs/remote.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from showdesk.remote.state import CueInfo, ShowMirror
from showdesk.remote.values import (
    VERSION,
    cue_list,
    cue_tree,
    cue_values,
    some_values,
    standing_by,
    workspace,
)
from showdesk.wire.oscin import OscIn

Need = Literal["none", "view", "control"]
# Workspace commands with no cue: the engine command each becomes.
WORKSPACE_COMMANDS = {
    "go": "go", "stop": "stop", "hardStop": "stop", "pause": "pause", "resume": "resume",
    "panic": "panic", "panicInTime": "panic", "reset": "reset",
}  # fmt: skip
# Cue commands: the engine command each becomes (QLab's per-cue panic fades the cue out; the
# engine stops it; "load" readies a cue to GO, which is what standing it by does here).
CUE_COMMANDS = {
    "start": "start", "go": "go", "stop": "stop", "hardStop": "stop", "panic": "stop",
    "panicInTime": "stop", "pause": "pause", "resume": "resume", "load": "standby",
    "preview": "preview",
}  # fmt: skip
# Queries answered with a fixed value: QLab features showdesk does not have, switched off.
FIXED = {"alwaysAudition": False, "auditionMonitors": False, "overrideWindow": False,
         "liveFadePreview": False, "auditionWindow": False}  # fmt: skip
APP_SESSION = {"connect", "disconnect", "updates", "alwaysReply", "udpReplyPort"}


@dataclass(frozen=True)
class Routed:
    """What one message asks for."""

    need: Need
    command: dict[str, str] | None = None  # an engine command's JSON fields, without source
    data: Any = None
    has_data: bool = False
    error: str = ""
    session: str = ""  # connect, disconnect, updates, alwaysReply, udpReplyPort
    args: tuple[Any, ...] = field(default=())
    app: bool = False  # application-wide (the reply names no workspace)


def answer(data: Any) -> Routed:
    return Routed("view", data=data, has_data=True)


def fail(reason: str, need: Need = "view") -> Routed:
    return Routed(need, error=reason)


def command(name: str, cue: str = "", **extra: str) -> Routed:
    fields = {"command": name, **({"cue": cue} if cue else {}), **extra}
    return Routed("control", command=fields)


def route(message: OscIn, mirror: ShowMirror, *, port: int, needs_passcode: bool) -> Routed:
    parts = message.address.split("/")[1:]
    args = message.args
    if parts[:1] == ["workspace"] and len(parts) >= 2:
        if parts[1].upper() != mirror.workspace:
            return fail(f"no workspace {parts[1]!r} is open here (this show is "
                        f"{mirror.workspace})")  # fmt: skip
        parts = parts[2:]
    if not parts or not parts[0]:
        return fail("an empty address")
    head, rest = parts[0], parts[1:]
    if head == "version" and not rest:
        return Routed("none", data=VERSION, has_data=True, app=True)
    if head == "workspaces" and not rest:
        return Routed("none", data=[workspace(mirror, port, needs_passcode)], has_data=True,
                      app=True)  # fmt: skip
    if head == "thump" and not rest:
        return Routed("none", data="thump", has_data=True)
    if head in APP_SESSION and not rest:
        return Routed("none", session=head, args=args, app=head != "connect")
    if head in WORKSPACE_COMMANDS and not rest:
        return command(WORKSPACE_COMMANDS[head])
    if head == "playhead":
        return _playhead(rest, mirror)
    if head == "playheadID":
        return _playhead_id(rest, mirror)
    if head in ("cue", "cue_id") and rest:
        return _cue(head, rest[0], rest[1:], args, mirror)
    if head == "showdesk" and len(rest) == 1:
        return _showdesk(rest[0], args, mirror)
    if args:
        return fail(f"{message.address} takes no arguments here", "control")
    return _query(head, rest, mirror)


def _query(head: str, rest: list[str], mirror: ShowMirror) -> Routed:
    path = "/".join([head, *rest])
    if path == "cueLists":
        return answer([cue_list(mirror)])
    if path in ("selectedCues", "selectedCues/shallow"):
        cue = mirror.by_id.get(mirror.playhead or "")
        return answer([cue_values(cue, mirror)] if cue else [])
    if path in ("runningCues", "runningOrPausedCues", "runningCues/shallow",
                "runningOrPausedCues/shallow"):  # fmt: skip
        paused = path.startswith("runningOrPaused")
        return answer([cue_values(c, mirror) for c in mirror.active()
                       if paused or mirror.state(c.id) != "paused"])  # fmt: skip
    if path == "showMode":
        return answer(not mirror.editing)
    if path == "settings/general/minGoTime":
        return answer(mirror.min_go_interval)
    if path == "doubleGoWindowRemaining":
        return answer(mirror.double_go_remaining())
    if path in FIXED:
        return answer(FIXED[path])
    if head == "overrides" and len(rest) == 1:
        return answer(mirror.live)  # rehearsal captures every output: all of them "off"
    return fail(f"showdesk does not know {'/' + path}")


def _playhead(rest: list[str], mirror: ShowMirror) -> Routed:
    if len(rest) != 1:
        return fail("/playhead/next, /playhead/previous or /playhead/{cue number}", "control")
    if rest[0] in ("next", "previous"):
        cue = mirror.top_level_after(mirror.playhead, 1 if rest[0] == "next" else -1)
        if cue is None:
            return fail(f"there is no {rest[0]} cue", "control")
        return _standby(cue)
    cue = mirror.by_number.get(rest[0])
    if cue is None:
        return fail(f"there is no cue numbered {rest[0]!r}", "control")
    return _standby(cue)


def _playhead_id(rest: list[str], mirror: ShowMirror) -> Routed:
    if not rest:
        return answer(mirror.playhead or "none")
    cue = mirror.by_id.get(rest[0])
    if cue is None or len(rest) > 1:
        return fail(f"there is no cue with the id {rest[0]!r}", "control")
    return _standby(cue)


def _standby(cue: CueInfo) -> Routed:
    if not cue.number:
        return fail(f"cue {cue.id} has no number, and the engine names cues by number", "control")
    return command("standby", cue.number)


def _cue(
    head: str, name: str, rest: list[str], args: tuple[Any, ...], mirror: ShowMirror
) -> Routed:
    if head == "cue_id" and name == mirror.list_id:
        return _list(rest, args, mirror)
    cue = _find(head, name, mirror)
    if cue is None:
        what = {"selected": "nothing is standing by", "playhead": "nothing is standing by",
                "active": "no cue is running"}.get(name) if head == "cue" else None  # fmt: skip
        if what is None:
            what = f"there is no cue {'numbered' if head == 'cue' else 'with the id'} {name!r}"
        return fail(what, "control" if rest and rest[0] in CUE_COMMANDS else "view")
    op = "/".join(rest)
    if op in CUE_COMMANDS or op == "togglePause":
        if not cue.number:
            return fail(f"cue {cue.id} has no number, and the engine names cues by number",
                        "control")  # fmt: skip
        if op == "togglePause":
            return command("resume" if mirror.state(cue.id) == "paused" else "pause", cue.number)
        return command(CUE_COMMANDS[op], cue.number)
    if op == "valuesForKeys":
        keys = _keys(args)
        if keys is None:
            return fail('valuesForKeys takes one JSON list of keys, e.g. ["number","name"]')
        return answer(some_values(cue, mirror, keys))
    if args:
        return fail("showdesk does not change cues over OSC (edit them in the app)", "control")
    if op == "children":
        return answer(cue_tree(mirror, cue.id))
    values = cue_values(cue, mirror)
    if op in values:
        return answer(values[op])
    return fail(f"showdesk does not know /{head}/{name}/{op}")


def _list(rest: list[str], args: tuple[Any, ...], mirror: ShowMirror) -> Routed:
    op = "/".join(rest)
    if op == "children" or op == "children/shallow":
        return answer(cue_tree(mirror, mirror.list_id))
    if op == "playheadID":
        return answer(mirror.playhead or "none")
    if op.startswith("playheadID/"):
        return _playhead_id(rest[1:], mirror)
    if op == "go":
        return command("go")
    if op == "valuesForKeys":
        keys = _keys(args)
        values = {k: v for k, v in cue_list(mirror).items() if k != "cues"}
        return answer({k: values[k] for k in keys or [] if k in values})
    values = cue_list(mirror)
    if op in values and not args:
        return answer(values[op])
    return fail(f"showdesk does not know that of the cue list: {op!r}")


def _find(head: str, name: str, mirror: ShowMirror) -> CueInfo | None:
    if head == "cue_id":
        return mirror.by_id.get(name)
    if name in ("selected", "playhead"):
        return mirror.by_id.get(mirror.playhead or "")
    if name == "active":
        active = mirror.active()
        return active[0] if active else None
    return mirror.by_number.get(name)


def _keys(args: tuple[Any, ...]) -> list[str] | None:
    if len(args) != 1 or not isinstance(args[0], str):
        return None
    try:
        keys = json.loads(args[0])
    except json.JSONDecodeError:
        return None
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        return None
    return keys


def _showdesk(op: str, args: tuple[Any, ...], mirror: ShowMirror) -> Routed:
    """showdesk's own addresses, for what QLab has no word for."""
    texts = [a for a in args if isinstance(a, str)]
    if len(texts) != len(args):
        return fail(f"/showdesk/{op} takes text arguments", "control")
    if op == "standby":
        if not texts:
            return answer(standing_by(mirror))
        cue = mirror.by_number.get(texts[0])
        if cue is None or len(texts) > 1:
            return fail(f"there is no cue numbered {texts[0]!r}", "control")
        return _standby(cue)
    if op == "note":
        if not texts or len(texts) > 3 or not texts[0].strip():
            return fail("/showdesk/note takes the note's text, then optionally a department "
                        "and a severity (info, issue, critical)", "control")  # fmt: skip
        extra = dict(zip(("dept", "severity"), texts[1:], strict=False))  # the engine checks them
        return Routed("control", command={"command": "note", "text": texts[0], **extra})
    if op == "mark":
        if len(texts) != 1 or not texts[0].strip():
            return fail("/showdesk/mark takes one string: the mark (`show_up`, `act 2`, "
                        "`interval`, `hold_end` ...)", "control")  # fmt: skip
        return Routed("control", command={"command": "mark", "mark": texts[0].strip()})
    if op == "hold":
        if len(texts) > 1:
            return fail("/showdesk/hold takes the hold's reason", "control")
        return Routed("control", command={"command": "mark", "mark": "hold",
                                          "text": texts[0] if texts else ""})  # fmt: skip
    return fail(f"showdesk has no /showdesk/{op} (note, mark, hold, standby)", "control")
