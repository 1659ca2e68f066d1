"""Remote control in: OSC (QLab's dictionary, UDP and TCP on one port), MIDI triggers and MSC.

Everything that arrives becomes an engine command line on the engine's command queue, the same
lines the app and stdin send, with its `source`; refusals and the server's own news are `remote`
events. See docs/remote.md. Nothing here is imported unless remote control is asked for.
"""
