"""Streaming reads and bulk writes over the raw DB-API (``sqlite3``) connection.

Export and import move up to hundreds of thousands of sessions; building an
ORM object per row would cost both time and memory. These functions take the
``sqlite3.Connection`` that ``Database.raw()`` yields (already inside one
transaction: ``BEGIN`` for reads, ``BEGIN IMMEDIATE`` for writes) and use
plain SQL. The reads and the undo-log entry that the ORM path shares (the live-session
filter, device use, ``stamp``) come from ``queries``; what is here is only
what the bulk paths need (stored values as ``queries`` describes them).

No SQLAlchemy import here, so the export path does not load the ORM.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from homelog.records import SessionFilter
from homelog.store import queries
from homelog.store.queries import BATCH, DAY_NUMBER, LIVE
from homelog.store.versions import WriteStamp

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
    "cartridge",
)

_EXPORT_SELECT = """
SELECT s.id, s.uid, s.date, s.area, s.needle_um, s.disinfected, s.notes,
       s.override_reason, s.overridden_rules,
       s.device_id, d.uid, d.name, d.kind, d.needle_um, s.cartridge
FROM sessions AS s LEFT JOIN devices AS d ON d.id = s.device_id
"""


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
    where, params = queries.live_where(SessionFilter(area, date_from, date_to))
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
    return queries.count_sessions(con, SessionFilter(area, date_from, date_to))


#: The order of the values in rows from ``devices_with_use`` and ``all_devices``.
DEVICE_FIELDS = ("id", "uid", "name", "kind", "needle_um", "retired", "uses", "first_used")


def devices_with_use(con: sqlite3.Connection, ids: Iterable[int]) -> list[tuple]:
    """``queries.devices_by_id`` as rows in ``DEVICE_FIELDS`` order (first use as text), for export."""
    return [
        (d.id, d.uid, d.name, d.kind, d.needle_um, d.retired, d.uses, d.first_used.isoformat() if d.first_used else None)
        for d in queries.devices_by_id(con, ids)
    ]


# -- import ----------------------------------------------------------------------


def all_devices(con: sqlite3.Connection) -> list[tuple]:
    """Every device as (id, uid, name, kind, needle_um, retired), by id (a journal has few)."""
    return con.execute(
        "SELECT id, uid, name, kind, needle_um, retired_at IS NOT NULL FROM devices ORDER BY id"
    ).fetchall()


def known_uids(con: sqlite3.Connection, table: str, uids: Iterable[str]) -> dict[str, tuple[int, bool]]:
    """Which of ``uids`` ``table`` (sessions, reactions, conditions, products or applications) holds: uid ->
    (id, deleted). Deleted rows count (the uid column is unique across them too).
    Looked up in batches, or, when the table holds fewer rows than there are uids
    (a first import), by reading the table's uids once."""
    if table not in ("sessions", "reactions", "conditions", "products", "applications"):
        raise ValueError(table)
    wanted = uids if isinstance(uids, list) else list(uids)
    found: dict[str, tuple[int, bool]] = {}
    if con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] <= len(wanted):
        asked = set(wanted)
        for uid, rid, deleted in con.execute(f"SELECT uid, id, deleted_at IS NOT NULL FROM {table}"):
            if uid in asked:
                found[uid] = (rid, bool(deleted))
        return found
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        marks = ",".join("?" * len(batch))
        for uid, rid, deleted in con.execute(
            f"SELECT uid, id, deleted_at IS NOT NULL FROM {table} WHERE uid IN ({marks})", batch
        ):
            found[uid] = (rid, bool(deleted))
    return found


def insert_device(
    con: sqlite3.Connection, *, uid: str, name: str, kind: str, needle_um: int | None, at: WriteStamp, retired: bool = False
) -> int:
    return insert_devices(con, [(uid, name, kind, needle_um, retired)], at)[0]


def insert_devices(con: sqlite3.Connection, devices: Sequence[tuple], at: WriteStamp) -> list[int]:
    """Add ``devices`` (uid, name, kind, needle_um, retired), created at ``at``, with
    one ``executemany``; a removed device's tombstone goes. The new ids, in order."""
    before = _last_id(con, "devices")
    created = at.created  # and retired then, for a retired one
    cur = con.executemany(
        "INSERT INTO devices (uid, name, kind, needle_um, created_at, retired_at, updated_at, origin)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (uid, name, kind, um, created, created if retired else None, at.updated_at, at.origin)
            for uid, name, kind, um, retired in devices
        ],
    )
    queries.unbury_devices(con, [d[0] for d in devices])
    return _added_ids(con, "devices", before, cur.rowcount)


