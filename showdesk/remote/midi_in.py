"""MIDI in: one input port per show, for MSC and the trigger map, and Learn.

The port is the show's `midi_in` setting: an existing port by name (exactly, or the one whose
name starts with it), or with `midi_in_virtual` a port showdesk creates under that name for other
programs to send to. It is opened as the show loads and, like a MIDI output, watched: a port
that goes away and comes back is reopened by name, in a gap of the schedule (python-rtmidi holds
the GIL while it opens a port). Messages arrive on the MIDI library's own thread and become
engine command lines there (source `msc PORT` or `midi PORT`), through the same guards as OSC:
a packet budget, show mode's lock, and a check that the cue exists. After a `learn` event the
next note, controller or program change is reported as a `learned` event instead of acting.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from typing import Any

from showdesk.engine.engine import REFUSED_WHILE_EDITING, Notice
from showdesk.outputs import Quiet
from showdesk.outputs.midi import RTMIDI, find_port
from showdesk.remote.msc import MscError, answers, decode_msc, device_ids, is_msc
from showdesk.remote.state import ShowMirror
from showdesk.remote.throttle import Budget, Tally
from showdesk.remote.triggers import TriggerMap, heard

POLL = 1.0  # seconds between looks at the port list
GAP = 0.1  # the schedule gap (seconds) a port is (re)opened in
PATIENCE = 2.0
Put = Callable[[object], None]


class MidiInput:
    def __init__(
        self,
        port: str,
        *,
        virtual: bool,
        backend: str,
        triggers: TriggerMap,
        msc_device: str,
        mirror: ShowMirror,
        put: Put,
        quiet: Quiet | None = None,
    ) -> None:
        self.port, self.virtual, self.backend = port, virtual, backend
        self.triggers = triggers
        self.devices = device_ids(msc_device)
        self.mirror, self.put = mirror, put
        self.quiet = quiet or Quiet()
        self.budget = Budget()
        self.tally = Tally()
        self.learning = False
        self.opened: str | None = None
        self.client: Any = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._watch, name="midi in", daemon=True)

    # -- life ----------------------------------------------------------------------------

    def open(self) -> None:
        """Opens the port as the show loads; what happened is a `remote` event either way."""
        self._look()

    def start(self) -> None:
        self.thread.start()

    def close(self) -> list[Notice]:
        """Stops listening; returns the counts of trouble not yet told, for the log."""
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout=2.0)
        if self.client is not None:
            with contextlib.suppress(Exception):  # at exit there is nobody left to tell
                self.client.close_port()
                self.client.delete()
        return [Notice("remote", {"status": status, "source": source, "reason": reason,
                                  "count": count})
                for source, status, count, reason in self.tally.due(everything=True)]  # fmt: skip

    def observe(self, event: dict[str, Any]) -> None:
        """Engine events (the timing thread): `learn` arms Learn."""
        if event.get("event") == "learn":
            self.learning = bool(event.get("on"))

    def _watch(self) -> None:
        while not self.stopping.wait(POLL):
            if not self.virtual or self.client is None:
                self._look(quiet=True)
            for source, status, count, reason in self.tally.due():
                self.put(Notice("remote", {"status": status, "source": source, "reason": reason,
                                           "count": count}))  # fmt: skip

    def _look(self, quiet: bool = False) -> None:
        try:
            if self.client is None:
                self.client = _client(self.backend)
                self.client.ignore_types(sysex=False, timing=True, active_sense=True)
                self.client.set_callback(self._arrived)
            if self.virtual:
                self.client.open_virtual_port(self.port)
                self.opened = self.port
                self._tell("listening", f"MIDI in on the port it created, {self.port!r}")
                return
            ports = list(self.client.get_ports())
        except Exception as exc:  # no MIDI system (rtmidi.SystemError), a bad backend name
            self.client = None
            self._tell("closed", f"no MIDI system for MIDI in ({self.backend}): {exc}")
            return
        found = find_port(self.port, ports)
        if found == self.opened:
            return
        if quiet and not self.quiet.wait_for_gap(GAP, PATIENCE, self.stopping):
            return
        if self.opened is not None:
            with contextlib.suppress(Exception):
                self.client.close_port()
            self.opened = None
        if found is None:
            here = ", ".join(repr(p) for p in ports[:8]) or "none"
            self._tell("closed", f"no MIDI port named {self.port!r} to listen on (ports: {here})")
            return
        try:
            self.client.open_port(ports.index(found))
        except Exception as exc:
            self._tell("closed", f"MIDI port {found!r} did not open: {exc}")
            return
        self.opened = found
        self._tell("listening", f"MIDI in on {found!r}")

    # -- the MIDI library's thread -----------------------------------------------------------

    def _arrived(self, event: tuple[list[int], float], data: object = None) -> None:
        try:
            self.handle(bytes(event[0]))
        except Exception as exc:  # never into the MIDI library's thread: it would stop calling
            self._trouble("midi", "error", f"a MIDI message was not handled: {exc}")

    def handle(self, message: bytes) -> None:
        """One message from the port: Learn, MSC, or the trigger map."""
        if not message:
            return
        if self.learning:
            trigger = heard(message)
            if trigger is not None:
                self.learning = False
                self.put(Notice("learned", {"port": self.opened or self.port, "source":
                                            f"midi {self.opened or self.port}",
                                            **trigger.to_json(), "text": trigger.heard(),
                                            "bytes": message.hex()}))  # fmt: skip
            return
        if not self.budget.allow("midi", "midi"):
            self._trouble("midi", "throttled", "over 200 MIDI messages a second: dropped")
            return
        if is_msc(message):
            self._msc(message)
            return
        trigger = self.triggers.match(message)
        if trigger is not None:
            self._command(f"midi {self.opened}", trigger.command(), trigger.heard())

    def _msc(self, message: bytes) -> None:
        source = f"msc {self.opened}"
        try:
            msc = decode_msc(message)
        except MscError as exc:
            self._trouble("msc", "malformed", f"{exc} ({message[:24].hex(' ')})")
            return
        if not answers(msc.device, self.devices):
            return  # for another device on the same MIDI line: not ours to act on, nor log
        try:
            line = msc.command_line()
        except MscError as exc:
            self._trouble("msc", "error", f"{msc.text()}: {exc}")
            return
        self._command(source, line, msc.text())

    def _command(self, source: str, line: str, via: str) -> None:
        name, _, cue = line.partition(" ")
        if cue and cue not in self.mirror.by_number:
            self._trouble(source.split()[0], "error", f"{via}: there is no cue numbered {cue!r}")
            return
        if self.mirror.editing and name in REFUSED_WHILE_EDITING:
            self._trouble(source.split()[0], "refused", f"{via}: the app is in edit mode")
            return
        fields = {"command": name, **({"cue": cue} if cue else {}), "source": source, "via": via}
        self.put(json.dumps(fields, separators=(",", ":")))

    def _trouble(self, kind: str, status: str, reason: str) -> None:
        source = f"{kind} {self.opened or self.port}"
        told = self.tally.add(source, status, reason)
        if told is not None:
            fields = {"status": status, "source": source, "reason": told[1]}
            self.put(Notice("remote", {**fields, **({"count": told[0]} if told[0] > 1 else {})}))

    def _tell(self, status: str, reason: str) -> None:
        self.put(Notice("remote", {"status": status, "source": f"midi {self.port}",
                                   "reason": reason}))  # fmt: skip


def _client(backend: str) -> Any:
    """An rtmidi input client (the API from the backend name, e.g. `.../UNIX_JACK`)."""
    module, _, api = backend.partition("/")
    if module != RTMIDI:
        raise ValueError(f"MIDI in needs the rtmidi backend ({RTMIDI}), not {module!r}")
    import rtmidi

    if api and not hasattr(rtmidi, f"API_{api}"):
        raise ValueError(f"unknown MIDI API {api!r}")
    chosen = getattr(rtmidi, f"API_{api}") if api else rtmidi.API_UNSPECIFIED
    return rtmidi.MidiIn(rtapi=chosen, name="showdesk in")
