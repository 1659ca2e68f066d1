"""The cue list as a plain-text table, for `showdesk list` and the demo."""

from __future__ import annotations

from cues.base import ContinueMode, Cue
from showdesk.timefmt import format_clock

HEADINGS = ("cue", "type", "name", "target", "what", "pre", "dur", "post", "then", "dept", "")
WIDEST = {"name": 28, "what": 40}
CONTINUE = {
    ContinueMode.NONE: "",
    ContinueMode.AUTO_CONTINUE: "cont",
    ContinueMode.AUTO_FOLLOW: "follow",
}


def _depths(cues: list[Cue]) -> dict[str, int]:
    depth: dict[str, int] = {}
    for cue in cues:  # a group comes before its cues, so its depth is known first
        depth[cue.id] = depth.get(cue.parent, -1) + 1 if cue.parent else 0
    return depth


def _flags(cue: Cue, patch: dict[str, str]) -> str:
    flags = []
    if not cue.armed:
        flags.append("DISARMED")
    if cue.type.target == "destination" and cue.target not in patch:
        flags.append("UNPATCHED")
    return " ".join(flags)


def _seconds(value: float) -> str:
    return format_clock(value) if value else ""


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cue_table(cues: list[Cue], patch: dict[str, str]) -> str:
    depth = _depths(cues)
    rows = [HEADINGS]
    for cue in cues:
        what = cue.payload.text()
        if cue.type.target == "cue":
            what = f"{cue.type.name} cue {cue.target}"
        rows.append((
            "  " * depth[cue.id] + (cue.number or "-"),
            cue.type.name,
            _fit(cue.name, WIDEST["name"]),
            cue.target if cue.type.target == "destination" else "",
            _fit(what, WIDEST["what"]),
            _seconds(cue.pre_wait),
            _seconds(cue.duration),
            _seconds(cue.post_wait),
            CONTINUE[cue.continue_mode],
            cue.dept,
            _flags(cue, patch),
        ))  # fmt: skip
    if len(rows) == 1:
        return "  (no cues)"
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADINGS))]
    return "\n".join(
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )
