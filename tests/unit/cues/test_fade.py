"""The fade cue's ramp: `ADDRESS TYPE FROM -> TO [rate=HZ] [curve=linear|s]`."""

from __future__ import annotations

import json

import pytest

from cues.base import CueError
from cues.fade import FADE, FadeRamp


def parse(text: str) -> FadeRamp:
    payload = FADE.parse(text)
    assert isinstance(payload, FadeRamp)
    return payload


def rejected(text: str) -> CueError:
    with pytest.raises(CueError) as caught:
        FADE.parse(text)
    assert caught.value.field == "message"
    return caught.value


SYNTAX = "a fade is written ADDRESS TYPE FROM -> TO [rate=HZ] [curve=linear|s], got "


@pytest.mark.parametrize(
    ("text", "ramp", "canonical"),
    [
        (
            "/ch/01/mix/fader f 0.0 -> 0.75 rate=40",
            FadeRamp("/ch/01/mix/fader", "f", 0.0, 0.75),
            "/ch/01/mix/fader f 0 -> 0.75",
        ),
        (
            "/eos/sub/1 f 1 -> 0 rate=25.5 curve=s",
            FadeRamp("/eos/sub/1", "f", 1.0, 0.0, 25.5, "s"),
            "/eos/sub/1 f 1 -> 0 rate=25.5 curve=s",
        ),
        (
            "/gma3/Page1/Fader201 i 0 -> 100 CURVE=linear RATE=1000",
            FadeRamp("/gma3/Page1/Fader201", "i", 0, 100, 1000.0),
            "/gma3/Page1/Fader201 i 0 -> 100 rate=1000",
        ),
        ("/x h -5 -> 0x10", FadeRamp("/x", "h", -5, 16), "/x h -5 -> 16"),
        ("/x d 0.1 -> 1e+300 rate=0.5", FadeRamp("/x", "d", 0.1, 1e300, 0.5), None),
        ('"/a\\"b" f 0 -> 1', FadeRamp('/a"b', "f", 0.0, 1.0), None),
    ],
)
def test_valid_ramps_parse_and_read_back(text: str, ramp: FadeRamp, canonical: str | None) -> None:
    assert parse(text) == ramp
    assert parse(ramp.text()) == ramp
    assert ramp.text() == (canonical or text)


def test_an_int_ramp_keeps_ints_and_a_float_ramp_floats() -> None:
    ints = parse("/x i 0 -> 100")
    assert (type(ints.start), type(ints.end)) == (int, int)
    floats = parse("/x f 0 -> 1")
    assert (type(floats.start), type(floats.end)) == (float, float)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "/x f 0 1",
        "/x f 0 to 1",
        "/x f 0->1",
        "/x f 0 ->",
        "/x 0 -> 1",
        "/x f -> 0 1",
    ],
)
def test_syntax_errors_show_the_form(text: str) -> None:
    assert rejected(text).reason == f"{SYNTAX}{text!r}"


@pytest.mark.parametrize("tag", ["s", "S", "c", "T", "N", "if", "x"])
def test_only_numbers_are_ramped(tag: str) -> None:
    assert rejected(f"/x {tag} 0 -> 1").reason == (
        f"a fade ramps a number: type i, h, f or d, got {tag!r}"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("/x f quiet -> 1", "'quiet' is not a number (type f)"),
        ("/x f 0 -> loud", "'loud' is not a number (type f)"),
        ("/x i 0 -> 0.5", "'0.5' is not a whole number (type i)"),
        ("/x i 0 -> 2147483648", "2147483648 does not fit in 32 bits (type i)"),
        ("/x f 0 -> 1e39", "1e+39 is too large for a 32-bit float (type f)"),
        ("/x d 0 -> nan", "nan is not a finite number (type d)"),
        ("x f 0 -> 1", "an OSC address starts with '/', got 'x'"),
    ],
)
def test_values_and_address_are_checked_as_osc_would(text: str, reason: str) -> None:
    assert rejected(text).reason == reason


@pytest.mark.parametrize("rate", ["0", "-1", "1000.001", "1e9", "inf", "nan"])
def test_rate_is_above_zero_and_at_most_1000_hz(rate: str) -> None:
    reason = rejected(f"/x f 0 -> 1 rate={rate}").reason
    assert reason.startswith("rate must be above 0 and at most 1000 Hz, got ")


@pytest.mark.parametrize("rate", ["0.001", "1", "1000", "1e3"])
def test_rates_in_range_are_kept(rate: str) -> None:
    assert parse(f"/x f 0 -> 1 rate={rate}").rate == float(rate)


@pytest.mark.parametrize("rate", ["fast", "", "40Hz"])
def test_rate_must_be_a_number(rate: str) -> None:
    assert (
        rejected(f"/x f 0 -> 1 rate={rate}").reason == f"rate must be a number of Hz, got {rate!r}"
    )


@pytest.mark.parametrize("curve", ["cubic", "S", "", "exp"])
def test_curve_is_linear_or_s(curve: str) -> None:
    assert rejected(f"/x f 0 -> 1 curve={curve}").reason == (
        f"curve must be one of linear, s, got {curve!r}"
    )


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ("speed=2", "unknown option 'speed' (known: rate, curve)"),
        ("rate=10 rate=20", "option 'rate' is given twice"),
        ("fast", "expected key=value, got 'fast'"),
        ("=5", "expected key=value, got '=5'"),
    ],
)
def test_options_are_key_value_once_each(extra: str, reason: str) -> None:
    assert rejected(f"/x f 0 -> 1 {extra}").reason == reason


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"tag": "s"}, "a fade ramps a number"),
        ({"start": 0.5, "tag": "i"}, "type i needs a whole number"),
        ({"rate": True}, "rate must be a number"),
        ({"rate": "40"}, "rate must be a number"),
        ({"rate": 0}, "rate must be above 0"),
        ({"curve": "S"}, "curve must be one of linear, s"),
        ({"address": "fader"}, "starts with '/'"),
    ],
)
def test_constructed_ramps_are_checked(kwargs: dict[str, object], problem: str) -> None:
    fields: dict[str, object] = {"address": "/x", "tag": "f", "start": 0, "end": 1, **kwargs}
    with pytest.raises(ValueError, match=problem):
        FadeRamp(**fields)  # type: ignore[arg-type]


def test_json_form_and_identity() -> None:
    ramp = parse("/x f 0.25 -> 0.75 rate=20 curve=s")
    data = ramp.to_json()
    assert data == {
        "address": "/x", "tag": "f", "from": 0.25, "to": 0.75, "rate": 20.0, "curve": "s",
    }  # fmt: skip
    assert FadeRamp.from_json(json.loads(json.dumps(data))) == ramp
    minimal = {"address": "/x", "tag": "i", "from": 0, "to": 9}
    assert FadeRamp.from_json(minimal) == FadeRamp("/x", "i", 0, 9, 40.0, "linear")


def test_the_fade_type_is_timed_with_five_seconds_by_default() -> None:
    assert FADE.duration == "timed"
    assert FADE.default_duration == 5.0
    assert FADE.target == "destination"
    assert FADE.sends == frozenset({"osc"})
