"""Export, import, backup and restore commands.

Kept light at import time: the service (SQLAlchemy) is imported only when
one of these commands runs.
"""

from __future__ import annotations

import argparse
import os
import sys

from homelog import messages as msg
from homelog.cli import output as out
from homelog.cli.context import Context
from homelog.cli.sessions import _filter_options, parse_filter
from homelog.errors import CannotWrite, ExitCode, InputError

EXPORT_DESCRIPTION = """\
Export sessions (oldest first) as CSV (default) or JSON.

CSV: UTF-8, a header row, one row per session; columns uid, id, date, area,
needle_mm, device, disinfected, notes, override_reason, overridden_rules,
device_uid, device_kind, device_needle_mm. Dates are YYYY-MM-DD, needle lengths
millimetres (0.25), disinfected true/false/empty. No byte-order mark (it would
end up in the first column's name for scripts and Unix tools); --excel adds one
for Excel. Safe to open in a spreadsheet: a text cell starting with = + - @,
a tab, a line break or ' gets one leading ' so it is never run as a formula;
'homelog import' removes it again, so the text comes back exactly.

JSON: {"format": "homelog", "version": 1, "exported": ..., "sessions": [...],
"devices": [...]}, for scripts.

With --output the file is written completely or not at all (a temporary file
beside it, then renamed), readable only by you (0600). '-', a pipe, a FIFO or a
device is written to directly."""

IMPORT_DESCRIPTION = """\
Import sessions from a CSV or JSON file (a homelog export, or a hand-made CSV
with at least the columns date,area,needle_mm; the other columns may be missing
or empty). CSV or JSON is told by the file name (.csv/.json) or its content.

Every row is checked first, with the same checks as add, react and condition:
if any row is bad, nothing is imported and the message names the line (CSV,
header = line 1) or index (JSON). Rows whose uid the journal already holds are
skipped, so importing a file twice adds nothing; a row without a uid (a
hand-made CSV) gets one made from what it says. One uid on two rows with
different values is an error naming both. FILE is a regular file of at most
256 MiB, or '-' (standard input, read to the same bound).
Devices are matched by device_uid, else by name; missing ones are added (they
need device and device_kind; a roller or stamp also device_needle_mm).
Imported sessions are not refused by the safety rules (they happened), but
what the rules find is summarised. The whole import is one change:
'homelog undo' removes it."""


def _progress(enabled: bool):
    from homelog.service.progress import terminal_bar

    return terminal_bar(sys.stderr, enabled=enabled)


def register(sub) -> None:
    p = sub.add_parser(
        "export",
        help="export sessions as CSV (default) or JSON",
        description=EXPORT_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--format", choices=("csv", "json", "ics"), help="csv (default; json or ics when FILE ends in .json or .ics), json, or ics: a calendar of the days to come (each area's next ready day, aftercare and hold ends)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: standard output; '-' too)")
    _filter_options(p)
    p.add_argument("--excel", action="store_true", help="start the CSV with a UTF-8 byte-order mark, for Excel")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import",
        help="import sessions from CSV or JSON ('homelog undo' removes the import)",
        description=IMPORT_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="the file to import ('-': standard input)")
    p.add_argument("--format", choices=("csv", "json"), help="the file's format (default: from its name or content)")
    p.add_argument("--json", action="store_true", help='print {"added": n, "skipped": n, "findings": [...]} on stdout')
    p.set_defaults(func=cmd_import, creates=True)

    p = sub.add_parser(
        "backup",
        help="copy the journal safely (even while the TUI is open)",
        description=(
            "Copy the journal through SQLite's backup API (consistent even while homelog is in use). "
            "By default into the backups folder ('homelog where'), named with the date and time; "
            "the newest 10 of those are kept."
        ),
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write the copy to FILE (or into the folder FILE)")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore",
        help="replace the journal's content with a backup (the current one is backed up first)",
        description=(
            "Replace the journal's content with FILE, a homelog backup. FILE is checked first "
            "(a homelog journal passing a full integrity check; otherwise exit 4 and nothing changes); "
            "the current journal is backed up into the backups folder, then FILE's content is copied "
            "into it with SQLite's backup API."
        ),
    )
    p.add_argument("file", metavar="FILE", help="the backup to restore")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=cmd_restore)


SHOW_DEVICES = 10  # names listed after an import (--json lists every one)


