"""Bitfocus Companion's QLab module pointed at showdesk: the messages it sends on connecting,
replayed over TCP, and each reply read the way the module reads it.

The sequence is taken from companion-module-figure53-qlab-advance (qlabfb.js: `init_osc` sends
`/connect` when the TCP socket is ready; `prime_vars` sends `/version` and `/workspaces` bare,
`/connect PASSCODE` and `/showMode` under the workspace, then `/playheadID`, `/updates`,
`/updates 1`, `/cueLists`, `/selectedCues` and its window and override queries; a `/cueLists`
reply makes it ask `/cue/active/valuesForKeys` with the keys of `qCueRequest`; an update naming a
cue makes it ask that cue's values). The module reads `status` first (`denied` means a wrong
passcode, `error` is logged), then `data` by the address's last word; a cue's JSON must carry
`type` and `colorName` (it lower-cases both), and the version's leading number picks QLab 5's
addresses. The issue's own list (`/cue/playhead/uniqueID`, `/cue/playhead/valuesForKeys`) is
replayed too.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pythonosc.osc_message_builder import OscMessageBuilder

from showdesk.wire.oscin import decode_packet
from tests.e2e.remote_engine import Engine, SlipTcpClient, qlab_reply, remote_show

PASSCODE = "4321"
# The keys the module asks every cue for (its qCueRequest).
COMPANION_KEYS = [
    "number", "uniqueID", "listName", "type", "mode", "isPaused", "duration", "actionElapsed",
    "preWait", "postWait", "parent", "flagged", "notes", "autoLoad", "colorName", "isRunning",
    "isAuditioning", "isLoaded", "armed", "isBroken", "continueMode", "percentActionElapsed",
    "cartPosition", "infiniteLoop", "holdLastFrame",
]  # fmt: skip
OVERRIDES = ["midiInputEnabled", "midiOutputEnabled", "mscInputEnabled", "mscOutputEnabled",
             "sysexInputEnabled", "sysexOutputEnabled", "oscOutputEnabled",
             "timecodeInputEnabled", "timecodeOutputEnabled", "artNetEnabled",
             "dmxOutputEnabled", "networkExternalInputEnabled"]  # fmt: skip
QLAB_TYPES = {"audio", "mic", "video", "camera", "text", "light", "fade", "network", "midi",
              "midi file", "timecode", "group", "start", "stop", "pause", "load", "reset",
              "devamp", "goto", "target", "cart", "cue list", "arm", "disarm", "wait",
              "memo"}  # fmt: skip


WAIT_S = 15.0  # for one reply or update, on a busy machine


class Companion:
    """A TCP client that sends as the module does and keeps replies and updates apart."""

    def __init__(self, port: int) -> None:
        self.client = SlipTcpClient(port)
        self.updates: list[tuple[str, tuple[Any, ...]]] = []

    def send(self, address: str, *args: Any) -> None:
        builder = OscMessageBuilder(address=address)
        for arg in args:
            builder.add_arg(arg, "i" if isinstance(arg, int) else "s")
        self.client.send(builder.build())

    def _receive(self, deadline: float, waiting_for: str) -> list[bytes]:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"nothing for {waiting_for} within {WAIT_S} s")
        return self.client.receive(timeout=min(left, 1.0))

    def ask(self, address: str, *args: Any) -> dict[str, Any]:
        self.send(address, *args)
        deadline = time.monotonic() + WAIT_S
        while True:
            for raw in self._receive(deadline, address):
                (message,) = decode_packet(raw)
                if message.address.startswith("/update/"):
                    self.updates.append((message.address, message.args))
                    continue
                _, body = qlab_reply(raw)
                if body["address"] == address:
                    return body

    def wait_update(self, ending: str) -> tuple[str, tuple[Any, ...]]:
        deadline = time.monotonic() + WAIT_S
        while True:
            for address, args in self.updates:
                if address.endswith(ending):
                    self.updates.remove((address, args))
                    return address, args
            for raw in self._receive(deadline, f"an update ending {ending}"):
                (message,) = decode_packet(raw)
                self.updates.append((message.address, message.args))

    def close(self) -> None:
        self.client.close()


@pytest.fixture
def engine(show_path: Path) -> Iterator[Engine]:
    remote_show(show_path, passcode=PASSCODE)
    running = Engine(show_path, "--remote", "--remote-port", "0")
    yield running
    running.stop()


def check_cue(cue: dict[str, Any]) -> None:
    """What the module's JSONtoCue reads, there and of the right kind."""
    assert isinstance(cue["uniqueID"], str)
    assert isinstance(cue["number"], str)
    assert isinstance(cue["listName"], str)
    assert cue["type"].lower() in QLAB_TYPES
    assert isinstance(cue["colorName"].lower(), str)
    for key in ("isRunning", "isPaused", "isBroken", "isLoaded", "armed", "flagged"):
        assert isinstance(cue[key], bool), key
    for key in ("duration", "preWait", "postWait", "percentActionElapsed", "actionElapsed"):
        assert isinstance(cue[key], int | float), key
    assert cue["continueMode"] in (0, 1, 2)


