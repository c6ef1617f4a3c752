"""Shared helpers for the export / import / backup / restore tests.

Every test runs with HOMELOG_CONFIG_DIR in its tmp folder (the user's rules
are never read) and a journal file inside tmp_path; "today" is 2025-06-01.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import pytest

from homelog.cli.main import main

TODAY = date(2025, 6, 1)


def today() -> date:
    return TODAY


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("HOMELOG_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("HOMELOG_DB", raising=False)
    monkeypatch.delenv("HOMELOG_TODAY", raising=False)


class Cli:
    def __init__(self, capsys, db: Path):
        self.capsys = capsys
        self.db = db

    def __call__(self, *argv: str, db: Path | None = None) -> tuple[int, str, str]:
        self.capsys.readouterr()
        if db is None:  # the journal exists (a read never makes one)
            from tests.conftest import make_empty_journal

            make_empty_journal(self.db)
        code = main(["--db", str(db or self.db), *argv], today=today)
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "data" / "journal.db"


@pytest.fixture
def cli(capsys, db) -> Cli:
    return Cli(capsys, db)


def open_journal(path: Path):
    from homelog import locations
    from homelog.service import open_journal as _open

    return _open(locations.resolve(db=path), today=today)


def seed(path: Path, sessions: Iterable[dict], devices: Iterable[dict] = ()) -> list[int]:
    """Put sessions (and devices) into the journal at ``path`` through the ORM
    repository (not through import), returning the session ids.

    A session dict may name its device by ``device`` = index into ``devices``."""
    from homelog.store import repo

    journal = open_journal(path)
    try:
        with journal.db.write() as s:
            device_ids = [
                repo.insert_device(s, name=d["name"], kind=d["kind"], needle_um=d.get("needle_um")).id for d in devices
            ]
            ids = []
            for item in sessions:
                row = repo.insert_session(
                    s,
                    day=item.get("date", date(2025, 5, 1)),
                    area=item.get("area", "face"),
                    needle_um=item.get("needle_um", 500),
                    device_id=None if item.get("device") is None else device_ids[item["device"]],
                    disinfected=item.get("disinfected"),
                    notes=item.get("notes", ""),
                    override_reason=item.get("override_reason"),
                    overridden_rules=item.get("overridden_rules", ()),
                )
                ids.append(row.id)
        return ids
    finally:
        journal.db.close()


def seed_many(path: Path, count: int) -> None:
    """``count`` plain sessions, fast (raw SQL), for tests that need many rows."""
    journal = open_journal(path)
    journal.db.close()
    con = sqlite3.connect(path)
    stamp = datetime(2025, 5, 1).strftime("%Y-%m-%d %H:%M:%S.%f")
    with con:
        con.executemany(
            "INSERT INTO sessions (uid, date, area, needle_um, notes, created_at, updated_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, 'test')",
            (
                (f"uid-{i:07d}", date.fromordinal(date(2000, 1, 1).toordinal() + i % 9000).isoformat(), "face", 500, f"n{i}", stamp, stamp)
                for i in range(count)
            ),
        )
    con.close()


def live_count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM sessions WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        con.close()


def file_state(path: Path) -> dict[str, bytes | None]:
    """The bytes of a journal and its WAL / shared-memory files (None: absent)."""
    out = {}
    for suffix in ("", "-wal"):
        p = Path(str(path) + suffix)
        out[suffix or "db"] = p.read_bytes() if p.exists() else None
    return out
