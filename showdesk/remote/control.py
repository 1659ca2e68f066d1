"""Remote control for one run of the engine: the OSC server and the MIDI input, composed here.

`serve()` asks `RemoteControl.plan` while the show file is open, wraps the engine's publish with
`publish` (remote control follows the engine's events), calls `start` once the engine is ready
and `close` at the end. With remote control off and no MIDI input nothing is opened, and each of
these does nothing. What could not be opened (a port in use, a bind address refused for want of
a passcode, a MIDI port that is not there) is a `remote` event; the show runs either way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from showdesk.engine.compile import Compiled
from showdesk.engine.engine import Engine, Notice
from showdesk.errors import ShowdeskError
from showdesk.outputs import Quiet
from showdesk.outputs.midi import backend_name
from showdesk.remote.config import remote_config
from showdesk.remote.midi_in import MidiInput
from showdesk.remote.server import RemoteServer
from showdesk.remote.state import ShowMirror, workspace_id
from showdesk.remote.triggers import TriggerMap, parse_triggers
from showdesk.settings import Settings
from showdesk.showfile import ShowFile

Publish = Callable[[dict[str, Any]], None]
Put = Callable[[object], None]


@dataclass(frozen=True)
class RemoteOptions:
    """`showdesk run --remote [--remote-port N] [--remote-bind ADDR]`: this run only."""

    remote: bool = False
    port: int | None = None
    bind: str | None = None


class RemoteControl:
    def __init__(self, settings: Settings, options: RemoteOptions, mirror: ShowMirror | None,
                 midi_backend: str = "") -> None:  # fmt: skip
        self.settings = settings
        self.options = options
        self.mirror = mirror
        self.midi_backend = midi_backend
        self.server: RemoteServer | None = None
        self.midi: MidiInput | None = None
        self.news: list[Notice] = []  # what happened while opening, told once the engine runs
        self.engine: Engine | None = None

    @classmethod
    def plan(
        cls, show: ShowFile, compiled: Compiled, list_name: str, options: RemoteOptions, live: bool
    ) -> RemoteControl:
        """What remote control this run has (reads the show while it is open)."""
        settings = show.settings()
        config = remote_config(settings, remote=options.remote, port=options.port,
                               bind=options.bind)  # fmt: skip
        if not config.enabled and not settings.midi_in:
            return cls(settings, options, None)
        row = show.conn.execute("SELECT value FROM settings WHERE key = 'created'").fetchone()
        created = json.loads(row[0]) if row else str(show.path)
        mirror = ShowMirror(
            workspace=workspace_id(str(created)),
            name=settings.name or show.path.stem,
            list_name=list_name,
            cues=list(compiled.cues.values()),
            min_go_interval=settings.min_go_interval,
            live=live,
            playhead=None,
        )
        return cls(settings, options, mirror, backend_name(settings.midi_backend))

    def publish(self, inner: Publish) -> Publish:
        """The engine's publish, followed by remote control's look at each event."""
        mirror = self.mirror
        if mirror is None:
            return inner
        midi = self

        def publish(event: dict[str, Any]) -> None:
            inner(event)
            mirror.observe(event)
            if midi.midi is not None:
                midi.midi.observe(event)

        return publish

    def open(self, put: Put, quiet: Quiet) -> None:
        """Binds the port and opens the MIDI input, as the show loads (before the timing loop
        raises its priority: opening holds the GIL for milliseconds)."""
        mirror, settings = self.mirror, self.settings
        if mirror is None:
            return
        config = remote_config(settings, remote=self.options.remote, port=self.options.port,
                               bind=self.options.bind)  # fmt: skip
        if config.enabled:
            refusal = config.refusal()
            if refusal:
                self.news.append(_closed("osc", refusal))
            else:
                server = RemoteServer(config, mirror, put, quiet)
                try:
                    server.open()
                    self.server = server
                except OSError as exc:
                    server.close()
                    why = f"remote control could not listen on {config.bind}:{config.port}: "
                    self.news.append(_closed("osc", why + (exc.strerror or str(exc))))
        if settings.midi_in:
            try:
                triggers = TriggerMap(parse_triggers(settings.midi_triggers))
            except ShowdeskError as exc:
                self.news.append(_closed(f"midi {settings.midi_in}", str(exc)))
                triggers = TriggerMap(())
            self.midi = MidiInput(settings.midi_in, virtual=settings.midi_in_virtual,
                                  backend=self.midi_backend, triggers=triggers,
                                  msc_device=settings.msc_device, mirror=mirror, put=put,
                                  quiet=quiet)  # fmt: skip
            self.midi.open()

    def start(self, engine: Engine) -> None:
        """Once the engine is ready: serving begins, and what happened so far is told."""
        if self.mirror is None:
            return
        self.engine = engine
        self.mirror.playhead = engine.scheduler.playhead
        for notice in self.news:
            engine.notice(notice)
        if self.midi is not None:
            engine.midi_in = self.midi.opened or self.settings.midi_in
            self.midi.start()
        if self.server is not None:
            self.server.start()

    def close(self) -> None:
        """Stops serving. The timing loop has ended: what is left to tell (counts of trouble
        since the last summary) is published from here, before the log closes."""
        for part in (self.server, self.midi):
            if part is not None:
                for notice in part.close():
                    if self.engine is not None:
                        self.engine.notice(notice)


def _closed(source: str, reason: str) -> Notice:
    return Notice("remote", {"status": "closed", "source": source, "reason": reason})
