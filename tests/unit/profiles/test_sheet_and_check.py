"""Profile commands in a real show file: CSV import and export round trip, errors, `check`."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from cues import Cue, cue_type
from showdesk.check import check_show
from showdesk.engine.compile import encode
from showdesk.profiles import ENV, reload
from showdesk.sheet import RowError, SheetError, import_sheet, write_csv
from showdesk.showfile import ShowFile

OSC, MIDI = cue_type("osc"), cue_type("midi")
SHEET = '''\
cue,type,name,target,message
1,,House to half,LX,@eos fire list=1 cue=12.5
2,osc,Band in,FOH,@x32 fader ch=1 level=0.75
3,,Scene,MON,"@dlive scene scene=12 channel=2"
4,osc,Plain OSC,LX,/eos/key/go_0
5,osc,Command line,LX,"@eos cmd text=""Chan 1 At 50#"""
'''


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sheet.csv"
    path.write_text(text, encoding="utf-8")
    return path


def exported(show: ShowFile) -> str:
    out = io.StringIO()
    write_csv(show, out)
    return out.getvalue()


def test_import_stores_the_message_and_the_command(show: ShowFile, tmp_path: Path) -> None:
    import_sheet(show, write(tmp_path, SHEET))
    cues = {cue.number: cue for cue in show.cues()}
    assert [cues[n].type.name for n in "12345"] == ["osc", "osc", "midi", "osc", "osc"]
    assert cues["1"].payload.address == "/eos/cue/1/12.5/fire"
    assert cues["3"].payload.bytes() == bytes.fromhex("B1 00 00 C1 0B")
    assert encode(cues["2"])[0].data == bytes.fromhex(
        "2f63682f30312f6d69782f666164657200000000 2c660000 3f400000".replace(" ", "")
    )
    # The payload JSON in the file holds both; the schema is unchanged.
    stored = (
        sqlite3.connect(show.path)
        .execute("SELECT payload FROM cues WHERE number = '1'")
        .fetchone()[0]
    )
    assert json.loads(stored) == {
        "address": "/eos/cue/1/12.5/fire",
        "args": [],
        "device_command": "@eos fire list=1 cue=12.5",
    }


def test_export_writes_the_command_back_and_reimport_round_trips(
    show: ShowFile, tmp_path: Path
) -> None:
    import_sheet(show, write(tmp_path, SHEET))
    text = exported(show)
    assert ",osc,House to half,LX,@eos fire list=1 cue=12.5," in text
    assert ",midi,Scene,MON,@dlive scene scene=12 channel=2," in text
    assert ',osc,Command line,LX,"@eos cmd text=""Chan 1 At 50#""",' in text
    with ShowFile.create(tmp_path / "again.showdesk") as again:
        import_sheet(again, write(tmp_path, text))
        before = [(c.type, c.payload, c.number, c.name) for c in show.cues()]
        after = [(c.type, c.payload, c.number, c.name) for c in again.cues()]
        assert after == before
        assert exported(again) == text


def test_bad_profile_commands_are_row_and_column_errors(show: ShowFile, tmp_path: Path) -> None:
    sheet = """\
cue,type,target,message
1,,LX,@eos fire list=1
2,,LX,@nosuch go
3,midi,LX,@eos go
4,osc,LX,@x32 fader ch=1 level=2
5,msc,LX,@sq scene scene=1
6,,LX,@x32 mute ch=1 extra=1
7,,LX,@eos go
"""
    with pytest.raises(SheetError) as failed:
        import_sheet(show, write(tmp_path, sheet))
    errors = failed.value.errors
    assert [(e.row, e.column) for e in errors] == [(r, "message") for r in range(2, 8)]
    assert errors[0] == RowError(
        2, "message", "eos fire needs cue (cue number): @eos fire list=… cue=…"
    )
    assert errors[1].reason.startswith("unknown device profile 'nosuch' (known: digico,")
    assert errors[2].reason == "@eos is an OSC device: its commands make osc cues, not midi cues"
    assert errors[3].reason == "x32 fader: parameter level: 2 is above the maximum 0-1"
    assert errors[4].reason == "@sq is a MIDI device: its commands make midi cues, not msc cues"
    assert errors[5].reason == "x32 mute has no parameter 'extra' (it takes ch)"
    assert show.cues() == []  # all or nothing: the good row 7 is not imported either


def test_check_warns_when_the_patch_does_not_fit_the_profile_transport(show: ShowFile) -> None:
    show.set_destination("X32", "osc.tcp://10.0.0.5:10023")
    show.set_destination("EOS", "osc.tcp://10.0.0.6:3032?framing=slip")
    show.set_destination("QLAB", "osc.tcp://10.0.0.7:53000")
    show.set_destination("SQ", "midi:SQ MIDI")
    show.set_destination("DLIVE", "midi:Network MIDI")
    show.add_cue(Cue(OSC, OSC.parse("@x32 scene scene=1"), number="1", target="X32"))
    show.add_cue(Cue(OSC, OSC.parse("@eos go"), number="2", target="EOS"))
    show.add_cue(Cue(OSC, OSC.parse("@qlab go"), number="3", target="QLAB"))  # fits: TCP, SLIP
    show.add_cue(Cue(MIDI, MIDI.parse("@sq scene scene=1"), number="4", target="SQ"))  # USB MIDI
    show.add_cue(Cue(MIDI, MIDI.parse("@dlive scene scene=1"), number="5", target="DLIVE"))
    assert [str(p) for p in check_show(show)] == [
        "warning: list Main: cue 1: X32 is osc.tcp (slip framing); "
        "Behringer X32 / Midas M32 (@x32) speaks osc.udp 10023",
        "warning: list Main: cue 2: EOS is osc.tcp (slip framing); "
        "ETC Eos family (@eos) speaks osc.udp 8000 or osc.tcp 3032 (length framing)",
        "warning: list Main: cue 5: DLIVE is midi; "
        "Allen & Heath dLive (@dlive) speaks midi.tcp 51325 or midi.tcp 51328",
    ]
    show.set_destination("X32", "osc.udp://10.0.0.5:10023")
    show.set_destination("EOS", "osc.tcp://10.0.0.6:3032?framing=length")
    show.set_destination("DLIVE", "midi.tcp://10.0.0.8:51325")
    assert check_show(show) == []


def test_a_profile_cue_at_the_wrong_kind_of_destination_is_one_error(show: ShowFile) -> None:
    show.set_destination("MON", "osc.udp://10.0.0.9:9000")
    show.add_cue(Cue(MIDI, MIDI.parse("@dlive scene scene=1"), number="1", target="MON"))
    assert [str(p) for p in check_show(show)] == [
        "error: list Main: cue 1: MON is OSC; midi cues send MIDI"
    ]


def test_check_says_when_the_profile_is_gone_or_has_changed(
    show: ShowFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    monkeypatch.setenv(ENV, str(folder))
    profile = folder / "media.toml"
    profile.write_text(
        'id = "media"\nname = "Media"\ntransport = "osc.udp"\n[commands.go]\naddress = "/go"\n'
    )
    reload()
    try:
        show.set_destination("MEDIA", "osc.udp://10.0.0.3:7000")
        show.add_cue(Cue(OSC, OSC.parse("@media go"), number="1", target="MEDIA"))
        assert check_show(show) == []
        profile.write_text(profile.read_text().replace('"/go"', '"/play"'))
        reload()
        assert [str(p) for p in check_show(show)] == [
            "warning: list Main: cue 1: the @media profile now makes a different message for "
            "'@media go' than the one stored; the stored one is sent (enter the command again "
            "to update)"
        ]
        profile.write_text("id = broken")
        reload()
        problems = [str(p) for p in check_show(show)]
        assert problems[0].startswith(
            "warning: list Main: cue 1: @media: unknown device profile 'media'"
        )
        assert problems[0].endswith("the stored message is sent as it is")
        assert problems[1].startswith(f"warning: {profile}: is not valid TOML")
        # The stored message is still what the cue sends.
        assert encode(show.cues()[0])[0].data == bytes.fromhex("2f676f00 2c000000".replace(" ", ""))
    finally:
        monkeypatch.undo()
        reload()
