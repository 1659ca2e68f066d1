"""Show-wide settings: one table says what each is, so the file, the CLI and the app agree.

A setting is one key/value row of the show file's `settings` table (JSON values). `SPECS` lists
every setting a person may change: its kind (how it is typed and checked), its default, a label
and a sentence for people, and the section the app's settings panel shows it in. Adding a
setting is a field on `Settings` and an entry in `SPECS`; the CLI's `showdesk settings` and the
app's Settings tab pick it up from there.
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, Literal

from showdesk.errors import ShowFileError

# `triggers` is the MIDI trigger map (a JSON list, showdesk/remote/triggers.py): the CLI reads and
# prints it as JSON, and the app edits it on the Remote tab of edit mode.
Kind = Literal["text", "seconds", "choice", "port", "flag", "triggers"]
_BACKEND = re.compile(r"(?:[A-Za-z_][\w.]*(?:/\w+)?)?")  # mido backend, optional /API
_LONGEST_SETTING_S = 3600.0
_CURTAIN = re.compile(r"(?:[01]?\d|2[0-3]):[0-5]\d")


@dataclass(frozen=True)
class Settings:
    """Show-wide settings (times in seconds)."""

    name: str = ""
    min_go_interval: float = 0.3  # double-GO protection; 0 disables it
    panic_time: float = 1.0
    midi_backend: str = ""  # mido backend[/API], e.g. mido.backends.rtmidi/UNIX_JACK; "" default
    # Show details: the report's header (docs/report.md).
    company: str = ""
    production: str = ""  # "" : the show's name
    venue: str = ""
    stage_manager: str = ""
    curtain: str = ""  # HH:MM, the usual scheduled start; a performance may have its own
    # Remote control (docs/remote.md): off in a new show, loopback unless an address is chosen.
    remote: bool = False
    remote_port: int = 53000
    remote_bind: str = "127.0.0.1"
    passcode: str = ""
    view_passcode: str = ""
    midi_in: str = ""  # a MIDI input port's name (or its start); "" = no MIDI in
    midi_in_virtual: bool = False  # create a port named midi_in instead of opening one
    msc_device: str = "any"  # MSC device IDs answered (besides all-call 127), or "any"
    midi_triggers: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class SettingSpec:
    """What one setting is, for the file, the CLI and the app."""

    key: str
    label: str
    kind: Kind
    help: str
    section: str = "Show"
    choices: tuple[str, ...] = ()
    # Extra checks on the value after its kind's own: returns the value to store, or raises
    # ShowFileError with a sentence.
    check: Callable[[Any], Any] | None = None
    secret: bool = False  # a passcode: the app shows it only while it is being typed

    @property
    def default(self) -> Any:
        return _DEFAULTS[self.key]


def _curtain(value: str) -> str:
    text = value.strip()
    if text and not _CURTAIN.fullmatch(text):
        raise ShowFileError(
            f"curtain is a time of day, HH:MM (e.g. 19:30), or empty; got {value!r}"
        )
    return f"{int(text[:-3]):02d}:{text[-2:]}" if text else ""


def _backend(value: str) -> str:
    if not _BACKEND.fullmatch(value.strip()):
        raise ShowFileError(
            "midi_backend is a mido backend and optional API, e.g. "
            f"mido.backends.rtmidi/UNIX_JACK (or empty for mido's default), got {value!r}"
        )
    return value.strip()


REMOTE = "Remote control"


def _bind(value: str) -> str:
    text = value.strip()
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise ShowFileError(
            "remote_bind is an IP address of this machine: 127.0.0.1 (this machine only), "
            f"0.0.0.0 (every network), or one interface's address; got {value!r}"
        ) from None


def _passcode(value: str) -> str:
    if len(value) > 100 or any(not ch.isprintable() for ch in value):
        raise ShowFileError("a passcode is up to 100 printable characters")
    return value


def _msc_device(value: str) -> str:
    text = value.strip().lower()
    if text in ("", "any", "all"):
        return "any"
    ids = []
    for word in text.replace(",", " ").split():
        try:
            number = int(word, 16) if word.startswith("0x") else int(word)
        except ValueError:
            number = -1
        if not 0 <= number <= 126:
            raise ShowFileError(
                "msc_device is `any` or device IDs 0-126 separated by commas (all-call, 127, "
                f"is always answered); got {value!r}"
            )
        ids.append(number)
    return ",".join(str(n) for n in sorted(set(ids)))


def _triggers(value: Any) -> Any:
    from showdesk.remote.triggers import check_triggers  # remote control loads on demand

    return check_triggers(value)


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "name", "Show name", "text", "The show's name, as the window title and the report show it."
    ),
    SettingSpec(
        "min_go_interval",
        "Minimum GO interval",
        "seconds",
        "Double-GO protection: a GO sooner than this after the last one is rejected "
        "(0 turns it off).",
        section="Running the show",
    ),
    SettingSpec(
        "panic_time",
        "Panic fade time",
        "seconds",
        "How long running fades take to fade out on PANIC (a second PANIC stops at once).",
        section="Running the show",
    ),
    SettingSpec(
        "midi_backend",
        "MIDI backend",
        "text",
        "mido backend and optional API, e.g. mido.backends.rtmidi/UNIX_JACK; empty for "
        "mido's default. MIDO_BACKEND in the environment wins.",
        section="Outputs",
        check=_backend,
    ),
    SettingSpec(
        "company",
        "Company",
        "text",
        "The company, as the report's header names it.",
        section="Show details",
    ),
    SettingSpec(
        "production",
        "Production",
        "text",
        "The production as the report's title gives it (e.g. 'The Tempest, spring tour'); "
        "empty: the show's name.",
        section="Show details",
    ),
    SettingSpec(
        "venue",
        "Venue",
        "text",
        "Where the show plays, for the report's header.",
        section="Show details",
    ),
    SettingSpec(
        "stage_manager",
        "Stage manager",
        "text",
        "Who stage-manages the show; the report names them, and mails come from them.",
        section="Show details",
    ),
    SettingSpec(
        "curtain",
        "Scheduled curtain",
        "text",
        "The usual scheduled start, HH:MM (e.g. 19:30): the report sets the actual curtain "
        "(show up) against it. A performance may have its own (showdesk performances --set).",
        section="Show details",
        check=_curtain,
    ),
    SettingSpec(
        "remote",
        "Remote control",
        "flag",
        "Take GO and other commands over the network (OSC, QLab's dictionary, UDP and "
        "TCP). Off until you turn it on.",
        section=REMOTE,
    ),
    SettingSpec(
        "remote_port",
        "Remote port",
        "port",
        "The UDP and TCP port remote control listens on (QLab's is 53000).",
        section=REMOTE,
    ),
    SettingSpec(
        "remote_bind",
        "Listen on",
        "text",
        "127.0.0.1 takes commands from this machine only; 0.0.0.0 from every network, "
        "which needs a passcode.",
        section=REMOTE,
        check=_bind,
    ),
    SettingSpec(
        "passcode",
        "Passcode",
        "text",
        "Clients must /connect with it before anything else; it lets them control "
        "the show. Needed to listen beyond this machine.",
        section=REMOTE,
        check=_passcode,
        secret=True,
    ),
    SettingSpec(
        "view_passcode",
        "View-only passcode",
        "text",
        "A passcode that lets a client read (replies and updates) but not control.",
        section=REMOTE,
        check=_passcode,
        secret=True,
    ),
    SettingSpec(
        "midi_in",
        "MIDI input",
        "text",
        "The MIDI port MSC and MIDI triggers come in on (its name, or the start of "
        "it); empty for none.",
        section=REMOTE,
    ),
    SettingSpec(
        "midi_in_virtual",
        "Create the MIDI input",
        "flag",
        "Create a port with that name for other programs to send to, instead of "
        "opening an existing one.",
        section=REMOTE,
    ),
    SettingSpec(
        "msc_device",
        "MSC device ID",
        "text",
        "The MSC device IDs this show answers besides all-call (127), e.g. 1 or 1,112; "
        "`any` answers every ID.",
        section=REMOTE,
        check=_msc_device,
    ),
    SettingSpec(
        "midi_triggers",
        "MIDI triggers",
        "triggers",
        "Notes, controllers and program changes that do GO, stop, pause, resume, "
        "panic or start a cue (the Remote tab of edit mode edits them).",
        section=REMOTE,
        check=_triggers,
    ),
)
BY_KEY = {spec.key: spec for spec in SPECS}
_DEFAULTS = {f.name: f.default for f in fields(Settings)}
assert set(BY_KEY) == set(_DEFAULTS), "every Settings field needs a SettingSpec, and back"


def check_setting(key: str, value: Any) -> Any:
    """The value to store for `key` (cleaned), or ShowFileError saying what is wrong."""
    spec = BY_KEY.get(key)
    if spec is None:
        raise ShowFileError(f"unknown setting {key!r} (known: {', '.join(BY_KEY)})")
    value = _check_kind(spec, value)
    return spec.check(value) if spec.check is not None else value


def parse_setting(key: str, text: str) -> Any:
    """A setting's value from what a person typed (the CLI), checked."""
    spec = BY_KEY.get(key)
    if spec is None:
        raise ShowFileError(f"unknown setting {key!r} (known: {', '.join(BY_KEY)})")
    value: Any = text
    if spec.kind == "seconds":
        try:
            value = float(text)
        except ValueError:
            raise ShowFileError(f"{key} is seconds, got {text!r}") from None
    elif spec.kind == "port":
        if not text.strip().isdigit():
            raise ShowFileError(f"{key} is a port number from 1 to 65535, got {text!r}")
        value = int(text)
    elif spec.kind == "flag":
        lowered = text.strip().lower()
        if lowered not in ("on", "off", "true", "false", "yes", "no", "1", "0"):
            raise ShowFileError(f"{key} is on or off, got {text!r}")
        value = lowered in ("on", "true", "yes", "1")
    elif spec.kind == "triggers":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ShowFileError(f"{key} is a JSON list of triggers: {exc.msg}") from None
    return check_setting(key, value)


