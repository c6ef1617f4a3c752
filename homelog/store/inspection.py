"""A read-only look at a journal file before anything else touches it.

Is it SQLite? ours? which schema revision? does ``quick_check`` pass? A
damaged, foreign or newer file is refused untouched. ``quick_check`` is
skipped when the file's bytes are the same as at the last good check (a
marker in the cache folder). homelog's own writes keep the marker (see
``Database.close``): a write through SQLite from a checked file leaves a
checked file, so only a change made outside homelog (a copy, a restore by
hand, a sync tool) costs the next open a whole-file check.
"""


import sqlite3
from pathlib import Path
from typing import NamedTuple

from homelog import messages as msg
from homelog.errors import DamagedJournal, JournalTooNew, NotAJournal
from homelog.locations import make_private_dir
from homelog.store.connection import ro_connect, translate
from homelog.store.schema import APPLICATION_ID, REVISIONS


class Inspection(NamedTuple):
    """What a read-only look at the file found."""

    exists: bool
    revision: str | None  # None: a new (empty) file
    checked: bool = True  # False: quick_check skipped, the bytes were checked before


def _signature(path: Path) -> str:
    """Size and mtime of the journal and its WAL: changes whenever its bytes do."""
    parts = []
    for candidate in (path, path.with_name(path.name + "-wal")):
        try:
            st = candidate.stat()
        except FileNotFoundError:
            parts.append("-")
            continue
        # An empty WAL holds nothing (a reader may create one): same as none.
        parts.append(f"{st.st_size}:{st.st_mtime_ns}" if st.st_size else "-")
    return "|".join(parts)


def _marker(path: Path) -> Path:
    import zlib  # a file name, not a secret: crc32 spares hashlib's OpenSSL load (issue 15)

    from homelog.locations import default_cache_dir

    # A shared name could only skip a check if both files' sizes and mtimes matched too.
    key = f"{zlib.crc32(str(path.absolute()).encode()):08x}"
    return default_cache_dir() / "checked" / key


def _already_checked(path: Path) -> bool:
    try:
        return _marker(path).read_text() == _signature(path)
    except OSError:
        return False


def remember_checked(path: Path) -> None:
    """Best effort: a missing cache only means the next open checks again."""
    try:
        marker = _marker(path)
        make_private_dir(marker.parent)
        marker.write_text(_signature(path))
    except OSError:
        pass


def inspect(path: Path, *, quick_check: bool = True) -> Inspection:
    """Look at ``path`` without writing to it; raise if it is not usable."""
    if not path.exists():
        return Inspection(exists=False, revision=None)
    if path.is_dir():
        raise DamagedJournal(msg.NOT_A_FILE.format(path=path), path)
    try:
        con = ro_connect(path)
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        if not tables and app_id == 0:
            return Inspection(exists=True, revision=None)  # an empty SQLite file: start afresh
        if app_id != APPLICATION_ID and tables:
            raise NotAJournal(msg.NOT_A_JOURNAL.format(path=path), path)
        if "alembic_version" not in tables or app_id != APPLICATION_ID:
            raise DamagedJournal(msg.NOT_A_JOURNAL.format(path=path), path)
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
        if revision not in REVISIONS:
            raise JournalTooNew(msg.TOO_NEW.format(path=path, revision=revision), path, revision)
        # quick_check is O(size) (about 30 ms for 100,000 sessions): run it
        # whenever the file's bytes changed since the last successful check.
        if not quick_check:
            return Inspection(exists=True, revision=revision, checked=False)
        if _already_checked(path):
            return Inspection(exists=True, revision=revision, checked=False)
        if con.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            raise DamagedJournal(msg.DAMAGED.format(path=path), path)
        remember_checked(path)
        return Inspection(exists=True, revision=revision)
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    finally:
        con.close()
