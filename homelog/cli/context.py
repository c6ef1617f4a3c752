"""What every command handler gets: paths, the clock, and the journal on demand."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date

from homelog import locations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:  # the ORM use cases (SQLAlchemy) are imported only by commands that write
    import argparse

    from homelog.service import Journal, JournalFile


class Context:
    """The paths, the clock and the read-only flag; the journal opened on first use."""

    def __init__(
        self, locations: locations.Locations, today: Callable[[], date], read_only: bool = False, create: bool = False
    ):
        self.locations = locations
        self.today = today
        self.read_only = read_only
        #: Whether this command may make the journal if it is missing (add, import,
        #: device add, condition add, product add, sync: ``set_defaults(creates=True)``); reads never do.
        self.create = create
        self.default_location = False
        self._journal: Journal | None = None
        self._file: JournalFile | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace, *, today: Callable[[], date]) -> "Context":
        where = locations.resolve(db=args.db, rules=args.rules)
        ctx = cls(locations=where, today=today, read_only=args.read_only, create=getattr(args, "creates", False))
        # The TUI makes a journal at its first start on the default location only:
        # a --db or HOMELOG_DB path that does not exist is a typo until shown otherwise.
        ctx.default_location = args.db is None and not os.environ.get("HOMELOG_DB")
        return ctx

    def journal(self) -> "Journal":
        if self._journal is None:
            from homelog.service import Journal, open_journal

            if self._file is not None:  # already open: the same file, now with the ORM
                self._journal, self._file = Journal(self._file.db, self._file.rules, today=self.today), None
            else:
                self._journal = open_journal(self.locations, today=self.today, read_only=self.read_only, create=self.create)
        return self._journal

    def journal_file(self) -> "JournalFile":
        """The journal without the ORM's writes (no SQLAlchemy): for the reads
        (status, check, list), export and import."""
        if self._journal is not None:
            return self._journal
        if self._file is None:
            from homelog.service import open_journal_file

            self._file = open_journal_file(self.locations, today=self.today, read_only=self.read_only, create=self.create)
        return self._file

    def rules(self):
        from homelog.service import load_effective_rules

        opened = self._journal or self._file
        return opened.rules if opened else load_effective_rules(self.locations)

    def close(self) -> None:
        for opened in (self._journal, self._file):
            if opened is not None:
                opened.close()
        self._journal = self._file = None
