"""The edits of edit mode as pure functions: a cue list in, the edited cue list out.

No Qt here: the view turns each user action into one call, stores the list before and after in
one undo command, and writes the result with `ShowFile.sync_cues`. A group's cues follow it one
after another (its *block*), so every edit here keeps blocks whole.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from cues.base import Cue, CueError, CueType, new_id

# What a new cue of a sending type starts with (its payload cannot be blank).
DEFAULT_MESSAGES = {
    "osc": "/showdesk/go",
    "fade": "/fader f 0 -> 1",
    "midi": "note_on channel=1 note=60 velocity=100",
    "msc": "GO cue=1 list=1",
    "timecode": "start=00:00:00:00 fps=25",
}


class EditError(ValueError):
    """An edit that cannot be made as asked; the reason is worded for the stage manager."""


def new_cue(kind: CueType, **fields: Any) -> Cue:
    """A cue of this type with a default payload (ready to edit in the inspector)."""
    text = DEFAULT_MESSAGES.get(kind.name, "")
    try:
        payload = kind.parse(text)
    except CueError as exc:
        raise EditError(f"a new {kind.name} cue needs a message: {exc.reason}") from None
    fields.setdefault("duration", kind.default_duration if kind.duration == "timed" else 0.0)
    return Cue(type=kind, payload=payload, **fields)


def next_number(taken: Collection[str], after: str) -> str:
    """A free cue number that follows `after`: the next whole number, else a point cue."""
    try:
        value = Decimal(after)
    except InvalidOperation:
        return ""
    if not value.is_finite():
        return ""
    candidates = [value.to_integral_value(rounding="ROUND_FLOOR") + 1]
    step = Decimal("0.5")
    while step >= Decimal("0.001"):
        candidates.append(value + step)
        step = step / 10 if step != Decimal("0.5") else Decimal("0.1")
    for candidate in candidates:
        text = _number_text(candidate)
        if text not in taken:
            return text
    return ""


def _number_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def block_end(cues: Sequence[Cue], index: int) -> int:
    """The index just past the block of `cues[index]` (the cue and everything in its group)."""
    inside = {cues[index].id}
    end = index + 1
    while end < len(cues) and cues[end].parent in inside:
        inside.add(cues[end].id)
        end += 1
    return end


def _index(cues: Sequence[Cue], cue_id: str) -> int:
    for index, cue in enumerate(cues):
        if cue.id == cue_id:
            return index
    raise EditError("that cue is no longer in the list")


def _top_blocks(cues: Sequence[Cue], ids: Collection[str]) -> list[tuple[int, int]]:
    """The (start, end) of each selected cue's block, leaving out cues inside another one."""
    blocks: list[tuple[int, int]] = []
    index = 0
    while index < len(cues):
        if cues[index].id in ids:
            end = block_end(cues, index)
            blocks.append((index, end))
            index = end
        else:
            index += 1
    return blocks


def insert(cues: Sequence[Cue], kind: CueType, after: str | None) -> tuple[list[Cue], Cue]:
    """A new cue after the cue `after` (after its whole block, in the same group), or at the end."""
    taken = {cue.number for cue in cues}
    if after is None:
        numbered = [cue.number for cue in cues if cue.number]
        number = next_number(taken, numbered[-1]) if numbered else "1"
        cue = new_cue(kind, number=number)
        return [*cues, cue], cue
    index = _index(cues, after)
    end = block_end(cues, index)
    anchor = cues[index]
    # A control cue (stop, goto ...) inserted after a cue most often acts on that cue; a cue of
    # the same type most often goes to the same destination for the same department.
    target, dept = "", ""
    if kind.target == "cue":
        target = anchor.number
    elif anchor.type == kind:
        target, dept = anchor.target, anchor.dept
    number = next_number(taken, anchor.number)
    cue = new_cue(kind, number=number, parent=anchor.parent, target=target, dept=dept)
    return [*cues[:end], cue, *cues[end:]], cue


def duplicate(cues: Sequence[Cue], ids: Collection[str]) -> tuple[list[Cue], list[Cue]]:
    """A copy of each selected block right after it, with new ids and free numbers."""
    result = list(cues)
    copies: list[Cue] = []
    taken = {cue.number for cue in cues}
    for start, end in reversed(_top_blocks(cues, ids)):
        mapping: dict[str, str] = {}
        block: list[Cue] = []
        for cue in cues[start:end]:
            mapping[cue.id] = new_id()
            number = next_number(taken, cue.number) if cue.number else ""
            taken.add(number)
            parent = mapping.get(cue.parent, cue.parent) if cue.parent else None
            block.append(replace(cue, id=mapping[cue.id], number=number, parent=parent))
        result[end:end] = block
        copies[:0] = block[:1]
    return result, copies


