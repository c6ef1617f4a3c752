"""The service layer: use cases shared by the CLI and the TUI.

Imports ``rules`` and ``store``; never ``cli`` or ``tui``. ``Journal`` (the
writes, over the ORM, so SQLAlchemy) is imported on first use: the reads
(status, check, list), export and import only need a ``JournalFile``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from homelog.errors import InputError
from homelog.locations import Locations
from homelog.rules import RulesError, RuleTable, load_rules
from homelog.service.journal_file import JournalFile
from homelog.store import open_database

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from homelog.service.journal import UNSET, Journal, SaveResult, UndoResult

__all__ = ["Journal", "JournalFile", "SaveResult", "UNSET", "UndoResult", "load_effective_rules", "open_journal", "open_journal_file"]


def __getattr__(name: str):
    if name in ("Journal", "SaveResult", "UNSET", "UndoResult"):
        from homelog.service import journal

        return getattr(journal, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_effective_rules(where: Locations) -> RuleTable:
    """Defaults, overridden by --rules PATH (must exist) or the config dir's rules.toml."""
    from homelog.service.compiled_rules import CompiledRules

    compiled = CompiledRules.default()
    try:
        if where.rules is not None:
            return load_rules(where.rules, must_exist=True, compiled=compiled)
        return load_rules(where.user_rules, compiled=compiled)
    except RulesError as exc:
        raise InputError(str(exc), "rules") from None


def open_journal_file(
    where: Locations, *, today: Callable[[], date] = date.today, read_only: bool = False, create: bool = True
) -> JournalFile:
    """The journal for reading (and export, import); ``create``: make it if it is missing."""
    rules = load_effective_rules(where)
    return JournalFile(open_database(where.db, read_only=read_only, create=create), rules, today=today)


def open_journal(
    where: Locations, *, today: Callable[[], date] = date.today, read_only: bool = False, create: bool = True
) -> "Journal":
    """The journal with its writes; ``create``: make it if it is missing (else ``NoJournal``, exit 4)."""
    from homelog.service.journal import Journal

    rules = load_effective_rules(where)
    return Journal(open_database(where.db, read_only=read_only, create=create), rules, today=today)
