"""What the sync tests share: machines (journals) syncing through one folder,
an injected clock, a cheap key derivation, and an independent reader of what
a person sees in a journal (plain ``sqlite3``, not the merge's own reader)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from homelog.store import versions
from homelog.transfer import sync_crypto

TODAY = date(2025, 3, 1)
PASSPHRASE = "correct horse battery"

#: Every user-visible field of every record, and its version, read with plain SQL.
VISIBLE = {
    "devices": "SELECT uid, name, kind, needle_um, retired_at IS NOT NULL, updated_at, origin FROM devices ORDER BY uid",
    "sessions": "SELECT s.uid, s.date, s.area, s.needle_um, d.uid, s.disinfected, s.notes, s.override_reason,"
    " s.overridden_rules, s.deleted_at IS NOT NULL, s.updated_at, s.origin"
    " FROM sessions s LEFT JOIN devices d ON d.id = s.device_id ORDER BY s.uid",
    "reactions": "SELECT r.uid, s.uid, r.date, r.redness, r.swelling, r.bleeding, r.infection, r.notes,"
    " r.deleted_at IS NOT NULL, r.updated_at, r.origin FROM reactions r JOIN sessions s ON s.id = r.session_id ORDER BY r.uid",
    "conditions": 'SELECT uid, kind, area, start, "end", notes, deleted_at IS NOT NULL, updated_at, origin FROM conditions ORDER BY uid',
}


def content(path: Path) -> dict[str, list[tuple]]:
    """A journal as a person sees it (every record, live or deleted), by uid."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {table: con.execute(sql).fetchall() for table, sql in VISIBLE.items()}
    finally:
        con.close()


class Clock:
    """This machine's clock (UTC), moving one second each time it is read;
    ``skew`` sets how far one machine's clock is off."""

    def __init__(self, start: datetime):
        self.now = start
        self.skews: dict[str, timedelta] = {}
        self.machine = ""

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now + self.skews.get(self.machine, timedelta())


@pytest.fixture(autouse=True)
def cheap_key_derivation(monkeypatch):
    """scrypt at 2**10 instead of 2**17 (the header records it, so reading follows)."""
    monkeypatch.setattr(sync_crypto, "SCRYPT_N", 2**10)
    monkeypatch.setenv("HOMELOG_SYNC_PASSPHRASE", PASSPHRASE)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    found = Clock(datetime(2025, 3, 1, 12, 0, 0))
    monkeypatch.setattr(versions, "clock", found)
    return found


@pytest.fixture
def machines(tmp_path, cli, clock):
    folder = tmp_path / "Sync"
    folder.mkdir()

    def on(name: str, *args: str):
        clock.machine = name
        return cli(*args, db=tmp_path / f"{name}.db", today=TODAY)

    on.folder = folder
    on.path = lambda name: tmp_path / f"{name}.db"
    on.clock = clock
    return on


def journal_id(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT value FROM meta WHERE key = 'journal_id'").fetchone()[0]
    finally:
        con.close()


def real_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
