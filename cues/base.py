"""The cue model shared by every cue type: the `Cue` record, `CueType` and `CueError`.

A cue is a frozen, validated record. What is particular to a type (an OSC address and its
arguments, a MIDI message, a group's mode) lives in its *payload*, a frozen dataclass defined in
the type's own module (`cues/osc.py`, `cues/msc.py`, ...). Every payload can be written as the
text of one spreadsheet cell and read back from it, and as JSON for storage.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, ClassVar, Literal, Protocol, Self

from cues.limits import MAX_SECONDS, seconds_problem

JSONDict = dict[str, Any]


class CueError(ValueError):
    """A cue, or one field of it, is not valid. `field` is the spreadsheet column it came from."""

    def __init__(self, field: str, reason: str, cue: str = "") -> None:
        self.field = field
        self.reason = reason
        self.cue = cue
        where = f"{cue}: " if cue else ""
        super().__init__(f"{where}{field}: {reason}")

    def for_cue(self, cue: str) -> CueError:
        """The same error, naming the cue it belongs to."""
        return CueError(self.field, self.reason, cue)


class ContinueMode(StrEnum):
    NONE = "none"
    AUTO_CONTINUE = "auto-continue"
    AUTO_FOLLOW = "auto-follow"


class Payload(Protocol):
    """What a cue type carries. `parse(p.text()) == p` and `from_json(p.to_json()) == p`.

    A payload may also have `check_duration(seconds)`, raising ValueError when the cue's duration
    does not suit it (a fade's rate times its duration is bounded, see cues/limits.py).
    """

    @classmethod
    def parse(cls, text: str) -> Self: ...

    def text(self) -> str: ...

    def to_json(self) -> JSONDict: ...

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self: ...


TargetKind = Literal["destination", "cue", "none"]
DurationRule = Literal["instant", "timed", "derived"]


@dataclass(frozen=True)
class CueType:
    """Describes one type of cue; each module in cues/ exports one (control.py exports seven).

    target:   what the `target` field names: a patch destination, another cue's number, or nothing.
    duration: `instant` cues act and complete at once (duration 0); `timed` cues have a duration
              (`default_duration` when the sheet leaves it blank); `derived` cues (groups) take
              theirs from their children.
    column:   the spreadsheet column that holds the payload's text (`message`, or `mode`).
    sends:    which destination kinds it can send to (`osc`, `midi`).
    """

    name: str
    payload: type[Any]
    summary: str
    target: TargetKind = "none"
    duration: DurationRule = "instant"
    default_duration: float = 0.0
    column: Literal["message", "mode"] = "message"
    sends: frozenset[str] = frozenset()

    def parse(self, text: str) -> Any:
        """The payload written as `text`, or CueError naming this type's column."""
        try:
            return self.payload.parse(text)
        except CueError:
            raise
        except ValueError as exc:
            raise CueError(self.column, str(exc)) from None

    def from_json(self, data: Mapping[str, Any]) -> Any:
        return self.payload.from_json(data)


def new_id() -> str:
    return uuid.uuid4().hex


COLOUR_NAMES: tuple[str, ...] = ("red", "orange", "yellow", "green", "blue", "purple", "grey")
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def check_seconds(name: str, value: float) -> None:
    """A time field: a finite number of seconds, from zero up to `limits.MAX_SECONDS`."""
    if problem := seconds_problem(value):
        raise CueError(name, problem)


def _control_characters(text: str, allowed: str = "") -> str:
    """The control characters in `text` (NUL, escape ...) other than `allowed`, as written in
    Python (`'\\x00'`), or "" when there are none."""
    if text.isprintable():  # no control character at all: the common case, without a loop
        return ""
    found = sorted({ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in allowed})
    return " ".join(repr(ch) for ch in found)


@dataclass(frozen=True)
class Cue:
    """One cue. Construction validates every field; errors name the cue and the field."""

    type: CueType
    payload: Any
    id: str = field(default_factory=new_id)
    number: str = ""
    name: str = ""
    target: str = ""
    pre_wait: float = 0.0
    duration: float = 0.0
    post_wait: float = 0.0
    continue_mode: ContinueMode = ContinueMode.NONE
    armed: bool = True
    dept: str = ""
    call: str = ""
    notes: str = ""
    colour: str = ""
    parent: str | None = None

    FIELDS: ClassVar[tuple[str, ...]] = (
        "number", "name", "target", "pre_wait", "duration", "post_wait",
        "continue_mode", "armed", "dept", "call", "notes", "colour", "parent",
    )  # fmt: skip

    def __post_init__(self) -> None:
        try:
            self._validate()
        except CueError as exc:
            raise exc.for_cue(self.label) from None

    @classmethod
    def from_fields(cls, values: dict[str, Any]) -> Cue:
        """`Cue(**values)`, validated the same way, for a dict that names every field; made
        without the dataclass's __init__ (a frozen one sets each of the 16 fields through
        `object.__setattr__`), which was a fifth of loading a 5,000-cue show. `values` becomes
        the cue's own: do not change it afterwards."""
        if values.keys() != _FIELD_NAMES:
            raise TypeError(f"Cue.from_fields needs every field: {sorted(_FIELD_NAMES)}")
        cue = cls.__new__(cls)
        object.__setattr__(cue, "__dict__", values)
        cue.__post_init__()
        return cue

    @property
    def label(self) -> str:
        """How people refer to this cue in messages: `cue 12.5`, or by type and name."""
        if self.number:
            return f"cue {self.number if self.number.isprintable() else repr(self.number)}"
        named = f" '{self.name}'" if self.name else ""
        return f"unnumbered {self.type.name} cue{named}"

    def _validate(self) -> None:
        kind = self.type
        if not isinstance(self.payload, kind.payload):
            raise CueError(
                kind.column, f"a {kind.name} cue needs a {kind.payload.__name__} payload"
            )
        if not self.id:
            raise CueError("id", "must not be empty")
        # Printable text has no line break and no control character: most cues skip the
        # checks below that look for them (a 5,000-cue show is loaded each time it is opened).
        printable = (
            self.number.isprintable()
            and self.name.isprintable()
            and self.target.isprintable()
            and self.dept.isprintable()
        )
        if not printable:
            for name in ("number", "name", "target", "dept"):
                if "\n" in getattr(self, name) or "\r" in getattr(self, name):
                    raise CueError(_column(name), "must be one line")
        if self.number != self.number.strip():
            raise CueError("cue", f"number {self.number!r} has spaces around it")
        for name in ("number", "name", "target", "dept", "call", "notes"):
            if printable and name not in ("call", "notes"):
                continue
            # A NUL or an escape in a cell is a damaged sheet, never meant: say so, here.
            allowed = "\t\n\r" if name in ("call", "notes") else ""
            if found := _control_characters(getattr(self, name), allowed):
                raise CueError(_column(name), f"has control characters in it ({found})")
        if not self.dept.isalnum() and any(ch.isspace() for ch in self.dept):
            raise CueError("dept", f"a department is a one-word code, got {self.dept!r}")
        for name in ("pre_wait", "duration", "post_wait"):
            value = getattr(self, name)
            # The common case (a float in range; NaN fails the comparison) without the calls
            # that word the problem.
            if type(value) is not float or not 0.0 <= value <= MAX_SECONDS:
                check_seconds(name, value)
        check_duration = getattr(self.payload, "check_duration", None)
        if check_duration is not None:  # e.g. a fade: its rate times its duration is bounded
            try:
                check_duration(self.duration)
            except ValueError as exc:
                raise CueError("duration", str(exc)) from None
        if kind.duration != "timed" and self.duration != 0:
            what = (
                "takes its length from its children" if kind.duration == "derived" else "is instant"
            )
            raise CueError("duration", f"a {kind.name} cue {what}; leave duration blank")
        if not isinstance(self.continue_mode, ContinueMode):
            raise CueError("continue", f"unknown continue mode {self.continue_mode!r}")
        if kind.target == "none" and self.target:
            raise CueError("target", f"a {kind.name} cue has no target; leave it blank")
        if (
            self.colour
            and self.colour not in COLOUR_NAMES
            and not _HEX_COLOUR.fullmatch(self.colour)
        ):
            raise CueError(
                "colour", f"{self.colour!r} is not #rrggbb or one of {', '.join(COLOUR_NAMES)}"
            )
        if self.parent is not None and self.parent == self.id:
            raise CueError("group", "a cue cannot be its own group")


_FIELD_NAMES = frozenset(f.name for f in fields(Cue))


def _column(field_name: str) -> str:
    """The spreadsheet column a Cue field is read from (they differ only for these)."""
    return {"number": "cue", "continue_mode": "continue", "parent": "group"}.get(
        field_name, field_name
    )
