"""The fade cue: an OSC numeric ramp from one value to another over the cue's duration.

Text form: `ADDRESS TYPE FROM -> TO [rate=HZ] [curve=linear|s]`, for example
`/ch/01/mix/fader f 0.0 -> 0.75 rate=40`. The engine sends the ramp's values at `rate` per second
on absolute deadlines and ends on exactly `TO`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Self

from cues.base import CueType, JSONDict
from cues.limits import fade_steps_problem
from cues.osc import (
    FLOAT_TAGS,
    INT_TAGS,
    address_text,
    check_address,
    check_value,
    convert,
    value_text,
)
from cues.text import format_number, parse_options, split_words

Curve = Literal["linear", "s"]
CURVES: tuple[Curve, ...] = ("linear", "s")
DEFAULT_RATE = 40.0
MAX_RATE = 1000.0
NUMERIC_TAGS = INT_TAGS | FLOAT_TAGS


def rate_problem(rate: object) -> str:
    """Why `rate` is not a fade's rate in Hz ("" when it is)."""
    if isinstance(rate, bool) or not isinstance(rate, int | float):
        return f"rate must be a number, got {rate!r}"
    if not (math.isfinite(rate) and 0 < rate <= MAX_RATE):
        return f"rate must be above 0 and at most {MAX_RATE:g} Hz, got {rate:g}"
    return ""


def parse_rate(text: str) -> float:
    """A rate as written after `rate=` (the sheet) or in the inspector's Rate field."""
    try:
        rate = float(text)
    except ValueError:
        raise ValueError(f"rate must be a number of Hz, got {text!r}") from None
    if problem := rate_problem(rate):
        raise ValueError(problem)
    return rate


@dataclass(frozen=True)
class FadeRamp:
    address: str
    tag: str
    start: float
    end: float
    rate: float = DEFAULT_RATE
    curve: Curve = "linear"

    def __post_init__(self) -> None:
        check_address(self.address)
        if self.tag not in NUMERIC_TAGS:
            raise ValueError(f"a fade ramps a number: type i, h, f or d, got {self.tag!r}")
        object.__setattr__(self, "start", check_value(self.tag, self.start))
        object.__setattr__(self, "end", check_value(self.tag, self.end))
        if problem := rate_problem(self.rate):
            raise ValueError(problem)
        if self.curve not in CURVES:
            raise ValueError(f"curve must be one of {', '.join(CURVES)}, got {self.curve!r}")

    @classmethod
    def parse(cls, text: str) -> Self:
        words = split_words(text)
        if len(words) < 5 or words[3] != "->":
            raise ValueError(
                "a fade is written ADDRESS TYPE FROM -> TO [rate=HZ] [curve=linear|s], "
                f"got {text!r}"
            )
        address, tag, start, _, end, *rest = words
        check_address(address)
        if tag not in NUMERIC_TAGS:
            raise ValueError(f"a fade ramps a number: type i, h, f or d, got {tag!r}")
        options = parse_options(rest, ("rate", "curve"))
        rate = parse_rate(options["rate"]) if "rate" in options else DEFAULT_RATE
        curve = options.get("curve", "linear")
        if curve not in CURVES:
            raise ValueError(f"curve must be one of {', '.join(CURVES)}, got {curve!r}")
        from_value, to_value = convert(tag, start), convert(tag, end)
        assert isinstance(from_value, int | float)
        assert isinstance(to_value, int | float)
        return cls(address, tag, from_value, to_value, rate, curve)

    def check_duration(self, duration: float) -> None:
        """ValueError when a fade of `duration` at this rate would send too many values."""
        if problem := fade_steps_problem(duration, self.rate):
            raise ValueError(problem)

    def text(self) -> str:
        words = [address_text(self.address), self.tag, value_text(self.tag, self.start), "->"]
        words.append(value_text(self.tag, self.end))
        if self.rate != DEFAULT_RATE:
            words.append(f"rate={format_number(float(self.rate))}")
        if self.curve != "linear":
            words.append(f"curve={self.curve}")
        return " ".join(words)

    def to_json(self) -> JSONDict:
        return {
            "address": self.address,
            "tag": self.tag,
            "from": self.start,
            "to": self.end,
            "rate": self.rate,
            "curve": self.curve,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            str(data["address"]),
            str(data["tag"]),
            data["from"],
            data["to"],
            float(data.get("rate", DEFAULT_RATE)),
            data.get("curve", "linear"),
        )


FADE = CueType(
    name="fade",
    payload=FadeRamp,
    summary="Ramps an OSC number over its duration: `ADDRESS TYPE FROM -> TO [rate=HZ] "
    "[curve=linear|s]`.",
    target="destination",
    duration="timed",
    default_duration=5.0,  # QLab's default fade time
    sends=frozenset({"osc"}),
)
