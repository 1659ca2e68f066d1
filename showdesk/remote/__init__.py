"""Remote control in: OSC (QLab's dictionary, UDP and TCP on one port), MIDI triggers and MSC.

Everything that arrives becomes an engine command line on the engine's command queue, the same
lines the app and stdin send, with its `source`; refusals and the server's own news are `remote`
events. `control.py` composes it for one run; with remote control off and no MIDI input it opens
nothing. See docs/remote.md.
"""
