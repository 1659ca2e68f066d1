"""`showdesk profiles`: which device profiles this machine has, and what a command sends.

cli.py registers it, and imports this only when it runs: the profiles take a while to load.
"""

from __future__ import annotations

import argparse
import sys

from cues.midi import MidiMessages
from cues.osc import OscMessage
from showdesk.errors import ShowdeskError
from showdesk.profiles import catalogue, expand
from showdesk.wire.osc import encode_message


def cmd_profiles(args: argparse.Namespace) -> int:
    loaded = catalogue()
    if args.expand:
        try:
            made = expand(args.expand)
        except ValueError as exc:
            raise ShowdeskError(str(exc)) from None
        if made.cue_type == "osc":
            data = encode_message(made.address, made.args)
            text = OscMessage(made.address, made.args).message_text()
        else:
            messages = MidiMessages(made.midi)
            data, text = messages.bytes(), messages.message_text()
        print(f"{made.command}\n  {made.cue_type} cue: {text}\n  bytes: {data.hex(' ')}")
        return 0
    if args.id:
        try:
            profile = loaded.get(args.id)
        except ValueError as exc:
            raise ShowdeskError(str(exc)) from None
        where = "bundled" if profile.bundled else profile.source
        transports = ", ".join(t.text() for t in profile.transports)
        print(f"@{profile.id}: {profile.name} ({transports}; {profile.cue_type} cues; {where})")
        if profile.notes:
            print(f"  {profile.notes}")
        for command in profile.commands.values():
            print(f"  {command.usage(profile.id)}")
            if command.summary:
                print(f"      {command.summary}")
            if command.source:
                print(f"      source: {command.source}")
            for p in command.params:
                default = f", default {p.text(p.default)}" if p.default is not None else ""
                summary = f": {p.summary}" if p.summary else ""
                print(f"      {p.name}  {p.describe()}{default}{summary}")
        return 0
    rows = [
        (f"@{p.id}", p.name, ", ".join(t.text() for t in p.transports), str(len(p.commands)),
         "bundled" if p.bundled else p.source)
        for p in sorted(loaded.profiles.values(), key=lambda p: p.id)
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[4]]))
    print(f"user profiles: {', '.join(str(d) for d in loaded.user_dirs)}")
    for problem in loaded.problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if loaded.problems else 0
