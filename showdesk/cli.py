"""The `showdesk` command. Exit codes: 0 ok, 1 a problem with the input (stderr says which and
where), 2 usage. Errors are sentences, not tracebacks.

Each command imports what it needs when it runs: a stage manager waits for Python to start
`showdesk report` after the show, and the checks, the profiles, the sheet reader and the engine
are no part of that (docs/performance.md).
"""

from __future__ import annotations

import argparse
import gc
import json
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from showdesk import __version__
from showdesk.errors import ShowdeskError
from showdesk.filecheck import sqlite_problem
from showdesk.notes import KINDS
from showdesk.report.commands import add_commands as add_log_commands
from showdesk.settings import SPECS, parse_setting, setting_text
from showdesk.showfile import ShowFile

Handler = Callable[[argparse.Namespace], int]


def cmd_new(args: argparse.Namespace) -> int:
    with ShowFile.create(args.file, name=args.name or "") as show:
        print(f"created {args.file} ({show.settings().name}): cue list Main, "
              f"{len(show.departments())} departments")  # fmt: skip
    return 0


def cmd_patch(args: argparse.Namespace) -> int:
    with ShowFile.open(args.file) as show:
        if args.action in ("add", "set"):
            if args.url is None:
                raise ShowdeskError(f"patch {args.action} needs a NAME and a URL")
            show.set_destination(args.name, args.url, replace=args.action == "set")
            print(f"{args.name} -> {args.url.strip()}")
        elif args.action == "remove":
            if args.url is not None:
                raise ShowdeskError("patch remove takes only a NAME")
            orphans = show.remove_destination(args.name)
            note = f"; {orphans} cue(s) name it and are now unpatched" if orphans else ""
            print(f"removed {args.name}{note}")
        else:
            if args.name is not None:
                raise ShowdeskError("patch list takes no NAME")
            for name, url in show.patch().items():
                print(f"{name:<16} {url}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from showdesk.sheet import import_sheet

    with ShowFile.open(args.file) as show:
        sheet = import_sheet(show, args.sheet, replace=args.replace)
    for heading in sheet.unknown_columns:
        print(f"note: column {heading!r} is not a showdesk column; it was ignored", file=sys.stderr)
    if sheet.encoding == "mixed":
        lines = ", ".join(str(n) for n in sheet.windows_1252_lines)
        print(f"note: line(s) {lines} of {args.sheet} are not UTF-8; they were read as "
              "windows-1252 (the other lines are UTF-8)", file=sys.stderr)  # fmt: skip
    elif sheet.encoding != "utf-8":
        print(f"note: {args.sheet} is not UTF-8; it was read as {sheet.encoding}", file=sys.stderr)
    for code in sheet.new_departments:
        print(f"note: department {code} was new to this show and has been added", file=sys.stderr)
    lists = ", ".join(f"{len(cues)} in {name}" for name, cues in sheet.lists.items())
    print(f"imported {sheet.count} cue(s){': ' + lists if lists else ''}")
    if sheet.unpatched:
        shown = ", ".join(
            f"{cue.number or cue.name} ({cue.target or 'no target'})" for _, cue in sheet.unpatched
        )
        print(f"{len(sheet.unpatched)} cue(s) are unpatched until their destination is: {shown}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with ShowFile.open(args.file) as show:
        if args.output in (None, "-"):
            _export(show, args.format, sys.stdout)
        else:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                _export(show, args.format, out)
    return 0


def _export(show: ShowFile, fmt: str, out: TextIO) -> None:
    from showdesk.sheet import write_csv
    from showdesk.showjson import show_to_json

    if fmt == "csv":
        write_csv(show, out)
    else:
        json.dump(show_to_json(show), out, indent=2, ensure_ascii=False)
        out.write("\n")


def cmd_list(args: argparse.Namespace) -> int:
    from showdesk.listing import cue_table

    with ShowFile.open(args.file) as show:
        names = [args.list] if args.list else show.cue_lists()
        for name in names:
            print(f"{name}:")
            print(cue_table(show.cues(name), show.patch()))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from showdesk.check import check_show

    with ShowFile.open(args.file) as show:
        problems = check_show(show)
    for problem in problems:
        print(problem, file=sys.stderr if problem.level == "error" else sys.stdout)
    errors = sum(1 for p in problems if p.level == "error")
    print(f"{args.file}: {errors} error(s), {len(problems) - errors} warning(s)")
    return 1 if errors or (args.strict and problems) else 0


def cmd_settings(args: argparse.Namespace) -> int:
    with ShowFile.open(args.file) as show:
        if args.key is not None:
            if args.value is None:
                raise ShowdeskError("settings takes a KEY and a VALUE to change a setting")
            show.set_setting(args.key, parse_setting(args.key, args.value))
        for key, current in vars(show.settings()).items():
            print(f"{key:<16} {setting_text(current)}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from showdesk.check import check_show
    from showdesk.demo import build_demo
    from showdesk.listing import cue_table

    path = build_demo(Path(args.out))
    print(f"demo show: {path}")
    with ShowFile.open(path) as show:
        print(cue_table(show.cues(), show.patch()))
        problems = check_show(show)
    for problem in problems:
        print(problem)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    # No garbage collection while the engine imports and loads the show: serve.py collects
    # once, freezes what was loaded and turns it back on before `ready` (one pass instead of
    # dozens over the same objects). The collector is on again however this returns.
    gc.disable()
    try:
        from showdesk.engine.serve import serve
        from showdesk.remote.control import RemoteOptions

        remote = RemoteOptions(args.remote, args.remote_port, args.remote_bind)
        return serve(Path(args.file), live=args.live, performance=args.performance or "",
                     kind=args.kind or "", list_name=args.list, remote=remote,
                     force=args.force)  # fmt: skip
    finally:
        gc.enable()


def cmd_profiles(args: argparse.Namespace) -> int:
    from showdesk.profiles.commands import cmd_profiles as profiles

    return profiles(args)


def cmd_doctor(args: argparse.Namespace) -> int:
    from showdesk import doctor  # its probes (MIDI, sockets) load only when asked for

    path = Path(args.file) if args.file else None
    lines = doctor.run_checks(path)
    problems = any(line.level == "problem" for _, line in lines)
    if args.json:
        json.dump({"heading": doctor.heading(path),
                   "lines": [{"check": name, **vars(line)} for name, line in lines],
                   "summary": doctor.summary([line for _, line in lines]),
                   "problems": problems}, sys.stdout, ensure_ascii=False)  # fmt: skip
        print()
    else:
        print(doctor.heading(path))
        for _, line in lines:
            print(f"{line.level:<8} {line.text}")
            if line.fix:
                print(f"{'':<8} fix: {line.fix}")
        print(doctor.summary([line for _, line in lines]))
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="showdesk", description="Show-day control.")
    parser.add_argument("--version", action="version", version=f"showdesk {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Handler, text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.set_defaults(handler=handler)
        return p

    p = command("new", cmd_new, "Create a new, empty show file.")
    p.add_argument("file")
    p.add_argument("--name", help="the show's name (default: the file's name)")

    p = command("patch", cmd_patch, "Add, change, remove or list the show's destinations.")
    p.add_argument("file")
    p.add_argument("action", choices=("add", "set", "remove", "list"))
    p.add_argument("name", nargs="?", help="the destination name cues use, e.g. LX")
    p.add_argument("url", nargs="?", help="osc.udp://HOST:PORT, osc.tcp://..., midi:PORT NAME")

    p = command("import", cmd_import, "Import a CSV cue sheet (every row, or none).")
    p.add_argument("file")
    p.add_argument("sheet")
    p.add_argument("--replace", action="store_true", help="replace the lists the sheet names")

    p = command("export", cmd_export, "Export the cue lists as CSV or the whole show as JSON.")
    p.add_argument("file")
    p.add_argument("--format", choices=("csv", "json"), required=True)
    p.add_argument("-o", "--output", help="the file to write (default: standard output)")

    p = command("list", cmd_list, "Print the cue lists as a table.")
    p.add_argument("file")
    p.add_argument("--list", help="only this cue list")

    p = command("check", cmd_check, "Check the file and the show; exit 1 if there are errors.")
    p.add_argument("file")
    p.add_argument("--strict", action="store_true", help="count warnings as errors")

    p = command("settings", cmd_settings, "Show the show's settings, or change one.")
    p.add_argument("file")
    p.add_argument("key", nargs="?", choices=[spec.key for spec in SPECS])
    p.add_argument("value", nargs="?")

    p = command("run", cmd_run, "Run the show: commands on stdin, JSON events on stdout.")
    p.add_argument("file")
    p.add_argument("--live", action="store_true", help="send for real (default: rehearsal)")
    p.add_argument("--performance", help="a name for this run in the show's log")
    p.add_argument("--kind", choices=KINDS,
                   help="rehearsal, tech, preview or performance (default: rehearsal; "
                   "performance with --live)")  # fmt: skip
    p.add_argument("--list", default="Main", help="the cue list to run (default: Main)")
    p.add_argument(
        "--remote",
        action="store_true",
        help="take OSC remote control for this run, whatever the show's setting",
    )
    p.add_argument(
        "--remote-port",
        type=int,
        metavar="N",
        help="the UDP and TCP port for this run (default: the show's, 53000)",
    )
    p.add_argument("--remote-bind", metavar="ADDR",
                   help="the address to listen on for this run (default: the show's, "
                   "127.0.0.1); beyond this machine only with a passcode")  # fmt: skip
    p.add_argument("--force", action="store_true",
                   help="if another engine runs this show, stop it and take over")  # fmt: skip
    add_log_commands(command)  # note, notes, performances, report
    p = command("profiles", cmd_profiles, "List the device profiles, one profile's commands, or "
                "what a command sends.")  # fmt: skip
    p.add_argument("id", nargs="?", help="a profile's id, e.g. eos: list its commands")
    p.add_argument("--expand", metavar="COMMAND", help="print what a command sends, e.g. '@eos go'")

    p = command("doctor", cmd_doctor, "Check this machine (and a show) before the show; exit 1 "
                "if something would stop it.")  # fmt: skip
    p.add_argument("file", nargs="?", help="the show file to check with the machine")
    p.add_argument("--json", action="store_true", help="the lines as one JSON object")

    p = command("demo", cmd_demo, "Build the bundled demo show and show what it does.")
    p.add_argument("--out", default="demo.showdesk", help="where to write the demo show file")
    return parser


def not_utf8(argv: Sequence[str]) -> str:
    """The first argument that is not UTF-8 text, as a sentence ("" when they all are)."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:  # Python keeps undecodable bytes as lone surrogates
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            return (
                f"the argument {shown!r} is not UTF-8 text; showdesk reads its arguments as "
                "UTF-8 (set the terminal to UTF-8, or retype it)"
            )
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if problem := not_utf8(argv):
        print(f"showdesk: {problem}", file=sys.stderr)
        return 1
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except ShowdeskError as exc:
        print(f"showdesk: {exc}", file=sys.stderr)
    except sqlite3.Error as exc:
        print(f"showdesk: {args.file}: the show file could not be read or written: "
              f"{sqlite_problem(exc, Path(args.file))}", file=sys.stderr)  # fmt: skip
    except OSError as exc:
        print(f"showdesk: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    return 1
