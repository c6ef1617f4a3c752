"""What every command handler gets: paths, the clock, and the journal on demand."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from homelog import locations

if TYPE_CHECKING:  # the service (SQLAlchemy) is imported only by commands that use it
    from homelog.service import Journal


@dataclass
class Context:
    locations: locations.Locations
    today: Callable[[], date]
    read_only: bool = False
    _journal: "Journal | None" = field(default=None, repr=False)

    @classmethod
    def from_args(cls, args: argparse.Namespace, *, today: Callable[[], date]) -> "Context":
        where = locations.resolve(db=args.db, rules=args.rules)
        return cls(locations=where, today=today, read_only=args.read_only)

    def journal(self) -> "Journal":
        if self._journal is None:
            from homelog.service import open_journal

            self._journal = open_journal(self.locations, today=self.today, read_only=self.read_only)
        return self._journal

    def rules(self):
        from homelog.service import load_effective_rules

        return self._journal.rules if self._journal else load_effective_rules(self.locations)

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None
