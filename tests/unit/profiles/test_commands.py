"""A bad profile command is refused with a reason that names what is wrong."""

from __future__ import annotations

import re

import pytest

from cues.base import CueError
from cues.midi import MIDI
from cues.msc import MSC
from cues.osc import OSC
from showdesk.profiles import expand


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        ("@eoss fire list=1 cue=1", "unknown device profile 'eoss' (known: digico, dlive, eos,"),
        ("@", "a profile command is @DEVICE COMMAND"),
        ("@eos", "@eos needs a command (its commands: fire, go, cmd,"),
        ("@eos fier list=1 cue=1", "eos has no command 'fier' (its commands: fire,"),
        ("@eos fire list=1", "eos fire needs cue (cue number): @eos fire list=… cue=…"),
        ("@eos fire cue=1", "eos fire needs list (int 1-999)"),
        ("@eos fire list=1 cue=1 q=2", "eos fire has no parameter 'q' (it takes list, cue)"),
        ("@eos go now=1", "eos go has no parameter 'now' (it takes no parameters)"),
        ("@eos fire list=1 list=2 cue=1", "parameter list is given twice"),
        ("@eos fire list=1 cue", "expected key=value, got 'cue'"),
        ("@eos fire list=one cue=1", "parameter list: 'one' is not a whole number"),
        ("@eos fire list=1 cue=12.5.1", "parameter cue: '12.5.1' is not a cue number"),
        ("@eos fire list=1 cue=A", "parameter cue: 'A' is not a cue number"),
        ("@eos fire list=1000 cue=1", "parameter list: 1000 is above the maximum 1-999"),
        ("@eos fire list=0 cue=1", "parameter list: 0 is below the minimum 1-999"),
        ("@x32 fader ch=1 level=1.5", "x32 fader: parameter level: 1.5 is above the maximum 0-1"),
        ("@x32 fader ch=1 level=loud", "parameter level: 'loud' is not a number"),
        ("@x32 fader ch=1 level=nan", "parameter level: 'nan' is not a finite number"),
        ("@x32 main_mute state=maybe", "parameter state: 'maybe' is not one of on, off"),
        ("@qlab start cue=a/b", "'a/b' cannot go in an OSC address"),
        ('@qlab start cue="A 1"', "'A 1' cannot go in an OSC address"),
        ("@dlive scene scene=501", "parameter scene: 501 is above the maximum 1-500"),
        ("@eos cmd", "eos cmd needs text (string)"),
        ('@eos cmd text="Chan 1\nAt 50#"', "parameter text: 'Chan 1\\nAt 50#' has a control"),
    ],
)
def test_bad_commands_are_refused_naming_the_parameter(command: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        expand(command)


def test_a_profile_command_in_the_wrong_cue_type_says_which_type_to_use() -> None:
    with pytest.raises(CueError) as failed:
        MIDI.parse("@eos go")
    assert failed.value.field == "message"
    assert failed.value.reason == "@eos is an OSC device: its commands make osc cues, not midi cues"
    with pytest.raises(
        CueError, match="@sq is a MIDI device: its commands make midi cues, not osc"
    ):
        OSC.parse("@sq scene scene=1")
    with pytest.raises(CueError, match="its commands make midi cues, not msc cues"):
        MSC.parse("@dlive scene scene=1")


def test_a_bad_command_in_a_cue_is_a_message_column_error() -> None:
    with pytest.raises(CueError) as failed:
        OSC.parse("@x32 fader ch=33 level=0.5")
    assert failed.value.field == "message"
    assert "parameter ch: 33 is above the maximum 1-32" in failed.value.reason


def test_defaults_fill_in_and_are_not_written_back() -> None:
    made = expand("@ma3 go sequence=4")
    assert made.address == "/gma3/cmd"
    assert made.command == "@ma3 go sequence=4"
    other = expand("@ma3 go sequence=4 prefix=desk2")
    assert other.address == "/desk2/cmd"
    assert other.command == "@ma3 go sequence=4 prefix=desk2"
