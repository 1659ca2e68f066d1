"""`check` finds what would go wrong with a show, including in files edited by other tools."""

from __future__ import annotations

from cues import Cue, cue_type
from showdesk.check import Problem, check_show
from showdesk.showfile import ShowFile

MEMO, OSC, STOP, GROUP = (cue_type(n) for n in ("memo", "osc", "stop", "group"))


def memo(number: str, **fields: object) -> Cue:
    return Cue(MEMO, MEMO.parse(""), number=number, **fields)  # type: ignore[arg-type]


def messages(problems: list[Problem]) -> list[str]:
    return [str(p) for p in problems]


def test_a_sound_show_has_no_problems(show: ShowFile) -> None:
    show.set_destination("LX", "osc.udp://127.0.0.1:8000")
    show.add_cue(Cue(OSC, OSC.parse("/go"), number="1", target="LX"))
    show.add_cue(Cue(STOP, STOP.parse(""), number="2", target="1"))
    assert check_show(show) == []


def test_unpatched_cues_are_warnings(show: ShowFile) -> None:
    show.add_cue(Cue(OSC, OSC.parse("/go"), number="1", target="LX"))
    show.add_cue(Cue(OSC, OSC.parse("/go"), number="2"))
    assert messages(check_show(show)) == [
        "warning: list Main: cue 1: unpatched: LX is not in the patch; it will not send",
        "warning: list Main: cue 2: unpatched: it names no destination; it will not send",
    ]


def test_a_control_cue_aimed_at_nothing_is_an_error(show: ShowFile) -> None:
    show.add_cue(Cue(STOP, STOP.parse(""), number="9", target="99"))
    assert messages(check_show(show)) == [
        "error: list Main: cue 9: its target 99 is not a cue in this list"
    ]


def test_damage_done_by_other_tools_is_found(show: ShowFile) -> None:
    group = show.add_cue(Cue(GROUP, GROUP.parse(""), number="5"))
    show.add_cue(memo("5.1", parent=group.id))
    show.add_cue(memo("6"))
    show.add_cue(memo("7"))
    # Another tool drops the unique index, duplicates a number, and moves a grouped cue away.
    show.db.execute("DROP INDEX cues_number")
    show.db.execute("UPDATE cues SET number = '6' WHERE number = '7'")
    show.db.execute("UPDATE cues SET position = 9 WHERE number = '5.1'")
    show.db.execute("UPDATE cues SET type = 'hologram' WHERE number = '5'")
    found = messages(check_show(show))
    assert "error: list Main: cue 5: type: unknown cue type 'hologram' (known: " in found[0]
    assert found[1:] == [
        "error: list Main: 2 cues are numbered 6",
        "error: list Main: cue 5.1: its group is not a group cue of this list",
    ]


def test_a_grouped_cue_away_from_its_group_is_an_error(show: ShowFile) -> None:
    group = show.add_cue(Cue(GROUP, GROUP.parse(""), number="5"))
    show.add_cue(memo("6"))
    show.add_cue(memo("5.1", parent=group.id))
    assert messages(check_show(show)) == [
        "error: list Main: cue 5.1: it is not next to the other cues of cue 5"
    ]


def test_a_bad_url_in_the_patch_is_an_error(show: ShowFile) -> None:
    show.db.execute("INSERT INTO patch VALUES ('LX', 'osc.udp://nowhere')")
    (problem,) = check_show(show)
    assert problem.level == "error"
    assert problem.where == "patch LX"


def test_remote_control_that_would_stay_closed_and_triggers_for_missing_cues_are_warnings(
    show: ShowFile,
) -> None:
    show.set_setting("remote", True)
    show.set_setting("remote_bind", "0.0.0.0")
    show.set_setting("midi_triggers", [{"message": "note", "channel": 1, "number": 60,
                                        "action": "start", "cue": "99"}])  # fmt: skip
    problems = [str(p) for p in check_show(show)]
    assert any("remote control stays closed" in p and p.startswith("warning") for p in problems)
    assert (
        "warning: settings: MIDI trigger note 60, channel 1 → start 99: no cue is numbered '99'"
        in problems
    )
    show.set_setting("passcode", "x")
    assert not any("stays closed" in str(p) for p in check_show(show))
