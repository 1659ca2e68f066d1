"""Any valid values for any bundled command: the cue reads back from its own text and JSON."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cues.midi import MIDI
from cues.osc import OSC
from showdesk.profiles import catalogue
from showdesk.profiles.model import Command, Param, Profile


def _value(param: Param) -> st.SearchStrategy[str]:
    if param.type == "int":
        low = int(param.min) if param.min is not None else 0
        high = int(param.max) if param.max is not None else 2**31 - 1
        return st.integers(low, high).map(str)
    if param.type == "float":
        low = float(param.min) if param.min is not None else -1e6
        high = float(param.max) if param.max is not None else 1e6
        return st.floats(low, high, allow_nan=False, width=32).map(repr)
    if param.type == "enum":
        return st.sampled_from(param.values)
    if param.type == "cue":
        return st.from_regex(r"\A[0-9]{1,4}(\.[0-9]{1,3})?\Z")
    # Strings: anything printable, unless it goes into an OSC address.
    return st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1)


def _commands() -> list[tuple[Profile, Command]]:
    return [(p, c) for p in catalogue().profiles.values() if p.bundled for c in p.commands.values()]


@st.composite
def commands(draw: st.DrawFn) -> str:
    profile, command = draw(st.sampled_from(_commands()))
    words = [f"@{profile.id}", command.name]
    for param in command.params:
        if param.default is not None and draw(st.booleans()):
            continue
        value = draw(_value(param))
        if param.type == "string" and f"{{{param.name}}}" in command.address:
            value = draw(st.from_regex(r"\A[A-Za-z0-9._+-]{1,12}\Z"))
        elif param.type == "string" and f"{{/{param.name}}}" in command.address:
            value = draw(st.from_regex(r"\A[A-Za-z0-9._+-]{0,12}\Z"))  # a level that may go
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        words.append(f'{param.name}="{escaped}"')
    return " ".join(words)


@settings(max_examples=300, deadline=None)
@given(commands())
def test_every_command_round_trips_through_text_and_json(command: str) -> None:
    kind = OSC if command.split()[0] in {f"@{p.id}" for p in catalogue().profiles.values()
                                         if p.cue_type == "osc"} else MIDI  # fmt: skip
    payload = kind.parse(command)
    assert kind.parse(payload.text()) == payload
    assert kind.from_json(payload.to_json()) == payload
    assert payload.text().startswith(command.split()[0] + " ")


@pytest.mark.parametrize("text", ["level=1e-05", "level=0.1"])
def test_float_values_are_written_back_exactly(text: str) -> None:
    payload = OSC.parse(f"@x32 main_fader {text}")
    assert OSC.parse(payload.text()) == payload
    assert payload.args[0][1] == float(text.split("=")[1])