def _literal(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _last_id(con: sqlite3.Connection, table: str) -> int:
    return con.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]


def _added_ids(con: sqlite3.Connection, table: str, before: int, inserted: int) -> list[int]:
    """The ids of the ``inserted`` rows just added to ``table`` above id ``before``.

    Inside our BEGIN IMMEDIATE nobody else writes, and SQLite gives each new
    row the rowid one above the largest: the new rows are before+1 ... in order.
    (n rows above ``before`` whose largest is before+n are exactly those.)"""
    count, last = con.execute(f"SELECT count(*), max(id) FROM {table} WHERE id > ?", (before,)).fetchone()
    if count != inserted or (inserted and last != before + inserted):  # pragma: no cover - rowids ran out (2**63)
        raise sqlite3.DatabaseError("could not identify the imported rows")
    return list(range(before + 1, before + inserted + 1))


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


def insert_sessions(con: sqlite3.Connection, rows: Iterable[Sequence], at: WriteStamp) -> list[int]:
    """Insert ``rows`` (``INSERT_FIELDS`` order; date as ISO text, overridden_rules
    comma-separated) with one ``executemany``; return the new ids in order.

    No override reason or rules: "" (None works too, at a cost). Python's sqlite3
    binds a None only after failing to find an adapter for it, which raises and
    drops an AttributeError; most sessions have neither, and binding "" that SQL
    turns into NULL saves an import of 100,000 rows about 2 % of its work."""
    before = _last_id(con, "sessions")
    # The same for every row: written into the statement once (as SQL literals).
    stamps = ", ".join(_literal(v) for v in (at.created, at.updated_at, at.origin))
    cache = con.execute("PRAGMA cache_size").fetchone()[0]
    con.execute(f"PRAGMA cache_size=-{INSERT_CACHE_KIB}")
    try:
        cur = con.executemany(
            "INSERT INTO sessions (uid, date, area, needle_um, device_id, disinfected, notes,"
            " override_reason, overridden_rules, created_at, updated_at, origin, deleted_at)"
            f" VALUES (?, ?, ?, ?, ?, ?, ?, nullif(?, ''), nullif(?, ''), {stamps}, NULL)",
            rows,
        )
        inserted = cur.rowcount
    finally:
        con.execute(f"PRAGMA cache_size={int(cache)}")
    return _added_ids(con, "sessions", before, inserted)


def revive_sessions(con: sqlite3.Connection, rows: Iterable[Sequence], at: WriteStamp) -> None:
    """Bring back deleted sessions with new values: rows are
    (date, area, needle_um, device_id, disinfected, notes, override_reason, overridden_rules, id)."""
    con.executemany(
        "UPDATE sessions SET date = ?, area = ?, needle_um = ?, device_id = ?, disinfected = ?, notes = ?,"
        " override_reason = ?, overridden_rules = ?, updated_at = ?, origin = ?, deleted_at = NULL WHERE id = ?",
        (row[:-1] + (at.updated_at, at.origin, row[-1]) for row in rows),
    )


def record_import(con: sqlite3.Connection, ids: Sequence[int], at: WriteStamp, extra: dict | None = None) -> None:
    """One undo-log entry for the whole import (``Journal.undo`` soft-deletes ``ids``)."""
    queries.record_change(con, "session", 0, "import", {"ids": list(ids), **(extra or {})}, at.moment)


# -- what the rules need after an import -------------------------------------------


def device_days(con: sqlite3.Connection, device_ids: Iterable[int]) -> Iterator[tuple[int, int]]:
    """(device_id, day number) of every live session with one of ``device_ids``."""
    wanted = sorted(set(device_ids))
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        marks = ",".join("?" * len(chunk))
        yield from con.execute(
            f"SELECT s.device_id, {DAY_NUMBER} FROM sessions AS s WHERE s.device_id IN ({marks}) AND {LIVE}", chunk
        )


# -- restore ---------------------------------------------------------------------


def table_counts(con: sqlite3.Connection) -> dict[str, int]:
    """Live sessions and all devices, for messages after a restore."""
    devices = con.execute("SELECT count(*) FROM devices").fetchone()[0]
    return {"sessions": queries.count_sessions(con), "devices": devices}
