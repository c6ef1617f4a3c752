"""Housekeeping commands: where, doctor, tui (and starting the TUI for 'homelog' alone)."""

from __future__ import annotations


from homelog.cli import output as out
from homelog.cli.context import Context
from homelog.errors import ExitCode


def register(sub) -> None:
    p = sub.add_parser("where", help="where the journal, config, rules and backups are")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=cmd_where)

    p = sub.add_parser("doctor", help="full check of the journal: integrity, schema, counts, backups, permissions")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("tui", help="open the terminal UI (the same as 'homelog' with no command)")
    p.set_defaults(func=cmd_tui)


def cmd_where(ctx: Context, args) -> int:
    info = ctx.locations.to_json()
    if args.json:
        out.emit_json(info)
    else:
        rules_state = "" if info["rules_exists"] else "  (not present: the defaults apply)"
        out.say(f"Journal:  {info['database']}")
        out.say(f"Config:   {info['config_dir']}")
        out.say(f"Rules:    {info['rules']}{rules_state}")
        out.say(f"Backups:  {info['backups']}")
    return ExitCode.OK


def cmd_tui(ctx: Context, args) -> int:
    return start_tui(ctx)


def start_tui(ctx: Context) -> int:
    """The CLI's one way into the TUI ('homelog' alone, 'homelog tui')."""
    from homelog.tui import run_tui  # Textual is imported only here

    return run_tui(ctx.locations, today=ctx.today, read_only=ctx.read_only, create=ctx.default_location and not ctx.read_only)


def cmd_doctor(ctx: Context, args) -> int:
    from homelog.service.doctor import diagnose

    report = diagnose(ctx.locations)
    if args.json:
        out.emit_json(report)
    else:
        out.say(f"Journal:      {report['database']}")
        for key, label in [
            ("schema", "Schema"),
            ("integrity", "Integrity"),
            ("values", "Values"),
            ("sessions", "Sessions"),
            ("deleted_sessions", "Deleted"),
            ("devices", "Devices"),
            ("journal_mode", "Journal mode"),
            ("backups", "Backups"),
            ("last_backup", "Last backup"),
        ]:
            if key in report:
                out.say(f"{label + ':':<13} {report[key]}")
        if "permissions" in report:
            perms = ", ".join(f"{k} {v}" for k, v in report["permissions"].items() if v)
            out.say(f"{'Permissions:':<13} {perms}")
        for problem in report["problems"]:
            out.say(f"! {problem}")
        if not report["problems"]:
            out.say("All good.")
    if report["ok"]:
        return ExitCode.OK
    return report.get("exit_code", ExitCode.DAMAGED)
