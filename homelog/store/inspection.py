"""A read-only look at a journal file before anything else touches it.

Is it SQLite? ours? which schema revision? does ``quick_check`` pass? A
damaged, foreign or newer file is refused untouched. ``quick_check`` is
skipped when the file's bytes are the same as at the last good check (a
marker in the cache folder). homelog's own writes keep the marker (see
``Database.close``): a write through SQLite from a checked file leaves a
checked file, so only a change made outside homelog (a copy, a restore by
hand, a sync tool) costs the next open a whole-file check.
"""


import os
import re
import sqlite3
from pathlib import Path

from homelog import messages as msg
from homelog.errors import DamagedJournal, JournalTooNew, NotAJournal
from homelog.locations import make_private_dir
from homelog.record_type import Record
from homelog.store.connection import ro_connect, translate
from homelog.store.schema import APPLICATION_ID, HEAD, REVISIONS, TABLES

#: A revision of a newer homelog: four digits (a file with anything else is damaged).
_NEWER = re.compile(r"\d{4}", re.ASCII)
_COLUMNS = (
    "SELECT m.name, p.name FROM sqlite_schema AS m JOIN pragma_table_info(m.name) AS p"
    " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
)


class Inspection(Record):
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


def _ours(path: Path) -> bool:
    """Whether ``path`` is this user's and nobody else may change it: a marker that
    someone else could plant or edit would let them skip the opening check."""
    if os.name != "posix":
        return True
    info = path.stat()
    return info.st_uid == os.geteuid() and not info.st_mode & 0o022


def _already_checked(path: Path) -> bool:
    try:
        marker = _marker(path)
        return _ours(marker) and _ours(marker.parent) and marker.read_text() == _signature(path)
    except OSError:
        return False


def remember_checked(path: Path) -> None:
    """Best effort: a missing cache only means the next open checks again. The
    marker is 0600 in 0700 folders, whatever the umask."""
    try:
        marker = _marker(path)
        make_private_dir(marker.parent)
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with open(fd, "w") as out:
            if os.name == "posix":
                os.fchmod(fd, 0o600)
            out.write(_signature(path))
    except OSError:
        pass


def _revision_of(con: sqlite3.Connection, path: Path) -> str:
    """The stored revision: one homelog knows, else a newer homelog's (JournalTooNew) or damage."""
    rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
    revision = rows[0][0] if len(rows) == 1 else None
    if revision in REVISIONS:
        return revision
    if isinstance(revision, str) and _NEWER.fullmatch(revision) and revision > HEAD:
        raise JournalTooNew(msg.TOO_NEW.format(path=path, revision=revision), path, revision)
    what = msg.SCHEMA_NO_REVISION if not rows else msg.SCHEMA_BAD_REVISION.format(revision=_shown(rows))
    raise DamagedJournal(msg.DAMAGED_BECAUSE.format(path=path, problem=what), path)


def _shown(rows: list) -> str:
    return ", ".join(repr(r[0])[:20] for r in rows[:3])


def schema_problems(con: sqlite3.Connection, revision: str) -> list[str]:
    """How the tables of the journal differ from those of ``revision`` (``schema.TABLES``),
    in words; empty when they agree. One query of ``sqlite_schema`` (about 60 µs)."""
    found: dict[str, set[str]] = {}
    for table, column in con.execute(_COLUMNS):
        found.setdefault(table, set()).add(column)
    problems = []
    for table, columns in TABLES[revision].items():
        have = found.get(table)
        if have is None:
            problems.append(msg.SCHEMA_NO_TABLE.format(table=table))
            continue
        missing, extra = sorted(columns - have), sorted(have - columns)
        if missing:
            problems.append(msg.SCHEMA_NO_COLUMNS.format(table=table, columns=", ".join(missing)))
        if extra:
            problems.append(msg.SCHEMA_EXTRA_COLUMNS.format(table=table, columns=", ".join(extra)))
    return problems


def _look(path: Path, *, quick_check: bool) -> Inspection:
    try:
        con = ro_connect(path, leave_no_trace=True)
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
        revision = _revision_of(con, path)
        problems = schema_problems(con, revision)
        if problems:
            raise DamagedJournal(msg.DAMAGED_BECAUSE.format(path=path, problem="; ".join(problems)), path)
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


def inspect(path: Path, *, quick_check: bool = True) -> Inspection:
    """Look at ``path`` without writing to it (no ``-wal`` or ``-shm`` appears beside
    a file that is not yet known to be sound); raise if it is not usable."""
    if not path.exists():
        if path.is_symlink():
            raise DamagedJournal(msg.DANGLING_LINK.format(path=path, target=os.readlink(path)), path)
        return Inspection(exists=False, revision=None)
    if path.is_dir():
        raise DamagedJournal(msg.NOT_A_FILE.format(path=path), path)
    before = _signature(path)
    try:
        return _look(path, quick_check=quick_check)
    except DamagedJournal:
        # Read as it was (immutable) while another homelog changed it? Look again, normally.
        if _signature(path) == before:
            raise
        return _look(path, quick_check=quick_check)