def delete(cues: Sequence[Cue], ids: Collection[str]) -> list[Cue]:
    """The list without the selected cues; a group goes with the cues in it."""
    gone: set[str] = set()
    for start, end in _top_blocks(cues, ids):
        gone |= {cue.id for cue in cues[start:end]}
    return [cue for cue in cues if cue.id not in gone]


def _sibling_run(cues: Sequence[Cue], ids: Collection[str], what: str) -> list[tuple[int, int]]:
    blocks = _top_blocks(cues, ids)
    if not blocks:
        raise EditError(f"select the cues to {what}")
    parents = {cues[start].parent for start, _ in blocks}
    joined = all(blocks[i][1] == blocks[i + 1][0] for i in range(len(blocks) - 1))
    if len(parents) != 1 or not joined:
        raise EditError(f"to {what}, select cues next to each other in the same group")
    return blocks


def move(cues: Sequence[Cue], ids: Collection[str], step: int) -> list[Cue]:
    """Moves the selected cues one place up (-1) or down (+1) among the cues of their group."""
    blocks = _sibling_run(cues, ids, "move them")
    start, end = blocks[0][0], blocks[-1][1]
    parent = cues[start].parent
    if step < 0:
        before = start - 1
        while before >= 0 and cues[before].parent != parent:
            before -= 1
        if before < 0 or (parent is not None and cues[before].id == parent):
            raise EditError("already at the top of its group" if parent else "already at the top")
        return [*cues[:before], *cues[start:end], *cues[before:start], *cues[end:]]
    if end >= len(cues) or cues[end].parent != parent:
        raise EditError("already at the end of its group" if parent else "already at the end")
    after = block_end(cues, end)
    return [*cues[:start], *cues[end:after], *cues[start:end], *cues[after:]]


def renumber(cues: Sequence[Cue], ids: Collection[str], start: str, step: str) -> list[Cue]:
    """Numbers the selected cues, in list order, `start`, `start + step`, ..."""
    try:
        first, increment = Decimal(start.strip()), Decimal(step.strip())
    except InvalidOperation:
        raise EditError(f"start and step are numbers, got {start!r} and {step!r}") from None
    if not first.is_finite() or not increment.is_finite() or first < 0 or increment <= 0:
        raise EditError("start is 0 or more and step is more than 0")
    chosen = [cue for cue in cues if cue.id in ids]
    numbers = {cue.id: _number_text(first + increment * n) for n, cue in enumerate(chosen)}
    others = {cue.number: cue for cue in cues if cue.id not in ids and cue.number}
    for number in numbers.values():
        if number in others:
            raise EditError(f"number {number} is already {others[number].label}")
    changes = {cue.number: numbers[cue.id] for cue in chosen if cue.number}
    renumbered = [replace(c, number=numbers[c.id]) if c.id in numbers else c for c in cues]
    return retarget(renumbered, changes)


def retarget(cues: Sequence[Cue], changes: dict[str, str]) -> list[Cue]:
    """Control cues (stop 13, goto 5 ...) follow the cues they name to their new numbers."""
    return [
        replace(cue, target=changes[cue.target])
        if cue.type.target == "cue" and cue.target in changes
        else cue
        for cue in cues
    ]


def group(cues: Sequence[Cue], ids: Collection[str], kind: CueType) -> tuple[list[Cue], Cue]:
    """A new group cue holding the selected cues (next to each other, in one group)."""
    blocks = _sibling_run(cues, ids, "group them")
    start, end = blocks[0][0], blocks[-1][1]
    first = cues[start]
    taken = {cue.number for cue in cues}
    previous = next((cue.number for cue in reversed(cues[:start]) if cue.number), "")
    number = next_number(taken, previous) if previous else next_number(taken, "0")
    holder = new_cue(kind, number=number, parent=first.parent)
    inside = [
        replace(cue, parent=holder.id) if cue.parent == first.parent else cue
        for cue in cues[start:end]
    ]
    return [*cues[:start], holder, *inside, *cues[end:]], holder


def ungroup(cues: Sequence[Cue], ids: Collection[str]) -> list[Cue]:
    """Removes the selected groups; the cues in them stay where they are, in the outer group."""
    groups = {cue.id: cue.parent for cue in cues if cue.id in ids and cue.type.name == "group"}
    if not groups:
        raise EditError("select a group cue to ungroup")
    result: list[Cue] = []
    for cue in cues:
        if cue.id in groups:
            continue
        parent = cue.parent
        while parent in groups:
            parent = groups[parent]
        result.append(cue if parent == cue.parent else replace(cue, parent=parent))
    return result


def toggle_armed(cues: Sequence[Cue], ids: Collection[str]) -> list[Cue]:
    """Disarms the selected cues if any is armed, else arms them all."""
    arm = not any(cue.armed for cue in cues if cue.id in ids)
    return [replace(cue, armed=arm) if cue.id in ids else cue for cue in cues]


