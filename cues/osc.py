"""The OSC cue: one message, an address and typed arguments, to a patch destination.

Each argument keeps its OSC type tag beside its value (`("f", 1.0)`): a console that expects a
float ignores an int, so the type is never guessed. The text form is liblo's `oscsend`:
`/ch/01/mix/fader f 0.75`, `/x isf 1 hi 2.5`, strings with spaces in double quotes.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Self

from cues.base import CueType, JSONDict
from cues.device import expand, is_command
from cues.text import format_number, quote_word, split_words

OscValue = int | float | str | None
OscArg = tuple[str, OscValue]

INT_TAGS = frozenset("ih")
FLOAT_TAGS = frozenset("fd")
STRING_TAGS = frozenset("sSc")
NO_VALUE_TAGS = frozenset("TFNI")  # true, false, nil, impulse: the tag is the whole argument
TAGS = INT_TAGS | FLOAT_TAGS | STRING_TAGS | NO_VALUE_TAGS
_INT_RANGE = {"i": 32, "h": 64}
_FLOAT32_MAX = struct.unpack(">f", b"\x7f\x7f\xff\xff")[0]


def check_address(address: str) -> None:
    if not address.startswith("/"):
        raise ValueError(f"an OSC address starts with '/', got {address!r}")
    if not address.isascii() or not address.isprintable() or " " in address:
        raise ValueError(f"an OSC address is printable ASCII without spaces, got {address!r}")


def address_text(address: str) -> str:
    """The address as written in a message cell: bare, unless `"` or `\\` in it needs quoting."""
    return quote_word(address) if '"' in address or "\\" in address else address


def convert(tag: str, word: str | None) -> OscValue:
    """The value of one argument, from its word in the text form."""
    if tag not in TAGS:
        raise ValueError(f"unknown OSC type tag {tag!r} (known: {''.join(sorted(TAGS))})")
    if tag in NO_VALUE_TAGS:
        return None
    if word is None:
        raise ValueError(f"type tag {tag!r} has no value")
    if tag in INT_TAGS:
        try:
            hexadecimal = word.lower().lstrip("+-").startswith("0x")
            number = int(word, 16) if hexadecimal else int(word)
        except ValueError:
            raise ValueError(f"{word!r} is not a whole number (type {tag})") from None
        return check_value(tag, number)
    if tag in FLOAT_TAGS:
        try:
            return check_value(tag, float(word))
        except ValueError as exc:
            if "could not convert" in str(exc):
                raise ValueError(f"{word!r} is not a number (type {tag})") from None
            raise
    return check_value(tag, word)


def check_value(tag: str, value: OscValue) -> OscValue:
    """The value, if it fits its tag; ValueError saying why not otherwise."""
    if tag not in TAGS:
        raise ValueError(f"unknown OSC type tag {tag!r} (known: {''.join(sorted(TAGS))})")
    if tag in NO_VALUE_TAGS:
        if value is not None:
            raise ValueError(f"type tag {tag!r} carries no value")
        return None
    if tag in INT_TAGS:
        bits = _INT_RANGE[tag]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"type {tag} needs a whole number, got {value!r}")
        if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
            raise ValueError(f"{value} does not fit in {bits} bits (type {tag})")
        return value
    if tag in FLOAT_TAGS:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"type {tag} needs a number, got {value!r}")
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"{value} is not a finite number (type {tag})")
        if tag == "f" and abs(value) > _FLOAT32_MAX:
            raise ValueError(f"{value} is too large for a 32-bit float (type f)")
        return value
    if not isinstance(value, str):
        raise ValueError(f"type {tag} needs text, got {value!r}")
    if "\0" in value:
        raise ValueError("OSC text cannot contain a NUL character")
    if tag == "c" and len(value) != 1:
        raise ValueError(f"type c is one character, got {value!r}")
    return value


def value_text(tag: str, value: OscValue) -> str:
    if tag in NO_VALUE_TAGS:
        return ""
    if tag in FLOAT_TAGS:
        assert isinstance(value, float)
        return format_number(value)
    return quote_word(str(value)) if tag in STRING_TAGS else str(value)


def parse_args(tags: str, words: list[str]) -> tuple[OscArg, ...]:
    """Typed arguments from a type-tag word and the value words that follow it."""
    for tag in tags:  # an unknown tag first: counting values for it would mislead
        if tag not in TAGS:
            raise ValueError(f"unknown OSC type tag {tag!r} (known: {''.join(sorted(TAGS))})")
    need = sum(1 for tag in tags if tag not in NO_VALUE_TAGS)
    if len(words) != need:
        raise ValueError(f"type tags {tags!r} take {need} value(s), got {len(words)}")
    values = iter(words)
    return tuple(
        (tag, convert(tag, None if tag in NO_VALUE_TAGS else next(values))) for tag in tags
    )


@dataclass(frozen=True)
class OscMessage:
    address: str
    args: tuple[OscArg, ...] = ()
    device_command: str = ""  # the `@device command ...` this message was made from, if any

    def __post_init__(self) -> None:
        check_address(self.address)
        # Normalise (a float tag holds a float even when given 1), so equality and text agree.
        args = tuple((str(tag), check_value(str(tag), value)) for tag, value in self.args)
        object.__setattr__(self, "args", args)

    @classmethod
    def parse(cls, text: str) -> Self:
        if is_command(text):
            made = expand(text, "osc")
            return cls(made.address, made.args, made.command)
        words = split_words(text)
        if not words:
            raise ValueError("an OSC cue needs a message: ADDRESS [TYPES VALUE ...]")
        address, *rest = words
        check_address(address)
        args = parse_args(rest[0], rest[1:]) if rest else ()
        return cls(address, args)

    def text(self) -> str:
        if self.device_command:
            return self.device_command
        address = address_text(self.address)
        if not self.args:
            return address
        tags = "".join(tag for tag, _ in self.args)
        values = [value_text(tag, value) for tag, value in self.args if tag not in NO_VALUE_TAGS]
        return " ".join([address, tags, *values])

    def message_text(self) -> str:
        """The message itself in oscsend's form, even when the cue was written as a command."""
        return replace(self, device_command="").text()

    def to_json(self) -> JSONDict:
        data: JSONDict = {"address": self.address, "args": [[t, v] for t, v in self.args]}
        if self.device_command:
            data["device_command"] = self.device_command
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        args = tuple((t, v) for t, v in data.get("args", ()))
        return cls(str(data["address"]), args, str(data.get("device_command", "")))


OSC = CueType(
    name="osc",
    payload=OscMessage,
    summary="Sends one OSC message: `ADDRESS [TYPES VALUE ...]`, as liblo's oscsend writes it.",
    target="destination",
    sends=frozenset({"osc"}),
)
