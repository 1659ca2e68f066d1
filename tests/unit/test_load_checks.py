"""What a show is checked for when it loads, kept when the checks were made cheaper (2026-12-02):
a packet's size is counted without encoding it, and cues are read without sqlite-utils' rows."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import fields, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cues.base import Cue, CueError
from cues.fade import FadeRamp
from cues.limits import MAX_SECONDS, MAX_UDP_PAYLOAD
from cues.midi import MidiMessages
from cues.msc import MscCommand
from cues.osc import OscArg, OscMessage
from cues.registry import cue_type
from showdesk.cli import main
from showdesk.engine.broken import broken_reasons, largest_packet
from showdesk.engine.compile import compile_cues, encode
from showdesk.errors import ShowFileError
from showdesk.settings import Settings
from showdesk.showfile import ShowFile
from showdesk.wire.osc import ValueTemplate, encode_message, message_size
from tests.unit.cues.strategies import (
    cues_of_any_type,
    fade_ramps,
    midi_messages,
    msc_commands,
    osc_messages,
)
from tests.unit.test_engine import PATCH, cue


@given(osc_messages())
def test_a_counted_osc_message_is_as_long_as_its_bytes(message: OscMessage) -> None:
    assert message_size(message.address, message.args) == len(
        encode_message(message.address, message.args)
    )


def test_counting_pads_every_string_length_and_tag_count_as_encoding_does() -> None:
    for length in range(9):
        for text in ("x" * length, "é" * length):
            args: list[OscArg] = [
                ("s", text),
                ("S", text),
                ("c", "é"),
                ("h", 1),
                ("d", 0.5),
                ("T", None),
            ]
            for count in range(len(args) + 1):
                address = "/" + "a" * length
                assert message_size(address, args[:count]) == len(
                    encode_message(address, args[:count])
                )


@given(fade_ramps())
def test_a_fade_steps_packet_is_counted_as_long_as_it_is(ramp: FadeRamp) -> None:
    fade = Cue(cue_type("fade"), ramp, target="LX", duration=1.0)
    assert largest_packet(fade) == len(ValueTemplate(ramp.address, ramp.tag).encode(0.0))


@given(st.one_of(midi_messages(), msc_commands()))
def test_a_midi_cues_largest_packet_is_its_largest_send(payload: MidiMessages | MscCommand) -> None:
    kind = cue_type("midi" if isinstance(payload, MidiMessages) else "msc")
    made = Cue(kind, payload, target="MIX")
    assert largest_packet(made) == max(len(send.data) for send in encode(made))


def test_a_message_too_large_for_a_datagram_is_broken_from_the_load_with_its_real_size() -> None:
    # 8 bytes of address, 4 of tags, the string and its NUL padded to 4: one character more
    # than `fits` crosses the limit.
    fits = "x" * (MAX_UDP_PAYLOAD - 16)
    too_large = fits + "x"
    cues = [
        cue("osc", "1", f'/big s "{fits}"', target="LX"),
        cue("osc", "2", f'/big s "{too_large}"', target="LX"),
        cue("osc", "3", f'/big s "{too_large}"', target="MIX"),  # MIDI: the wrong kind, first
    ]
    size = len(encode_message("/big", [("s", too_large)]))
    reasons = broken_reasons(cues, PATCH)
    assert len(encode_message("/big", [("s", fits)])) <= MAX_UDP_PAYLOAD < size
    assert reasons == {
        cues[1].id: f"the message is {size:,} bytes; one UDP datagram carries at most "
        f"{MAX_UDP_PAYLOAD:,} (send it over osc.tcp, or make it shorter)",
        cues[2].id: "MIX is MIDI; osc cues send OSC",
    }
    engine = {c.id: c.broken for c in compile_cues(cues, PATCH, Settings()).show.cues if c.broken}
    assert reasons == engine


# -- reading cues: sqlite3's tuples, a payload read once per stored text ---------------------


@pytest.fixture
def show(tmp_path: Path) -> Iterator[ShowFile]:
    with ShowFile.create(tmp_path / "t.showdesk") as made:
        yield made


# No deadline: each example commits to a real file with synchronous=FULL, and this disk's
# sync takes up to a second now and then (an example took 1.15 s once, 2 ms when rerun).
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.lists(cues_of_any_type(), max_size=6, unique_by=lambda c: c.number or c.id))
def test_a_list_reads_back_as_stored(show: ShowFile, cues: list[Cue]) -> None:
    show.clear_list("Main")
    stored = [replace(c, parent=None) for c in cues]  # groups' links are another test's
    show.add_cues(stored)
    assert show.cues() == stored


def test_cues_with_the_same_stored_message_are_each_checked(show: ShowFile) -> None:
    """One payload object serves both memos and both OSC cues, but each cue's own fields are
    checked: the second memo's duration is refused, naming it."""
    show.add_cues([
        cue("memo", "1"), cue("osc", "2", "/go", target="LX"),
        cue("memo", "3"), cue("osc", "4", "/go", target="LX"),
    ])  # fmt: skip
    first, second, third, fourth = show.cues()
    assert first.payload is third.payload
    assert second.payload is fourth.payload
    show.db.execute("UPDATE cues SET duration = 2 WHERE number = '3'")
    with pytest.raises(ShowFileError, match=r"a stored cue is not valid: cue 3: duration: a memo"):
        show.cues()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("payload", "not json", "cue 2: message: stored payload is not valid: "),
        ("continue_mode", "auto-go", "cue 2: continue: unknown continue mode 'auto-go'"),
        ("pre_wait", float("inf"), "cue 2: pre_wait: must be a number of seconds, got inf"),
        ("post_wait", MAX_SECONDS * 2, "cue 2: post_wait: must be at most 24 hours"),
        ("duration", -1.0, "cue 2: duration: must be 0 seconds or more, got -1"),
        ("pre_wait", "soon", "cue 2: pre_wait: must be a number of seconds, got 'soon'"),
        ("type", "video", "cue 2: type: unknown cue type 'video'"),
    ],
)
def test_a_bad_stored_cue_is_refused_with_its_message(
    show: ShowFile, column: str, value: object, message: str
) -> None:
    show.add_cues([cue("osc", "1", "/go", target="LX"), cue("osc", "2", "/go", target="LX")])
    show.db.execute(f"UPDATE cues SET {column} = ? WHERE number = '2'", [value])
    with pytest.raises(ShowFileError) as refused:
        show.cues()
    assert f"a stored cue is not valid: {message}" in str(refused.value)


def test_a_cue_made_from_its_fields_is_the_cue_and_needs_them_all() -> None:
    made = cue("osc", "1", "/go", target="LX", pre_wait=1.5, notes="n")
    values = {f.name: getattr(made, f.name) for f in fields(Cue)}
    assert Cue.from_fields(dict(values)) == made
    with pytest.raises(TypeError, match="needs every field"):
        Cue.from_fields({k: v for k, v in values.items() if k != "colour"})
    with pytest.raises(CueError, match="cue 1: pre_wait: must be a number of seconds, got True"):
        Cue.from_fields({**values, "pre_wait": True})


def test_an_engine_that_refuses_its_show_leaves_the_collector_on(
    show: ShowFile, capsys: pytest.CaptureFixture[str]
) -> None:
    """`showdesk run` holds garbage collection off while it loads (cli.py); a show it refuses
    must not leave the process without a collector, nor hide the reason."""
    show.add_cue(cue("memo", "1"))
    show.db.execute("UPDATE cues SET pre_wait = ?", [MAX_SECONDS * 2])
    assert main(["run", str(show.path)]) == 1
    assert gc.isenabled()
    assert "a stored cue is not valid: cue 1: pre_wait: must be at most 24 hours" in (
        capsys.readouterr().err
    )
