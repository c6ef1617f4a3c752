"""``homelog``: the command line. A thin adapter over ``homelog.service``.

Stays light: it never imports Textual (only ``homelog`` with no command starts
the TUI, importing it then), and the service is imported only by commands that
need the journal, so ``homelog --help`` and ``homelog where`` are instant.
The command modules (and the records they use) are imported when the parser
is built, so ``homelog --version`` answers before any of them loads, and a
command line naming a command builds only that command's module's parsers
(issue 15: argparse spends about 0.3 ms on each of the 28 sub-parsers).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date

from homelog import __version__
from homelog import messages as msg
from homelog.cli.execute import execute
from homelog.errors import ExitCode

EXIT_CODES = """exit codes:
  0  success (for check: nothing stops the session)
  1  an unexpected error in homelog (please report it; --debug shows details)
  2  bad input or usage (an empty value too): the message says what is wrong
     and what is accepted
  3  refused by a safety rule (add/edit without --override; check: not ok)
  4  no journal at the path (a command that reads makes none), or the file is
     not a homelog journal, or it is damaged (left untouched)
  5  the journal is locked by another program for too long
  6  cannot write: read-only file or folder, disk full, no permission; also
     an output (stdout, -o FILE) that cannot take the text
  7  the journal was written by a newer homelog (left untouched)

environment:
  HOMELOG_DB          journal file to use (like --db)
  HOMELOG_CONFIG_DIR  folder holding rules.toml (default: the platform's config folder)
  HOMELOG_CACHE_DIR   folder for markers of journals already checked (default: the platform's cache folder)
  HOMELOG_SYNC_PASSPHRASE  a sync folder's passphrase, for scripts (otherwise 'homelog sync' asks)
"""


VERSION = f"homelog {__version__}"

#: Which module under homelog.cli registers which commands (its ``register``);
#: tests/cli/test_parser.py holds this equal to what the modules register.
COMMANDS = {
    "sessions": ("add", "check", "list", "edit", "delete", "undo", "status", "rules", "sources"),
    "devices": ("device",),
    "skin": ("react", "condition"),
    "products": ("product", "apply"),
    "transfer": ("export", "import", "backup", "restore"),
    "sync": ("sync",),
    "admin": ("where", "doctor", "tui"),
    "completion": ("completion",),
}
#: The global options that take a value (the word after them is not a command).
VALUE_OPTIONS = ("--db", "--rules")


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one clear line and exit code 2."""

    def _get_values(self, action, arg_strings):
        # Python 3.11 turns the value of --notes=-- into []; keep it as "--".
        if action.option_strings and action.nargs is None and arg_strings == ["--"]:
            return self._get_value(action, "--")
        return super()._get_values(action, arg_strings)

    def error(self, message: str):  # type: ignore[override]
        self.exit(ExitCode.BAD_INPUT, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def command_word(argv: Sequence[str]) -> str | None:
    """The command a command line names: its first word that is neither an
    option nor the value of one (None: no command, as in ``homelog --help``)."""
    words = iter(argv)
    for word in words:
        if word in VALUE_OPTIONS:
            next(words, None)
        elif word == "--" or not word.startswith("-"):
            return next(words, None) if word == "--" else word
    return None


def _asks_help(argv: Sequence[str]) -> bool:
    """``-h``, ``--help`` or an abbreviation argparse takes for it (``--he``)."""
    return any(a == "-h" or (a.startswith("--h") and "--help".startswith(a)) for a in argv)


def build_parser(argv: Sequence[str] | None = None) -> Parser:
    """The whole parser; given ``argv`` that names a known command, only the
    parsers of the module that registers it (the rest are never needed); given
    one that names no command and asks no help, none (the TUI starts)."""
    from importlib import import_module

    wanted = command_word(argv or ())
    if argv is not None and wanted is None and not _asks_help(argv):
        modules: list[str] = []
    else:
        modules = [m for m, names in COMMANDS.items() if wanted in names] or list(COMMANDS)
    parser = Parser(
        prog="homelog",
        description=(
            "A safety journal for at-home microneedling: log each session (area, needle "
            "length, date, device) and get warned when one comes too soon, too deep, or "
            "with a worn or unclean device. With no command, opens the terminal UI.\n\n"
            + msg.DISCLAIMER
        ),
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=VERSION)
    parser.add_argument("--db", metavar="PATH", help="journal file (default: $HOMELOG_DB, else the platform data folder)")
    parser.add_argument("--rules", metavar="PATH", help="rules file overriding the defaults (default: rules.toml in the config folder)")
    parser.add_argument("--read-only", action="store_true", help="open the journal read-only (nothing can change)")
    parser.add_argument("--debug", action="store_true", help="show a traceback for unexpected errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in modules:
        import_module(f"homelog.cli.{name}").register(sub)
    return parser


#: Options whose empty value means something (no notes), not "use the default".
ALLOW_EMPTY = frozenset({"--notes"})


def empty_value(argv: Sequence[str]) -> str | None:
    """The message for an option or argument given as "" (``--date ""``, ``--db=``):
    an error, never a silent default (today, the default journal); None if there is none."""
    for i, arg in enumerate(argv):
        if arg.startswith("--") and "=" in arg:
            name, value = arg.split("=", 1)
            if value == "" and name not in ALLOW_EMPTY:
                return msg.EMPTY_OPTION.format(option=name)
        elif arg == "":
            before = argv[i - 1] if i else ""
            if before in ALLOW_EMPTY:
                continue
            return msg.EMPTY_OPTION.format(option=before) if before.startswith("-") and before != "-" else msg.EMPTY_ARGUMENT
    return None


def main(argv: Sequence[str] | None = None, *, today: Callable[[], date] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv == ["--version"]:  # answered without building the parser (its start-up budget, issue 15)
        print(VERSION)
        return 0
    empty = empty_value(argv)
    if empty is not None:
        print(f"homelog: {empty}", file=sys.stderr)
        return int(ExitCode.BAD_INPUT)
    try:
        args = build_parser(argv).parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        return int(exc.code or 0)
    return execute(args, today)


def run() -> None:
    sys.exit(main())
