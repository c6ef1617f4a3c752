"""A full health report of a journal file, read-only (``homelog doctor``)."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterable
from pathlib import Path

from homelog import messages as msg
from homelog.errors import ExitCode, StorageError
from homelog.store import health
from homelog.store.backup import latest_backup, list_backups
from homelog.store.connection import ro_connect
from homelog.store.inspection import inspect
from homelog.store.schema import HEAD


def _mode(path: Path) -> str | None:
    try:
        return oct(stat.S_IMODE(path.stat().st_mode))
    except FileNotFoundError:
        return None


def diagnose(path: Path, *, areas: Iterable[str], kinds: Iterable[str]) -> dict:
    """Everything worth knowing about ``path``; ``ok`` is False (with ``exit_code``)
    when something is wrong: the schema of its revision, SQLite's full
    ``integrity_check`` and ``foreign_key_check``, and every record's values
    (``health.value_problems``, with the rules' ``areas`` and condition ``kinds``)."""
    report: dict = {"database": str(path), "exists": path.exists(), "ok": True, "problems": []}
    if not path.exists():
        report.update(ok=False, exit_code=int(ExitCode.DAMAGED))
        report["problems"].append(msg.NO_JOURNAL.format(path=path))
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
    damage: list[str] = []
    con = ro_connect(path, leave_no_trace=True)
    try:
        integrity = health.integrity_problems(con)
        report["integrity"] = "ok" if not integrity else msg.plural(len(integrity), "problem")
        damage += integrity
        if found.revision is not None:
            values = health.value_problems(con, areas=areas, kinds=kinds)
            report["values"] = "ok" if not values else msg.plural(len(values), "problem")
            damage += values
            report["sessions"] = con.execute("SELECT count(*) FROM sessions WHERE deleted_at IS NULL").fetchone()[0]
            report["deleted_sessions"] = con.execute("SELECT count(*) FROM sessions WHERE deleted_at IS NOT NULL").fetchone()[0]
            report["devices"] = con.execute("SELECT count(*) FROM devices").fetchone()[0]
        report["journal_mode"] = con.execute("PRAGMA journal_mode").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        report["integrity"] = msg.HEALTH_UNREADABLE.format(detail=exc)
        damage.append(report["integrity"])
    finally:
        con.close()
    if damage:
        report.update(ok=False, exit_code=int(ExitCode.DAMAGED))
        report["problems"] += damage
        report["problems"].append(msg.HEALTH_DAMAGED)
    backups = list_backups(path)
    report["backups"] = len(backups)
    report["last_backup"] = str(latest_backup(backups)) if backups else None
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
