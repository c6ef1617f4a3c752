"""The sync command: merge this journal with others through a synced folder."""

from __future__ import annotations

from pathlib import Path

from homelog import messages as msg
from homelog.cli import output as out
from homelog.cli.context import Context
from homelog.errors import ExitCode


def register(sub) -> None:
    p = sub.add_parser(
        "sync",
        help="merge with your other machines' journals through a folder you sync (never sync the database itself)",
        description=(
            "Write this journal's records to <journal id>.homelog-sync.json in FOLDER and merge every "
            "other journal's file there: per record, the later edit wins (the other stays in the undo "
            "log: 'homelog undo' takes the whole sync back). Use a folder that Syncthing, Dropbox or "
            "iCloud keeps in step between your machines."
        ),
    )
    p.add_argument("folder", help="the synced folder")
    p.add_argument("--status", action="store_true", help="say what a sync would change; write nothing")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=cmd_sync)


def cmd_sync(ctx: Context, args) -> int:
    from homelog.service.sync import sync

    journal = ctx.journal_file()
    result = sync(journal, Path(args.folder).expanduser(), dry_run=args.status)
    if args.json:
        out.emit_json(result.to_json())
        return ExitCode.OK
    n = len(result.files)
    if args.status:
        out.say(msg.SYNC_WOULD.format(files=msg.plural(n, "sync file"), summary=msg.sync_summary(result.counts)))
    else:
        out.say(msg.SYNC_DONE.format(files=msg.plural(n, "sync file"), summary=msg.sync_summary(result.counts), own=result.written))
        out.say_findings(result.findings, msg.SYNC_FINDINGS)
    return ExitCode.OK
