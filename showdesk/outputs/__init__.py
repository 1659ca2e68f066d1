"""Outputs: where a cue's bytes go. Each has one `send()` that returns what happened, never
raises and never blocks the timing loop; each has a state people can see (rig health).

In rehearsal every destination is a `CaptureOutput`. Live, the patch URL's scheme picks the
output: `osc.udp` a `UdpOutput`, `osc.tcp` and `midi.tcp` a `TcpOutput` (its framing from the
URL), `midi` a `MidiOutput`. Connecting and watching ports happen on each output's own thread;
state changes are handed to the engine through `notify`, and the engine publishes them.
"""

from __future__ import annotations

from showdesk.outputs.base import (
    CONNECTING,
    ERRORING,
    LIVE,
    MISSING,
    OFFLINE,
    STATES,
    UNREACHABLE,
    CaptureOutput,
    Notify,
    Output,
    OutputChange,
    OutputStats,
    SendResult,
    UnavailableOutput,
)
from showdesk.outputs.midi import MidiOutput, backend_name
from showdesk.outputs.tcp import TcpOutput
from showdesk.outputs.udp import UdpOutput
from showdesk.patch import Endpoint
from showdesk.threads import Quiet

__all__ = [
    "CONNECTING",
    "ERRORING",
    "LIVE",
    "MISSING",
    "OFFLINE",
    "STATES",
    "UNREACHABLE",
    "CaptureOutput",
    "MidiOutput",
    "Notify",
    "Output",
    "OutputChange",
    "OutputStats",
    "Quiet",
    "SendResult",
    "TcpOutput",
    "UdpOutput",
    "UnavailableOutput",
    "build_outputs",
]


def build_outputs(
    endpoints: dict[str, Endpoint], live: bool, midi_backend: str = "", quiet: Quiet | None = None
) -> dict[str, Output]:
    """One output per patched destination. Nothing starts until each output's `start()`.
    `quiet` is where the timing loop posts its next deadline (see `Quiet`)."""
    outputs: dict[str, Output] = {}
    backend = backend_name(midi_backend)
    for name, endpoint in endpoints.items():
        if not live:
            outputs[name] = CaptureOutput(name)
        elif endpoint.scheme == "osc.udp":
            outputs[name] = UdpOutput(name, endpoint)
        elif endpoint.scheme in ("osc.tcp", "midi.tcp"):
            outputs[name] = TcpOutput(name, endpoint)
        elif endpoint.scheme == "midi":
            outputs[name] = MidiOutput(name, endpoint.port_name, backend, quiet)
        else:
            reason = f"this showdesk cannot send to {endpoint.scheme} destinations"
            outputs[name] = UnavailableOutput(name, reason)
    return outputs
