"""The command tables of docs/profiles.md, generated from the bundled profiles.

`python -m showdesk.profiles.docs docs/profiles.md` rewrites the part of the file between the
markers; a test fails when the file and the profiles disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from showdesk.profiles import catalogue
from showdesk.profiles.model import Profile

BEGIN = "<!-- profiles: generated from showdesk/profiles/data, do not edit by hand -->"
END = "<!-- profiles: end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def profile_section(profile: Profile) -> str:
    transports = ", ".join(
        f"`{t.scheme}`" + (f" port {t.port}" if t.port else "") +
        (f" ({t.framing} framing)" if t.framing else "")
        for t in profile.transports
    )  # fmt: skip
    lines = [
        f"### `{profile.id}`: {profile.name}",
        "",
        f"Transport: {transports}. Cues: `{profile.cue_type}`. "
        f"File: `showdesk/profiles/data/{Path(profile.source).name}`.",
        *(["", profile.notes] if profile.notes else []),
        "",
        "| command | parameters | sends | what it does | source |",
        "|---|---|---|---|---|",
    ]
    for command in profile.commands.values():
        params = "<br>".join(
            f"`{p.name}` {_cell(p.describe())}"
            + (f" (default {p.text(p.default)})" if p.default is not None else "")
            + (f": {_cell(p.summary)}" if p.summary else "")
            for p in command.params
        )
        lines.append(
            f"| `{command.usage(profile.id)}` | {params or '-'} | `{_cell(command.sends_text())}` "
            f"| {_cell(command.summary)} | {_cell(command.source) or '-'} |"
        )
    return "\n".join(lines)


def generated() -> str:
    bundled = sorted((p for p in catalogue().profiles.values() if p.bundled), key=lambda p: p.id)
    return "\n\n".join(profile_section(p) for p in bundled)


def rewrite(text: str) -> str:
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n\n{generated()}\n\n{END}{tail}"


def current(text: str) -> str:
    """The generated part as the file has it."""
    return text.partition(BEGIN)[2].partition(END)[0].strip()


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.write_text(rewrite(target.read_text()))
