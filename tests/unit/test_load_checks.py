"""What a show is checked for when it loads, kept when the checks were made cheaper (2026-12-02):
a packet's size is counted without encoding it, and cues are read without sqlite-utils' rows."""

from __future__ import annotations

from hypothesis import given

from cues.base import Cue
from cues.fade import FadeRamp
from cues.limits import MAX_UDP_PAYLOAD
from cues.osc import OscArg, OscMessage
from cues.registry import cue_type
from showdesk.engine.compile import broken_reasons, compile_cues, largest_packet
from showdesk.settings import Settings
from showdesk.wire.osc import ValueTemplate, encode_message, message_size
from tests.unit.cues.strategies import fade_ramps, osc_messages
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
