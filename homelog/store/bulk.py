"""Streaming reads and bulk writes over the raw DB-API (``sqlite3``) connection.

Export and import move up to hundreds of thousands of sessions; building an
ORM object per row would cost both time and memory. These functions take the
``sqlite3.Connection`` that ``Database.raw()`` yields (already inside one
transaction: ``BEGIN`` for reads, ``BEGIN IMMEDIATE`` for writes) and use
plain SQL. This is the only place besides ``models.py`` that knows the table
and column names on those paths; keep the two consistent (stored values are
what the ORM writes: dates as ``YYYY-MM-DD`` text, datetimes as
``YYYY-MM-DD HH:MM:SS.ffffff``, booleans as 0/1, needles as micrometres).

No SQLAlchemy import here, so the export path does not load the ORM.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime

# Parameter batches stay well below SQLite's variable limit (999 before 3.32).
BATCH = 500

#: The order of the values in every row ``select_sessions`` yields.
EXPORT_FIELDS = (
    "id",
    "uid",
    "date",
    "area",
    "needle_um",
    "disinfected",
    "notes",
    "override_reason",
    "overridden_rules",
    "device_id",
    "device_uid",
    "device_name",
    "device_kind",
    "device_needle_um",
)

_EXPORT_SELECT = """
SELECT s.id, s.uid, s.date, s.area, s.needle_um, s.disinfected, s.notes,
       s.override_reason, s.overridden_rules,
       s.device_id, d.uid, d.name, d.kind, d.needle_um
FROM sessions AS s LEFT JOIN devices AS d ON d.id = s.device_id
"""


def stamp(moment: datetime) -> str:
    """A datetime as SQLAlchemy's SQLite dialect stores it (so the ORM reads it back)."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _where(area: str | None, date_from: date | None, date_to: date | None) -> tuple[str, list]:
    clauses = ["s.deleted_at IS NULL"]
    params: list = []
    if area is not None:
        clauses.append("s.area = ?")
        params.append(area)
    if date_from is not None:
        clauses.append("s.date >= ?")
        params.append(date_from.isoformat())
    if date_to is not None:
        clauses.append("s.date <= ?")
        params.append(date_to.isoformat())
    return " WHERE " + " AND ".join(clauses), params


# -- export ----------------------------------------------------------------------


