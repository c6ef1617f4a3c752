"""Running one parsed command line: the context, the handler, and what an error
becomes (a message on stderr and its exit code). No argparse here: the
``status`` lines that ``homelog.status_cache`` recognises come straight here
with their namespace, skipping the parser (its import and build are a fifth of
an uncached ``status``); every other line comes through ``homelog.cli.main``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date

from homelog import messages as msg
from homelog.errors import ExitCode, HomelogError, InputError


def clock() -> Callable[[], date]:
    """Today, or HOMELOG_TODAY=YYYY-MM-DD (for demos and tests)."""
    fixed = os.environ.get("HOMELOG_TODAY")
    if fixed:
        try:
            pinned = date.fromisoformat(fixed)
        except ValueError:
            raise InputError(f"HOMELOG_TODAY={fixed!r} is not a date (YYYY-MM-DD).") from None
        return lambda: pinned
    return date.today


def execute(args, today: Callable[[], date] | None = None) -> int:
    """Run ``args`` (argparse's namespace, or one of the same shape): the TUI when
    it names no command, else ``args.func``; returns the exit code."""
    from homelog.cli import output as out
    from homelog.cli.context import Context

    ctx: Context | None = None
    try:
        ctx = Context.from_args(args, today=today or clock())
        if args.command is None:
            from homelog.cli import admin

            return admin.start_tui(ctx)
        code = int(args.func(ctx, args))
        out.flush()  # an output that cannot take the text fails here, not at exit
        return code
    except HomelogError as exc:
        hint = msg.CLI_HINTS.get(exc.hint or "")
        out.warn(f"homelog: {exc}" + (f" {hint}" if hint else ""))
        return int(exc.exit_code)
    except KeyboardInterrupt:
        out.warn("homelog: interrupted; nothing half-saved.")
        return 130
    except BrokenPipeError:
        # `homelog list | head`: the reader went away; not an error of ours.
        out.drop_stdout()
        return 0
    except Exception:
        if getattr(args, "debug", False):
            raise
        out.warn(
            "homelog: unexpected error (a bug in homelog, your data is safe). "
            "Run again with --debug to see details, and please report it."
        )
        return int(ExitCode.BUG)
    finally:
        if ctx is not None:
            ctx.close()


def status(form: str, db: str | None, rules: str | None, *, read_only: bool, debug: bool) -> int:
    """``homelog [--db P] [--rules P] [--read-only] [--debug] status [--short|--json]``
    without the parser: the namespace argparse would build for it."""
    from types import SimpleNamespace

    from homelog.cli.sessions import cmd_status

    args = SimpleNamespace(
        command="status", func=cmd_status, db=db, rules=rules, read_only=read_only, debug=debug,
        as_of=None, json=form == "json", short=form == "short",
    )
    return execute(args)
