"""Connections to the journal with the stdlib driver, and what their errors mean.

The one place that opens ``sqlite3`` connections to a journal (read-only looks,
homelog's settings for work, backups) and turns a driver error into a message
a person can act on. Imports nothing else from the store.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from homelog import messages as msg
from homelog.errors import CannotWrite, DamagedJournal, JournalLocked, StorageError

BUSY_TIMEOUT_S = 15.0
#: The page size of a new journal (bytes). Larger than SQLite's 4096: with
#: 16 KiB pages an import of 100,000 sessions into a new journal makes a quarter
#: of the read and write calls and takes about a tenth less time, and reading a
#: few sessions costs the same.
PAGE_SIZE = 16384


def _sidecar(path: Path, suffix: str) -> bool:
    return os.path.exists(str(path) + suffix)


def writable(path: Path) -> bool:
    """Whether homelog may write the journal at ``path``: the file and its folder
    (SQLite makes its ``-wal`` and ``-shm`` files beside it)."""
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def ro_connect(path: Path, *, leave_no_trace: bool = False) -> sqlite3.Connection:
    """A read-only connection (``mode=ro``): it can never write to ``path``.

    With no ``-wal`` beside the file (every change is in the file itself) and
    either ``leave_no_trace`` (a file not yet known to be sound: no ``-shm``
    may appear beside it) or a folder homelog cannot write (where SQLite could
    not make its ``-shm``), the file is opened ``immutable``: read as it is,
    with no shared-memory file."""
    query = "mode=ro"
    if not _sidecar(path, "-wal") and ((leave_no_trace and not _sidecar(path, "-shm")) or not os.access(path.parent, os.W_OK)):
        query += "&immutable=1"
    return sqlite3.connect(f"{path.as_uri()}?{query}", uri=True, timeout=BUSY_TIMEOUT_S)


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A connection with homelog's settings; transactions are ours (``BEGIN``)."""
    if read_only:
        con = ro_connect(path)
    else:
        con = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    try:
        con.isolation_level = None
        con.execute("PRAGMA foreign_keys=ON")
        con.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        if not read_only:
            # Only a new, empty file takes the page size (an existing journal keeps
            # its own), and only before it turns to WAL.
            con.execute(f"PRAGMA page_size={PAGE_SIZE}")
            con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
    except BaseException:
        con.close()
        raise
    return con


def settle(path: Path) -> str | None:
    """Checkpoint ``path``'s WAL into the file itself and close, so that the file
    alone holds the journal (SQLite removes the WAL at that last close): what went
    wrong, or None. For a journal no other connection has open."""
    try:
        con = sqlite3.connect(str(path))
        try:
            busy, _, _ = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return str(exc)
    wal = Path(str(path) + "-wal")
    if busy or (wal.exists() and wal.stat().st_size):
        return "its write-ahead log was not emptied"
    return None


def rollback(con: sqlite3.Connection) -> None:
    try:
        if con.in_transaction:
            con.execute("ROLLBACK")
    except sqlite3.Error:
        pass  # closing the connection rolls back anyway


#: SQLite's primary result codes (``sqlite3.Error.sqlite_errorname`` without its
#: extended part) -> the error homelog reports.
_BY_CODE = {
    "SQLITE_BUSY": (JournalLocked, msg.LOCKED),
    "SQLITE_LOCKED": (JournalLocked, msg.LOCKED),
    "SQLITE_READONLY": (CannotWrite, msg.CANNOT_WRITE),
    "SQLITE_PERM": (CannotWrite, msg.CANNOT_WRITE),
    "SQLITE_CANTOPEN": (CannotWrite, msg.CANNOT_WRITE),
    "SQLITE_AUTH": (CannotWrite, msg.CANNOT_WRITE),
    "SQLITE_FULL": (CannotWrite, msg.DISK_PROBLEM),
    "SQLITE_IOERR": (CannotWrite, msg.DISK_PROBLEM),
    "SQLITE_NOTADB": (DamagedJournal, msg.DAMAGED),
    "SQLITE_CORRUPT": (DamagedJournal, msg.DAMAGED),
}


def translate(exc: BaseException, path: Path | None) -> StorageError:
    """Turn a driver error (or SQLAlchemy's wrapper of one) into one a person can act on."""
    orig = getattr(exc, "orig", exc)
    name = getattr(orig, "sqlite_errorname", None) or ""  # e.g. SQLITE_IOERR_WRITE
    found = _BY_CODE.get("_".join(name.split("_")[:2]))
    if found is None:
        return StorageError(msg.STORAGE_OTHER.format(path=path, detail=type(orig).__name__), path)
    error, text = found
    return error(text.format(path=path), path)
