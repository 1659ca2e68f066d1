"""Cues written as a device-profile command (`@eos fire list=1 cue=12.5`).

The profiles are data that ship with the app (showdesk/profiles); a payload's `parse` comes here
only when its text starts with `@`, so a cue model without profiles never loads them. The cue
keeps the message the command produced and the command itself: the show sends the stored
message even where the profile is missing, and the sheet shows the command people wrote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from showdesk.profiles import Expansion


def is_command(text: str) -> bool:
    return text.lstrip().startswith("@")


def expand(text: str, cue_type: str) -> Expansion:
    """The message of a profile command, which must make a cue of `cue_type`."""
    from showdesk.profiles import expand as expand_command

    expansion = expand_command(text)
    if expansion.cue_type != cue_type:
        device = expansion.command.split()[0]
        raise ValueError(
            f"{device} is a{'n' if expansion.cue_type == 'osc' else ''} "
            f"{expansion.cue_type.upper()} device: its commands make {expansion.cue_type} cues, "
            f"not {cue_type} cues"
        )
    return expansion
