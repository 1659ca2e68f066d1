"""The engine's view of outputs; they live in `showdesk.outputs` (one module per transport)."""

from __future__ import annotations

from showdesk.outputs import (
    OFFLINE,
    CaptureOutput,
    Notify,
    Output,
    OutputChange,
    OutputStats,
    Quiet,
    SendResult,
    TcpOutput,
    UdpOutput,
    UnavailableOutput,
    build_outputs,
)

__all__ = [
    "OFFLINE",
    "CaptureOutput",
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
