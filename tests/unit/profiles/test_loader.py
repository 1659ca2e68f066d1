"""User profiles are picked up like the bundled ones; a bad file is named with its bad field."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cues.midi import MIDI
from cues.osc import OSC
from showdesk import profiles
from showdesk.profiles import catalogue, expand
from showdesk.profiles.model import ProfileError, from_data
from tests.conftest import ROOT

GOOD = """\
# A venue's media server, from its OSC manual (test fixture).
id = "media"
name = "Media server"
transport = "osc.udp"
port = 7000

[commands.play]
summary = "Plays a clip on a layer"
address = "/layer/{layer}/clip/{clip}/play"
args = [["f", "{speed}"], ["s", "from {start}"], ["T"]]
params = [
  { name = "layer", type = "int", min = 1, max = 8 },
  { name = "clip", type = "int", min = 1 },
  { name = "speed", type = "float", min = 0.0, max = 4.0, default = 1.0 },
  { name = "start", type = "enum", values = ["top", "cue"] },
]
"""

MIDI_PROFILE = """\
id = "rack"
name = "Effects rack"
transport = "midi"

[commands.preset]
midi = ["program_change channel={channel-1} program={preset}", { msc = "GO cue={preset} device=1" }]
params = [
  { name = "preset", type = "int", min = 0, max = 127 },
  { name = "channel", type = "int", min = 1, max = 16, default = 16 },
]

[commands.locate]
midi = [{ fps = "25", mtc = "{time}" }, { nrpn = { channel = 0, msb = 1, lsb = 2, value = 3 } }]
params = [{ name = "time", type = "string", example = "00:00:00:00" }]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    profiles.reload()
    return path


def test_a_user_profile_is_picked_up_from_showdesk_profiles(user_folder: Path) -> None:
    write(user_folder, "media.toml", GOOD)
    loaded = catalogue()
    assert loaded.problems == []
    assert loaded.profiles["media"].source == str(user_folder / "media.toml")
    assert not loaded.profiles["media"].bundled
    payload = OSC.parse("@media play layer=2 clip=15 start=cue")
    assert payload.address == "/layer/2/clip/15/play"
    assert payload.args == (("f", 1.0), ("s", "from cue"), ("T", None))
    assert payload.text() == "@media play layer=2 clip=15 start=cue"
    assert "eos" in loaded.profiles  # the bundled ones are still there


def test_midi_user_profile_steps_msc_mtc_and_nrpn(user_folder: Path) -> None:
    write(user_folder, "rack.toml", MIDI_PROFILE)
    assert catalogue().problems == []
    preset = MIDI.parse("@rack preset preset=5")
    assert preset.bytes() == bytes.fromhex("CF 05 F0 7F 01 02 01 01 35 F7")
    locate = MIDI.parse("@rack locate time=10:00:00:00")
    assert locate.bytes() == bytes.fromhex(
        "F0 7F 7F 01 01 2A 00 00 00 F7 B0 63 01 B0 62 02 B0 06 03"
    )
    with pytest.raises(ValueError, match="time must be HH:MM:SS:FF"):
        expand("@rack locate time=soon")


