"""Helpers shared by the reliability tests (no fixtures here: see conftest.py)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TODAY_ISO = "2025-03-01"


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a child process: homelog importable, today pinned."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["HOMELOG_TODAY"] = TODAY_ISO
    env.update(extra)
    return env


def homelog_cmd(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "homelog", "--db", str(db), *args]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


def drop_sidecars(path: Path) -> None:
    for side in sidecars(path):
        side.unlink(missing_ok=True)


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file so that its bytes are the whole journal."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    drop_sidecars(path)


def query(path: Path, sql: str, params=()) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def integrity(path: Path) -> list[str]:
    return [r[0] for r in query(path, "PRAGMA integrity_check")]


def snapshot(path: Path) -> list[str]:
    """Every row of every table, as SQL text: equal snapshots = nothing changed."""
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def make_journal(path: Path, sessions: int = 0, *, notes_prefix: str = "seed") -> Path:
    """A good journal at ``path`` with ``sessions`` sessions (through the service)."""
    from datetime import date

    from homelog.locations import resolve
    from homelog.service import open_journal

    journal = open_journal(resolve(db=path), today=lambda: date(2025, 3, 1))
    try:
        for i in range(sessions):
            cand = journal.session_input(area="face", needle="0.2", day=date(2025, 3, 1), disinfected=True, notes=f"{notes_prefix}{i}")
            assert journal.add(cand, override="test").saved
    finally:
        journal.db.close()
    return path
