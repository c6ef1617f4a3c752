"""What a sync reads and writes: every record of the journal as a version (plain
tuples in ``FIELDS`` order, stored text as it is), keyed by uid, and the writes
that make a record equal to a version. Plain SQL; no SQLAlchemy.

References travel by uid (a session's device, an observation's session); the
ids stay local to each journal.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from homelog.store import queries

#: entity -> the fields of its version, in order. A removed device is a version
#: with ``deleted`` 1 and its other fields None (``device_tombstones``).
FIELDS: dict[str, tuple[str, ...]] = {
    "devices": ("uid", "name", "kind", "needle_um", "created_at", "retired_at", "updated_at", "origin", "deleted"),
    "sessions": (
        "uid", "date", "area", "needle_um", "device_uid", "disinfected", "notes", "override_reason",
        "overridden_rules", "created_at", "updated_at", "origin", "deleted_at",
    ),
    "reactions": (
        "uid", "session_uid", "date", "redness", "swelling", "bleeding", "infection", "notes",
        "created_at", "updated_at", "origin", "deleted_at",
    ),
    "conditions": ("uid", "kind", "area", "start", "end", "notes", "created_at", "updated_at", "origin", "deleted_at"),
}
ENTITIES = tuple(FIELDS)

_READ = {
    "devices": "SELECT uid, name, kind, needle_um, created_at, retired_at, updated_at, origin, 0 FROM devices"
    " UNION ALL SELECT uid, NULL, NULL, NULL, NULL, NULL, updated_at, origin, 1 FROM device_tombstones",
    "sessions": "SELECT s.uid, s.date, s.area, s.needle_um, d.uid, s.disinfected, s.notes, s.override_reason,"
    " s.overridden_rules, s.created_at, s.updated_at, s.origin, s.deleted_at"
    " FROM sessions AS s LEFT JOIN devices AS d ON d.id = s.device_id",
    "reactions": "SELECT r.uid, s.uid, r.date, r.redness, r.swelling, r.bleeding, r.infection, r.notes,"
    " r.created_at, r.updated_at, r.origin, r.deleted_at FROM reactions AS r JOIN sessions AS s ON s.id = r.session_id",
    "conditions": 'SELECT uid, kind, area, start, "end", notes, created_at, updated_at, origin, deleted_at FROM conditions',
}


def read_all(con: sqlite3.Connection) -> dict[str, dict[str, tuple]]:
    """entity -> uid -> version, for every record (deleted ones too)."""
    return {entity: {row[0]: tuple(row) for row in con.execute(sql)} for entity, sql in _READ.items()}


def ids_by_uid(con: sqlite3.Connection, table: str) -> dict[str, int]:
    if table not in ("devices", "sessions", "reactions", "conditions"):
        raise ValueError(table)
    return dict(con.execute(f"SELECT uid, id FROM {table}"))


def write_devices(con: sqlite3.Connection, versions: Iterable[tuple]) -> None:
    """Make each device equal to its version: kept (inserted or updated) or removed (a tombstone)."""
    for v in versions:
        uid = v[0]
        if v[8]:
            con.execute("DELETE FROM devices WHERE uid = ?", (uid,))
            queries.bury_devices(con, [uid], v[6], v[7])
            continue
        queries.unbury_devices(con, [uid])
        con.execute(
            "INSERT INTO devices (uid, name, kind, needle_um, created_at, retired_at, updated_at, origin)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO UPDATE SET name = excluded.name,"
            " kind = excluded.kind, needle_um = excluded.needle_um, created_at = excluded.created_at,"
            " retired_at = excluded.retired_at, updated_at = excluded.updated_at, origin = excluded.origin",
            v[:8],
        )


def write_sessions(con: sqlite3.Connection, versions: Iterable[tuple], device_ids: dict[str, int]) -> None:
    con.executemany(
        "INSERT INTO sessions (uid, date, area, needle_um, device_id, disinfected, notes, override_reason,"
        " overridden_rules, created_at, updated_at, origin, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (uid) DO UPDATE SET date = excluded.date, area = excluded.area, needle_um = excluded.needle_um,"
        " device_id = excluded.device_id, disinfected = excluded.disinfected, notes = excluded.notes,"
        " override_reason = excluded.override_reason, overridden_rules = excluded.overridden_rules,"
        " created_at = excluded.created_at, updated_at = excluded.updated_at, origin = excluded.origin,"
        " deleted_at = excluded.deleted_at",
        ((*v[:4], device_ids[v[4]] if v[4] is not None else None, *v[5:]) for v in versions),
    )


def write_reactions(con: sqlite3.Connection, versions: Iterable[tuple], session_ids: dict[str, int]) -> None:
    con.executemany(
        "INSERT INTO reactions (uid, session_id, date, redness, swelling, bleeding, infection, notes, created_at,"
        " updated_at, origin, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (uid) DO UPDATE SET session_id = excluded.session_id, date = excluded.date,"
        " redness = excluded.redness, swelling = excluded.swelling, bleeding = excluded.bleeding,"
        " infection = excluded.infection, notes = excluded.notes, created_at = excluded.created_at,"
        " updated_at = excluded.updated_at, origin = excluded.origin, deleted_at = excluded.deleted_at",
        ((v[0], session_ids[v[1]], *v[2:]) for v in versions),
    )


def write_conditions(con: sqlite3.Connection, versions: Iterable[tuple]) -> None:
    con.executemany(
        'INSERT INTO conditions (uid, kind, area, start, "end", notes, created_at, updated_at, origin, deleted_at)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO UPDATE SET kind = excluded.kind,"
        ' area = excluded.area, start = excluded.start, "end" = excluded."end", notes = excluded.notes,'
        " created_at = excluded.created_at, updated_at = excluded.updated_at, origin = excluded.origin,"
        " deleted_at = excluded.deleted_at",
        versions,
    )
