"""`showdesk doctor` as a person runs it before a show, against real peers: a JACK server with
real MIDI ports (jack_midi_dump), a listening TCP socket, a port nobody listens on."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from showdesk.demo import build_demo
from showdesk.doctor import LEVELS, Context, check_realtime
from showdesk.showfile import ShowFile
from tests.e2e.test_cli import showdesk
from tests.jack import JackServer, MidiDump, jack_server

JACK_BACKEND = "mido.backends.rtmidi/UNIX_JACK"


def doctor(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return showdesk("doctor", *args, env=env)


def lines(done: subprocess.CompletedProcess[str]) -> list[dict[str, str]]:
    result: list[dict[str, str]] = json.loads(done.stdout)["lines"]
    return result


@pytest.fixture
def jack() -> Iterator[JackServer]:
    with jack_server() as server:
        yield server


def midi_clients(path: Path) -> list[str]:
    """The JACK client names the show's MIDI destinations are patched to."""
    with ShowFile.open(path) as show:
        return [url[len("midi:") :] for url in show.patch().values() if url.startswith("midi:")]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """The demo show, each MIDI destination patched to a port of this machine (as at a venue)."""
    path = build_demo(tmp_path / "demo.showdesk")
    with ShowFile.open(path) as show:
        for name, url in show.patch().items():
            if url.startswith("midi:"):
                show.set_destination(name, f"midi:{name.lower()}", replace=True)
    return path


@pytest.fixture
def demo_ports(jack: JackServer, demo: Path) -> Iterator[dict[str, str]]:
    """Those ports as real JACK ports; the environment in which the engine uses JACK."""
    dumps = [MidiDump(jack, client).start() for client in midi_clients(demo)]
    assert len(dumps) >= 2
    yield {**jack.env, "MIDO_BACKEND": JACK_BACKEND, "QT_QPA_PLATFORM": "offscreen"}
    for dump in dumps:
        dump.stop()


def closed_port() -> int:
    """A TCP port on this machine that nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.mark.jack
def test_the_demo_with_its_midi_ports_present_has_no_problem(
    demo: Path, demo_ports: dict[str, str]
) -> None:
    done = doctor(demo, env=demo_ports)
    assert done.returncode == 0, done.stdout
    text = done.stdout
    assert "problem" not in [line.split()[0] for line in text.splitlines()[1:-1] if line.strip()]
    assert "ok       MIDI: JACK (python-rtmidi); output ports: " in text
    assert "ok       DESK_MSC (midi:desk_msc): the MIDI port is there" in text
    assert "ok       show file: demo.showdesk is sound" in text
    # Warnings depend on the machine (a user without real-time rights gets one per refused way).
    assert re.fullmatch(r"all good\.|no problems, \d+ warning\(s\)\.", text.splitlines()[-1])


@pytest.mark.jack
def test_a_dead_tcp_destination_and_a_missing_midi_port_are_problems_with_fixes(
    demo: Path, demo_ports: dict[str, str]
) -> None:
    path = demo
    port = closed_port()
    with ShowFile.open(path) as show:
        show.set_destination("CONSOLE", f"osc.tcp://127.0.0.1:{port}")
        show.set_destination("MIXER_MIDI", "midi:Mixer USB", replace=True)
    done = doctor(path, "--json", env=demo_ports)
    assert done.returncode == 1
    found = {line["text"].split(" ", 1)[0]: line for line in lines(done)}
    console = found["CONSOLE"]
    assert console["level"] == "problem"
    assert console["text"] == (
        f"CONSOLE (osc.tcp://127.0.0.1:{port}): 127.0.0.1:{port}: Connection refused"
    )
    assert f"listening on port {port}" in console["fix"]
    assert "set CONSOLE URL" in console["fix"]
    mixer = found["MIXER_MIDI"]
    assert mixer["level"] == "problem"
    assert mixer["text"].startswith(
        "MIXER_MIDI (midi:Mixer USB): MIDI port 'Mixer USB' is not there"
    )
    assert "desk_msc:input" in mixer["text"]  # the ports it did see
    assert "set MIXER_MIDI 'midi:PORT NAME'" in mixer["fix"]
    summary = json.loads(done.stdout)["summary"]
    assert summary.startswith("2 problem(s)")


def test_a_listening_tcp_destination_is_ok_and_a_show_without_midi_needs_no_midi(
    tmp_path: Path,
) -> None:
    path = tmp_path / "show.showdesk"
    ShowFile.create(path).close()
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        with ShowFile.open(path) as show:
            show.set_destination("LX", f"osc.tcp://127.0.0.1:{port}?framing=length")
        # No JACK server: the MIDI system cannot be reached, which this show does not need.
        env = {**os.environ, "MIDO_BACKEND": JACK_BACKEND, "JACK_DEFAULT_SERVER": "nobody-here",
               "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip
        done = doctor(path, "--json", env=env)
    by_check = {line["check"]: line for line in lines(done)}
    assert by_check["destinations"]["level"] == "ok"
    assert by_check["destinations"]["text"].endswith("accepts a TCP connection")
    assert by_check["midi"]["level"] == "warning"
    assert "this show has no MIDI destinations" in by_check["midi"]["text"]
    assert all(line["level"] != "problem" for line in lines(done))
    assert done.returncode == 0


def test_a_damaged_show_file_is_a_problem_and_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "broken.showdesk"
    path.write_bytes(b"not a show file at all\n" * 100)
    done = doctor(path)
    assert done.returncode == 1
    assert f"problem  show file: {path} is not a showdesk show file" in done.stdout
    assert "fix: open a good copy of the show" in done.stdout


def test_without_a_show_it_checks_the_machine() -> None:
    done = doctor("--json", env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    checks = {line["check"] for line in lines(done)}
    assert {"qt", "midi", "realtime", "fonts"} <= checks
    assert not checks & {"show", "destinations", "disk"}
    assert all(line["level"] in LEVELS for line in lines(done))


def test_the_real_time_lines_say_what_the_engine_would_get() -> None:
    found = check_realtime(Context())
    assert found[0].level in ("ok", "warning")
    assert all(line.text.startswith("real-time: ") for line in found)
    assert all(line.level in LEVELS for line in found)


def test_a_host_name_that_does_not_resolve_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "show.showdesk"
    ShowFile.create(path).close()
    with ShowFile.open(path) as show:
        show.set_destination("SND", "osc.udp://mixer.invalid:10023")  # .invalid never resolves
    done = doctor(path, "--json", env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    (line,) = [line for line in lines(done) if line["check"] == "destinations"]
    assert line["level"] == "problem"
    assert line["text"].startswith("SND (osc.udp://mixer.invalid:10023): the name "
                                   "'mixer.invalid' does not resolve")  # fmt: skip
    assert done.returncode == 1