def test_companions_connection_sequence_gets_replies_it_can_read(engine: Engine) -> None:
    companion = Companion(engine.port)
    try:
        # init_osc: the TCP socket is ready
        first = companion.ask("/connect")
        assert first["status"] == "ok"
        assert first["data"] == "ok:"  # a passcode is needed and none was given yet
        # prime_vars, bare: the application's version and the workspaces
        version = companion.ask("/version")
        assert version["status"] == "ok"
        assert "workspace_id" not in version
        assert int(version["data"].split(".")[0]) == 5  # parseInt: QLab 5's addresses
        workspaces = companion.ask("/workspaces")["data"]
        assert len(workspaces) == 1
        ws = workspaces[0]["uniqueID"]
        assert workspaces[0]["displayName"] == "Remote test"
        assert workspaces[0]["hasPasscode"] is True
        prefix = f"/workspace/{ws}"
        # before the passcode every workspace message is denied, as QLab does
        assert companion.ask(f"{prefix}/showMode")["status"] == "denied"
        connected = companion.ask(f"{prefix}/connect", PASSCODE)
        assert connected == {"workspace_id": ws, "address": f"{prefix}/connect",
                             "status": "ok", "data": "ok:view|control"}  # fmt: skip
        show_mode = companion.ask(f"{prefix}/showMode")
        assert (show_mode["status"], show_mode["data"]) == ("ok", True)
        # the workspace is known: state and the subscription
        playhead = companion.ask(f"{prefix}/playheadID")["data"]
        assert companion.ask("/updates")["status"] == "ok"
        assert companion.ask("/updates", 1)["status"] == "ok"
        lists = companion.ask(f"{prefix}/cueLists")["data"]
        assert len(lists) == 1
        assert lists[0]["type"] == "Cue List"
        assert isinstance(lists[0]["colorName"], str)  # the module lower-cases it, too
        cues = lists[0]["cues"]
        assert [c["number"] for c in cues] == ["1", "2", "3", "4"]
        for cue in cues:
            check_cue(cue)
        assert playhead == cues[0]["uniqueID"]
        assert companion.ask("/selectedCues")["data"][0]["uniqueID"] == playhead
        for bare in ("/alwaysAudition", "/auditionMonitors", "/overrideWindow",
                     "/liveFadePreview", *(f"/overrides/{o}" for o in OVERRIDES)):  # fmt: skip
            reply = companion.ask(bare)
            assert reply["status"] == "ok", bare
            assert isinstance(reply["data"], bool), bare
        assert companion.ask(f"{prefix}/settings/general/minGoTime")["data"] == 0.0
        keys = json.dumps(COMPANION_KEYS)
        active = companion.ask(f"{prefix}/cue/active/valuesForKeys", keys)
        assert active["status"] == "error"  # nothing runs yet: QLab 5.3+ answers so too
        children = companion.ask(f"{prefix}/cue_id/{lists[0]['uniqueID']}/children")
        assert [c["number"] for c in children["data"]] == ["1", "2", "3", "4"]
        # the list: the playhead's id and values
        assert companion.ask(f"{prefix}/cue/playhead/uniqueID")["data"] == playhead
        values = companion.ask(f"{prefix}/cue/playhead/valuesForKeys", keys)["data"]
        assert set(values) == set(COMPANION_KEYS)
        check_cue(values)
        # A GO from the module: the playhead and the cue are pushed, and their values read.
        assert companion.ask(f"{prefix}/go")["status"] == "ok"
        engine.event("go", cue="1")
        address, args = companion.wait_update("/playbackPosition")
        assert address == f"/update/workspace/{ws}/cueList/{lists[0]['uniqueID']}/playbackPosition"
        assert args == (cues[1]["uniqueID"],)
        address, args = companion.wait_update(f"/cue_id/{playhead}")
        assert (address, args) == (f"/update/workspace/{ws}/cue_id/{playhead}", ())
        asked = companion.ask(f"{prefix}/cue_id/{playhead}/valuesForKeys", keys)["data"]
        check_cue(asked)
        assert asked["number"] == "1"
    finally:
        companion.close()
    gone = engine.of("remote", status="connected")
    assert [e["reason"] for e in gone] == ["may control"]
