"""QLab's dictionary routed (showdesk/remote/qlab.py): which engine command or answer each
address is, rootless and under the workspace, by number and by id; and what is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cues import Cue, cue_type
from cues.base import ContinueMode
from showdesk.remote.qlab import Routed, route
from showdesk.remote.state import ShowMirror
from showdesk.wire.oscin import OscIn

OSC, GROUP, MEMO, WAIT = (cue_type(k) for k in ("osc", "group", "memo", "wait"))


def mirror() -> ShowMirror:
    group = Cue(GROUP, GROUP.parse("timeline"), id="g", number="2", name="Group")
    cues = [
        Cue(OSC, OSC.parse("/a"), id="a", number="1", name="Preset", colour="red",
            continue_mode=ContinueMode.AUTO_CONTINUE, post_wait=1.5),
        group,
        Cue(WAIT, WAIT.parse(""), id="b", number="2.1", parent="g", duration=2.0),
        Cue(MEMO, MEMO.parse(""), id="m", name="No number"),
        Cue(OSC, OSC.parse("/c"), id="c", number="3"),
    ]  # fmt: skip
    return ShowMirror(workspace="WS", name="Show", list_name="Main", cues=cues,
                      min_go_interval=0.3, live=False, playhead="a")  # fmt: skip


def go(address: str, *args: Any, show: ShowMirror | None = None) -> Routed:
    return route(OscIn(address, args), show or mirror(), port=53000, needs_passcode=False)


@pytest.mark.parametrize(
    ("address", "command"),
    [
        ("/go", {"command": "go"}),
        ("/workspace/WS/go", {"command": "go"}),
        ("/workspace/ws/stop", {"command": "stop"}),  # ids are read in any case
        ("/hardStop", {"command": "stop"}),
        ("/pause", {"command": "pause"}),
        ("/resume", {"command": "resume"}),
        ("/panic", {"command": "panic"}),
        ("/reset", {"command": "reset"}),
        ("/cue/3/start", {"command": "start", "cue": "3"}),
        ("/workspace/WS/cue/2.1/stop", {"command": "stop", "cue": "2.1"}),
        ("/cue_id/c/start", {"command": "start", "cue": "3"}),
        ("/cue/1/pause", {"command": "pause", "cue": "1"}),
        ("/cue/1/resume", {"command": "resume", "cue": "1"}),
        ("/cue/1/togglePause", {"command": "pause", "cue": "1"}),
        ("/cue/1/panic", {"command": "stop", "cue": "1"}),
        ("/cue/3/load", {"command": "standby", "cue": "3"}),
        ("/cue/3/preview", {"command": "preview", "cue": "3"}),
        ("/cue/selected/start", {"command": "start", "cue": "1"}),
        ("/cue/playhead/stop", {"command": "stop", "cue": "1"}),
        ("/playhead/3", {"command": "standby", "cue": "3"}),
        ("/playhead/next", {"command": "standby", "cue": "2"}),
        ("/playheadID/c", {"command": "standby", "cue": "3"}),
    ],
)
def test_commands_become_engine_commands(address: str, command: dict[str, str]) -> None:
    routed = go(address)
    assert routed.error == ""
    assert routed.need == "control"
    assert routed.command == command


def test_showdesks_own_addresses() -> None:
    assert go("/showdesk/note", "LX 4 late", "LX", "issue").command == {
        "command": "note", "text": "LX 4 late", "dept": "LX", "severity": "issue"}  # fmt: skip
    assert go("/showdesk/mark", "act 2").command == {"command": "mark", "mark": "act 2"}
    assert go("/showdesk/hold", "late audience").command == {
        "command": "mark", "mark": "hold", "text": "late audience"}  # fmt: skip
    assert go("/showdesk/standby", "3").command == {"command": "standby", "cue": "3"}
    standby = go("/showdesk/standby")
    assert standby.need == "view"
    assert standby.data == {"cue": "1", "uniqueID": "a", "name": "Preset", "running": [],
                            "editing": False}  # fmt: skip
    assert "takes the note's text" in go("/showdesk/note").error


def test_playhead_previous_and_next_walk_the_top_level_and_stop_at_the_ends() -> None:
    show = mirror()
    assert go("/playhead/previous", show=show).error == "there is no previous cue"
    show.playhead = "b"  # inside the group: next is the cue after the group, unnumbered here
    assert go("/playhead/next", show=show).error.startswith("cue m has no number")
    show.playhead = "c"
    assert go("/playhead/previous", show=show).error.startswith("cue m has no number")
    assert go("/playhead/next", show=show).error == "there is no next cue"
    show.playhead = None  # past the end
    assert go("/playhead/previous", show=show).command == {"command": "standby", "cue": "3"}


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("/cue/99/start", "there is no cue numbered '99'"),
        ("/cue_id/zz/start", "there is no cue with the id 'zz'"),
        ("/cue_id/m/start", "has no number"),
        ("/workspace/OTHER/go", "no workspace 'OTHER' is open here"),
        ("/frobnicate", "showdesk does not know /frobnicate"),
        ("/playhead/99", "there is no cue numbered '99'"),
        ("/showdesk/dance", "showdesk has no /showdesk/dance"),
    ],
)
def test_what_cannot_be_done_is_an_error_with_a_reason(address: str, says: str) -> None:
    assert says in go(address).error


def test_arguments_never_change_a_cue() -> None:
    routed = go("/cue/1/name", "renamed")
    assert routed.error == "showdesk does not change cues over OSC (edit them in the app)"
    assert routed.need == "control"


def test_queries_answer_with_qlabs_keys() -> None:
    assert go("/cue/1/number").data == "1"
    assert go("/cue_id/a/name").data == "Preset"
    assert go("/cue/playhead/uniqueID").data == "a"
    assert go("/cue/1/colorName").data == "red"
    assert go("/cue/1/continueMode").data == 1
    assert go("/cue/2/type").data == "Group"
    assert go("/cue_id/m/type").data == "Memo"
    assert go("/playheadID").data == "a"
    values = go("/cue/2.1/valuesForKeys", json.dumps(["number", "parent", "duration", "bogus"]))
    assert values.data == {"number": "2.1", "parent": "g", "duration": 2.0}
    assert "valuesForKeys takes one JSON list" in go("/cue/1/valuesForKeys", "number").error
    assert [c["uniqueID"] for c in go("/cue/2/children").data] == ["b"]
    assert go("/settings/general/minGoTime").data == 0.3
    assert go("/showMode").data is True
    assert go("/cue/active/number").error == "no cue is running"
    tree = go("/cueLists").data[0]
    assert [c["uniqueID"] for c in tree["cues"]] == ["a", "g", "m", "c"]
    assert [c["uniqueID"] for c in tree["cues"][1]["cues"]] == ["b"]


def test_application_messages_and_sessions() -> None:
    version = go("/version")
    assert (version.need, version.app) == ("none", True)
    assert version.data.startswith("5.")
    assert go("/workspaces").data[0]["uniqueID"] == "WS"
    assert go("/thump").data == "thump"
    assert go("/connect", "x").session == "connect"
    assert go("/workspace/WS/connect").app is False  # its reply names the workspace
    assert go("/updates", 1).session == "updates"
    assert go("/udpReplyPort", 9000).session == "udpReplyPort"
