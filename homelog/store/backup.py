"""Consistent copies of a journal through SQLite's online backup API.

Safe while another connection (the TUI) is writing: never a raw file copy.
The copy is written under a temporary name in the target folder, fsynced,
checked, then renamed into place, and is private (0600).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from homelog.locations import BACKUP_DIR_NAME, make_private_dir

KEEP_AUTOMATIC = 10
AUTO_REASON = "auto"


def backup_dir_for(db_path: Path) -> Path:
    return db_path.parent / BACKUP_DIR_NAME


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_database(source: Path, target: Path, *, busy_timeout_s: float = 15.0) -> Path:
    """Back ``source`` up to ``target`` atomically; returns ``target``."""
    folder = target.parent
    make_private_dir(folder)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)  # 0600
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True, timeout=busy_timeout_s)
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
        _fsync_dir(folder)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def backup_file(db_path: Path, *, reason: str = AUTO_REASON, folder: Path | None = None) -> Path:
    """Back up into the backups folder with a timestamped name; prune old automatic ones."""
    folder = folder or backup_dir_for(db_path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{db_path.stem}-{reason}-{stamp}.db"
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


def list_backups(db_path: Path) -> list[Path]:
    folder = backup_dir_for(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.db"))
