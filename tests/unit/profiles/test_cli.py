"""`showdesk profiles`: what loaded, one profile's commands, and what a command sends."""

from __future__ import annotations

from pathlib import Path

import pytest

from showdesk.cli import main


def test_profiles_lists_bundled_and_user_profiles(
    user_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (user_folder / "media.toml").write_text(
        'id = "media"\nname = "Media"\ntransport = "osc.udp"\n[commands.go]\naddress = "/go"\n'
    )
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    assert "@eos        ETC Eos family" in out
    media = next(line for line in out.splitlines() if line.startswith("@media "))
    assert media.split() == ["@media", "Media", "osc.udp", "1", str(user_folder / "media.toml")]
    assert f"user profiles: {user_folder}" in out


def test_a_broken_profile_is_named_on_stderr_with_exit_1(
    user_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (user_folder / "bad.toml").write_text(
        'id = "bad"\nname = "Bad"\ntransport = "osc"\n[commands.go]\naddress = "/go"\n'
    )
    assert main(["profiles"]) == 1
    captured = capsys.readouterr()
    assert "@x32" in captured.out
    assert captured.err == (
        f"error: {user_folder / 'bad.toml'}: transport: 'osc' is not one of "
        "osc.udp, osc.tcp, midi, midi.tcp\n"
    )


def test_one_profiles_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profiles", "sq"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("@sq: Allen & Heath SQ (midi.tcp 51325, midi; midi cues; bundled)\n")
    assert "  @sq mute input=… state=… [channel=…]\n" in out
    assert "      state  on (1) | off (0): on mutes\n" in out
    # each command says which document its bytes come from; the new ones are listed too
    assert "      source: A&H SQ MIDI Protocol, Issue 3, 3.1 Scene change (p. 9)\n" in out
    assert "  @sq mute_dca dca=… state=… [channel=…]\n" in out
    assert main(["profiles", "dlive"]) == 0
    out = capsys.readouterr().out
    assert "Scene recall works on the MixRack only" in out
    assert "  @dlive dca_fader dca=… level=… [channel=…]\n" in out


def test_expand_prints_message_and_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profiles", "--expand", '@eos cmd text="Chan 1 At 50#"']) == 0
    assert capsys.readouterr().out == (
        '@eos cmd text="Chan 1 At 50#"\n'
        '  osc cue: /eos/cmd s "Chan 1 At 50#"\n'
        "  bytes: 2f 65 6f 73 2f 63 6d 64 00 00 00 00 2c 73 00 00 43 68 61 6e 20 31 20 41 74 20 "
        "35 30 23 00 00 00\n"
    )
    assert main(["profiles", "--expand", "@dlive fader input=1 level=107"]) == 0
    assert capsys.readouterr().out.endswith("  bytes: b0 63 00 b0 62 17 b0 06 6b\n")


def test_bad_command_or_profile_is_exit_1_with_the_reason(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["profiles", "--expand", "@x32 fader ch=1 level=3"]) == 1
    assert "parameter level: 3 is above the maximum 0-1" in capsys.readouterr().err
    assert main(["profiles", "nosuch"]) == 1
    assert "unknown device profile 'nosuch'" in capsys.readouterr().err
