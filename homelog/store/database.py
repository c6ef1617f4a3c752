"""Opening the journal: checks first, then SQLAlchemy with safe settings.

Order matters, so that a file that is not ours is never written to:
1. a read-only look with the stdlib driver (``inspection.inspect``: is it
   SQLite? ours? which version? does ``quick_check`` pass?) — a damaged,
   foreign or newer file is refused untouched;
2. a new file is created 0600 in a 0700 folder, its schema made in one
   transaction and stamped at ``HEAD``;
3. an older file is backed up (SQLite backup API) and migrated (Alembic,
   imported only then);
4. every connection (``connection.connect``): WAL (a new file gets
   ``PAGE_SIZE`` pages first), ``synchronous=FULL``,
   ``foreign_keys=ON``, a busy timeout, and our own ``BEGIN`` (``BEGIN
   IMMEDIATE`` for writes). The ORM's engine (``hide_parameters``, so no health
   data reaches a log or an error) is built, and SQLAlchemy imported, only when
   ``read()`` or ``write()`` is first used: export and import work on plain
   ``sqlite3`` connections through ``raw()``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from homelog import messages as msg
from homelog.errors import CannotWrite, DamagedJournal, NoJournal
from homelog.locations import make_private_dir
from homelog.store.connection import connect, rollback, translate, writable
from homelog.store.inspection import Inspection, inspect, remember_checked
from homelog.store.schema import APPLICATION_ID, HEAD
from homelog.store.versions import new_journal_id

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

__all__ = ["Database", "Inspection", "inspect", "open_database", "translate"]


def _create_private_file(path: Path) -> None:
    make_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise CannotWrite(msg.CANNOT_CREATE.format(path=path, detail=exc.strerror), path) from None
    os.close(fd)


class Database:
    """One journal file. Use ``read()`` / ``write()`` (ORM) or ``raw()`` (DB-API)
    for one transaction each."""

    def __init__(self, path: Path, *, read_only: bool = False, verified: bool = True, refusal: str = msg.READ_ONLY_MODE):
        self.path = path
        self.read_only = read_only
        self.refusal = refusal  # what a write is told while read-only (--read-only, or a folder homelog cannot write)
        # False when the open-time quick_check was skipped (bytes unchanged
        # since the last good check): the first write checks before writing.
        self.verified = verified
        self.wrote = False  # a write committed: close() carries the check forward

    @cached_property
    def engine(self) -> "Engine":
        return _make_engine(self.path, read_only=self.read_only)

    def _check_before_writing(self, con: sqlite3.Connection) -> None:
        if not self.verified:
            if con.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                raise DamagedJournal(msg.DAMAGED.format(path=self.path), self.path)
            self.verified = True

    @contextmanager
    def read(self) -> Iterator["Session"]:
        with self._session(write=False) as s:
            yield s

    @contextmanager
    def write(self) -> Iterator["Session"]:
        """One user action = one ``BEGIN IMMEDIATE`` … ``COMMIT``; all or nothing."""
        if self.read_only:
            raise CannotWrite(self.refusal.format(path=self.path), self.path)
        with self._session(write=True) as s:
            self._check_before_writing(s.connection().connection.dbapi_connection)
            yield s
        self.wrote = True

    @contextmanager
    def _session(self, *, write: bool) -> Iterator["Session"]:
        from sqlalchemy import event
        from sqlalchemy.exc import DBAPIError
        from sqlalchemy.orm import Session

        from homelog.store.repo import stamp_flush

        bind = self.engine.execution_options(homelog_write=write)
        session = Session(bind=bind, expire_on_commit=False, autoflush=True)
        event.listen(session, "before_flush", stamp_flush)
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            raise translate(exc, self.path) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def raw(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A DB-API connection inside one transaction of our own, for the bulk
        paths (export, import, restore); no SQLAlchemy."""
        if write and self.read_only:
            raise CannotWrite(self.refusal.format(path=self.path), self.path)
        try:
            con = connect(self.path, read_only=self.read_only)
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from None
        try:
            con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            if write:
                self._check_before_writing(con)
            yield con
            con.execute("COMMIT")
            self.wrote = self.wrote or write
        except sqlite3.Error as exc:
            rollback(con)
            raise translate(exc, self.path) from None
        except BaseException:
            rollback(con)
            raise
        finally:
            con.close()

    def close(self) -> None:
        if "engine" in self.__dict__:  # built only if the ORM was used
            self.engine.dispose()
            del self.__dict__["engine"]
        if self.wrote and self.verified:
            # Checked before the first write, then changed only by SQLite's own
            # commits: the new bytes need no quick_check at the next open.
            # Taken once every connection is closed (the last one checkpoints
            # the WAL, which changes the file's signature).
            remember_checked(self.path)
            self.wrote = False


def _make_engine(path: Path, *, read_only: bool) -> "Engine":
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    # NullPool: a CLI run opens one connection; the TUI's worker threads each
    # get their own. No pooled connection outlives a fork or a thread.
    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: connect(path, read_only=read_only),
        poolclass=NullPool,
        hide_parameters=True,
    )

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        write = conn.get_execution_options().get("homelog_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _initialise(db: Database) -> None:
    from homelog.store.models import Base

    # connect() switches the new file to WAL before this BEGIN.
    with db.engine.execution_options(homelog_write=True).begin() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").first():
            return  # another homelog process created it since we looked
        Base.metadata.create_all(conn)
        conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (?)", (HEAD,))
        conn.exec_driver_sql("INSERT INTO meta (key, value) VALUES ('journal_id', ?)", (new_journal_id(),))
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")


def open_database(path: Path, *, read_only: bool = False, quick_check: bool = True, create: bool = True) -> Database:
    """Open (creating, with ``create``, or migrating as needed) the journal at ``path``.

    Without ``create`` (every command that reads) a missing or empty file is
    ``NoJournal`` (exit 4) and nothing is made. A journal homelog cannot write
    (its file or folder read-only) opens read-only: every read works, a write
    is ``CannotWrite`` (exit 6)."""
    found = inspect(path, quick_check=quick_check)
    if found.revision is None and (read_only or not create):
        raise NoJournal(msg.NO_JOURNAL.format(path=path), path)
    if read_only:
        if found.revision != HEAD:
            raise CannotWrite(msg.READ_ONLY_OLD.format(path=path), path)
        return Database(path, read_only=True)
    if found.revision is not None and not writable(path):
        if found.revision != HEAD:  # an upgrade is a write
            raise CannotWrite(msg.CANNOT_WRITE.format(path=path), path)
        return Database(path, read_only=True, refusal=msg.CANNOT_WRITE)
    if found.revision is None:
        _create_private_file(path)
        from sqlalchemy.exc import DBAPIError

        db = Database(path)
        try:
            _initialise(db)
        except DBAPIError as exc:
            db.close()
            raise translate(exc, path) from None
        return db
    if found.revision != HEAD:
        from homelog.store.migrate import upgrade  # Alembic: only on this path

        upgrade(path, found.revision)
    return Database(path, verified=found.checked)
