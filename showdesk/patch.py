"""The patch: destination names and the URLs they stand for at this venue.

Cues name a destination (`LX`), never an address, so moving the show is one edit of the patch.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from cues.base import CueType
from cues.limits import MAX_HOST_LABEL, MAX_HOST_NAME, MAX_UDP_PAYLOAD
from showdesk.errors import ShowdeskError

SCHEMES = ("osc.udp", "osc.tcp", "midi", "midi.tcp")
FRAMINGS = ("slip", "length")
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_LABEL = re.compile(r"(?!-)[A-Za-z0-9_-]+(?<!-)")  # '_' too: some local networks use it
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
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed [ of an IPv6 address
        raise ShowdeskError(
            f"{url!r} is not a destination URL: an IPv6 address is written in brackets, "
            "osc.udp://[::1]:9000"
        ) from None
    if parts.scheme not in SCHEMES or parts.scheme == "midi":
        raise ShowdeskError(f"{url!r} is not a destination URL; use {URL_FORMS}")
    try:
        port = parts.port
    except ValueError:
        port = None
    if not parts.hostname or port is None or not 0 < port < 65536:
        raise ShowdeskError(f"{url!r} needs a host and a port from 1 to 65535 (HOST:PORT)")
    if problem := host_problem(parts.hostname):
        shown = url if len(url) <= 80 else url[:60] + "..."
        raise ShowdeskError(f"{shown!r}: {problem}")
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


def host_problem(host: str) -> str:
    """Why `host` is neither an IP address nor a host name the resolver takes ("" if it is)."""
    try:
        ipaddress.ip_address(host.split("%")[0])  # an IPv6 address may name its interface
        return ""
    except ValueError:
        pass
    name = host.removesuffix(".")  # a trailing dot only says the name is complete
    where = f"the host name {host[:80]!r}{'...' if len(host) > 80 else ''}"
    if len(name) > MAX_HOST_NAME:
        return f"{where} is {len(name)} characters long; a host name has at most {MAX_HOST_NAME}"
    for label in name.split("."):
        if not label:
            return f"{where} has an empty part (two dots in a row, or a dot at the start)"
        try:
            ascii_label = label.encode("idna").decode("ascii")  # what the resolver is given
        except UnicodeError:
            ascii_label = ""
        if not ascii_label or len(ascii_label) > MAX_HOST_LABEL:
            return (
                f"{where} has a part of {len(label)} characters, {label[:20]!r}...; each part "
                f"between dots has 1 to {MAX_HOST_LABEL}"
                if len(label) > MAX_HOST_LABEL
                else f"{where} has a part the resolver cannot take: {label!r}"
            )
        if not _LABEL.fullmatch(ascii_label):
            return (
                f"{where} has characters a host name cannot have in {label!r} "
                "(letters, digits and '-', but not '-' first or last)"
            )
    return ""


def size_problem(endpoint: Endpoint, size: int) -> str:
    """Why a packet of `size` bytes cannot go to this destination ("" when it can)."""
    if endpoint.scheme == "osc.udp" and size > MAX_UDP_PAYLOAD:
        return (
            f"the message is {size:,} bytes; one UDP datagram carries at most "
            f"{MAX_UDP_PAYLOAD:,} (send it over osc.tcp, or make it shorter)"
        )
    return ""


def wrong_kind(cue_type: CueType, target: str, endpoint: Endpoint) -> str:
    """Why a cue of this type cannot send to this destination ("" when it can)."""
    if endpoint.kind in cue_type.sends:
        return ""
    sends = " or ".join(sorted(kind.upper() for kind in cue_type.sends))
    return f"{target} is {endpoint.kind.upper()}; {cue_type.name} cues send {sends}"
