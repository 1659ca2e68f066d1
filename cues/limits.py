"""Limits on what a show may hold, in one place for everyone who checks a value.

No value from a sheet, an editor, a file or the engine protocol may hang, crash or flood the
engine. Import, `check`, the editors (the inspector) and the engine all read these numbers, so a
value refused in one place is refused, with the same sentence, in every other.
"""

from __future__ import annotations

import math

# Pre-wait, duration and post-wait: a day. Nothing in a show waits longer, and beyond this the
# timing loop's sleeps and the fade step counts stop being sensible numbers.
MAX_SECONDS = 24 * 3600.0
MAX_SECONDS_TEXT = "24 hours (24:00:00)"
# Values one fade cue sends (its rate times its duration): an hour at 100 Hz, six minutes at the
# maximum rate of 1000 Hz. Every value is a `sent` event in the run log.
MAX_FADE_STEPS = 360_000
# One cell of a CSV sheet, in characters. Python's csv module stops at 131,072 with a traceback.
MAX_CELL_CHARS = 65_536
# The most one UDP datagram carries over IPv4 (65,535 less the 8-byte UDP and 20-byte IP
# headers); a larger OSC packet cannot be sent to an osc.udp destination at all.
MAX_UDP_PAYLOAD = 65_507
# A host name (RFC 1035, as the resolver takes it): 253 characters, labels of 1 to 63.
MAX_HOST_NAME = 253
MAX_HOST_LABEL = 63


def seconds_problem(value: float) -> str:
    """Why `value` is not an allowed time in seconds ("" when it is)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"must be a number of seconds, got {value!r}"
    if math.isnan(value) or math.isinf(value):
        return f"must be a number of seconds, got {value}"
    if value < 0:
        return f"must be 0 seconds or more, got {value:g}"
    if value > MAX_SECONDS:
        return f"must be at most {MAX_SECONDS_TEXT}, got {value:g} seconds"
    return ""


def fade_steps(duration: float, rate: float) -> int:
    """About how many values a fade of `duration` seconds at `rate` Hz sends."""
    return math.ceil(duration * rate) + 1


def fade_steps_problem(duration: float, rate: float) -> str:
    """Why a fade of `duration` at `rate` sends too many values ("" when it does not)."""
    steps = fade_steps(duration, rate)
    if steps <= MAX_FADE_STEPS:
        return ""
    return (
        f"a fade sends at most {MAX_FADE_STEPS:,} values; {duration:g} s at {rate:g} Hz would "
        f"send {steps:,}: shorten it or lower its rate (rate=HZ)"
    )
