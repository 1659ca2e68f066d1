"""Remote control's settings: off in a new show, loopback by default, checked values, and the
trigger map as a setting with channels 1-16."""

from __future__ import annotations

import pytest

from showdesk.errors import ShowFileError
from showdesk.remote.config import remote_config
from showdesk.remote.triggers import Trigger, TriggerMap, heard, parse_triggers
from showdesk.settings import Settings, parse_setting, setting_text
from showdesk.showfile import ShowFile


def test_a_new_show_has_remote_control_off_on_loopback_without_passcodes(show: ShowFile) -> None:
    settings = show.settings()
    assert (settings.remote, settings.remote_port, settings.remote_bind) == (
        False, 53000, "127.0.0.1")  # fmt: skip
    assert (settings.passcode, settings.view_passcode, settings.midi_in) == ("", "", "")
    config = remote_config(settings)
    assert not config.enabled
    assert config.loopback
    assert config.refusal() == ""


def test_the_command_line_turns_it_on_for_one_run_and_checks_what_it_is_given() -> None:
    config = remote_config(Settings(), remote=True, port=9000, bind="0.0.0.0")
    assert (config.enabled, config.port, config.bind) == (True, 9000, "0.0.0.0")
    assert "no passcode is set" in config.refusal()  # beyond loopback: closed without one
    assert remote_config(Settings(passcode="x"), remote=True, bind="0.0.0.0").refusal() == ""
    with pytest.raises(ShowFileError, match="port number"):
        remote_config(Settings(), remote=True, port=70000)
    with pytest.raises(ShowFileError, match="IP address"):
        remote_config(Settings(), remote=True, bind="everywhere")


@pytest.mark.parametrize(
    ("key", "text", "stored"),
    [
        ("remote", "on", True),
        ("remote_bind", " ::1 ", "::1"),
        ("remote_bind", "0.0.0.0", "0.0.0.0"),
        ("msc_device", "0x70, 1", "1,112"),
        ("msc_device", "ANY", "any"),
        ("passcode", "s3cret word", "s3cret word"),
    ],
)
def test_values_people_type_are_stored_one_way(key: str, text: str, stored: object) -> None:
    assert parse_setting(key, text) == stored


@pytest.mark.parametrize(
    ("key", "text", "says"),
    [
        ("remote_bind", "my laptop", "remote_bind is an IP address"),
        ("msc_device", "127", "device IDs 0-126"),
        ("passcode", "x" * 101, "up to 100 printable"),
        ("midi_triggers", "[{", "JSON list of triggers"),
        ("midi_triggers", '[{"message": "note", "channel": 0, "number": 60, "action": "go"}]',
         "trigger 1: a trigger's channel is 1-16, not 0"),
        ("midi_triggers", '[{"message": "cc", "channel": 1, "number": 64, "action": "start"}]',
         "needs the cue it starts"),
        ("midi_triggers", '[{"message": "cc", "channel": 1, "number": 64, "action": "panic",'
         ' "cue": "3"}]', "takes no cue"),
    ],
)  # fmt: skip
def test_wrong_values_are_refused_with_a_sentence(key: str, text: str, says: str) -> None:
    with pytest.raises(ShowFileError, match=says):
        parse_setting(key, text)


def test_the_trigger_map_round_trips_through_the_show_file(show: ShowFile) -> None:
    text = (
        '[{"message": "note", "channel": 10, "number": 36, "action": "go"},'
        ' {"message": "program", "channel": 1, "number": 5, "action": "start", "cue": "12"}]'
    )
    show.set_setting("midi_triggers", parse_setting("midi_triggers", text))
    triggers = parse_triggers(show.settings().midi_triggers)
    assert [t.text() for t in triggers] == [
        "note 36, channel 10 → go",
        "program change 5, channel 1 → start 12",
    ]
    assert setting_text(show.settings().midi_triggers).startswith('[{"message": "note"')


def test_triggers_fire_on_a_press_and_not_on_a_release() -> None:
    triggers = TriggerMap([Trigger("note", 10, 36, "go"), Trigger("cc", 1, 64, "panic"),
                           Trigger("program", 16, 5, "start", "12")])  # fmt: skip
    assert triggers.match(bytes([0x99, 36, 100])) == Trigger("note", 10, 36, "go")  # ch 10
    assert triggers.match(bytes([0x99, 36, 0])) is None  # note-on at velocity 0 = note-off
    assert triggers.match(bytes([0x89, 36, 64])) is None  # note-off
    assert triggers.match(bytes([0x90, 36, 100])) is None  # channel 1, not 10
    assert triggers.match(bytes([0xB0, 64, 127])).action == "panic"  # type: ignore[union-attr]
    assert triggers.match(bytes([0xB0, 64, 0])) is None  # the pedal's release
    assert triggers.match(bytes([0xCF, 5])).command() == "start 12"  # type: ignore[union-attr]


def test_learn_reads_a_press_as_a_trigger_with_channels_counted_from_1() -> None:
    assert heard(bytes([0x9F, 60, 1])) == Trigger("note", 16, 60, "go")
    assert heard(bytes([0xB2, 7, 0])) == Trigger("cc", 3, 7, "go")
    assert heard(bytes([0x90, 60, 0])) is None  # a note-off is nothing to learn
    assert heard(bytes([0xF0, 0x7F, 0x7F, 0x02, 0x01, 0x01, 0xF7])) is None  # MSC
