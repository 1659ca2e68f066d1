"""Commands the engine refused (`error` events), read back as what the stage manager meant; and
what remote control refused or dropped (`remote` events), with where it came from.

An `error` event carries the command line as it arrived (text, or a JSON object from the app
or a remote) and the engine's reason. The report never prints that JSON: it says which command
it was and what it carried (a refused note keeps its text, since that text is in no other
place), and the producer reads the ones that matter as sentences.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# Refused commands a producer is told about: something meant to be recorded or done that was not
# (a note, a mark, a panic or a reset), and errors that name no command (the engine's own).
MATTER = ("note", "mark", "panic", "reset")


@dataclass(frozen=True)
class Refused:
    wall: float
    show_time: float
    command: str  # the command's name (`note`, `go` ...), "" when the error named none
    fields: tuple[tuple[str, str], ...]  # what it carried, in the order given
    line: str  # the line as it arrived
    reason: str
    source: str = "command"

    @property
    def matters(self) -> bool:
        return self.command in MATTER or not self.line

    def field(self, key: str) -> str:
        return next((value for k, value in self.fields if k == key), "")

    @property
    def text(self) -> str:
        """The command as a person would write it, never JSON: `note (SND, critical, about
        cue 3): Thunder late`, `mark hold: fire alarm`, `go 12`."""
        if not self.line:
            return ""
        if not self.command:
            return self.line  # it did not parse: what arrived is all there is
        words = self.fields
        if self.command == "note":
            tags = [self.field("dept"), self.field("severity")]
            if self.field("cue"):
                tags.append(f"about cue {self.field('cue')}")
            tagged = f" ({', '.join(t for t in tags if t)})" if any(tags) else ""
            return f"note{tagged}: {self.field('text')}".rstrip(": ")
        if self.command == "mark":
            kind = " ".join(v for v in (self.field("mark"), self.field("act")) if v)
            said = self.field("text")
            return f"mark {kind}".rstrip() + (f": {said}" if said else "")
        main = [v for k, v in words if k in ("cue", "argument")]
        rest = [f"{k}={v}" for k, v in words if k not in ("cue", "argument")]
        return " ".join([self.command, *main, *rest])

    def sentence(self, dept_name: str = "") -> str:
        """What went wrong, for a producer: `A note for Sound was not recorded (there is no
        department 'VID'). It read: "Thunder late".`"""
        reason = self.reason.strip().rstrip(".") or "no reason given"
        if not self.line:
            return f"The engine reported a problem: {reason}."
        if self.command == "note":
            whose = f" for {dept_name or self.field('dept')}" if self.field("dept") else ""
            said = self.field("text").strip()
            return (f"A note{whose} was not recorded: {reason}."
                    + (f' It read: "{said}"' if said else ""))  # fmt: skip
        if self.command == "mark":
            kind = (self.field("mark") or "a").replace("_", " ")
            said = f' ("{self.field("text")}")' if self.field("text") else ""
            return f"The {kind} mark{said} was not recorded: {reason}."
        if self.command in ("panic", "reset"):
            return f"A {self.command} was refused ({self.text}): {reason}."
        return f"The command {self.text!r} was refused: {reason}."


def _fields(line: str) -> tuple[str, list[tuple[str, str]], str]:
    """(command, fields, source) from a command line; ("", [], "command") if it does not parse."""
    line = line.strip()
    if line.startswith("{"):
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            return "", [], "command"
        if not isinstance(data, dict) or not isinstance(data.get("command"), str):
            return "", [], "command"
        source = str(data.get("source") or "command")
        given = [(str(k), _value(v)) for k, v in data.items() if k not in ("command", "source")]
        return data["command"].strip().lower(), [g for g in given if g[1]], source
    name, _, rest = line.partition(" ")
    name, rest = name.lower(), rest.strip()
    if name not in ("note", "mark"):
        return name, [("argument", rest)] if rest else [], "command"
    # `note dept=LX severity=issue TEXT`, `mark hold REASON`, `mark act 2 TEXT`
    fields: list[tuple[str, str]] = []
    words = rest.split(" ")
    while words and "=" in words[0]:
        key, _, value = words.pop(0).partition("=")
        fields.append((key.lower(), value))
    if name == "mark":
        kind = words.pop(0) if words else ""
        fields.append(("mark", kind.lower()))
        if kind.lower() == "act" and words:
            fields.append(("act", words.pop(0)))
    said = " ".join(words).strip()
    if name == "mark" and len(said) >= 2 and said[0] == said[-1] == '"':
        said = said[1:-1]
    fields.append(("text", said))
    return name, [f for f in fields if f[1]], "command"


def _value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return "" if value is None else json.dumps(value, ensure_ascii=False)


# Remote control's refusals and the packets it dropped (`remote` events; docs/remote.md).
REMOTE_REFUSALS = ("refused", "denied", "error", "malformed", "throttled", "dropped", "closed")


def _remote(e: dict[str, Any]) -> Refused:
    """A `remote` event remote control refused: what arrived (the command it would have been,
    or the OSC address or MIDI message), from where, and why (with how many times)."""
    name, _, argument = str(e.get("command") or "").partition(" ")
    count = e.get("count")
    reason = f"{e.get('status')}: {e.get('reason') or ''}".rstrip(": ")
    reason += f" ({count} times)" if count else ""
    line = str(e.get("via") or e.get("command") or e.get("status") or "")
    return Refused(float(e["wall"]), float(e["show_time"]), name.lower(),
                   (("argument", argument),) if argument else (), line, reason,
                   str(e.get("source") or ""))  # fmt: skip


def refused_of(events: list[dict[str, Any]]) -> list[Refused]:
    """Every `error` event of a performance, and every refusal of remote control's, as a
    Refused."""
    out = []
    for e in events:
        if e["event"] == "remote" and e.get("status") in REMOTE_REFUSALS:
            out.append(_remote(e))
            continue
        if e["event"] != "error":
            continue
        line = str(e.get("command") or "")
        name, fields, source = _fields(line) if line else ("", [], "")
        reason, source = str(e.get("message") or ""), str(e.get("source") or source)
        out.append(Refused(float(e["wall"]), float(e["show_time"]), name, tuple(fields), line,
                           reason, source))  # fmt: skip
    return out