def test_several_folders_and_the_default_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (second / "media.toml").write_text(GOOD)
    monkeypatch.setenv(profiles.ENV, f"{first}:{second}")
    profiles.reload()
    assert "media" in catalogue().profiles
    monkeypatch.delenv(profiles.ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert profiles.user_dirs() == (tmp_path / "config" / "showdesk" / "profiles",)
    (tmp_path / "config" / "showdesk" / "profiles").mkdir(parents=True)
    (tmp_path / "config" / "showdesk" / "profiles" / "media.toml").write_text(GOOD)
    profiles.reload()
    assert "media" in catalogue().profiles


def test_a_user_profile_replaces_the_bundled_one_with_its_id(user_folder: Path) -> None:
    write(user_folder, "eos.toml", GOOD.replace('id = "media"', 'id = "eos"'))
    assert catalogue().profiles["eos"].name == "Media server"
    with pytest.raises(ValueError, match="eos has no command 'fire'"):
        expand("@eos fire list=1 cue=1")


@pytest.mark.parametrize(
    ("text", "field", "reason"),
    [
        ('id = "x"\nname = ', "", "is not valid TOML"),
        (GOOD.replace('id = "media"\n', ""), "id", "is required"),
        (GOOD.replace('id = "media"', 'id = "Media Server"'), "id", "must be lower-case"),
        (GOOD.replace('name = "Media server"', "name = 3"), "name", "must be text, got 3"),
        (GOOD.replace('"osc.udp"', '"osc.serial"'), "transport", "'osc.serial' is not one of"),
        (GOOD.replace("port = 7000", "port = 70000"), "port", "70000 is not a port"),
        (GOOD.replace("port = 7000", "framing = 'slip'"), "framing", "only an osc.tcp"),
        (GOOD.replace("port = 7000", "port = 7000\ncolour = 1"), "colour", "unknown field"),
        (
            GOOD.replace('type = "int", min = 1 }', 'type = "integer", min = 1 }'),
            "commands.play.params[1].type",
            "'integer' is not one of int, float, string, enum, cue",
        ),
        (GOOD.replace("max = 8", "max = 8.5"), "commands.play.params[0].max", "must be a whole"),
        (
            GOOD.replace("min = 0.0, max = 4.0, default = 1.0", "min = 2.0, max = 1.0"),
            "commands.play.params[2].max",
            "is below min",
        ),
        (
            GOOD.replace("default = 1.0", "default = 9.0"),
            "commands.play.params[2].default",
            "9 is above the maximum 0-4",
        ),
        (
            GOOD.replace('values = ["top", "cue"]', "values = []"),
            "commands.play.params[3].values",
            "at least one",
        ),
        (
            GOOD.replace('["f", "{speed}"]', '["q", "{speed}"]'),
            "commands.play.args[0]",
            "unknown OSC type tag 'q'",
        ),
        (GOOD.replace('["T"]', '["T", 1]'), "commands.play.args[2]", "type T takes no value"),
        (GOOD.replace("{layer}/", "{layr}/"), "commands.play", "names 'layr', which is not"),
        (GOOD.replace('"from {start}"', '"from"'), "commands.play", "'start' is not used"),
        (
            GOOD.replace("{clip}", "{clip.__class__}"),
            "commands.play",
            "only parameter names, whole numbers",
        ),
        (
            GOOD.replace('address = "/layer', 'midi = ["x"]\naddress = "/layer'),
            "commands.play.midi",
            "an OSC profile's commands send an address",
        ),
        (GOOD.replace("[commands.play]", "[commands.Play]"), "commands.Play", "lower-case"),
        (
            GOOD.replace('"/layer/{layer}', '"layer/{layer}'),
            "commands.play",
            "an OSC address starts with '/'",
        ),
        (
            GOOD.replace('"from {start}"', '"from {start:02}"'),
            "commands.play",
            "padding needs a whole number",
        ),
        (
            MIDI_PROFILE.replace("program={preset}", "program={preset+200}"),
            "commands.preset",
            "does not expand",
        ),
        (
            MIDI_PROFILE.replace('{ fps = "25", mtc = "{time}" }', '{ mtc = "{time}", nrpn = 1 }'),
            "commands.locate.midi[0]",
            "one step each",
        ),
        (
            MIDI_PROFILE.replace(', example = "00:00:00:00"', ""),
            "commands.locate",
            "does not expand: rack locate: time must be HH:MM:SS:FF, got '1'",
        ),
        (MIDI_PROFILE.replace("lsb = 2, ", ""), "commands.locate.midi[1].nrpn.lsb", "is required"),
        (
            MIDI_PROFILE.replace('transport = "midi"', 'transport = "midi"\nport = 5004'),
            "port",
            "has no network port",
        ),
    ],
)
def test_a_malformed_profile_is_reported_with_file_and_field(
    user_folder: Path, text: str, field: str, reason: str
) -> None:
    path = write(user_folder, "broken.toml", text)
    write(user_folder, "media2.toml", GOOD.replace('id = "media"', 'id = "media2"'))
    loaded = catalogue()
    assert len(loaded.problems) == 1, loaded.problems
    problem = loaded.problems[0]
    assert (problem.path, problem.field) == (str(path), field)
    assert reason in problem.reason
    assert str(problem).startswith(f"{path}: ")
    # Nothing else is lost: the good user profile and every bundled one still load.
    assert {"media2", "eos", "x32", "dlive"} <= set(loaded.profiles)


def test_a_command_naming_a_broken_profile_says_why_it_is_missing(user_folder: Path) -> None:
    write(user_folder, "media.toml", GOOD.replace("port = 7000", "port = -1"))
    with pytest.raises(ValueError, match="unknown device profile 'media'") as failed:
        expand("@media play layer=1 clip=1 start=top")
    assert "unknown device profile 'media'" in str(failed.value)
    assert "media.toml: port: -1 is not a port" in str(failed.value)


def test_two_user_profiles_with_one_id(user_folder: Path) -> None:
    write(user_folder, "a.toml", GOOD)
    write(user_folder, "b.toml", GOOD)
    loaded = catalogue()
    assert loaded.profiles["media"].source == str(user_folder / "a.toml")
    assert [str(p) for p in loaded.problems] == [
        f"{user_folder / 'b.toml'}: id: 'media' is already the id of {user_folder / 'a.toml'}"
    ]


def test_unreadable_sources_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setenv(profiles.ENV, str(not_a_folder))
    profiles.reload()
    assert [p.reason for p in catalogue().problems] == ["is not a folder of profiles"]
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "latin.toml").write_bytes(b'id = "caf\xe9"\n')
    monkeypatch.setenv(profiles.ENV, str(folder))
    profiles.reload()
    assert [p.reason for p in catalogue().problems] == ["is not UTF-8 text"]


