"""Bytes on the wire: OSC packets and framings, MIDI and MSC messages."""
