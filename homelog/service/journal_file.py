"""An open journal file with the rules and clock that apply to it.

All that export and import need (they work on plain ``sqlite3`` connections
through ``Database.raw()``), so those commands never import SQLAlchemy;
``homelog.service.journal.Journal`` adds the use cases that go through the ORM.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from homelog.rules import RuleTable
from homelog.store import Database

Clock = Callable[[], date]


class JournalFile:
    def __init__(self, db: Database, rules: RuleTable, today: Clock = date.today):
        self.db = db
        self.rules = rules
        self._today = today

    def close(self) -> None:
        self.db.close()

    def today(self) -> date:
        return self._today()

    @property
    def areas(self) -> list[str]:
        return list(self.rules.areas)
