"""Times as people write them in cue sheets, and as the listing shows them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from showdesk.timefmt import format_clock, parse_seconds


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("0", 0.0), ("1.5", 1.5), (" 1.5 ", 1.5), ("60", 60.0), ("90.25", 90.25), (".5", 0.5),
        ("2:30", 150.0), ("0:05", 5.0), ("2:30.5", 150.5), ("90:00", 5400.0), ("0:59.999", 59.999),
        ("1:02:03.5", 3723.5), ("1:02:03", 3723.0), ("0:00:00", 0.0), ("10:00:00", 36000.0),
        ("1:02:03.", 3723.0),
    ],
)  # fmt: skip
def test_times_people_write(text: str, seconds: float) -> None:
    assert parse_seconds(text) == seconds


@pytest.mark.parametrize(
    "text", ["", "abc", "1.5s", "1:2:3:4", ":30", "1:", "1::2", "-1:00", "1:-5", "1:30:", "1 30"]
)
def test_other_forms_are_not_times(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not a time \(write 1\.5, 2:30 or 1:02:03\)"):
        parse_seconds(text)


@pytest.mark.parametrize(
    "text", ["0:60", "1:60", "2:60.0", "1:60:00", "1:00:60", "0:59.9999999999999999"]
)
def test_sixty_seconds_or_minutes_in_a_clock_time_are_rejected(text: str) -> None:
    with pytest.raises(ValueError, match="minutes and seconds run from 0 to 59"):
        parse_seconds(text)


@pytest.mark.parametrize("text", ["-1", "-0.5"])
def test_times_are_not_negative(text: str) -> None:
    with pytest.raises(ValueError, match="a time is 0 seconds or more"):
        parse_seconds(text)


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-inf", "1e400"])
def test_nan_and_infinity_are_not_times(text: str) -> None:
    # Issue 11 (17): `nan` was "a time is 0 seconds or more, got 'nan'".
    with pytest.raises(ValueError, match=rf"^'{text}' is not a time \(write"):
        parse_seconds(text)


@pytest.mark.parametrize("text", ["24:00:01", "86400.5", "9999999:00:00", "1e300"])
def test_times_are_at_most_a_day(text: str) -> None:
    with pytest.raises(ValueError, match=r"too long: a time is at most 24 hours \(24:00:00\)"):
        parse_seconds(text)
    assert parse_seconds("24:00:00") == 86400


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0"), (0.5, "0.5"), (1.25, "1.25"), (59, "59"), (60, "1:00"), (90, "1:30"),
        (150.5, "2:30.5"), (3600, "1:00:00"), (3723.5, "1:02:03.5"), (36000, "10:00:00"),
        (0.0004, "0"), (0.001, "0.001"), (2.0001, "2"),
        # Rounding to the millisecond carries into seconds, minutes and hours.
        (59.9996, "1:00"), (119.9999, "2:00"), (3599.9999, "1:00:00"), (0.9999, "1"),
        (-1.5, "-1.5"), (-90, "-1:30"), (-0.0001, "0"),
    ],
)  # fmt: skip
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


@settings(max_examples=300)
@given(st.floats(min_value=0, max_value=86400, allow_nan=False))
def test_a_formatted_time_reads_back_to_the_millisecond(seconds: float) -> None:
    assert parse_seconds(format_clock(seconds)) == pytest.approx(seconds, abs=0.0005 + 1e-9)
