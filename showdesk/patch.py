"""The patch: destination names and the URLs they stand for at this venue.

Cues name a destination (`LX`), never an address, so moving the show is one edit of the patch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from cues.base import CueType
from showdesk.errors import ShowdeskError

SCHEMES = ("osc.udp", "osc.tcp", "midi", "midi.tcp")
FRAMINGS = ("slip", "length")
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
URL_FORMS = (
    "osc.udp://HOST:PORT, osc.tcp://HOST:PORT[?framing=slip|length], "
    "midi:PORT NAME or midi.tcp://HOST:PORT"
)


@dataclass(frozen=True)
class Endpoint:
    """A parsed destination URL."""

    scheme: str  # one of SCHEMES
    host: str = ""
    port: int = 0
    framing: str = ""  # osc.tcp only: slip (OSC 1.1, the default) or length (OSC 1.0)
    port_name: str = ""  # midi only

    @property
    def kind(self) -> str:
        """What the destination speaks: `osc` or `midi`."""
        return self.scheme.split(".")[0]


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ShowdeskError(
            f"destination name {name!r} must be letters, digits, '_', '-' or '.', with no spaces"
        )
    return name


def parse_url(url: str) -> Endpoint:
    """The endpoint a patch URL names, or ShowdeskError saying what is wrong with it."""
    url = url.strip()
    if url.startswith("midi:") and not url.startswith("midi://"):
        name = url[len("midi:") :].strip()
        if not name:
            raise ShowdeskError(f"{url!r} names no MIDI port: write midi:PORT NAME")
        return Endpoint("midi", port_name=name)
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or parts.scheme == "midi":
        raise ShowdeskError(f"{url!r} is not a destination URL; use {URL_FORMS}")
    try:
        port = parts.port
    except ValueError:
        port = None
    if not parts.hostname or port is None or not 0 < port < 65536:
        raise ShowdeskError(f"{url!r} needs a host and a port from 1 to 65535 (HOST:PORT)")
    if parts.path not in ("", "/") or parts.fragment:
        raise ShowdeskError(f"{url!r} has a path; a destination URL is just HOST:PORT")
    query = parse_qs(parts.query, keep_blank_values=True)
    framing = ""
    if parts.scheme == "osc.tcp":
        framing = query.pop("framing", ["slip"])[-1]
        if framing not in FRAMINGS:
            raise ShowdeskError(f"{url!r}: framing must be slip or length, not {framing!r}")
    if query:
        raise ShowdeskError(f"{url!r}: unknown option {', '.join(query)}")
    return Endpoint(parts.scheme, parts.hostname, port, framing)


def wrong_kind(cue_type: CueType, target: str, endpoint: Endpoint) -> str:
    """Why a cue of this type cannot send to this destination ("" when it can)."""
    if endpoint.kind in cue_type.sends:
        return ""
    sends = " or ".join(sorted(kind.upper() for kind in cue_type.sends))
    return f"{target} is {endpoint.kind.upper()}; {cue_type.name} cues send {sends}"
