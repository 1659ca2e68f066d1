"""The list actions of edit mode (insert, duplicate, delete, move, renumber, group, arm), each one
undoable edit of the cue list: `ui.edit.ops` computes it, `EditView.apply` writes it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cues.base import Cue
from cues.registry import cue_types
from ui.edit import ops
from ui.edit.fields import ErrorLabel
from ui.edit.model import EditCueModel

ListEdit = Callable[[list[Cue]], list[Cue]]
Select = Callable[[list[Cue]], list[str]]  # which cues to select once the edit has landed


class ListEdits:
    """Mixed into EditView, which provides what is declared here."""

    model: EditCueModel
    status: ErrorLabel

    def selected_ids(self) -> list[str]:
        raise NotImplementedError

    def act(self, text: str, edit: ListEdit, select: Select | None = None) -> bool:
        raise NotImplementedError

    def pick_type(self, type_name: str) -> None:
        raise NotImplementedError

    def insert_cue(self, type_name: str) -> Cue | None:
        """A new cue of this type after the selection (at the end when nothing is selected)."""
        kind = cue_types().get(type_name)
        if kind is None:
            self.status.show_error(f"unknown cue type {type_name!r}")
            return None
        self.pick_type(type_name)
        ids = self.selected_ids()
        made: list[Cue] = []

        def edit(cues: list[Cue]) -> list[Cue]:
            result, cue = ops.insert(cues, kind, ids[-1] if ids else None)
            made.append(cue)
            return result

        if self.act(f"insert {type_name} cue", edit, lambda _: [made[0].id]):
            return made[0]
        return None

    def duplicate(self) -> None:
        ids = set(self.selected_ids())
        copies: list[Cue] = []

        def edit(cues: list[Cue]) -> list[Cue]:
            result, made = ops.duplicate(cues, ids)
            copies.extend(made)
            return result

        self.act("duplicate", edit, lambda _: [c.id for c in copies])

    def delete(self) -> None:
        ids = set(self.selected_ids())
        if not ids:
            return
        rows = [self.model.row_of(i) for i in ids]

        def select(after: list[Cue]) -> list[str]:
            row = min(min(rows), len(after) - 1)
            return [after[row].id] if row >= 0 else []

        self.act(f"delete {len(ids)} cue(s)", lambda cues: ops.delete(cues, ids), select)

    def move_cues(self, step: int) -> None:
        ids = self.selected_ids()
        self.act("move", lambda cues: ops.move(cues, set(ids), step), lambda _: list(ids))

    def renumber(self, start: str, step: str) -> None:
        ids = set(self.selected_ids())
        if not ids:
            self.status.show_error("select the cues to renumber")
            return
        self.act("renumber", lambda cues: ops.renumber(cues, ids, start, step), _same(ids))

    def group(self) -> None:
        ids = set(self.selected_ids())
        holder: list[Cue] = []

        def edit(cues: list[Cue]) -> list[Cue]:
            result, made = ops.group(cues, ids, cue_types()["group"])
            holder.append(made)
            return result

        self.act("group", edit, lambda _: [holder[0].id])

    def ungroup(self) -> None:
        ids = set(self.selected_ids())
        self.act("ungroup", lambda cues: ops.ungroup(cues, ids), lambda _: [])

    def toggle_armed(self) -> None:
        ids = set(self.selected_ids())
        self.act("arm/disarm", lambda cues: ops.toggle_armed(cues, ids), _same(ids))


def _same(ids: Sequence[str] | set[str]) -> Select:
    kept = list(ids)
    return lambda _: kept
