"""What every output shares: the result of a send, its health (state and counts), and the
hand-over of state changes from an output's own thread to the engine.

States (docs/protocol.md, the `output` event):

- `live`: sending for real.
- `rehearsal capture`: rehearsal; records what would have been sent, sends nothing.
- `connecting`: a TCP destination's first connection is being made.
- `unreachable`: a TCP destination that refused, did not answer or dropped the connection
  (reconnecting in the background), or a UDP host whose name does not resolve.
- `erroring`: the last send failed although the destination is there (a full buffer, a peer
  that stopped reading, bytes a MIDI port refused).
- `missing port`: no MIDI port by that name, or no MIDI system at all (watched, reopened by
  name when it appears).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from showdesk.threads import WorkerProblem

LIVE = "live"
OFFLINE = "rehearsal capture"
CONNECTING = "connecting"
UNREACHABLE = "unreachable"
ERRORING = "erroring"
MISSING = "missing port"
STATES = (LIVE, OFFLINE, CONNECTING, UNREACHABLE, ERRORING, MISSING)


@dataclass(frozen=True)
class SendResult:
    ok: bool
    offline: bool = False
    error: str = ""


SENT = SendResult(ok=True)


@dataclass(frozen=True)
class OutputChange:
    """An output moved to another state; handed to the engine thread, which publishes it."""

    destination: str
    state: str
    reason: str


# Where an output's thread reports: its state changes, and exceptions it did not expect.
Notify = Callable[[OutputChange | WorkerProblem], None]


@dataclass
class OutputStats:
    state: str
    reason: str = ""  # why it is in this state, for people
    sent: int = 0
    errors: int = 0
    last_sent: float | None = None  # wall-clock time of the last message that went out
    last_message: str = ""
    last_error: str = ""

    def counts(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "errors": self.errors,
            "last_sent": None if self.last_sent is None else round(self.last_sent, 6),
            "last_message": self.last_message,
            "last_error": self.last_error,
        }


class Output(Protocol):
    name: str
    stats: OutputStats

    def start(self, notify: Notify) -> None:
        """Begins any background work (connecting, watching ports); state changes from now on
        go to `notify`, from whichever thread sees them."""

    def send(self, data: bytes, text: str) -> SendResult:
        """Sends one message's bytes; never raises, never blocks."""

    def close(self) -> None: ...


class BaseOutput:
    """State bookkeeping: counts, and state changes reported once each, in order."""

    def __init__(self, name: str, state: str, reason: str = "") -> None:
        self.name = name
        self.stats = OutputStats(state, reason)
        self._lock = threading.RLock()
        self._notify: Notify | None = None
        self.live_reason = ""  # the reason shown while live (where it sends)

    def start(self, notify: Notify) -> None:
        with self._lock:
            self._notify = notify

    def close(self) -> None:
        pass

    def _set_state(self, state: str, reason: str = "") -> None:
        with self._lock:
            if (state, reason) == (self.stats.state, self.stats.reason):
                return
            self.stats.state, self.stats.reason = state, reason
            if self._notify is not None:  # under the lock, so changes arrive in order
                self._notify(OutputChange(self.name, state, reason))

    def _sent(self, text: str) -> SendResult:
        stats = self.stats
        stats.sent += 1
        stats.last_message = text
        stats.last_sent = time.time()
        if stats.state != LIVE:
            self._set_state(LIVE, self.live_reason)
        return SENT

    def _failed(self, error: str, state: str = ERRORING, reason: str | None = None) -> SendResult:
        self.stats.errors += 1
        self.stats.last_error = error
        self._set_state(state, error if reason is None else reason)
        return SendResult(ok=False, error=error)


CAPTURE_KEEP = 10_000


@dataclass
class CaptureOutput:
    """Rehearsal: records what would have been sent, sends nothing."""

    name: str
    stats: OutputStats = field(
        default_factory=lambda: OutputStats(OFFLINE, "rehearsal: nothing leaves this machine")
    )
    # The latest messages only: a rehearsal of hours with fades and timecode (a hundred quarter
    # frames a second) must not grow without end; every send but a quarter frame is in the log.
    captured: deque[bytes] = field(default_factory=lambda: deque(maxlen=CAPTURE_KEEP))

    def start(self, notify: Notify) -> None:
        pass

    def send(self, data: bytes, text: str) -> SendResult:
        self.captured.append(data)
        self.stats.sent += 1
        self.stats.last_message = text
        self.stats.last_sent = time.time()
        return SendResult(ok=True, offline=True)

    def close(self) -> None:
        pass


class UnavailableOutput(BaseOutput):
    """A destination this engine cannot send to: every send is an error that says why."""

    def __init__(self, name: str, reason: str, state: str = ERRORING) -> None:
        super().__init__(name, state, reason)
        self.reason = reason

    def send(self, data: bytes, text: str) -> SendResult:
        return self._failed(self.reason, self.stats.state)
