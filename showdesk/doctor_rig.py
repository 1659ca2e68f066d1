"""What `showdesk doctor` asks the rig: the MIDI system and its ports, and each patched
destination (its name resolves; a TCP one accepts a connection; a MIDI port is there).

Every probe is bounded in time and runs beside the others, so a dead console costs seconds, not
minutes. The MIDI libraries print their own complaints on stderr (ALSA, JACK); those are kept
off the screen while the doctor asks, since its own line says the same in words.
"""

from __future__ import annotations

import contextlib
import os
import platform
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from showdesk.outputs.midi import backend_name, find_port, make_driver

T = TypeVar("T")
CONNECT_TIMEOUT = 2.0  # seconds for a TCP connection to a console
PROBE_TIMEOUT = 5.0  # seconds for a name lookup or a MIDI system to answer
# rtmidi's names for the systems it speaks to
API_WORDS = {
    "LINUX_ALSA": "ALSA",
    "UNIX_JACK": "JACK",
    "MACOSX_CORE": "CoreMIDI",
    "WINDOWS_MM": "WinMM",
    "WEB_MIDI_API": "Web MIDI",
}


@dataclass(frozen=True)
class MidiSystem:
    backend: str  # the mido backend[/API] the engine would use
    words: str  # e.g. "ALSA (python-rtmidi)"
    ports: tuple[str, ...] | None  # None: the MIDI system could not be reached
    reason: str = ""  # why not


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Sends file descriptor 2 to /dev/null for a moment (C libraries write there directly)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _probe(backend: str) -> tuple[list[str], str]:
    """The output ports the backend sees, and the MIDI system it reached, in words."""
    driver = make_driver(backend, "showdesk doctor")
    ports = driver.ports()
    # rtmidi: the client that listed the ports knows the system it picked (the first that works)
    client = getattr(driver, "lister", None) or getattr(driver, "client", None)
    if client is not None:
        import rtmidi

        api_id = client.get_current_api()
        known = {getattr(rtmidi, f"API_{key}", None): word for key, word in API_WORDS.items()}
        word = known.get(api_id) or rtmidi.get_api_display_name(api_id)
        return ports, f"{word} (python-rtmidi)"
    return ports, _backend_words(backend)


def _backend_words(backend: str) -> str:
    module, _, api = backend.partition("/")
    return f"{API_WORDS.get(api, api)} ({module})" if api else module


def midi_system(setting: str) -> MidiSystem:
    """The MIDI system the engine would use for this show, and the output ports it sees."""
    backend = backend_name(setting)
    # Asking JACK must never start a JACK server of its own.
    saved = os.environ.get("JACK_NO_START_SERVER")
    os.environ["JACK_NO_START_SERVER"] = "1"
    try:
        with _quiet_stderr():
            result = _bounded(lambda: _probe(backend))
    finally:
        if saved is None:
            os.environ.pop("JACK_NO_START_SERVER", None)
        else:
            os.environ["JACK_NO_START_SERVER"] = saved
    if isinstance(result, str):
        return MidiSystem(backend, _backend_words(backend), None, result)
    ports, words = result
    return MidiSystem(backend, words, tuple(ports))


def _bounded(probe: Callable[[], T]) -> T | str:
    """The probe's answer, or why there is none (an error, or no answer in PROBE_TIMEOUT)."""
    box: list[T | str] = []

    def run() -> None:
        try:
            box.append(probe())
        except Exception as exc:  # each backend has its own error types
            box.append(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)

    thread = threading.Thread(target=run, name="doctor probe", daemon=True)
    thread.start()
    thread.join(PROBE_TIMEOUT)
    return box[0] if box else f"no answer within {PROBE_TIMEOUT:g} s"


def midi_fix(system: MidiSystem, show: str = "SHOW") -> str:
    """How to get a MIDI system the engine can use, for this machine."""
    if system.backend.endswith("/UNIX_JACK"):
        return "start the JACK server (e.g. with qjackctl) before the show"
    fixes = {
        "Linux": "load the ALSA sequencer (`sudo modprobe snd-seq`, and add snd-seq to "
        "/etc/modules to keep it), or use JACK: "
        f"showdesk settings {show} midi_backend mido.backends.rtmidi/UNIX_JACK",
        "Darwin": "open Audio MIDI Setup and check the MIDI interface is connected and enabled",
    }
    return fixes.get(
        platform.system(),
        "connect the MIDI interface and install its driver (Windows lists it in Device Manager)",
    )


def port_problem(wanted: str, system: MidiSystem) -> str:
    """'' when the engine would open `wanted`, else why not."""
    if system.ports is None:
        return f"no MIDI system to find it in ({system.reason})"
    if find_port(wanted, list(system.ports)) is None:
        seen = ", ".join(system.ports) if system.ports else "none"
        return f"MIDI port {wanted!r} is not there (ports seen: {seen})"
    return ""


def resolve(host: str) -> str:
    """'' when `host` resolves to an address, else why not (bounded in time)."""

    def lookup() -> tuple[str, ...]:  # a tuple, so that an answer is never taken for a reason
        return tuple(str(info[4][0]) for info in socket.getaddrinfo(host, None))

    answer = _bounded(lookup)
    return f"the name {host!r} does not resolve ({answer})" if isinstance(answer, str) else ""


def connect(host: str, port: int) -> str:
    """'' when a TCP connection to host:port is accepted (and closed again), else why not."""
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT):
            return ""
    except TimeoutError:
        return f"no answer from {host}:{port} within {CONNECT_TIMEOUT:g} s"
    except OSError as exc:
        return f"{host}:{port}: {exc.strerror or exc}"


def in_parallel(probes: dict[str, Callable[[], str]]) -> dict[str, str]:
    """Runs each probe on its own thread; their answers by name (a probe never raises)."""
    answers: dict[str, str] = {}
    lock = threading.Lock()

    def run(name: str, probe: Callable[[], str]) -> None:
        try:
            answer = probe()
        except Exception as exc:  # a probe's bug is a line in the report, not a traceback
            answer = f"could not be checked: {exc}"
        with lock:
            answers[name] = answer

    threads = [threading.Thread(target=run, args=item, daemon=True) for item in probes.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(PROBE_TIMEOUT + CONNECT_TIMEOUT)
    with lock:
        return {name: answers.get(name, "no answer in time") for name in probes}
