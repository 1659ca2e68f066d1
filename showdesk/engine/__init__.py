"""The cue engine.

Its pure core is `model` (the scheduler's input), `events`, `timing`, `groups` and `scheduler`:
these never read a wall clock, sleep, start threads or do I/O. Time comes from an injected
`Clock` and every command returns the events it caused, so the engine process turns events into
sends and log rows, and tests drive the scheduler with a `FakeClock`.
"""