def cmd_export(ctx: Context, args) -> int:
    from homelog.service import transfer

    flt = parse_filter(ctx, args)
    target = args.output
    suffix = target.lower().rsplit(".", 1)[-1] if target and "." in target else ""
    fmt = args.format or (suffix if suffix in ("json", "ics") else "csv")
    if fmt == "ics":
        return _export_calendar(ctx, args, flt, target)
    to_stdout, onto = _onto(target)
    # A bar on the terminal would mix with CSV going to that same terminal.
    with _progress(not isinstance(onto, out.TerminalView)) as bar:
        count = transfer.export_sessions(ctx.journal_file(), fmt, onto, flt, bar if bar.enabled else None, bom=args.excel)
    if not to_stdout:
        out.say(msg.EXPORTED.format(sessions=msg.plural(count, "session"), target=target, fmt=fmt.upper()))
    return ExitCode.OK


def _onto(target: str | None):
    """(whether ``target`` is standard output, what an export writes to): a
    terminal gets an ``output.TerminalView`` of it, anything else the exact text."""
    to_stdout = target in (None, "-", "/dev/stdout")
    return to_stdout, out.TerminalView() if to_stdout and sys.stdout.isatty() else target


def _export_calendar(ctx: Context, args, flt, target) -> int:
    from homelog.service.calendar import export_calendar

    if flt.date_from is not None or flt.date_to is not None:
        raise InputError(msg.EXPORT_ICS_NO_RANGE, "format")
    to_stdout, onto = _onto(target)
    count = export_calendar(ctx.journal_file(), onto, area=flt.area)
    if not to_stdout:
        out.say(msg.EXPORTED_ICS.format(events=msg.plural(count, "calendar event"), target=target))
    return ExitCode.OK


def cmd_import(ctx: Context, args) -> int:
    from homelog.service import transfer

    new = not ctx.read_only and not os.path.lexists(ctx.locations.db)  # a refused import then leaves none
    with _progress(not args.json) as bar:
        shown = bar if bar.enabled else None
        if new:
            result = transfer.import_to_new_journal(ctx.locations, args.file, args.format, shown, today=ctx.today)
        else:
            result = transfer.import_sessions(ctx.journal_file(), args.file, args.format, shown)
    if args.json:
        out.emit_json(result.to_json())
        return ExitCode.OK
    name = "standard input" if args.file == "-" else args.file
    out.say(msg.IMPORTED.format(sessions=msg.plural(result.added, "session"), name=name, skipped=result.skipped))
    if result.devices_added:
        n = len(result.devices_added)
        names = ", ".join(result.devices_added[:SHOW_DEVICES])
        if n > SHOW_DEVICES:
            names = msg.AND_MORE.format(names=names, more=n - SHOW_DEVICES)
        out.say(msg.IMPORTED_DEVICES.format(devices=msg.plural(n, "device"), names=names))
    if result.reactions_added or result.conditions_added:
        r, c = result.reactions_added, result.conditions_added
        out.say(msg.IMPORTED_SKIN.format(reactions=msg.plural(r, "observation"), conditions=msg.plural(c, "condition")))
    if result.ignored_columns:
        out.say(msg.IMPORT_IGNORED_COLUMNS.format(columns=", ".join(result.ignored_columns)))
    out.say_findings(result.findings)
    if result.added or result.reactions_added or result.conditions_added:
        out.say(msg.IMPORTED_UNDO)
    return ExitCode.OK


def cmd_backup(ctx: Context, args) -> int:
    from homelog.service import transfer

    target = transfer.backup_journal(ctx.locations.db, args.output)
    if args.json:
        out.emit_json({"backup": str(target), "journal": str(ctx.locations.db)})
    else:
        out.say(msg.BACKED_UP.format(path=ctx.locations.db, backup=target))
    return ExitCode.OK


def cmd_restore(ctx: Context, args) -> int:
    from homelog.service import transfer

    if ctx.read_only:
        raise CannotWrite(msg.READ_ONLY_MODE.format(path=ctx.locations.db), ctx.locations.db)
    rules = ctx.rules()
    result = transfer.restore_journal(ctx.locations.db, args.file, areas=rules.areas, kinds=rules.condition_kinds)
    if args.json:
        out.emit_json(result.to_json())
        return ExitCode.OK
    out.say(
        msg.RESTORED.format(
            source=result.source,
            path=result.journal,
            sessions=msg.plural(result.sessions, "session"),
            devices=msg.plural(result.devices, "device"),
        )
    )
    if result.previous is not None:
        out.say(msg.RESTORED_PREVIOUS.format(backup=result.previous))
    if result.damaged_copy is not None:
        out.say(msg.RESTORED_DAMAGED.format(backup=result.damaged_copy))
    return ExitCode.OK
