"""A device profile read from its data file: commands with typed parameters, and what they send.

A profile file is TOML (the format is in docs/profiles.md). `Profile.from_data` checks every
field and raises `ProfileError(field, reason)` for the first one that is wrong; the loader adds
the file's path. Each command is tried once with sample values when the profile loads, so a
mistake in a template shows up when showdesk starts, not on GO.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

import mido

from cues.midi import canonical
from cues.msc import MscCommand
from cues.mtc import RATES, full_frame
from cues.nrpn import nrpn_messages
from cues.osc import NO_VALUE_TAGS, TAGS, OscArg, check_address, check_value, convert
from cues.text import format_number, quote_word
from showdesk.patch import FRAMINGS, SCHEMES
from showdesk.profiles import template
from showdesk.profiles.template import Value

PARAM_TYPES = ("int", "float", "string", "enum", "cue")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_CUE = re.compile(r"[0-9]+(\.[0-9]+)?", re.ASCII)
# What a substituted value may be inside an OSC address: no '/', space or pattern character.
ADDRESS_SAFE = r"[A-Za-z0-9._\-+]+"
CueKind = Literal["osc", "midi"]


class ProfileError(ValueError):
    """A profile file is wrong: `field` is the dotted path to what is wrong in it."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}" if field else reason)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    summary: str = ""
    min: float | None = None
    max: float | None = None
    values: tuple[str, ...] = ()  # enum: the words people write
    sends: tuple[Value, ...] = ()  # enum: what each word puts in the message (default: itself)
    default: Value | None = None
    example: Value | None = None  # a valid value, for the load-time check and the docs

    def convert(self, text: str) -> Value:
        """The typed value of `text`, or ValueError saying what this parameter takes."""
        if self.type == "int":
            try:
                number: int | float = int(text, 16) if text.lower().startswith("0x") else int(text)
            except ValueError:
                raise ValueError(f"{text!r} is not a whole number") from None
            self._check_range(number)
            return number
        if self.type == "float":
            try:
                number = float(text)
            except ValueError:
                raise ValueError(f"{text!r} is not a number") from None
            if not math.isfinite(number):
                raise ValueError(f"{text!r} is not a finite number")
            self._check_range(number)
            return number
        if self.type == "cue":
            if not _CUE.fullmatch(text):
                raise ValueError(f"{text!r} is not a cue number (digits, optionally .digits: 12.5)")
            return text
        if self.type == "enum":
            word = text.lower()
            if word not in self.values:
                raise ValueError(f"{text!r} is not one of {', '.join(self.values)}")
            return word
        if any(unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") for ch in text):
            raise ValueError(f"{text!r} has a control character or a line break")
        return text

    def _check_range(self, number: float) -> None:
        if self.min is not None and number < self.min:
            raise ValueError(f"{format_number(number)} is below the minimum {self.range_text()}")
        if self.max is not None and number > self.max:
            raise ValueError(f"{format_number(number)} is above the maximum {self.range_text()}")

    def range_text(self) -> str:
        low = "" if self.min is None else format_number(float(self.min))
        high = "" if self.max is None else format_number(float(self.max))
        return f"{low}-{high}" if low and high else (f">= {low}" if low else f"<= {high}")

    def sent(self, value: Value) -> Value:
        """What goes into the message for this value (an enum word may stand for a number)."""
        if self.type == "enum" and self.sends:
            return self.sends[self.values.index(str(value))]
        return value

    def text(self, value: Value) -> str:
        """The value as written in a command, read back to the same value."""
        return quote_word(template.text_of(value))

    def describe(self) -> str:
        """The parameter's type as the docs and error messages show it."""
        if self.type == "enum":
            if self.sends:  # the word and, in brackets, what it puts in the message
                return " | ".join(
                    f"{v} ({template.text_of(s)})"
                    for v, s in zip(self.values, self.sends, strict=True)
                )
            return " | ".join(self.values)
        if self.type == "cue":
            return "cue number"
        if self.type in ("int", "float") and (self.min is not None or self.max is not None):
            return f"{self.type} {self.range_text()}"
        return self.type

    def sample(self) -> Value:
        if self.default is not None:
            return self.default
        if self.example is not None:
            return self.example
        if self.type == "int":
            return int(self.min) if self.min is not None else 1
        if self.type == "float":
            return float(self.min) if self.min is not None else 0.0
        if self.type == "enum":
            return self.values[0]
        return "1"


@dataclass(frozen=True)
class Transport:
    scheme: str
    port: int = 0  # 0: set on the device, no usual port
    framing: str = ""  # osc.tcp only

    @property
    def kind(self) -> CueKind:
        return "osc" if self.scheme.startswith("osc") else "midi"

    def text(self) -> str:
        where = f" {self.port}" if self.port else ""
        framing = f" ({self.framing} framing)" if self.framing else ""
        return f"{self.scheme}{where}{framing}"


@dataclass(frozen=True)
class Expansion:
    """What a profile command stands for: the cue type it makes and the message it sends."""

    command: str  # the command as written back to a sheet: `@eos fire list=1 cue=12.5`
    cue_type: CueKind
    address: str = ""
    args: tuple[OscArg, ...] = ()
    midi: tuple[str, ...] = ()  # mido's text form, one message each


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    params: tuple[Param, ...]
    address: str = ""  # OSC
    args: tuple[tuple[str, Any], ...] = ()  # OSC: (tag, literal or template)
    midi: tuple[Any, ...] = ()  # MIDI steps: mido text templates or {nrpn|msc|mtc = ...} tables
    source: str = ""  # the document (and section or page) its bytes come from

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def usage(self, profile_id: str) -> str:
        words = [f"@{profile_id}", self.name]
        for p in self.params:
            words.append(f"[{p.name}=…]" if p.default is not None else f"{p.name}=…")
        return " ".join(words)

    def sends_text(self) -> str:
        """What the command sends, as the docs show it."""
        if self.address:
            tags = "".join(tag for tag, _ in self.args)
            values = [quote_word(v) if isinstance(v, str) and tag in "sSc" else str(v)
                      for tag, v in self.args if tag not in NO_VALUE_TAGS]  # fmt: skip
            return " ".join([self.address, *([tags] if tags else []), *values])
        parts = []
        for step in self.midi:
            if isinstance(step, str):
                parts.append(step)
            else:
                kind = _step_kind(step)
                spec = step[kind]
                inner = (
                    " ".join(f"{k}={v}" for k, v in spec.items())
                    if isinstance(spec, dict)
                    else spec
                )
                parts.append(f"{kind} {inner}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    transport: Transport
    commands: dict[str, Command]
    also: tuple[Transport, ...] = ()
    source: str = ""  # the file it came from
    bundled: bool = True
    notes: str = ""

    @property
    def cue_type(self) -> CueKind:
        return self.transport.kind

    @property
    def transports(self) -> tuple[Transport, ...]:
        return (self.transport, *self.also)

    def expand(self, command_name: str, options: Mapping[str, str]) -> Expansion:
        """The message `@id command key=value ...` stands for; ValueError naming what is wrong."""
        command = self.commands.get(command_name.lower())
        if command is None:
            raise ValueError(
                f"{self.id} has no command {command_name!r} "
                f"(its commands: {', '.join(self.commands)})"
            )
        values: dict[str, Value] = {}
        for key, text in options.items():
            param = command.param(key.lower())
            if param is None:
                takes = ", ".join(p.name for p in command.params) or "no parameters"
                raise ValueError(
                    f"{self.id} {command.name} has no parameter {key!r} (it takes {takes})"
                )
            if param.name in values:
                raise ValueError(f"parameter {param.name} is given twice")
            try:
                values[param.name] = param.convert(text)
            except ValueError as exc:
                raise ValueError(
                    f"{self.id} {command.name}: parameter {param.name}: {exc}"
                ) from None
        missing = [p for p in command.params if p.name not in values and p.default is None]
        if missing:
            needs = ", ".join(f"{p.name} ({p.describe()})" for p in missing)
            raise ValueError(f"{self.id} {command.name} needs {needs}: {command.usage(self.id)}")
        words = [f"@{self.id}", command.name]
        words += [f"{p.name}={p.text(values[p.name])}" for p in command.params if p.name in values]
        full: dict[str, Value] = {}
        for p in command.params:
            given = values.get(p.name, p.default)
            assert given is not None  # every parameter without a default was given
            full[p.name] = p.sent(given)
        try:
            return self._message(command, full, " ".join(words))
        except ValueError as exc:
            raise ValueError(f"{self.id} {command.name}: {exc}") from None

    def _message(self, command: Command, values: dict[str, Value], text: str) -> Expansion:
        if self.cue_type == "osc":
            address = template.render(command.address, values, safe=ADDRESS_SAFE)
            check_address(address)
            args = tuple(_osc_arg(tag, value, values) for tag, value in command.args)
            return Expansion(text, "osc", address=address, args=args)
        midi: list[str] = []
        for step in command.midi:
            midi += _midi_step(step, values)
        return Expansion(text, "midi", midi=tuple(midi))


def _osc_arg(tag: str, raw: Any, values: Mapping[str, Value]) -> OscArg:
    if tag in NO_VALUE_TAGS:
        return tag, None
    if isinstance(raw, str):
        expression = template.single(raw)
        if expression is not None and tag not in "sSc":
            value = template.evaluate(expression, values)
            return tag, check_value(tag, float(value) if tag in "fd" else value)
        return tag, convert(tag, template.render(raw, values))
    return tag, check_value(tag, float(raw) if tag in "fd" else raw)


def _int(raw: Any, values: Mapping[str, Value], what: str) -> int:
    if isinstance(raw, str):
        expression = template.single(raw)
        value: Value = (
            template.evaluate(expression, values) if expression else template.render(raw, values)
        )
        if isinstance(value, str):
            try:
                value = int(value, 0)
            except ValueError:
                raise ValueError(f"{what} must be a whole number, got {value!r}") from None
    else:
        value = raw
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number, got {value!r}")
    return value


def _sysex(data: bytes) -> str:
    return str(mido.format_as_string(mido.Message("sysex", data=data[1:-1]), include_time=False))


def _step_kind(step: Mapping[str, Any]) -> str:
    """Which kind of MIDI step a table is (`mtc` may come after its `fps`)."""
    return next(key for key in step if key in _STEPS)


def _midi_step(step: Any, values: Mapping[str, Value]) -> list[str]:
    if isinstance(step, str):
        return [canonical(template.render(step, values))]
    kind = _step_kind(step)
    spec = step[kind]
    if kind == "nrpn":
        numbers = {
            k: _int(spec[k], values, f"nrpn {k}") for k in ("channel", "msb", "lsb", "value")
        }
        fine = _int(spec["value_lsb"], values, "nrpn value_lsb") if "value_lsb" in spec else None
        return list(nrpn_messages(**numbers, value_lsb=fine))
    if kind == "msc":
        return [_sysex(MscCommand.parse(template.render(spec, values)).encode())]
    assert kind == "mtc"
    fps = template.render(str(step.get("fps", "30")), values)
    device = _int(step.get("device", 127), values, "mtc device")
    return [_sysex(full_frame(template.render(spec, values), fps, device))]


# --- reading a profile file's data -------------------------------------------------------------

_TOP = {"id", "name", "transport", "port", "framing", "also", "notes", "source", "commands"}
_COMMAND = {"summary", "params", "address", "args", "midi", "source"}
_PARAM = {"name", "type", "summary", "min", "max", "values", "sends", "default", "example"}
_STEPS = {"nrpn", "msc", "mtc"}
_NRPN = {"channel", "msb", "lsb", "value", "value_lsb"}


def _get(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = data[key]
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        wanted = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        names = {"str": "text", "int": "a whole number", "list": "a list", "dict": "a table"}
        raise ProfileError(where, f"must be {names.get(wanted, wanted)}, got {value!r}")
    return value


def _unknown(data: Mapping[str, Any], known: set[str], where: str) -> None:
    extra = sorted(set(data) - known)
    if extra:
        prefix = f"{where}." if where else ""
        raise ProfileError(
            f"{prefix}{extra[0]}", f"unknown field (known: {', '.join(sorted(known))})"
        )


def _transport(data: Mapping[str, Any], where: str, scheme_key: str) -> Transport:
    prefix = f"{where}." if where else ""
    if scheme_key not in data:
        raise ProfileError(
            f"{prefix}{scheme_key}", "is required (osc.udp, osc.tcp, midi, midi.tcp)"
        )
    scheme = _get(data, scheme_key, str, f"{prefix}{scheme_key}")
    if scheme not in SCHEMES:
        raise ProfileError(
            f"{prefix}{scheme_key}", f"{scheme!r} is not one of {', '.join(SCHEMES)}"
        )
    port = _get(data, "port", int, f"{prefix}port") if "port" in data else 0
    if not 0 <= port < 65536:
        raise ProfileError(f"{prefix}port", f"{port} is not a port (1-65535, or 0 for none)")
    if scheme == "midi" and port:
        raise ProfileError(f"{prefix}port", "a midi transport (a MIDI port) has no network port")
    framing = _get(data, "framing", str, f"{prefix}framing") if "framing" in data else ""
    if scheme == "osc.tcp":
        framing = framing or "slip"
        if framing not in FRAMINGS:
            raise ProfileError(f"{prefix}framing", f"must be slip or length, got {framing!r}")
    elif framing:
        raise ProfileError(f"{prefix}framing", "only an osc.tcp transport has a framing")
    return Transport(scheme, port, framing)


def _param(data: Any, where: str) -> Param:
    if not isinstance(data, dict):
        raise ProfileError(where, f"must be a table {{ name = ..., type = ... }}, got {data!r}")
    _unknown(data, _PARAM, where)
    for key in ("name", "type"):
        if key not in data:
            raise ProfileError(f"{where}.{key}", "is required")
    name = _get(data, "name", str, f"{where}.name")
    if not _NAME.fullmatch(name):
        raise ProfileError(f"{where}.name", f"{name!r} must be lower-case letters, digits, '_'")
    kind = _get(data, "type", str, f"{where}.type")
    if kind not in PARAM_TYPES:
        raise ProfileError(f"{where}.type", f"{kind!r} is not one of {', '.join(PARAM_TYPES)}")
    summary = _get(data, "summary", str, f"{where}.summary") if "summary" in data else ""
    bounds: dict[str, float | None] = {"min": None, "max": None}
    for key in bounds:
        if key in data:
            if kind not in ("int", "float"):
                raise ProfileError(f"{where}.{key}", f"a {kind} parameter has no {key}")
            bounds[key] = _get(data, key, int if kind == "int" else (int, float), f"{where}.{key}")
    low, high = bounds["min"], bounds["max"]
    if low is not None and high is not None and low > high:
        raise ProfileError(f"{where}.max", "is below min")
    values: tuple[str, ...] = ()
    sends: tuple[Value, ...] = ()
    if kind == "enum":
        if "values" not in data:
            raise ProfileError(f"{where}.values", "an enum parameter lists its words")
        raw = _get(data, "values", list, f"{where}.values")
        if not raw or not all(isinstance(v, str) and _NAME.fullmatch(v) for v in raw):
            raise ProfileError(f"{where}.values", "must be lower-case words, at least one")
        values = tuple(raw)
        if "sends" in data:
            sent = _get(data, "sends", list, f"{where}.sends")
            if len(sent) != len(values) or not all(
                isinstance(v, int | float | str) and not isinstance(v, bool) for v in sent
            ):
                raise ProfileError(f"{where}.sends", "must give one number or text per value")
            sends = tuple(sent)
    else:
        for key in ("values", "sends"):
            if key in data:
                raise ProfileError(f"{where}.{key}", f"only an enum parameter has {key}")
    param = Param(name, kind, summary, bounds["min"], bounds["max"], values, sends)
    if "default" in data:
        default = data["default"]
        try:
            if isinstance(default, bool) or not isinstance(default, int | float | str):
                raise ValueError(f"{default!r} is not a number or text")
            text = default if isinstance(default, str) else format_number(float(default))
            converted = param.convert(text if kind != "int" else str(default))
        except ValueError as exc:
            raise ProfileError(f"{where}.default", str(exc)) from None
        param = Param(name, kind, summary, bounds["min"], bounds["max"], values, sends, converted)
    if "example" in data:
        example = _get(data, "example", str, f"{where}.example")
        try:
            param = replace(param, example=param.convert(example))
        except ValueError as exc:
            raise ProfileError(f"{where}.example", str(exc)) from None
    return param


def _osc_args(data: Any, where: str) -> tuple[tuple[str, Any], ...]:
    if not isinstance(data, list):
        raise ProfileError(where, 'must be a list of [TAG, VALUE] pairs, e.g. [["f", "{level}"]]')
    args: list[tuple[str, Any]] = []
    for index, item in enumerate(data):
        here = f"{where}[{index}]"
        if not isinstance(item, list) or not item or not isinstance(item[0], str):
            raise ProfileError(here, f"must be [TAG, VALUE] or [TAG], got {item!r}")
        tag = item[0]
        if tag not in TAGS:
            raise ProfileError(
                here, f"unknown OSC type tag {tag!r} (known: {''.join(sorted(TAGS))})"
            )
        if len(item) != (1 if tag in NO_VALUE_TAGS else 2):
            raise ProfileError(
                here, f"type {tag} takes {'no value' if tag in NO_VALUE_TAGS else 'one value'}"
            )
        value = item[1] if len(item) == 2 else None
        if isinstance(value, bool) or not isinstance(value, int | float | str | None):
            raise ProfileError(here, f"{value!r} is not a number or text")
        args.append((tag, value))
    return tuple(args)


def _midi_steps(data: Any, where: str) -> tuple[Any, ...]:
    if not isinstance(data, list) or not data:
        raise ProfileError(where, "must be a list of MIDI messages (mido text) or steps")
    for index, step in enumerate(data):
        here = f"{where}[{index}]"
        if isinstance(step, str):
            continue
        if not isinstance(step, dict) or not (set(step) & _STEPS):
            raise ProfileError(here, "must be mido text or a table with nrpn, msc or mtc")
        kinds = sorted(set(step) & _STEPS)
        if len(kinds) > 1:
            raise ProfileError(here, f"has both {kinds[0]} and {kinds[1]}; one step each")
        kind = kinds[0]
        _unknown(step, {kind} | ({"fps", "device"} if kind == "mtc" else set()), here)
        spec = step[kind]
        if kind == "nrpn":
            if not isinstance(spec, dict):
                raise ProfileError(f"{here}.nrpn", "must be a table of channel, msb, lsb, value")
            _unknown(spec, _NRPN, f"{here}.nrpn")
            for key in ("channel", "msb", "lsb", "value"):
                if key not in spec:
                    raise ProfileError(f"{here}.nrpn.{key}", "is required")
        elif not isinstance(spec, str):
            raise ProfileError(f"{here}.{kind}", "must be text (a template)")
        if (
            kind == "mtc"
            and str(step.get("fps", "30")) not in RATES
            and "{" not in str(step.get("fps"))
        ):
            raise ProfileError(f"{here}.fps", f"must be one of {', '.join(RATES)}")
    return tuple(data)


def _templates(command: Command) -> list[str]:
    texts = [command.address, *(v for _, v in command.args if isinstance(v, str))]
    for step in command.midi:
        if isinstance(step, str):
            texts.append(step)
            continue
        for value in step.values():
            if isinstance(value, dict):
                texts += [v for v in value.values() if isinstance(v, str)]
            elif isinstance(value, str):
                texts.append(value)
    return texts


def _command(name: str, data: Any, kind: CueKind, where: str, source: str = "") -> Command:
    if not _NAME.fullmatch(name):
        raise ProfileError(where, "a command name is lower-case letters, digits and '_'")
    if not isinstance(data, dict):
        raise ProfileError(where, "must be a table")
    _unknown(data, _COMMAND, where)
    summary = _get(data, "summary", str, f"{where}.summary") if "summary" in data else ""
    if "source" in data:  # the command's own source, else the profile's
        source = _get(data, "source", str, f"{where}.source")
    raw_params = _get(data, "params", list, f"{where}.params") if "params" in data else []
    params = tuple(_param(p, f"{where}.params[{i}]") for i, p in enumerate(raw_params))
    seen: set[str] = set()
    for index, param in enumerate(params):
        if param.name in seen:
            raise ProfileError(f"{where}.params[{index}].name", f"{param.name!r} is given twice")
        seen.add(param.name)
    if kind == "osc":
        if "midi" in data:
            raise ProfileError(f"{where}.midi", "an OSC profile's commands send an address")
        if "address" not in data:
            raise ProfileError(f"{where}.address", "is required (the OSC address template)")
        address = _get(data, "address", str, f"{where}.address")
        args = _osc_args(data["args"], f"{where}.args") if "args" in data else ()
        command = Command(name, summary, params, address=address, args=args, source=source)
    else:
        for key in ("address", "args"):
            if key in data:
                raise ProfileError(f"{where}.{key}", "a MIDI profile's commands send midi steps")
        if "midi" not in data:
            raise ProfileError(f"{where}.midi", "is required (the MIDI messages it sends)")
        steps = _midi_steps(data["midi"], f"{where}.midi")
        command = Command(name, summary, params, midi=steps, source=source)
    used: set[str] = set()
    for text in _templates(command):
        try:
            used |= template.names(text)
        except ValueError as exc:
            raise ProfileError(where, str(exc)) from None
    if unknown := sorted(used - seen):
        raise ProfileError(where, f"a template names {unknown[0]!r}, which is not a parameter")
    if unused := [p.name for p in params if p.name not in used]:
        raise ProfileError(where, f"parameter {unused[0]!r} is not used by what it sends")
    return command


def from_data(data: Mapping[str, Any], path: str, *, bundled: bool) -> Profile:
    """The profile a parsed TOML file describes; ProfileError naming the first wrong field."""
    _unknown(data, _TOP, "")
    for key in ("id", "name", "commands"):
        if key not in data:
            raise ProfileError(key, "is required")
    profile_id = _get(data, "id", str, "id")
    if not _ID.fullmatch(profile_id):
        raise ProfileError("id", f"{profile_id!r} must be lower-case letters, digits and '-'")
    name = _get(data, "name", str, "name")
    notes = _get(data, "notes", str, "notes") if "notes" in data else ""
    source = _get(data, "source", str, "source") if "source" in data else ""
    transport = _transport(data, "", "transport")
    also: list[Transport] = []
    for index, item in enumerate(_get(data, "also", list, "also") if "also" in data else []):
        here = f"also[{index}]"
        if not isinstance(item, dict):
            raise ProfileError(here, "must be a table { transport = ..., port = ... }")
        _unknown(item, {"transport", "port", "framing"}, here)
        extra = _transport(item, here, "transport")
        if extra.kind != transport.kind:
            raise ProfileError(f"{here}.transport", f"must be {transport.kind} like transport")
        also.append(extra)
    commands_data = _get(data, "commands", dict, "commands")
    if not commands_data:
        raise ProfileError("commands", "a profile has at least one command")
    commands = {
        key: _command(key, value, transport.kind, f"commands.{key}", source)
        for key, value in commands_data.items()
    }
    profile = Profile(profile_id, name, transport, commands, tuple(also), path, bundled, notes)
    for command in commands.values():  # every command once, with sample values
        sample = {p.name: p.text(p.sample()) for p in command.params}
        try:
            profile.expand(command.name, sample)
        except ValueError as exc:
            raise ProfileError(f"commands.{command.name}", f"does not expand: {exc}") from None
    return profile