def select_sessions(
    con: sqlite3.Connection,
    *,
    area: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> sqlite3.Cursor:
    """Live sessions, oldest first (date, then the order they were logged).

    Returns the cursor itself: iterate it or ``fetchmany`` from it; rows are
    tuples in ``EXPORT_FIELDS`` order and are never all held at once.
    """
    where, params = _where(area, date_from, date_to)
    cur = con.cursor()
    cur.arraysize = 1000
    return cur.execute(_EXPORT_SELECT + where + " ORDER BY s.date, s.id", params)


def count_sessions(
    con: sqlite3.Connection,
    *,
    area: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> int:
    where, params = _where(area, date_from, date_to)
    return con.execute("SELECT count(*) FROM sessions AS s" + where, params).fetchone()[0]


#: The order of the values in rows from ``devices_with_use`` and ``all_devices``.
DEVICE_FIELDS = ("id", "uid", "name", "kind", "needle_um", "retired", "uses", "first_used")


def devices_with_use(con: sqlite3.Connection, ids: Iterable[int]) -> list[tuple]:
    """The devices ``ids`` (ordered by id) with their live use count and first use."""
    wanted = sorted(set(ids))
    out: list[tuple] = []
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        marks = ",".join("?" * len(chunk))
        out.extend(
            con.execute(
                f"""
                SELECT d.id, d.uid, d.name, d.kind, d.needle_um, d.retired_at IS NOT NULL,
                       (SELECT count(*) FROM sessions AS s WHERE s.device_id = d.id AND s.deleted_at IS NULL),
                       (SELECT min(s.date) FROM sessions AS s WHERE s.device_id = d.id AND s.deleted_at IS NULL)
                FROM devices AS d WHERE d.id IN ({marks}) ORDER BY d.id
                """,
                chunk,
            )
        )
    return out


# -- import ----------------------------------------------------------------------


def all_devices(con: sqlite3.Connection) -> list[tuple]:
    """Every device as (id, uid, name, kind, needle_um, retired), by id (a journal has few)."""
    return con.execute(
        "SELECT id, uid, name, kind, needle_um, retired_at IS NOT NULL FROM devices ORDER BY id"
    ).fetchall()


def known_session_uids(con: sqlite3.Connection, uids: Iterable[str]) -> dict[str, tuple[int, bool]]:
    """Which of ``uids`` the journal holds: uid -> (id, deleted). Deleted rows count
    (the uid column is unique across them too). Looked up in batches, or, when the
    journal holds fewer sessions than there are uids (a first import), by reading
    the journal's uids once."""
    wanted = uids if isinstance(uids, list) else list(uids)
    found: dict[str, tuple[int, bool]] = {}
    if con.execute("SELECT count(*) FROM sessions").fetchone()[0] <= len(wanted):
        asked = set(wanted)
        for uid, sid, deleted in con.execute("SELECT uid, id, deleted_at IS NOT NULL FROM sessions"):
            if uid in asked:
                found[uid] = (sid, bool(deleted))
        return found
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        marks = ",".join("?" * len(batch))
        for uid, sid, deleted in con.execute(
            f"SELECT uid, id, deleted_at IS NOT NULL FROM sessions WHERE uid IN ({marks})", batch
        ):
            found[uid] = (sid, bool(deleted))
    return found


def insert_device(
    con: sqlite3.Connection, *, uid: str, name: str, kind: str, needle_um: int | None, at: datetime, retired: bool = False
) -> int:
    cur = con.execute(
        "INSERT INTO devices (uid, name, kind, needle_um, created_at, retired_at) VALUES (?, ?, ?, ?, ?, ?)",
        (uid, name, kind, needle_um, stamp(at), stamp(at) if retired else None),
    )
    return cur.lastrowid


#: The order of the values ``insert_sessions`` expects in each row.
INSERT_FIELDS = (
    "uid",
    "date",
    "area",
    "needle_um",
    "device_id",
    "disinfected",
    "notes",
    "override_reason",
    "overridden_rules",
)


#: Page cache for a bulk insert (KiB): new rows land all over the uid and date
#: indexes, and SQLite's default 2 MiB cache re-reads their pages again and again.
INSERT_CACHE_KIB = 16384


def insert_sessions(con: sqlite3.Connection, rows: Iterable[Sequence], at: datetime) -> list[int]:
    """Insert ``rows`` (``INSERT_FIELDS`` order; date as ISO text, overridden_rules
    comma-separated or None) with one ``executemany``; return the new ids in order."""
    when = stamp(at)
    before = con.execute("SELECT coalesce(max(id), 0) FROM sessions").fetchone()[0]
    cache = con.execute("PRAGMA cache_size").fetchone()[0]
    con.execute(f"PRAGMA cache_size=-{INSERT_CACHE_KIB}")
    try:
        cur = con.executemany(
            "INSERT INTO sessions (uid, date, area, needle_um, device_id, disinfected, notes,"
            " override_reason, overridden_rules, created_at, updated_at, deleted_at)"
            f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{when}', '{when}', NULL)",
            rows,
        )
        inserted = cur.rowcount
    finally:
        con.execute(f"PRAGMA cache_size={int(cache)}")
    # Inside our BEGIN IMMEDIATE nobody else writes, and SQLite gives each new
    # row the rowid one above the largest: the new rows are before+1 ... in order.
    # (n rows above ``before`` whose largest is before+n are exactly those.)
    count, last = con.execute("SELECT count(*), max(id) FROM sessions WHERE id > ?", (before,)).fetchone()
    if count != inserted or (inserted and last != before + inserted):  # pragma: no cover - rowids ran out (2**63)
        raise sqlite3.DatabaseError("could not identify the imported rows")
    return list(range(before + 1, before + inserted + 1))


def revive_sessions(con: sqlite3.Connection, rows: Iterable[Sequence], at: datetime) -> None:
    """Bring back deleted sessions with new values: rows are
    (date, area, needle_um, device_id, disinfected, notes, override_reason, overridden_rules, id)."""
    con.executemany(
        "UPDATE sessions SET date = ?, area = ?, needle_um = ?, device_id = ?, disinfected = ?, notes = ?,"
        f" override_reason = ?, overridden_rules = ?, updated_at = '{stamp(at)}', deleted_at = NULL WHERE id = ?",
        rows,
    )


def record_import(con: sqlite3.Connection, ids: Sequence[int], at: datetime, extra: dict | None = None) -> None:
    """One undo-log entry for the whole import (``Journal.undo`` soft-deletes ``ids``)."""
    before = {"ids": list(ids), **(extra or {})}
    con.execute(
        "INSERT INTO changes (at, entity, entity_id, action, before, undone) VALUES (?, 'session', 0, 'import', ?, 0)",
        (stamp(at), json.dumps(before, separators=(",", ":"))),
    )


# -- what the rules need after an import -------------------------------------------


#: A stored date (``YYYY-MM-DD``) as ``date.toordinal()`` gives it, computed by SQLite:
#: julianday('0001-01-01') is 1721425.5 and ordinal 1.
DAY_NUMBER = "CAST(julianday(date) - 1721424.5 AS INTEGER)"


def area_history(con: sqlite3.Connection, area: str, date_from: str, date_to: str) -> Iterator[tuple[int, int]]:
    """(day number, needle_um) of ``area``'s live sessions in [date_from, date_to], by date."""
    return con.execute(
        f"SELECT {DAY_NUMBER}, needle_um FROM sessions"
        " WHERE area = ? AND date >= ? AND date <= ? AND deleted_at IS NULL ORDER BY date",
        (area, date_from, date_to),
    )


def device_days(con: sqlite3.Connection, device_ids: Iterable[int]) -> Iterator[tuple[int, int]]:
    """(device_id, day number) of every live session with one of ``device_ids``."""
    wanted = sorted(set(device_ids))
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        marks = ",".join("?" * len(chunk))
        yield from con.execute(
            f"SELECT device_id, {DAY_NUMBER} FROM sessions WHERE device_id IN ({marks}) AND deleted_at IS NULL", chunk
        )


# -- restore ---------------------------------------------------------------------


def table_counts(con: sqlite3.Connection) -> dict[str, int]:
    """Live sessions and all devices, for messages after a restore."""
    sessions = con.execute("SELECT count(*) FROM sessions WHERE deleted_at IS NULL").fetchone()[0]
    devices = con.execute("SELECT count(*) FROM devices").fetchone()[0]
    return {"sessions": sessions, "devices": devices}
