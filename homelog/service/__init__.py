"""The service layer: use cases shared by the CLI and the TUI.

Imports ``rules`` and ``store``; never ``cli`` or ``tui``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from homelog.locations import Locations
from homelog.errors import InputError
from homelog.rules import RuleTable, RulesError, load_rules
from homelog.service.journal import UNSET, Journal, SaveResult
from homelog.store import open_database

__all__ = ["Journal", "SaveResult", "UNSET", "load_effective_rules", "open_journal"]


def load_effective_rules(where: Locations) -> RuleTable:
    """Defaults, overridden by --rules PATH (must exist) or the config dir's rules.toml."""
    try:
        if where.rules is not None:
            return load_rules(where.rules, must_exist=True)
        return load_rules(where.user_rules)
    except RulesError as exc:
        raise InputError(str(exc), "rules") from None


def open_journal(
    where: Locations, *, today: Callable[[], date] = date.today, read_only: bool = False
) -> Journal:
    rules = load_effective_rules(where)
    db = open_database(where.db, read_only=read_only)
    return Journal(db, rules, today=today)