def setting_text(value: Any) -> str:
    """How the CLI prints a value."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, tuple | list):
        return json.dumps(list(value))
    return str(value)


def settings_from(stored: dict[str, Any]) -> Settings:
    """Settings from the stored rows (unknown keys ignored, missing ones default)."""
    values = {key: stored[key] for key in BY_KEY if key in stored}
    if isinstance(values.get("midi_triggers"), list):  # JSON has no tuples
        values["midi_triggers"] = tuple(values["midi_triggers"])
    return Settings(**values)


def _check_kind(spec: SettingSpec, value: Any) -> Any:
    key = spec.key
    if spec.kind == "text":
        if not isinstance(value, str):
            raise ShowFileError(f"{key} must be text, got {value!r}")
        return value
    if spec.kind == "seconds":
        if (isinstance(value, bool) or not isinstance(value, int | float)
                or not math.isfinite(value) or not 0 <= value < _LONGEST_SETTING_S):  # fmt: skip
            raise ShowFileError(
                f"{key} must be a number of seconds from 0 up to an hour, got {value!r}"
            )
        return float(value)
    if spec.kind == "port":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
            raise ShowFileError(f"{key} is a port number from 1 to 65535, got {value!r}")
        return value
    if spec.kind == "flag":
        if not isinstance(value, bool):
            raise ShowFileError(f"{key} is on or off, got {value!r}")
        return value
    if spec.kind == "triggers":
        return value  # its check reads it
    if value not in spec.choices:
        raise ShowFileError(f"{key} is one of {', '.join(spec.choices)}, got {value!r}")
    return value
