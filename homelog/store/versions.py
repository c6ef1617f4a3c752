"""The one home of record versions: every write of a device, session, reaction,
condition, product or application gives the record a new version, which a sync compares.

A version is ``(updated_at, origin)``: the moment (UTC, to the microsecond, as
``queries.stamp`` stores it) and the journal that made it (``journal_id``). A
new version is always later than the one it replaces, even when this machine's
clock is behind the one that made that: an edit made after a sync wins over
what the sync brought in, whatever the clocks say.

The ORM's writes are stamped by ``repo.stamp_flush`` (a ``before_flush`` hook,
so no write can forget it); the plain-SQL writes (import, sync, bulk deletes)
take ``version_after`` and ``journal_id`` from here. No SQLAlchemy import.
"""


import sqlite3
from datetime import datetime, timedelta, timezone

from homelog.record_type import Record
from homelog.store.queries import stamp

__all__ = ["LATEST", "VERSIONED", "WriteStamp", "clock", "journal_id", "new_journal_id", "next_version", "stamp", "version_after", "write_stamp"]

#: The tables whose rows carry a version (``models.Versioned``).
VERSIONED = ("devices", "sessions", "reactions", "conditions", "products", "applications")

_TICK = timedelta(microseconds=1)

#: The latest version a stamp may carry (a sync refuses a later one): a day
#: before the end of ``datetime``, so a version just after any allowed one (a
#: microsecond later, once per write) is always there to take.
LATEST = datetime.max - timedelta(days=1)


def clock() -> datetime:
    """Now, in UTC (naive, as stored). Tests replace it to make clocks skew or tie."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def next_version(previous: datetime | None) -> datetime:
    """A version later than ``previous`` (None: a new record): now, or just after it.
    A clock past ``LATEST`` counts as ``LATEST``: versions stay clear of the end of time."""
    moment = min(clock(), LATEST)
    return moment if previous is None or moment > previous else previous + _TICK


def version_after(con: sqlite3.Connection, table: str) -> datetime:
    """A version later than every version in ``table``: for a write that changes many rows at once."""
    if table not in VERSIONED:
        raise ValueError(table)
    latest = con.execute(f"SELECT max(updated_at) FROM {table}").fetchone()[0]
    return next_version(datetime.fromisoformat(latest) if latest else None)


class WriteStamp(Record):
    """What one plain-SQL write (an import, a sync) stamps on the rows it adds or changes."""

    moment: datetime  # local time, whole seconds: created_at, deleted_at, the undo log (``queries.now``)
    updated_at: str  # the new version, later than every version in the journal (stored text)
    origin: str  # this journal's id

    @property
    def created(self) -> str:
        return stamp(self.moment)


def write_stamp(con: sqlite3.Connection, moment: datetime) -> WriteStamp:
    """The stamp for a write of many rows over ``con`` (inside its transaction)."""
    latest = max((version_after(con, table) for table in VERSIONED))
    return WriteStamp(moment, stamp(latest), journal_id(con))


def new_journal_id() -> str:
    import uuid  # only when a journal is made (uuid imports platform: 1.5 ms of every status)

    return uuid.uuid4().hex


def journal_id(con: sqlite3.Connection) -> str:
    """This journal's stable id (made by the migration to 0004, or when the file was created)."""
    return con.execute("SELECT value FROM meta WHERE key = 'journal_id'").fetchone()[0]
