"""The MIDI port watcher never gets in the way of a send (a real JACK port, jack_midi_dump).

The watcher looks at the port list four times a second. It used to look through the sending
client, under the port's lock, and a send that came during a look failed at once: about one
quarter frame in a thousand of a running timecode, more on a busy machine.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from showdesk.outputs import MidiOutput
from tests.integration.test_outputs import JACK, Changes
from tests.jack import JackServer, MidiDump, jack_server

# `jack_env` (tests/conftest.py) sets this process to reach the module's own server below.


@pytest.fixture(scope="module")
def jack() -> Iterator[JackServer]:
    """A synchronous server: every one of the 3,000 messages must arrive."""
    with jack_server(synchronous=True) as server:
        yield server


@pytest.mark.jack
def test_sends_a_millisecond_apart_never_meet_the_watchers_look(jack_env: JackServer) -> None:
    dump = MidiDump(jack_env, "showdesk-rx-watch").start()
    out = MidiOutput("MTC", dump.port, JACK)
    out.start(Changes())
    try:
        results = []
        start = time.perf_counter()
        for k in range(3000):  # 3 s: a dozen looks at the port list
            while time.perf_counter() < start + k / 1000:
                pass
            results.append(out.send(bytes((0xF1, (k % 8) << 4 | k % 16)), "quarter frame"))
        failed = [(k, r.error) for k, r in enumerate(results) if not r.ok]
        assert failed == []
        assert len(dump.wait_for(3000)) == 3000
    finally:
        out.close()
        dump.stop()
