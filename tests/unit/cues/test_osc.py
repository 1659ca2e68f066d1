"""The OSC cue's message: oscsend's text form, every type tag, and the limits of each."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cues.base import CueError
from cues.osc import OSC, OscMessage

FLOAT32_MAX = 3.4028234663852886e38  # the largest finite IEEE 754 single


def parse(text: str) -> OscMessage:
    payload = OSC.parse(text)
    assert isinstance(payload, OscMessage)
    return payload


def rejected(text: str) -> CueError:
    with pytest.raises(CueError) as caught:
        OSC.parse(text)
    assert caught.value.field == "message"
    return caught.value


@pytest.mark.parametrize(
    ("text", "address", "args"),
    [
        ("/go", "/go", ()),
        ("/ch/01/mix/fader f 0.75", "/ch/01/mix/fader", (("f", 0.75),)),
        ('/eos/cmd s "Chan 1 At 50#"', "/eos/cmd", (("s", "Chan 1 At 50#"),)),
        ("/-action/goscene i 12", "/-action/goscene", (("i", 12),)),
        ("/eos/chan/1/at i -3", "/eos/chan/1/at", (("i", -3),)),
        ("/x h 9007199254740993", "/x", (("h", 9007199254740993),)),
        ("/x d 0.1", "/x", (("d", 0.1),)),
        ("/x S symbol", "/x", (("S", "symbol"),)),
        ("/x c A", "/x", (("c", "A"),)),
        ("/x T", "/x", (("T", None),)),
        ("/x F", "/x", (("F", None),)),
        ("/x N", "/x", (("N", None),)),
        ("/x I", "/x", (("I", None),)),
        ("  /go  ", "/go", ()),
    ],
)
def test_valid_messages_parse(text: str, address: str, args: tuple[Any, ...]) -> None:
    payload = parse(text)
    assert payload.address == address
    assert payload.args == args
    assert [type(value) for _, value in payload.args] == [type(value) for _, value in args]


def test_every_type_tag_in_one_message() -> None:
    text = "/x ihfdsScTFNI 1 -2 1.5 -2.25 hello World z"
    payload = parse(text)
    assert payload.args == (
        ("i", 1), ("h", -2), ("f", 1.5), ("d", -2.25), ("s", "hello"), ("S", "World"),
        ("c", "z"), ("T", None), ("F", None), ("N", None), ("I", None),
    )  # fmt: skip
    assert payload.text() == text
    assert parse(payload.text()) == payload


@pytest.mark.parametrize(
    ("payload", "text"),
    [
        (OscMessage("/go"), "/go"),
        (OscMessage("/ch/01/mix/fader", (("f", 0.75),)), "/ch/01/mix/fader f 0.75"),
        (OscMessage("/fader", (("f", 1),)), "/fader f 1"),
        (OscMessage("/fader", (("d", 2.0),)), "/fader d 2"),
        (OscMessage("/big", (("d", 1e300),)), "/big d 1e+300"),
        (OscMessage("/eos/cmd", (("s", "Chan 1 At 50#"),)), '/eos/cmd s "Chan 1 At 50#"'),
        (OscMessage("/s", (("s", ""),)), '/s s ""'),
        (OscMessage("/s", (("s", 'say "hi"'),)), r'/s s "say \"hi\""'),
        (OscMessage("/s", (("s", "C:\\shows\\a b"),)), r'/s s "C:\\shows\\a b"'),
        (OscMessage("/s", (("s", "it's"),)), '/s s "it\'s"'),
        (OscMessage("/s", (("s", "two\nlines"),)), '/s s "two\nlines"'),
        (OscMessage("/s", (("c", " "),)), '/s c " "'),
        (OscMessage("/s", (("T", None), ("i", 3))), "/s Ti 3"),
        (OscMessage('/a"b'), r'"/a\"b"'),
        (OscMessage("/a\\b"), r'"/a\\b"'),
        (OscMessage("/a'b[1-3]{x,y}*?"), "/a'b[1-3]{x,y}*?"),
    ],
)
def test_text_is_oscsend_form_and_reads_back(payload: OscMessage, text: str) -> None:
    assert payload.text() == text
    assert parse(text) == payload


@pytest.mark.parametrize(
    "value",
    ["with space", 'a "quoted" word', "back\\slash", "\\", '"', '\\"', "  ", "tab\there", "é ü"],
)
def test_strings_round_trip_through_the_text_form(value: str) -> None:
    for tag in "sS":
        payload = OscMessage("/x", ((tag, value),))
        assert parse(payload.text()).args == ((tag, value),)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("/x i 2147483647", 2**31 - 1),
        ("/x i -2147483648", -(2**31)),
        ("/x i 0x7fffffff", 2**31 - 1),
        ("/x i -0x80000000", -(2**31)),
        ("/x h 9223372036854775807", 2**63 - 1),
        ("/x h -9223372036854775808", -(2**63)),
        ("/x h 2147483648", 2**31),
    ],
)
def test_whole_numbers_up_to_their_width(text: str, value: int) -> None:
    assert parse(text).args[0][1] == value


@pytest.mark.parametrize(
    ("text", "bits"),
    [
        ("/x i 2147483648", 32),
        ("/x i -2147483649", 32),
        ("/x i 0x80000000", 32),
        ("/x h 9223372036854775808", 64),
        ("/x h -9223372036854775809", 64),
    ],
)
def test_whole_numbers_beyond_their_width_are_rejected(text: str, bits: int) -> None:
    error = rejected(text)
    assert f"does not fit in {bits} bits" in error.reason


@pytest.mark.parametrize("word", ["1.5", "1e3", "abc", "0x", "one", "True"])
@pytest.mark.parametrize("tag", ["i", "h"])
def test_whole_number_tags_reject_other_words(tag: str, word: str) -> None:
    error = rejected(f"/x {tag} {word}")
    assert error.reason == f"{word!r} is not a whole number (type {tag})"


def test_a_leading_zero_int_reads_as_the_number() -> None:
    """`01` is the number 1 (leading zeros are allowed); the text then shows it as `1`."""
    payload = parse("/x i 01")
    assert payload.args == (("i", 1),)
    assert payload.text() == "/x i 1"
    assert parse("/x s 01").args == (("s", "01"),)  # as a string it stays as typed
    assert parse("/ch/01/mix/on i 0").address == "/ch/01/mix/on"


def test_float32_holds_up_to_its_largest_finite_value() -> None:
    assert parse(f"/x f {FLOAT32_MAX!r}").args == (("f", FLOAT32_MAX),)
    assert parse(f"/x f {-FLOAT32_MAX!r}").args == (("f", -FLOAT32_MAX),)
    assert parse("/x d 3.5e38").args == (("d", 3.5e38),)  # a double holds it


@pytest.mark.parametrize("word", ["3.5e38", "-3.5e38", "1e39"])
def test_float32_overflow_is_rejected(word: str) -> None:
    assert "too large for a 32-bit float" in rejected(f"/x f {word}").reason


@pytest.mark.parametrize("tag", ["f", "d"])
@pytest.mark.parametrize("word", ["inf", "-inf", "nan", "1e400"])
def test_floats_must_be_finite(tag: str, word: str) -> None:
    assert "not a finite number" in rejected(f"/x {tag} {word}").reason


@pytest.mark.parametrize("tag", ["f", "d"])
def test_float_tags_reject_words(tag: str) -> None:
    assert rejected(f"/x {tag} loud").reason == f"'loud' is not a number (type {tag})"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("/x i", "type tags 'i' take 1 value(s), got 0"),
        ("/x ii 1", "type tags 'ii' take 2 value(s), got 1"),
        ("/x i 1 2", "type tags 'i' take 1 value(s), got 2"),
        ("/x T 1", "type tags 'T' take 0 value(s), got 1"),
        ("/x sTf a", "type tags 'sTf' take 2 value(s), got 1"),
    ],
)
def test_the_number_of_values_must_match_the_tags(text: str, reason: str) -> None:
    assert rejected(text).reason == reason


@pytest.mark.parametrize("text", ["/x b", "/x b 00", "/x ib 1 00", "/x bi"])
def test_unknown_tags_are_named_before_values_are_counted(text: str) -> None:
    assert rejected(text).reason == "unknown OSC type tag 'b' (known: FINSTcdfhis)"


def test_a_message_without_its_type_tags_names_the_first_unknown_one() -> None:
    """The usual slip: the value without its tag. The first letter is read as a tag."""
    assert rejected('/eos/cmd "Chan 1"').reason.startswith("unknown OSC type tag 'C'")


@pytest.mark.parametrize("word", ["ab", '""'])
def test_a_char_is_one_character(word: str) -> None:
    assert "type c is one character" in rejected(f"/x c {word}").reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "an OSC cue needs a message: ADDRESS [TYPES VALUE ...]"),
        ("   ", "an OSC cue needs a message: ADDRESS [TYPES VALUE ...]"),
        ("go", "an OSC address starts with '/', got 'go'"),
        ("eos/cmd s x", "an OSC address starts with '/', got 'eos/cmd'"),
        ('"/a b"', "an OSC address is printable ASCII without spaces, got '/a b'"),
        ("/caf\u00e9", "an OSC address is printable ASCII without spaces, got '/café'"),
        ('/x s "open', "no closing quotation in '/x s \"open'"),
    ],
)
def test_bad_addresses_and_text_are_rejected(text: str, reason: str) -> None:
    assert rejected(text).reason == reason


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ((("i", 1.0),), "type i needs a whole number"),
        ((("i", True),), "type i needs a whole number"),
        ((("h", "1"),), "type h needs a whole number"),
        ((("f", "1"),), "type f needs a number"),
        ((("f", False),), "type f needs a number"),
        ((("s", 1),), "type s needs text"),
        ((("s", "a\0b"),), "cannot contain a NUL"),
        ((("T", True),), "type tag 'T' carries no value"),
        ((("x", 1),), "unknown OSC type tag 'x'"),
        ((("ff", 1.0),), "unknown OSC type tag 'ff'"),
    ],
)
def test_constructed_arguments_are_checked(args: Any, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        OscMessage("/x", args)


def test_float_tags_hold_floats_even_when_given_ints() -> None:
    payload = OscMessage("/x", (("f", 1), ("d", 2)))
    assert payload == OscMessage("/x", (("f", 1.0), ("d", 2.0)))
    assert [type(value) for _, value in payload.args] == [float, float]
    assert payload.to_json() == {"address": "/x", "args": [["f", 1.0], ["d", 2.0]]}


def test_json_form_and_identity() -> None:
    payload = parse('/x ifsTN 7 0.5 "a b"')
    data = payload.to_json()
    assert data == {
        "address": "/x",
        "args": [["i", 7], ["f", 0.5], ["s", "a b"], ["T", None], ["N", None]],
    }
    assert OscMessage.from_json(json.loads(json.dumps(data))) == payload
    assert OscMessage.from_json({"address": "/go"}) == OscMessage("/go")


def test_the_osc_type_sends_osc_to_a_destination() -> None:
    assert OSC.name == "osc"
    assert OSC.target == "destination"
    assert OSC.sends == frozenset({"osc"})
    assert OSC.duration == "instant"
    assert OSC.column == "message"
