"""Consistent copies of a journal through SQLite's online backup API.

Safe while another connection (the TUI) is writing: never a raw file copy.
The copy is written under a temporary name in the target folder, fsynced,
checked, then renamed into place, and is private (0600).
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from homelog import messages as msg
from homelog.errors import DamagedJournal, JournalTooNew, NotAJournal, StorageError
from homelog.locations import BACKUP_DIR_NAME, fsync_dir, make_private_dir
from homelog.store.connection import BUSY_TIMEOUT_S, ro_connect
from homelog.store import health
from homelog.store.inspection import inspect

KEEP_AUTOMATIC = 10
AUTO_REASON = "auto"


def backup_dir_for(db_path: Path) -> Path:
    return db_path.parent / BACKUP_DIR_NAME


def copy_database(source: Path, target: Path) -> Path:
    """Back ``source`` up to ``target`` atomically; returns ``target``."""
    folder = target.parent
    make_private_dir(folder)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)  # 0600
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        src = ro_connect(source)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                # A backup is a single file: no WAL beside it.
                dst.execute("PRAGMA journal_mode=DELETE")
                if dst.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                    raise sqlite3.DatabaseError("backup copy failed its integrity check")
            finally:
                dst.close()
        finally:
            src.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(folder)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def backup_name(db_path: Path, reason: str) -> str:
    """``journal-<reason>-<timestamp>.db``: the name of every copy the backups folder holds."""
    return f"{db_path.stem}-{reason}-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}.db"


def backup_file(db_path: Path, *, reason: str = AUTO_REASON, folder: Path | None = None) -> Path:
    """Back up into the backups folder with a timestamped name; prune old automatic ones."""
    folder = folder or backup_dir_for(db_path)
    target = folder / backup_name(db_path, reason)
    copy_database(db_path, target)
    if reason == AUTO_REASON:
        prune(folder, db_path.stem)
    return target


def prune(folder: Path, stem: str, keep: int = KEEP_AUTOMATIC) -> list[Path]:
    """Keep the newest ``keep`` automatic backups of ``stem``; return what was removed."""
    autos = sorted(folder.glob(f"{stem}-{AUTO_REASON}-*.db"))
    removed = autos[:-keep] if len(autos) > keep else []
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


_STAMP = re.compile(r"-(\d{8}-\d{6}-\d{6})\.db$")


def _made(path: Path) -> tuple[str, float]:
    """When a backup was made: the timestamp in its name (``backup_name``), else its mtime."""
    found = _STAMP.search(path.name)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    if found:
        return found.group(1), mtime
    return datetime.fromtimestamp(mtime).strftime("%Y%m%d-%H%M%S-%f"), mtime


def latest_backup(backups: list[Path]) -> Path:
    """The newest of ``backups`` by when it was made (whatever its reason: auto, manual, pre-restore)."""
    return max(backups, key=_made)


def list_backups(db_path: Path) -> list[Path]:
    folder = backup_dir_for(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.db"))


# -- restore -----------------------------------------------------------------------
#
# A restore never renames a file over the live journal while it may be open:
# the pages of the chosen file are copied INTO the journal through the backup
# API, in one transaction of the journal's own (WAL) log. Another connection
# (the TUI) sees the restored content at its next read, and a crash mid-way
# leaves the journal as it was.

MISSING, OK, EMPTY, FOREIGN, DAMAGED, TOO_NEW = "missing", "ok", "empty", "foreign", "damaged", "too-new"


def journal_state(path: Path) -> str:
    """What is at ``path``: MISSING, OK (our journal, quick_check passes), EMPTY (an
    empty SQLite file), FOREIGN (a readable database of another program), TOO_NEW,
    or DAMAGED (anything else: not a database, or ours but failing its check)."""
    if not path.exists():
        return MISSING
    if path.is_dir():
        return FOREIGN
    try:
        found = inspect(path)
    except JournalTooNew:
        return TOO_NEW
    except NotAJournal:
        return FOREIGN
    except Exception:
        return DAMAGED
    return OK if found.revision is not None else EMPTY


def verify_journal_file(path: Path, *, areas: Iterable[str], kinds: Iterable[str]) -> str:
    """Check that ``path`` is a homelog journal with its revision's schema, passing a
    full ``integrity_check`` and ``foreign_key_check``, every record's values sound
    (``health.value_problems`` with the rules' ``areas`` and condition ``kinds``);
    return its schema revision. Raises DamagedJournal (or JournalTooNew) otherwise,
    naming the first problems; reads only."""
    refused = DamagedJournal(msg.RESTORE_NOT_JOURNAL.format(path=path), path)
    if not path.is_file():
        raise refused
    try:
        found = inspect(path)
    except JournalTooNew as exc:
        message = msg.RESTORE_TOO_NEW.format(path=path, revision=exc.revision)
        raise JournalTooNew(message, path, exc.revision) from None
    except StorageError as exc:
        raise DamagedJournal(msg.RESTORE_NOT_SOUND.format(path=path, problems=str(exc)), path) from None
    if found.revision is None:  # an empty SQLite file
        raise refused
    try:
        con = ro_connect(path, leave_no_trace=True)
        try:
            problems = health.integrity_problems(con) or health.value_problems(con, areas=areas, kinds=kinds)
        finally:
            con.close()
    except sqlite3.Error:
        raise refused from None
    if problems:
        shown = "; ".join(problems[:3]) + ("; ..." if len(problems) > 3 else "")
        raise DamagedJournal(msg.RESTORE_NOT_SOUND.format(path=path, problems=shown), path)
    return found.revision


def copy_raw(path: Path, target: Path) -> Path:
    """A byte copy of a damaged journal (and its WAL), private, for later rescue."""
    import shutil

    make_private_dir(target.parent)
    for suffix in ("", "-wal"):
        src = Path(str(path) + suffix)
        if not src.exists():
            continue
        dst = Path(str(target) + suffix)
        fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(fd, "wb") as out, open(src, "rb") as inp:
            shutil.copyfileobj(inp, out)
            out.flush()
            os.fsync(out.fileno())
    fsync_dir(target.parent)
    return target


def restore_into(source: Path, live: Path) -> None:
    """Copy every page of ``source`` into the journal at ``live`` (backup API).

    The journal keeps its WAL mode; if the page sizes differ (SQLite cannot
    change a WAL database's page size), ``source`` is first copied into a
    private temporary file at the journal's page size.
    """
    src = ro_connect(source)
    try:
        dst = sqlite3.connect(live, timeout=BUSY_TIMEOUT_S)
        try:
            dst_page = dst.execute("PRAGMA page_size").fetchone()[0]
            dst_mode = dst.execute("PRAGMA journal_mode").fetchone()[0]
            if dst_mode == "wal" and src.execute("PRAGMA page_size").fetchone()[0] != dst_page:
                with tempfile.TemporaryDirectory(prefix=".restore-", dir=live.parent) as folder:
                    tmp = sqlite3.connect(Path(folder) / "restore.db")
                    try:
                        src.backup(tmp)
                        tmp.execute("PRAGMA journal_mode=DELETE")
                        tmp.execute(f"PRAGMA page_size={int(dst_page)}")
                        tmp.execute("VACUUM")
                        tmp.backup(dst)
                    finally:
                        tmp.close()
            else:
                src.backup(dst)
            if dst.execute("PRAGMA quick_check").fetchall() != [("ok",)]:  # pragma: no cover - defensive
                raise sqlite3.DatabaseError("the restored journal failed its integrity check")
        finally:
            dst.close()
    finally:
        src.close()


def replace_damaged(source: Path, live: Path) -> None:
    """For a journal too damaged to take the backup API: a checked copy of ``source``
    renamed over it, and the damaged file's stale WAL and shared-memory files removed
    (a WAL left beside a different database would corrupt it)."""
    tmp = live.parent / f".{live.name}.restore.tmp"
    copy_database(source, tmp)
    os.replace(tmp, live)
    for suffix in ("-wal", "-shm"):
        Path(str(live) + suffix).unlink(missing_ok=True)
    fsync_dir(live.parent)
