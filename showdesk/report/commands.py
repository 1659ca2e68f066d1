"""The CLI commands of the troubleshooting log: `note`, `notes`, `performances`, `report`.

cli.py registers them with `add_commands`. Every command checks all of its input before it
writes anything; `report` renders in memory and writes its file only once it is complete.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from showdesk.errors import ShowdeskError
from showdesk.notes import (
    SEVERITIES,
    Note,
    Performance,
    add_note,
    edit_note,
    find_performance,
    parse_since,
    performances,
    query_notes,
    strike_note,
)
from showdesk.report.details import (
    FIELDS,
    describe,
    details_of,
    parse_changes,
    scheduled_start,
    set_details,
)
from showdesk.report.model import AUDIENCES, build_report, performance_timeline, performance_times
from showdesk.report.output import FORMATS, SUFFIXES, report_bytes, write_atomically
from showdesk.report.timeline import error_count
from showdesk.report.words import hms, show_clock, tod
from showdesk.showfile import ShowFile

Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def _table(headings: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headings)]
    lines = [headings, *rows]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def _describe(note: Note, perf: Performance | None) -> str:
    where = [f"performance {perf.id} {perf.name!r}" if perf else "no performance", tod(note.wall)]
    if note.show_time is not None:
        where.append(f"show {show_clock(note.show_time)}")
    if note.standing_by:
        where.append(f"standing by {note.standing_by}")
    if note.running:
        where.append(f"running {' '.join(note.running)}")
    tags = " ".join(
        t for t in (note.dept, note.severity, f"cue {note.cue}" if note.cue else "") if t
    )
    return f"note {note.id} ({tags}; {', '.join(where)}): {note.text}"


def cmd_note(args: argparse.Namespace) -> int:
    if args.edit is not None and args.strike is not None:
        raise ShowdeskError("note takes --edit or --strike, not both")
    if args.reason is not None and args.strike is None:
        raise ShowdeskError("--reason goes with --strike ID")
    with ShowFile.open(args.file) as show:
        if args.edit is not None:
            if args.text:
                raise ShowdeskError('note --edit takes the new text after the id: --edit ID "TEXT"')
            note_id, text = args.edit
            if not note_id.isdigit():
                raise ShowdeskError(f"--edit takes a note's id (a number), not {note_id!r}")
            note = edit_note(show, int(note_id), text)
            print(f"note {note.id} edited ({len(note.revisions)} revision(s) kept): {note.text}")
            return 0
        if args.strike is not None:
            if args.text:
                raise ShowdeskError("note --strike ID takes no text; give the reason with --reason")
            note = strike_note(show, args.strike, args.reason or "")
            print(f"note {note.id} struck ({note.struck_reason}): {note.text}")
            return 0
        if not (args.text or "").strip():
            raise ShowdeskError('a note needs some text: showdesk note FILE "TEXT"')
        perf: Performance | None = None
        if args.performance is None:
            every = performances(show)
            perf = every[-1] if every and every[-1].ended is None else None
        elif args.performance != "none":
            perf = find_performance(show, args.performance)
        note = add_note(show, args.text, cue=args.cue, dept=args.dept or "",
                        severity=args.severity, performance=perf)  # fmt: skip
    print(_describe(note, perf))
    return 0


def cmd_notes(args: argparse.Namespace) -> int:
    since = parse_since(args.since) if args.since else None
    with ShowFile.open(args.file) as show:
        perf = find_performance(show, args.performance) if args.performance else None
        if args.dept and args.dept.upper() not in (codes := [d.code for d in show.departments()]):
            raise ShowdeskError(f"there is no department {args.dept!r} (known: {', '.join(codes)})")
        notes = query_notes(show, performance=perf, dept=args.dept, severity=args.severity,
                            since=since, grep=args.grep)  # fmt: skip
    if args.json:
        for note in notes:
            print(json.dumps(vars(note), ensure_ascii=False))
        return 0
    if not notes:
        print("no notes match")
        return 0
    rows = [
        (str(n.id), time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(n.wall)),
         show_clock(n.show_time), str(n.performance_id or ""), n.dept, n.severity,
         n.cue or n.standing_by or "",
         (f"[struck: {n.struck_reason}] " if n.struck else "") + n.text
         + (f" (edited {len([r for r in n.revisions if r['action'] == 'edit'])}x)"
            if n.revisions else ""))
        for n in notes
    ]  # fmt: skip
    print(_table(("id", "time", "show time", "perf", "dept", "severity", "cue", "note"), rows))
    return 0


def cmd_performances(args: argparse.Namespace) -> int:
    if args.set is not None:
        return _set_performance(args)
    with ShowFile.open(args.file) as show:
        curtain = show.settings().curtain
        every = performances(show)
        if not every:
            print(f"{args.file} has no performances yet")
            return 0
        rows = []
        for perf in every:
            times = performance_times(show, perf)
            notes = show.db.execute(
                "SELECT count(*) FROM notes WHERE performance_id = ? AND struck = 0", [perf.id]
            ).fetchone()[0]
            run = hms(times.total) if times.total is not None else ""
            if not run:
                run = "running" if perf.ended is None and perf is every[-1] else "not marked"
            scheduled = scheduled_start(perf, curtain)
            errors = error_count(performance_timeline(show, perf))
            rows.append((str(perf.id), perf.name, perf.kind,
                         time.strftime("%Y-%m-%d %H:%M", time.localtime(perf.started)),
                         time.strftime("%H:%M", time.localtime(scheduled)) if scheduled else "",
                         tod(times.show_up), run, str(len(times.acts)), str(len(times.holds)),
                         str(notes), str(errors)))  # fmt: skip
    print(_table(("id", "name", "kind", "date", "scheduled", "up", "run time", "acts", "holds",
                  "notes", "errors"), rows))  # fmt: skip
    return 0


def _set_performance(args: argparse.Namespace) -> int:
    if len(args.set) < 2:
        raise ShowdeskError("--set takes a performance and what to change: "
                            "--set ID scheduled=19:30 called_by=NAME")  # fmt: skip
    spec, *pairs = args.set
    changes = parse_changes(pairs)
    with ShowFile.open(args.file) as show:
        perf = set_details(show, spec, changes)
        print(describe(perf, details_of(show.settings(), perf)))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    fmt = "eml" if args.email else args.format
    if (args.to or args.sender) and not args.email:
        raise ShowdeskError("--to and --from go with --email")
    if fmt in ("pdf", "eml") and args.output in (None, "-"):
        raise ShowdeskError(
            f"a {fmt.upper()} report needs a file to go to: -o REPORT{SUFFIXES[fmt]}"
        )
    with ShowFile.open(args.file) as show:
        perf = find_performance(show, args.performance)
        report = build_report(show, perf)
    data = report_bytes(report, args.audience, fmt, to=tuple(args.to), sender=args.sender or "")
    if args.output in (None, "-"):
        sys.stdout.write(data.decode("utf-8"))
        return 0
    write_atomically(Path(args.output), data)
    print(f"report of performance {perf.id} {perf.name!r} for the {args.audience} written to "
          f"{args.output}", file=sys.stderr)  # fmt: skip
    return 0


def add_commands(command: Command) -> None:
    p = command("note", cmd_note, "Add a note to the troubleshooting log, or edit or strike one.")
    p.add_argument("file")
    p.add_argument("text", nargs="?", help="the note (or the new text, with --edit)")
    p.add_argument("--cue", help="the cue number the note is about")
    p.add_argument("--dept", help="the department it is for (LX, SND ...)")
    p.add_argument("--severity", choices=SEVERITIES, default="info")
    p.add_argument("--performance", metavar="ID|current|last|none",
                   help="its performance (default: the one running, if any)")  # fmt: skip
    p.add_argument("--edit", nargs=2, metavar=("ID", "TEXT"),
                   help="replace note ID's text with TEXT (the old text is kept)")  # fmt: skip
    p.add_argument("--strike", type=int, metavar="ID", help="strike note ID out (needs --reason)")
    p.add_argument("--reason", help="why the note is struck")

    p = command("notes", cmd_notes, "List the troubleshooting notes, filtered.")
    p.add_argument("file")
    p.add_argument("--performance", metavar="ID|last|current")
    p.add_argument("--dept")
    p.add_argument("--severity", choices=SEVERITIES)
    p.add_argument(
        "--since", metavar="TIME", help="HH:MM (today), YYYY-MM-DD or 'YYYY-MM-DD HH:MM'"
    )
    p.add_argument("--grep", metavar="TEXT", help="only notes containing TEXT (any case)")
    p.add_argument("--json", action="store_true", help="one JSON object per note")

    p = command("performances", cmd_performances,
                "List the show's performances, or change one's name, kind or scheduled "
                "start.")  # fmt: skip
    p.add_argument("file")
    p.add_argument("--set", nargs="+", metavar="ID KEY=VALUE",
                   help="change performance ID (a number, a name, last or current): "
                   + "; ".join(f"{k}= {why}" for k, why in FIELDS.items()))  # fmt: skip

    p = command("report", cmd_report, "Write the show report of a performance.")
    p.add_argument("file")
    p.add_argument("--performance", default="last", metavar="ID|last|current")
    p.add_argument("--for", dest="audience", choices=AUDIENCES, default="producer",
                   help="producer (default): times, holds, incidents, notes; crew adds the GO "
                   "timeline, output errors and every refused command")  # fmt: skip
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--format", choices=FORMATS[:-1])
    how.add_argument("--email", action="store_true",
                     help="write a mail (.eml) to open and send: the Markdown report as its "
                     "text, the PDF attached; nothing is sent")  # fmt: skip
    p.add_argument(
        "-o", "--output", help="the file to write (default: standard output; PDF needs one)"
    )
    p.add_argument("--to", action="append", default=[], metavar="ADDRESS",
                   help="with --email: who the mail is to (again for more)")  # fmt: skip
    p.add_argument("--from", dest="sender", metavar="ADDRESS", help="with --email: who it is from")
