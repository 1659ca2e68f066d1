"""What goes back to clients: replies and update pushes, laid out as QLab 5 sends them.

A reply is `/reply{address}` with one string argument, a JSON object: `workspace_id` (left out
for application-wide messages such as /version), `address` (as sent), `status` (`ok`, `error` or
`denied`) and `data` when there is something to say (a query's answer; an error's reason).
Updates (after `/updates 1`) are `/update/workspace/{id}/cue_id/{cue id}` (no arguments) when a
cue's state changes, and `/update/workspace/{id}/cueList/{list id}/playbackPosition {cue id}`
when the standby moves (no argument past the end of the list).
"""

from __future__ import annotations

import json
from typing import Any

from showdesk.wire.osc import encode_own

UDP_REPLY_PORT = 53001  # QLab's: where UDP replies go unless a client asks for another
MAX_UDP_REPLY = 65000  # bigger answers (a long cue list) need TCP, as with QLab


def reply(
    address: str, status: str, workspace: str | None, data: Any = None, has_data: bool = False
) -> bytes:
    body: dict[str, Any] = {} if workspace is None else {"workspace_id": workspace}
    body.update(address=address, status=status)
    if has_data:
        body["data"] = data
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return encode_own("/reply" + address, [("s", text)])


def cue_update(workspace: str, cue_id: str) -> bytes:
    return encode_own(f"/update/workspace/{workspace}/cue_id/{cue_id}")


def playhead_update(workspace: str, list_id: str, cue_id: str | None) -> bytes:
    address = f"/update/workspace/{workspace}/cueList/{list_id}/playbackPosition"
    return encode_own(address, [("s", cue_id)] if cue_id else [])
