"""The sync command: merge this journal with others through a synced folder."""

from __future__ import annotations

import os
import sys
import argparse
from pathlib import Path

from homelog import messages as msg
from homelog.cli import output as out
from homelog.cli.context import Context
from homelog.errors import ExitCode, InputError, PassphraseNeeded

#: The passphrase for scripts and tests (a terminal is asked instead when it is not set).
PASSPHRASE_ENV = "HOMELOG_SYNC_PASSPHRASE"
#: The new passphrase of ``--change-passphrase`` (the same way).
NEW_PASSPHRASE_ENV = "HOMELOG_SYNC_NEW_PASSPHRASE"


def register(sub) -> None:
    p = sub.add_parser(
        "sync",
        help="merge with your other machines' journals through a folder you sync (never sync the database itself)",
        description=(
            "Write this journal's records, encrypted, to <journal id>.homelog-sync.json in FOLDER and merge "
            "every other journal's file there: per record, the later edit wins (the other stays in the undo "
            "log: 'homelog undo' takes the whole sync back). Use a folder that Syncthing, Dropbox or "
            "iCloud keeps in step between your machines. The first sync into a new folder asks for a "
            "passphrase (twice); a machine remembers the folder's key once given ('--forget' drops it)."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            f"environment:\n  {PASSPHRASE_ENV}      the folder's passphrase (for scripts; otherwise a terminal is asked)"
            f"\n  {NEW_PASSPHRASE_ENV}  the new one, for --change-passphrase"
        ),
    )
    p.add_argument("folder", help="the synced folder")
    what = p.add_mutually_exclusive_group()  # one thing at a time
    what.add_argument("--status", action="store_true", help="say what a sync would change; write nothing")
    what.add_argument("--forget", action="store_true", help="forget the folder's key on this machine (the next sync asks for the passphrase)")
    what.add_argument(
        "--change-passphrase", action="store_true",
        help="seal the folder's key with a new passphrase (asks the current one unless this machine remembers the key); "
        "your other machines ask for the new one at their next sync",
    )
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=cmd_sync, creates=True)  # a new machine's first sync makes its journal


def _ask(folder: str, new: bool, needed: PassphraseNeeded | None = None) -> str:
    """The passphrase from the terminal, not echoed (twice for a new one); without a
    terminal, ``needed``'s message (or the sync's own)."""
    import getpass

    if not sys.stdin.isatty():
        if needed is not None:
            raise needed
        raise InputError((msg.SYNC_NEW_PASSPHRASE_NEEDED if new else msg.SYNC_PASSPHRASE_NEEDED).format(path=msg.shown(folder)), "passphrase")
    try:
        first = getpass.getpass((msg.SYNC_PROMPT_NEW if new else msg.SYNC_PROMPT).format(path=msg.shown(folder)))
        if new:
            from homelog.service.sync_open import check_new_passphrase

            check_new_passphrase(first)
            if getpass.getpass(msg.SYNC_PROMPT_AGAIN) != first:
                raise InputError(msg.SYNC_PASSPHRASES_DIFFER, "passphrase")
    except EOFError:
        raise InputError((msg.SYNC_NEW_PASSPHRASE_NEEDED if new else msg.SYNC_PASSPHRASE_NEEDED).format(path=msg.shown(folder)), "passphrase") from None
    return first


def cmd_sync(ctx: Context, args) -> int:
    from homelog.service.sync import sync
    from homelog.service.sync_open import forget

    folder = Path(args.folder).expanduser()
    config_dir = ctx.locations.config_dir
    if args.forget:
        forgot = forget(config_dir, folder)
        if args.json:
            out.emit_json({"folder": str(folder), "forgotten": forgot})
        else:
            out.say((msg.SYNC_FORGOT if forgot else msg.SYNC_FORGOT_NOTHING).format(path=msg.shown(str(folder))))
        return ExitCode.OK
    if args.change_passphrase:
        return _change_passphrase(args, folder, config_dir)
    ctx.create = not args.status  # a sync may make a new machine's journal; --status writes nothing
    journal = ctx.journal_file()
    passphrase = os.environ.get(PASSPHRASE_ENV) or None
    try:
        result = sync(journal, folder, config_dir=config_dir, passphrase=passphrase, dry_run=args.status)
    except PassphraseNeeded as needed:
        if passphrase is not None:
            raise
        result = sync(journal, folder, config_dir=config_dir, passphrase=_ask(args.folder, needed.new), dry_run=args.status)
    for line in result.skipped:
        out.warn(f"homelog: warning: {line}")
    if args.json:
        out.emit_json(result.to_json())
        return ExitCode.OK
    n = len(result.files)
    if result.set_up:
        out.say(msg.SYNC_SET_UP.format(path=msg.shown(str(folder))))
    if args.status:
        out.say(msg.SYNC_WOULD.format(files=msg.plural(n, "sync file"), summary=msg.sync_summary(result.counts)))
    else:
        out.say(msg.SYNC_DONE.format(files=msg.plural(n, "sync file"), summary=msg.sync_summary(result.counts), own=result.written))
        out.say_findings(result.findings, msg.SYNC_FINDINGS)
    return ExitCode.OK


def _change_passphrase(args, folder: Path, config_dir: Path) -> int:
    """``sync FOLDER --change-passphrase``: the current passphrase (the environment,
    else the remembered key, else asked), then the new one (the environment, else
    asked twice); the journal is not opened."""
    from homelog.service.sync_open import change_passphrase

    current = os.environ.get(PASSPHRASE_ENV) or None
    new = os.environ.get(NEW_PASSPHRASE_ENV) or None
    while True:  # each round asks for one that was missing, or raises
        try:
            change_passphrase(folder, config_dir, current, new)
            break
        except PassphraseNeeded as needed:
            if needed.new and new is None:
                new = _ask(args.folder, True, needed)
            elif not needed.new and current is None:
                current = _ask(args.folder, False, needed)
            else:
                raise
    if args.json:
        out.emit_json({"folder": str(folder), "passphrase_changed": True})
    else:
        out.say(msg.SYNC_PASSPHRASE_CHANGED.format(path=msg.shown(str(folder))))
    return ExitCode.OK
