"""The pure cue scheduler: commands in, events out, on an injected clock.

The timing rules are those of the cue semantics brief (deadlines `t_a = t_s + p`, `t_c = t_a + d`,
continues, stop, pause, groups, double-GO guard, panic); `timing.py` holds the deadline queue and
`groups.py` what each group mode starts. Commands first fire every deadline already due (the world
as of `clock.now()`, each event at its exact deadline), then act at `clock.now()`, then fire
whatever they made due at once; they return all of those events. Nothing here sleeps, reads a
wall clock or does I/O.

Choices where the brief is silent:
- 'prewait' is reported only for a pre-wait > 0; 'postwait' only when the action has completed
  and a continue is still pending (the cue completes when that continue fires).
- A broken cue reports 'broken' instead of 'running' and keeps its duration, like a disarmed one.
- Children of timeline, playlist and random groups ignore their own continue links (the group
  starts them); a playlist starts the next child when one completes, ignoring child post-waits.
- A cue started while its group is running joins that group run (the group waits for it). A
  group whose children all ended but one was stopped ends 'stopped', and does not continue.
- A start-first-and-enter group stays running until its children are done and the playhead has
  left it, so its own follow fires after the last child. A disarmed group runs its children's
  timing but none of them acts; a broken group starts no children.
- GO on a cue that is already active (running, paused ...) is accepted, does not restart it,
  and moves the playhead on. GO with nothing standing by is rejected and does not arm the guard.
- Panic: running fades go 'stopping' and end at t + panic_time with no further FadeStep (the
  runner fades the output down); disarmed, broken or paused fades and everything else stop at
  once. A panic fade-out cannot be paused.
- Reset reports 'idle' for every cue that was not idle, and keeps the double-GO guard's memory.
- The engine never starts the same cue twice in one instant on its own (continues, groups,
  control cues), so zero-time loops end instead of hanging; commands are not limited.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Literal

from showdesk.engine.events import (
    Action,
    ControlDone,
    CueState,
    CueStateName,
    Event,
    FadeStep,
    GoAccepted,
    GoRejected,
    Playhead,
    QuarterFrame,
)
from showdesk.engine.groups import ShuffleBag, children_to_start, playlist_next
from showdesk.engine.model import SchedCue, Show, fade_ramp_steps, fade_value
from showdesk.engine.timing import Clock, DeadlineQueue, FakeClock, Run, TimerKind

# The events are re-exported so that the scheduler module alone gives the whole engine API.
__all__ = [
    "Action",
    "Clock",
    "ControlDone",
    "CueState",
    "CueStateName",
    "Event",
    "FadeStep",
    "FakeClock",
    "GoAccepted",
    "GoRejected",
    "Playhead",
    "QuarterFrame",
    "Scheduler",
    "run_until",
]


class Scheduler:
    """Runs a `Show` on a `Clock`: every command takes effect at `clock.now()`.

    States reported by `state()` and `CueState` events:
    idle (never run since reset), prewait, running (action in progress), broken (in place of
    running for a cue that cannot act), postwait (action complete, its continue still pending),
    completed, stopped, paused, stopping (a fade ending after a panic).
    """

    def __init__(self, show: Show, clock: Clock, rng: random.Random | None = None) -> None:
        self._show = show
        self._clock = clock
        self._rng = rng if rng is not None else random.Random()
        self._queue = DeadlineQueue()
        self._runs: dict[str, Run] = {}  # active runs by cue id: at most one per cue
        self._states: dict[str, CueStateName] = {}
        self._armed: dict[str, bool] = {}  # arm/disarm from control cues, until reset
        self._bags: dict[str, ShuffleBag] = {}
        self._last_go: float | None = None
        self._t = float(clock.now())  # the time events happen at: a deadline, or a command's now
        # Cues the engine itself started at instant _auto_t: it may not start them again in the
        # same instant, which breaks zero-time loops (control cues starting each other, a looping
        # playlist of instant cues) without limiting anything that takes time.
        self._auto_t = -math.inf
        self._auto_started: set[str] = set()
        self._out: list[Event] = []
        first = show.first()
        self._playhead = None if first is None else first.id

    # --- queries ---------------------------------------------------------------------------

    @property
    def show(self) -> Show:
        """The show being run."""
        return self._show

    @property
    def playhead(self) -> str | None:
        """The cue standing by (None = past the end of the list)."""
        return self._playhead

    def state(self, cue_id: str) -> CueStateName:
        """The cue's current state (see the class docstring); KeyError for an unknown id."""
        self._show.get(cue_id)
        run = self._runs.get(cue_id)
        if run is not None and run.paused_at is not None:
            return "paused"
        return self._states.get(cue_id, "idle")

    def is_armed(self, cue_id: str) -> bool:
        """The cue's own arm state, including arm/disarm by control cues since the last reset."""
        return self._armed.get(cue_id, self._show.get(cue_id).armed)

    def next_deadline(self) -> float | None:
        """The earliest pending deadline, None when nothing is pending."""
        return self._queue.next_deadline()

    # --- commands ----------------------------------------------------------------------------

    def advance(self) -> list[Event]:
        """Fire every deadline <= clock.now(), in deadline order, ties in list order."""
        return self._command(lambda: None)

    def go(self, source: str = "key") -> list[Event]:
        """GO: start the cue standing by and move the playhead past its sequence."""
        return self._command(lambda: self._go(source, None))

    def go_to(self, cue_id: str, source: str = "key") -> list[Event]:
        """Stand by on `cue_id`, then GO (a rejected GO leaves the playhead where it was)."""
        self._show.get(cue_id)
        return self._command(lambda: self._go(source, cue_id))

    def start(self, cue_id: str) -> list[Event]:
        """Start a cue and its sequence; the playhead stays and no double-GO guard applies."""
        cue = self._show.get(cue_id)
        return self._command(lambda: self._start(cue, auto=False))

    def preview(self, cue_id: str) -> list[Event]:
        """Rehearsal: act at once (no pre-wait), ignore its continue, leave the playhead."""
        cue = self._show.get(cue_id)
        return self._command(lambda: self._start(cue, auto=False, preview=True))

    def stop(self, cue_id: str | None = None) -> list[Event]:
        """Stop one cue (a group with its children) or, with None, everything, at once."""
        if cue_id is not None:
            self._show.get(cue_id)
        return self._command(lambda: self._for_tree(cue_id, self._stop))

    def pause(self, cue_id: str | None = None) -> list[Event]:
        """Freeze a cue (a group with its children) or, with None, everything."""
        if cue_id is not None:
            self._show.get(cue_id)
        return self._command(lambda: self._for_tree(cue_id, self._pause))

    def resume(self, cue_id: str | None = None) -> list[Event]:
        """Resume what `pause` froze, with the time that remained."""
        if cue_id is not None:
            self._show.get(cue_id)
        return self._command(lambda: self._for_tree(cue_id, self._resume))

    def panic(self) -> list[Event]:
        """Panic: stop everything; running fades end after the panic time (second panic: now)."""
        return self._command(self._panic)

    def reset(self) -> list[Event]:
        """Stop all, playhead to the top, discard arm/disarm changes made by control cues."""
        return self._command(self._reset)

    def standby(self, cue_id: str) -> list[Event]:
        """Move the playhead to `cue_id` without starting anything."""
        self._show.get(cue_id)
        return self._command(lambda: self._set_playhead(cue_id))

    def _command(self, apply: Callable[[], None]) -> list[Event]:
        now = float(self._clock.now())
        self._fire_due(now)  # first the world as of `now`: overdue deadlines at their times
        self._t = now
        self._auto_t, self._auto_started = now, set()
        apply()
        self._fire_due(now)  # then whatever the command made due at once
        out, self._out = self._out, []
        return out

    # --- the deadline queue ------------------------------------------------------------------

    def _fire_due(self, now: float) -> None:
        while (due := self._queue.pop_due(now)) is not None:
            self._t, timer = due
            run = timer.run
            if timer.kind == "action":
                self._act(run)
            elif timer.kind == "continue":
                self._post_wait_done(run)
            elif timer.kind == "complete":
                self._complete(run)
            elif timer.kind == "fade":
                self._fade_step(run, timer.k)
            else:
                self._end(run, "stopped")  # a panic fade-out is over

    def _push(self, run: Run, kind: TimerKind, k: int = 0) -> None:
        self._queue.push(run, kind, k, not_before=self._t)

    # --- one run's life ------------------------------------------------------------------------

    def _start(self, cue: SchedCue, *, auto: bool, preview: bool = False) -> None:
        if cue.id in self._runs:
            return  # a second trigger must never restart or stop a running cue
        if auto:
            if self._t != self._auto_t:
                self._auto_t, self._auto_started = self._t, set()
            if cue.id in self._auto_started:
                return
            self._auto_started.add(cue.id)
        parent = self._runs.get(cue.parent) if cue.parent is not None else None
        group = parent if parent is not None and parent.phase == "running" else None
        run = Run(
            cue=cue,
            index=self._show.index(cue.id),
            t_s=self._t,
            pre_wait=0.0 if preview else cue.pre_wait,
            follow=not preview and self._show.follows_continues(cue.id),
            group=group,
        )
        self._runs[cue.id] = run
        if group is not None:
            group.children.add(cue.id)
        if run.pre_wait > 0:
            self._set_state(cue.id, "prewait")
        self._push(run, "action")

    def _act(self, run: Run) -> None:
        """The end of the pre-wait: the cue acts (or, disarmed or broken, only keeps time)."""
        cue = run.cue
        run.phase, run.t_a = "running", self._t
        run.acting = self._acts(cue)
        self._set_state(cue.id, "broken" if cue.broken else "running")
        # Push the continue before completion, so a continue due at the completion instant
        # fires first and the cue completes without a zero-length post-wait.
        if (
            run.follow
            and cue.continue_mode == "auto-continue"
            and self._show.next_sibling(cue.id) is not None
        ):
            self._push(run, "continue")
        if cue.kind == "group":
            if not cue.broken:  # a group acts by starting children; a disarmed one still does
                self._start_children(run)
            self._maybe_finish_group(run)
            return
        if run.acting:
            self._perform(run)
            if run.ended:  # a control cue may stop itself, e.g. by stopping its own group
                return
        if run.acting and cue.kind in ("fade", "timecode"):
            run.ramp_steps = fade_ramp_steps(cue)
            self._push(run, "fade", 0)  # the final step completes the fade (or timecode)
        elif math.isfinite(cue.duration):
            self._push(run, "complete")

    def _acts(self, cue: SchedCue) -> bool:
        # A disarmed group disarms what is inside it: its children keep time but do not act.
        if cue.broken or not self.is_armed(cue.id):
            return False
        parent = self._show.parent_of(cue.id)
        while parent is not None:
            if not self.is_armed(parent.id):
                return False
            parent = self._show.parent_of(parent.id)
        return True

    def _perform(self, run: Run) -> None:
        cue = run.cue
        if cue.kind in ("action", "fade", "memo"):
            self._emit(Action(self._t, cue.id))
        elif cue.kind == "control":
            self._control(cue)

    def _fade_step(self, run: Run, k: int) -> None:
        if run.cue.kind == "timecode":  # quarter frames; the end itself sends nothing
            if k < run.ramp_steps:
                self._emit(QuarterFrame(self._t, run.cue.id, k, k == 0 or run.relocate))
                run.relocate = False
                self._push(run, "fade", k + 1)
            else:
                self._complete(run)
            return
        self._emit(FadeStep(self._t, run.cue.id, k, fade_value(run.cue, k)))
        if k < run.ramp_steps:
            self._push(run, "fade", k + 1)
        else:
            self._complete(run)

    def _complete(self, run: Run) -> None:
        """The action is over (t_a + d, or a group's last child)."""
        if run.has_pending("continue"):
            run.phase = "postwait"
            self._set_state(run.cue.id, "postwait")
        else:
            self._end(run, "completed")

    def _post_wait_done(self, run: Run) -> None:
        following = self._show.next_sibling(run.cue.id)
        if following is not None:
            self._start(following, auto=True)
        if run.phase == "postwait":
            self._end(run, "completed")

    def _end(self, run: Run, state: Literal["completed", "stopped"]) -> None:
        """Retire a run: a stop cancels all its pending work, a completion may follow on."""
        run.ended = True
        self._queue.cancel(run)
        del self._runs[run.cue.id]
        self._set_state(run.cue.id, state)
        if state == "completed" and run.follow and run.cue.continue_mode == "auto-follow":
            following = self._show.next_sibling(run.cue.id)
            if following is not None:
                self._start(following, auto=True)  # joins the group before it is told below
        group = run.group
        if group is not None and not group.ended:
            group.children.discard(run.cue.id)
            if state == "stopped":
                group.child_stopped = True
            elif group.cue.group_mode == "playlist":
                following = playlist_next(self._show, group.cue, run.cue)
                if following is not None:
                    self._start(following, auto=True)
            self._maybe_finish_group(group)

    # --- groups ------------------------------------------------------------------------------

    def _start_children(self, run: Run) -> None:
        bag = self._bags.setdefault(run.cue.id, ShuffleBag())
        kids = children_to_start(
            self._show, run.cue, armed=self.is_armed, playing=self._runs, bag=bag, rng=self._rng
        )
        for kid in kids:
            self._start(kid, auto=True)

    def _maybe_finish_group(self, run: Run) -> None:
        """A group is over when no child that joined it is active.

        It completes if they all completed, and ends stopped (no continue) if any was stopped.
        An entered group also waits until the playhead has left it.
        """
        if run.ended or run.phase != "running" or run.paused_at is not None or run.children:
            return
        playhead = self._playhead
        if (
            run.cue.group_mode == "start-first-and-enter"
            and playhead is not None
            and self._show.is_inside(playhead, run.cue.id)
        ):
            return
        if run.child_stopped:
            self._end(run, "stopped")
        else:
            self._complete(run)

    # --- commands' work ----------------------------------------------------------------------

    def _go(self, source: str, cue_id: str | None) -> None:
        interval = self._show.min_go_interval
        if interval > 0 and self._last_go is not None and self._t - self._last_go < interval:
            since = self._t - self._last_go
            reason = f"{since:.3f} s after the last GO; the minimum GO interval is {interval:g} s"
            self._emit(GoRejected(self._t, source, reason))
            return
        target = cue_id if cue_id is not None else self._playhead
        if target is None:
            self._emit(GoRejected(self._t, source, "nothing is standing by"))
            return
        self._last_go = self._t
        self._emit(GoAccepted(self._t, target, source))
        self._start(self._show.get(target), auto=False)
        self._set_playhead(self._show.playhead_after_go(target))

    def _control(self, cue: SchedCue) -> None:
        op, target_id = cue.control_op, cue.control_target
        assert op is not None  # guaranteed by Show validation
        assert target_id is not None
        if op == "start":
            self._start(self._show.get(target_id), auto=True)
        elif op in ("stop", "pause", "resume"):
            action = {"stop": self._stop, "pause": self._pause, "resume": self._resume}[op]
            self._for_tree(target_id, action)
        elif op == "goto":
            self._set_playhead(target_id)
        else:
            self._armed[target_id] = op == "arm"
        self._emit(ControlDone(self._t, cue.id, op, target_id))

    def _for_tree(self, cue_id: str | None, action: Callable[[Run], None]) -> None:
        """Apply to one cue and everything active inside it, or (None) to every active run."""
        for run in sorted(self._runs.values(), key=lambda r: r.index):
            if run.ended:
                continue  # ended by an earlier action in this loop
            if cue_id is None or run.cue.id == cue_id or self._show.is_inside(run.cue.id, cue_id):
                action(run)

    def _stop(self, run: Run) -> None:
        if not run.ended:
            self._end(run, "stopped")

    def _pause(self, run: Run) -> None:
        # A panic fade-out is not paused: panic must always end in silence.
        if run.ended or run.paused_at is not None or run.phase == "stopping":
            return
        self._queue.freeze(run, self._t)
        self._emit(CueState(self._t, run.cue.id, "paused"))

    def _resume(self, run: Run) -> None:
        if run.ended or run.paused_at is None:
            return
        self._queue.thaw(run, self._t)
        run.relocate = run.cue.kind == "timecode"  # the receiver stopped: locate it again
        self._emit(CueState(self._t, run.cue.id, self._states.get(run.cue.id, "idle")))
        if run.cue.kind == "group":
            self._maybe_finish_group(run)  # its children may have ended while it was paused

    def _panic(self) -> None:
        runs = sorted(self._runs.values(), key=lambda r: r.index)
        if any(run.phase == "stopping" for run in runs):
            self._for_tree(None, self._stop)  # second panic during the fade-outs: now
            return
        for run in runs:
            if run.ended:
                continue
            if self._fades_out(run):
                # The runner fades the output down; the scheduler sends no further steps.
                self._queue.cancel(run)
                run.phase, run.stop_at = "stopping", self._t + self._show.panic_time
                self._set_state(run.cue.id, "stopping")
                self._push(run, "panic")
            else:
                self._end(run, "stopped")  # pending waits and post-waits are cancelled with it

    def _fades_out(self, run: Run) -> bool:
        return (
            run.cue.kind == "fade"
            and run.phase == "running"
            and run.acting
            and run.paused_at is None
            and self._show.panic_time > 0
        )

    def _reset(self) -> None:
        self._for_tree(None, self._stop)
        self._armed.clear()
        self._bags.clear()
        for cue in self._show.cues:
            if self._states.get(cue.id, "idle") != "idle":
                self._set_state(cue.id, "idle")
        first = self._show.first()
        self._set_playhead(None if first is None else first.id)

    def _set_playhead(self, cue_id: str | None) -> None:
        if cue_id == self._playhead:
            return
        self._playhead = cue_id
        self._emit(Playhead(self._t, cue_id))
        # An entered group may have been waiting only for the playhead to leave it.
        for run in sorted(self._runs.values(), key=lambda r: r.index):
            if run.cue.kind == "group" and run.cue.group_mode == "start-first-and-enter":
                self._maybe_finish_group(run)

    # --- events ------------------------------------------------------------------------------

    def _emit(self, event: Event) -> None:
        self._out.append(event)

    def _set_state(self, cue_id: str, state: CueStateName) -> None:
        if self._states.get(cue_id, "idle") != state:
            self._states[cue_id] = state
            self._emit(CueState(self._t, cue_id, state))


def run_until(scheduler: Scheduler, clock: FakeClock, until: float) -> list[Event]:
    """Drive a scheduler on a fake clock through every deadline up to `until`.

    Does what a punctual live runner does (set the clock to each deadline, advance), then leaves
    the clock at `until`. For tests and for simulating a show's timing offline.
    """
    events: list[Event] = []
    while (deadline := scheduler.next_deadline()) is not None and deadline <= until:
        clock.set(max(deadline, clock.now()))
        events += scheduler.advance()
    clock.set(max(until, clock.now()))
    events += scheduler.advance()
    return events
