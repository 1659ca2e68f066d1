"""Cue sheets as CSV: the way departments' cues travel, in and out of a show.

Import is all or nothing: every bad cell is reported with its row (as a spreadsheet numbers it,
the header being row 1) and column, and the show is not touched unless every row is good.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from cues.base import ContinueMode, Cue, CueError, CueType
from cues.limits import MAX_CELL_CHARS
from cues.registry import cue_type
from cues.text import format_number
from showdesk.engine.broken import largest_packet
from showdesk.errors import ShowdeskError
from showdesk.patch import Endpoint, parse_url, size_problem, wrong_kind
from showdesk.profiles import expand, is_command
from showdesk.showfile import MAIN, NEW_DEPARTMENT_COLOUR, Department, ShowFile
from showdesk.timefmt import parse_seconds

COLUMNS = (
    "list", "cue", "type", "name", "target", "message", "pre_wait", "duration", "post_wait",
    "continue", "dept", "call", "notes", "group", "mode", "armed", "colour",
)  # fmt: skip
# Other headings people use for the same columns (after lower-casing, spaces and '-' as '_').
ALIASES = {
    "number": "cue", "cue_number": "cue", "q": "cue", "cue_list": "list", "department": "dept",
    "color": "colour", "continue_mode": "continue", "prewait": "pre_wait",
    "postwait": "post_wait", "message_text": "message",
}  # fmt: skip
YES = {"", "yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.reason}"


class SheetError(ShowdeskError):
    """The sheet has bad rows; nothing was imported."""

    def __init__(self, source: str, errors: list[RowError]) -> None:
        self.errors = errors
        lines = "\n".join(f"  {error}" for error in errors)
        super().__init__(f"{source}: {len(errors)} problem(s), nothing imported:\n{lines}")


@dataclass
class Sheet:
    """A read and checked sheet, ready to store."""

    lists: dict[str, list[Cue]] = field(default_factory=dict)
    unknown_columns: list[str] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)
    unpatched: list[tuple[str, Cue]] = field(default_factory=list)
    encoding: str = "utf-8"  # or windows-1252, or mixed (some lines UTF-8, some not)
    windows_1252_lines: list[int] = field(default_factory=list)  # read as Windows-1252

    @property
    def count(self) -> int:
        return sum(len(cues) for cues in self.lists.values())

    def notes(self) -> str:
        """What is worth knowing about an import that went in, as " (...)", or ""."""
        notes = []
        if self.new_departments:
            notes.append(f"new departments: {', '.join(self.new_departments)}")
        if self.unpatched:
            targets = sorted({cue.target for _, cue in self.unpatched})
            notes.append(f"not in the patch yet: {', '.join(targets)}")
        if self.unknown_columns:
            notes.append(f"columns ignored: {', '.join(self.unknown_columns)}")
        return f" ({'; '.join(notes)})" if notes else ""


def decode(data: bytes) -> tuple[str, str, list[int]]:
    """The text of a CSV file, the encoding it was read as (`utf-8`, `windows-1252` or `mixed`)
    and the lines (counting from 1) that were read as Windows-1252.

    Excel writes either encoding. A sheet pasted together from both has lines of each, so when
    the whole is not UTF-8 each line is decoded by itself: one Windows-1252 byte must not turn
    the UTF-8 of every other line into mojibake.
    """
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    lines: list[str] = []
    legacy: list[int] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors="replace"))
            legacy.append(number)
    utf8_elsewhere = any(
        not raw.isascii() for n, raw in enumerate(lines, start=1) if n not in set(legacy)
    )
    return "\n".join(lines), "mixed" if utf8_elsewhere else "windows-1252", legacy


def _records(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    # Only the delimiter is guessed (some locales' spreadsheets write ';'); quoting stays Excel's.
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    # The csv module stops at 131,072 characters a cell with an error that names no row; read
    # any cell whole (nothing is longer than the text) and let the reader refuse it by row.
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
        header = next(reader, [])
        return header, list(enumerate(reader, start=2))
    finally:
        csv.field_size_limit(limit)


def _column_name(heading: str) -> str:
    name = heading.strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(name, name)


class _Reader:
    """Reads the rows of one sheet against one show, collecting every problem."""

    def __init__(self, show: ShowFile, replace: bool, linked: bool = False) -> None:
        self.patch = show.patch()
        self.endpoints: dict[str, Endpoint] = {}
        for name, url in self.patch.items():
            with suppress(ShowdeskError):  # `check` reports a bad URL; the cues import anyway
                self.endpoints[name] = parse_url(url)
        self.depts = {d.code.lower(): d.code for d in show.departments()}
        self.sheet = Sheet()
        self.errors: list[RowError] = []
        self.numbers: dict[tuple[str, str], tuple[int, Cue]] = {}  # (list, number) -> row, cue
        self.existing: dict[str, set[str]] = {}
        self.linked = linked
        if not replace:
            for name in show.cue_lists():
                self.existing[name] = {cue.number for cue in show.cues(name) if cue.number}
        self.last_in_list: dict[str, Cue] = {}
        self.parents: dict[str, Cue] = {}  # cue id -> its group
        self.by_id: dict[str, Cue] = {}

    def fail(self, row: int, column: str, reason: str) -> None:
        self.errors.append(RowError(row, column, reason))

    def read(self, text: str) -> None:
        header, records = _records(text)
        columns = [_column_name(h) for h in header]
        if self._oversized(1, header, columns):
            return
        if "type" not in columns:
            self.fail(1, "type", "the header row has no 'type' column (it is required)")
            return
        for name in columns:
            if columns.count(name) > 1 and name in COLUMNS:
                self.fail(1, name, "this column appears twice in the header")
        self.sheet.unknown_columns = [
            h for h, c in zip(header, columns, strict=True) if c not in COLUMNS and h.strip()
        ]
        controls: list[tuple[int, str, Cue]] = []
        for row, record in records:
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(columns):
                self.fail(row, "-", f"has {len(record)} cells but the header names {len(columns)}")
                continue
            if self._oversized(row, record, columns):
                continue
            cells = {c: v.strip() for c, v in zip(columns, record, strict=False) if c in COLUMNS}
            result = self.row(row, cells)
            if result is not None and result[1].type.target == "cue":
                controls.append((row, result[0], result[1]))
        for row, list_name, cue in controls:
            known = cue.target in self.existing.get(list_name, set())
            if not known and (list_name, cue.target) not in self.numbers:
                self.fail(
                    row, "target", f"there is no cue numbered {cue.target!r} in list {list_name}"
                )

    def _oversized(self, row: int, cells: list[str], columns: list[str]) -> bool:
        """Reports every cell of the row longer than a cell may be; True if there was one."""
        before = len(self.errors)
        for column, cell in zip(columns, cells, strict=False):
            if len(cell) > MAX_CELL_CHARS:
                self.fail(row, column or "-", f"this cell has {len(cell):,} characters; "
                          f"a cell holds at most {MAX_CELL_CHARS:,}")  # fmt: skip
        return len(self.errors) > before

    def row(self, row: int, cells: dict[str, str]) -> tuple[str, Cue] | None:
        """The cue one row describes, or None after reporting what is wrong with it."""
        before = len(self.errors)
        message = cells.get("message", "")
        if not cells.get("type") and is_command(message):  # the device's profile gives the type
            kind = self._field(row, "message", lambda: cue_type(expand(message).cue_type))
        else:
            kind = self._field(row, "type", lambda: cue_type(cells.get("type", "")))
        list_name = cells.get("list") or MAIN
        if kind is None:
            return None
        values: dict[str, Any] = {
            "number": cells.get("cue", ""),
            "name": cells.get("name", ""),
            "call": cells.get("call", ""),
            "notes": cells.get("notes", ""),
            "colour": cells.get("colour", "").lower(),
            "target": cells.get("target", ""),
            "payload": self._field(
                row, kind.column, lambda: kind.parse(cells.get(kind.column, ""))
            ),
        }
        other = "mode" if kind.column == "message" else "message"
        if cells.get(other):
            self.fail(row, other, f"a {kind.name} cue has no {other}; leave it blank")
        for name in ("pre_wait", "duration", "post_wait"):
            text = cells.get(name, "")
            default = kind.default_duration if name == "duration" else 0.0
            values[name] = self._field(
                row, name, lambda t=text, d=default: parse_seconds(t) if t else d
            )
        values["continue_mode"] = self._field(
            row, "continue", lambda: _continue(cells.get("continue", ""))
        )
        values["armed"] = self._field(row, "armed", lambda: _armed(cells.get("armed", "")))
        values["dept"] = self._dept(cells.get("dept", ""))
        values["parent"] = self._group(row, list_name, cells.get("group", ""))
        self._number(row, list_name, values["number"])
        self._target(row, kind, values["target"])
        if len(self.errors) > before:
            return None
        try:
            cue = Cue(type=kind, **values)
        except CueError as exc:
            self.fail(row, exc.field, exc.reason)
            return None
        if problem := self._size(cue):
            self.fail(row, kind.column, problem)
            return None
        self.sheet.lists.setdefault(list_name, []).append(cue)
        if cue.number:
            self.numbers[(list_name, cue.number)] = (row, cue)
        self.last_in_list[list_name] = cue
        self.by_id[cue.id] = cue
        if cue.parent is not None:
            self.parents[cue.id] = self.by_id[cue.parent]
        if kind.target == "destination" and cue.target not in self.patch:
            self.sheet.unpatched.append((list_name, cue))
        return list_name, cue

    def _field(self, row: int, column: str, parse: Any) -> Any:
        try:
            return parse()
        except CueError as exc:
            self.fail(row, exc.field, exc.reason)
        except ValueError as exc:
            self.fail(row, column, str(exc))
        return None

    def _dept(self, code: str) -> str:
        if not code:
            return ""
        if code.lower() not in self.depts:
            self.depts[code.lower()] = code
            self.sheet.new_departments.append(code)
        return self.depts[code.lower()]

    def _number(self, row: int, list_name: str, number: str) -> None:
        if not number:
            return
        if (list_name, number) in self.numbers:
            earlier = self.numbers[(list_name, number)][0]
            self.fail(row, "cue", f"number {number} is already used by row {earlier}")
        elif number in self.existing.get(list_name, set()) and not self.linked:
            self.fail(row, "cue", f"number {number} is already in list {list_name} of the show")

    def _target(self, row: int, kind: CueType, target: str) -> None:
        if kind.target == "cue" and not target:
            self.fail(row, "target", f"a {kind.name} cue needs the number of the cue it acts on")
        if kind.target == "destination" and target in self.endpoints:
            problem = wrong_kind(kind, target, self.endpoints[target])
            if problem:
                self.fail(row, "target", f"{problem} ({self.patch[target]})")

    def _size(self, cue: Cue) -> str:
        endpoint = self.endpoints.get(cue.target) if cue.type.target == "destination" else None
        problem = size_problem(endpoint, largest_packet(cue)) if endpoint else ""
        return f"{problem} ({cue.target} is {endpoint.scheme})" if endpoint and problem else ""

    def _group(self, row: int, list_name: str, number: str) -> str | None:
        if not number:
            return None
        found = self.numbers.get((list_name, number))
        if found is None or found[1].type.name != "group":
            self.fail(row, "group", f"there is no group cue numbered {number} above this row")
            return None
        group = found[1]
        previous = self.last_in_list.get(list_name)
        ancestor = previous
        while ancestor is not None and ancestor.id != group.id:
            ancestor = self.parents.get(ancestor.id)
        if ancestor is None:
            self.fail(row, "group", f"the cues of group {number} must follow it, one after another")
            return None
        return group.id


def _continue(text: str) -> ContinueMode:
    word = text.lower().replace(" ", "-").replace("_", "-") or "none"
    try:
        return ContinueMode(word)
    except ValueError:
        raise ValueError(
            f"continue is blank, none, auto-continue or auto-follow, got {text!r}"
        ) from None


def _armed(text: str) -> bool:
    if text.lower() in YES:
        return True
    if text.lower() in NO:
        return False
    raise ValueError(f"armed is yes or no (blank means yes), got {text!r}")


def read_sheet(
    show: ShowFile, text: str, source: str, *, replace: bool = False, linked: bool = False
) -> Sheet:
    """The checked contents of a sheet, or SheetError listing every problem.

    `linked`: the sheet's cue numbers only link its rows to each other (groups, the cues control
    cues act on), and may be numbers the show already has: the caller renumbers the cues (a
    paste). A control cue's target may still be a cue of the show.
    """
    reader = _Reader(show, replace, linked)
    reader.read(text)
    if reader.errors:
        raise SheetError(source, reader.errors)
    return reader.sheet


def import_sheet(show: ShowFile, path: str | Path, *, replace: bool = False) -> Sheet:
    """Reads a CSV file into the show in one transaction: every row, or none."""
    path = Path(path)
    try:
        text, encoding, legacy = decode(path.read_bytes())
    except OSError as exc:
        raise ShowdeskError(f"cannot read {path}: {exc.strerror}") from None
    sheet = read_sheet(show, text, str(path), replace=replace)
    sheet.encoding, sheet.windows_1252_lines = encoding, legacy
    with show.transaction():
        for code in sheet.new_departments:
            show.add_department(Department(code, code, NEW_DEPARTMENT_COLOUR))
        for list_name, cues in sheet.lists.items():
            if replace:
                show.clear_list(list_name)
            show.add_cues(cues, list_name)
    return sheet


def sheet_rows(show: ShowFile) -> Iterator[dict[str, str]]:
    """Every cue of the show as a sheet row, list by list, in list order."""
    for list_name in show.cue_lists():
        yield from cue_rows(list_name, show.cues(list_name))


def cue_rows(list_name: str, cues: list[Cue]) -> list[dict[str, str]]:
    """These cues as sheet rows; a cue whose group is not among them is written outside it."""
    numbers = {cue.id: cue.number for cue in cues}
    return [_row(list_name, cue, numbers) for cue in cues]


def _row(list_name: str, cue: Cue, numbers: dict[str, str]) -> dict[str, str]:
    kind = cue.type
    group = ""
    if cue.parent is not None and cue.parent in numbers:
        group = numbers.get(cue.parent, "")
        if not group:
            raise ShowdeskError(
                f"{cue.label} is in a group that has no number; number the group to export"
            )
    return {
        "list": list_name,
        "cue": cue.number,
        "type": kind.name,
        "name": cue.name,
        "target": cue.target,
        "message": cue.payload.text() if kind.column == "message" else "",
        "pre_wait": format_number(cue.pre_wait) if cue.pre_wait else "",
        "duration": format_number(cue.duration) if kind.duration == "timed" else "",
        "post_wait": format_number(cue.post_wait) if cue.post_wait else "",
        "continue": "" if cue.continue_mode is ContinueMode.NONE else cue.continue_mode.value,
        "dept": cue.dept,
        "call": cue.call,
        "notes": cue.notes,
        "group": group,
        "mode": cue.payload.text() if kind.column == "mode" else "",
        "armed": "" if cue.armed else "no",
        "colour": cue.colour,
    }


def write_csv(show: ShowFile, out: TextIO) -> int:
    """Writes the show's cues as a sheet; returns how many."""
    return write_rows(sheet_rows(show), out)


def write_rows(rows: Iterable[dict[str, str]], out: TextIO, delimiter: str = ",") -> int:
    """Writes sheet rows, header first (`delimiter` "\t" for a spreadsheet's clipboard)."""
    # CRLF as RFC 4180 and Excel write it; it also makes the writer quote a lone CR in a cell,
    # which with "\n" it would not (and the cell would split into two rows on import).
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n", delimiter=delimiter)
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count