def test_the_profiles_are_package_data_of_the_installed_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["showdesk.profiles"]
    folder = ROOT / "showdesk" / "profiles"
    shipped = {p for pattern in patterns for p in folder.glob(pattern)}
    assert shipped == set((folder / "data").glob("*"))
    assert len(shipped) == 9


_KEYS = ("id", "name", "transport", "port", "framing", "also", "commands", "go", "summary",
         "params", "address", "args", "midi", "type", "min", "max", "values", "sends",
         "default", "example", "nrpn", "msc", "mtc", "fps", "channel", "msb", "lsb", "value",
         "x")  # fmt: skip
_LEAVES = st.one_of(
    st.sampled_from(["eos", "osc.udp", "midi", "/a/{x}", "{x}", "int", "enum", "f", "s", "T",
                     "GO", "00:00:00:00", "{(x-1)//0}", "{x:02}", "note_on note={x}"]),
    st.integers(-2, 70000), st.floats(allow_nan=True), st.booleans(),
)  # fmt: skip
_DATA = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_KEYS), inner,
                                                                max_size=5),
    max_leaves=20,
)  # fmt: skip


_PARAMS = st.lists(
    st.fixed_dictionaries({"name": st.sampled_from(["x", "y"])},
                          optional={k: _LEAVES | _DATA for k in ("type", "min", "max", "values",
                                                                  "sends", "default", "example")}),
    max_size=2,
)  # fmt: skip
_COMMANDS = st.dictionaries(
    st.sampled_from(["go", "x"]),
    st.fixed_dictionaries({}, optional={"params": _PARAMS, "address": _LEAVES, "args": _DATA,
                                        "midi": _DATA, "summary": _LEAVES}),
    max_size=2,
)  # fmt: skip
_PROFILES = st.fixed_dictionaries(
    {"id": st.just("fuzz"), "name": st.just("Fuzz"), "commands": _COMMANDS,
     "transport": st.sampled_from(["osc.udp", "midi", "osc.tcp"])},
    optional={"port": _LEAVES, "also": _DATA, "framing": _LEAVES},
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(_PROFILES)
def test_any_malformed_data_is_a_profile_error_never_a_crash(data: dict[str, object]) -> None:
    try:
        from_data(data, "fuzz.toml", bundled=False)
    except ProfileError as exc:
        reason = exc.reason
    else:
        reason = "loaded"
    assert reason


def test_a_source_is_the_profiles_unless_a_command_names_its_own(user_folder: Path) -> None:
    write(
        user_folder,
        "media.toml",
        GOOD.replace("port = 7000\n", 'port = 7000\nsource = "Media server manual, OSC"\n')
        + '\n[commands.stop]\nsource = "Media server manual, p. 9"\naddress = "/stop"\n',
    )
    profile = catalogue().get("media")
    assert profile.commands["play"].source == "Media server manual, OSC"
    assert profile.commands["stop"].source == "Media server manual, p. 9"
    write(user_folder, "media.toml", GOOD.replace("port = 7000\n", "port = 7000\nsource = 3\n"))
    assert [(p.field, p.reason) for p in catalogue().problems] == [
        ("source", "must be text, got 3")
    ]


def test_an_optional_address_level_is_left_out_when_blank(user_folder: Path) -> None:
    write(
        user_folder,
        "desk.toml",
        """\
id = "desk"
name = "Desk"
transport = "osc.udp"

[commands.go]
address = "{/prefix}/go/{n}"
params = [
  { name = "n", type = "int" },
  { name = "prefix", type = "string", default = "desk" },
]
""",
    )
    assert expand("@desk go n=1").address == "/desk/go/1"
    assert expand('@desk go n=1 prefix=""').address == "/go/1"
    assert expand("@desk go n=1 prefix=a.b").address == "/a.b/go/1"
    with pytest.raises(ValueError, match="'a b' cannot go in an OSC address"):
        expand('@desk go n=1 prefix="a b"')