def set_field(cues: Sequence[Cue], ids: Collection[str], name: str, value: Any) -> list[Cue]:
    """One field set to one value on every selected cue; CueError if any cue refuses it."""
    numbers = {cue.number for cue in cues if cue.id not in ids}
    if name == "number" and value and (len(ids) > 1 or value in numbers):
        raise CueError("cue", f"number {value} is already used" if len(ids) == 1 else
                       "cues cannot share a number; use Renumber")  # fmt: skip
    return [replace(cue, **{name: value}) if cue.id in ids else cue for cue in cues]


def replace_cue(cues: Sequence[Cue], edited: Cue) -> list[Cue]:
    """The list with one cue replaced by its edited version (same id)."""
    if edited.number and any(c.number == edited.number and c.id != edited.id for c in cues):
        raise CueError("cue", f"number {edited.number} is already used by another cue")
    old = next((cue for cue in cues if cue.id == edited.id), None)
    result = [edited if cue.id == edited.id else cue for cue in cues]
    if old is not None and old.number and edited.number and old.number != edited.number:
        result = [edited if cue.id == edited.id else cue
                  for cue in retarget(result, {old.number: edited.number})]  # fmt: skip
    return result


def rebase(current: Sequence[Cue], old: Sequence[Cue], new: Sequence[Cue]) -> list[Cue]:
    """The change from `old` to `new` (one user action) applied to the list as it is now.

    Undo and redo use this, so that what another writer did meanwhile (the CLI added a cue,
    edited one this action did not touch) survives: when nobody else wrote, `current` is `old`
    and the result is exactly `new`.
    """
    old_by_id = {cue.id: cue for cue in old}
    now = {cue.id: cue for cue in current}
    result: list[Cue] = []
    for cue in new:
        before = old_by_id.get(cue.id)
        if before is not None and before == cue:  # untouched by this action
            if cue.id in now:
                result.append(now[cue.id])  # as the file has it now (deleted elsewhere: gone)
        else:
            result.append(cue)
    placed = {cue.id for cue in result}
    for index, cue in enumerate(current):
        if cue.id in placed or cue.id in old_by_id:
            continue  # placed above, or one this action removes
        # Added by someone else: keep it after the cue it follows now.
        at = 0
        for earlier in reversed(current[:index]):
            if earlier.id in placed:
                at = next(i for i, c in enumerate(result) if c.id == earlier.id) + 1
                break
        result.insert(at, cue)
        placed.add(cue.id)
    return result


def fit_numbers(taken: Collection[str], after: str, before: str, count: int) -> list[str]:
    """`count` free numbers in order after `after` and before `before` (either may be "" or not
    a number: no bound), on the roundest step that fits; [] when none fits."""
    low = _decimal(after) or Decimal(0)
    high = _decimal(before)
    for step in (Decimal(1), Decimal("0.5"), Decimal("0.1"), Decimal("0.05"), Decimal("0.01"),
                 Decimal("0.001")):  # fmt: skip
        start = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step + step
        numbers = [start + step * n for n in range(count)]
        if high is not None and numbers and numbers[-1] >= high:
            continue
        texts = [_number_text(n) for n in numbers]
        if not set(texts) & set(taken):
            return texts
    return []


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def paste(cues: Sequence[Cue], pasted: Sequence[Cue], after: str | None) -> list[Cue]:
    """The list with `pasted` (read from a sheet: new ids, groups linked) after the block of the
    cue `after` (at the end when None), at its level, renumbered to fit there; control cues
    among them follow the cues they name to their new numbers."""
    if not pasted:
        raise EditError("there are no cues to paste")
    at = block_end(cues, _index(cues, after)) if after is not None else len(cues)
    parent = cues[_index(cues, after)].parent if after is not None else None
    inside = {cue.id for cue in pasted}
    placed = [cue if cue.parent in inside else replace(cue, parent=parent) for cue in pasted]
    numbered = [cue for cue in placed if cue.number]
    previous = next((c.number for c in reversed(cues[:at]) if c.number), "")
    following = next((c.number for c in cues[at:] if c.number), "")
    taken = {cue.number for cue in cues if cue.number}
    fresh = fit_numbers(taken, previous, following, len(numbered))
    if not fresh and numbered:
        raise EditError(f"there is no room for {len(numbered)} cue number(s) between "
                        f"{previous or 'the top'} and {following}: renumber first, or paste "
                        "elsewhere")  # fmt: skip
    changes = {cue.number: new for cue, new in zip(numbered, fresh, strict=True)}
    renumbered = [replace(cue, number=changes[cue.number]) if cue.number else cue
                  for cue in placed]  # fmt: skip
    return [*cues[:at], *retarget(renumbered, changes), *cues[at:]]
