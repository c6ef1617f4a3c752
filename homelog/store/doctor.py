"""A full health report of a journal file, read-only (``homelog doctor``)."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from homelog.errors import StorageError
from homelog.store.backup import list_backups
from homelog.store.connection import ro_connect
from homelog.store.inspection import inspect
from homelog.store.schema import HEAD


def _mode(path: Path) -> str | None:
    try:
        return oct(stat.S_IMODE(path.stat().st_mode))
    except FileNotFoundError:
        return None


def diagnose(path: Path) -> dict:
    """Everything worth knowing about ``path``; ``ok`` is False when something is wrong."""
    report: dict = {"database": str(path), "exists": path.exists(), "ok": True, "problems": []}
    if not path.exists():
        report["problems"].append("no journal yet: it is created by the first command that uses it")
        return report
    try:
        found = inspect(path, quick_check=False)
    except StorageError as exc:
        report.update(ok=False, problems=[str(exc)], exit_code=int(exc.exit_code))
        return report
    report["schema"] = found.revision
    report["schema_current"] = HEAD
    if found.revision is not None and found.revision != HEAD:
        report["problems"].append(f"schema {found.revision} is older than {HEAD}: the next command upgrades it (after a backup)")
    con = ro_connect(path)
    try:
        integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        report["integrity"] = "ok" if integrity == ["ok"] else integrity[:10]
        report["foreign_keys"] = "ok" if not fk else f"{len(fk)} broken references"
        if found.revision is not None:
            report["sessions"] = con.execute("SELECT count(*) FROM sessions WHERE deleted_at IS NULL").fetchone()[0]
            report["deleted_sessions"] = con.execute("SELECT count(*) FROM sessions WHERE deleted_at IS NOT NULL").fetchone()[0]
            report["devices"] = con.execute("SELECT count(*) FROM devices").fetchone()[0]
        report["journal_mode"] = con.execute("PRAGMA journal_mode").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        report["integrity"] = str(exc)
    finally:
        con.close()
    if report.get("integrity") != "ok" or report.get("foreign_keys", "ok") != "ok":
        report["ok"] = False
        report["problems"].append("the journal is damaged: restore a backup with 'homelog restore FILE'")
    backups = list_backups(path)
    report["backups"] = len(backups)
    report["last_backup"] = str(backups[-1]) if backups else None
    if not backups:
        report["problems"].append("no backup yet: make one with 'homelog backup'")
    perms = {"folder": _mode(path.parent), "database": _mode(path)}
    for suffix in ("-wal", "-shm"):
        perms[suffix.strip("-")] = _mode(path.with_name(path.name + suffix))
    report["permissions"] = perms
    if os.name == "posix":
        loose = [name for name, m in perms.items() if m and int(m, 8) & 0o077 and name != "folder"]
        if perms["folder"] and int(perms["folder"], 8) & 0o077 and path.parent.name == "homelog":
            loose.append("folder")
        if loose:
            report["problems"].append(f"readable by others: {', '.join(loose)} (run: chmod 600 the files, 700 the folder)")
    return report
