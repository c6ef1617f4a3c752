"""What a sync reads and writes: every record of the journal as a version (plain
tuples in ``FIELDS`` order, stored text as it is), keyed by uid, and the writes
that make a record equal to a version. Plain SQL; no SQLAlchemy.

References travel by uid (a session's device and products, an observation's
session, an application's product); the ids stay local to each journal. A
session's products are part of its version (``product_uids``: the sorted uids,
comma-separated; None for none).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from homelog.store import queries

#: entity -> the fields of its version, in order. A removed device is a version
#: with ``deleted`` 1 and its other fields None (``device_tombstones``).
FIELDS: dict[str, tuple[str, ...]] = {
    "devices": (
        "uid", "name", "kind", "needle_um", "created_at", "retired_at", "shared_from", "updated_at", "origin", "deleted",
    ),
    "products": ("uid", "name", "ingredients", "sterile", "notes", "created_at", "updated_at", "origin", "deleted_at"),
    "sessions": (
        "uid", "date", "area", "needle_um", "device_uid", "disinfected", "notes", "override_reason",
        "overridden_rules", "cartridge", "product_uids", "created_at", "updated_at", "origin", "deleted_at",
    ),
    "reactions": (
        "uid", "session_uid", "date", "redness", "swelling", "bleeding", "infection", "notes",
        "created_at", "updated_at", "origin", "deleted_at",
    ),
    "conditions": ("uid", "kind", "area", "start", "end", "notes", "created_at", "updated_at", "origin", "deleted_at"),
    "applications": ("uid", "product_uid", "area", "date", "created_at", "updated_at", "origin", "deleted_at"),
}
ENTITIES = tuple(FIELDS)
#: Positions the merge reads: a device's removal mark, a session's device and deletion,
#: a session's products, an application's product.
DEVICE_DELETED = FIELDS["devices"].index("deleted")
SESSION_DEVICE = FIELDS["sessions"].index("device_uid")
SESSION_PRODUCTS = FIELDS["sessions"].index("product_uids")
SESSION_DELETED = FIELDS["sessions"].index("deleted_at")
APPLICATION_PRODUCT = FIELDS["applications"].index("product_uid")

#: The fields of a sync file from before products and applications (schema 0005), for reading an older machine's file.
FIELDS_V1: dict[str, tuple[str, ...]] = {
    "devices": ("uid", "name", "kind", "needle_um", "created_at", "retired_at", "updated_at", "origin", "deleted"),
    "sessions": (
        "uid", "date", "area", "needle_um", "device_uid", "disinfected", "notes", "override_reason",
        "overridden_rules", "created_at", "updated_at", "origin", "deleted_at",
    ),
    "reactions": FIELDS["reactions"],
    "conditions": FIELDS["conditions"],
}

_PRODUCT_UIDS = (
    "(SELECT group_concat(uid, ',') FROM (SELECT p.uid AS uid FROM session_products AS sp"
    " JOIN products AS p ON p.id = sp.product_id WHERE sp.session_id = s.id ORDER BY p.uid))"
)

_READ = {
    "devices": "SELECT uid, name, kind, needle_um, created_at, retired_at, shared_from, updated_at, origin, 0 FROM devices"
    " UNION ALL SELECT uid, NULL, NULL, NULL, NULL, NULL, NULL, updated_at, origin, 1 FROM device_tombstones",
    "products": "SELECT uid, name, ingredients, sterile, notes, created_at, updated_at, origin, deleted_at FROM products",
    "sessions": "SELECT s.uid, s.date, s.area, s.needle_um, d.uid, s.disinfected, s.notes, s.override_reason,"
    f" s.overridden_rules, s.cartridge, {_PRODUCT_UIDS}, s.created_at, s.updated_at, s.origin, s.deleted_at"
    " FROM sessions AS s LEFT JOIN devices AS d ON d.id = s.device_id",
    "reactions": "SELECT r.uid, s.uid, r.date, r.redness, r.swelling, r.bleeding, r.infection, r.notes,"
    " r.created_at, r.updated_at, r.origin, r.deleted_at FROM reactions AS r JOIN sessions AS s ON s.id = r.session_id",
    "conditions": 'SELECT uid, kind, area, start, "end", notes, created_at, updated_at, origin, deleted_at FROM conditions',
    "applications": "SELECT a.uid, p.uid, a.area, a.date, a.created_at, a.updated_at, a.origin, a.deleted_at"
    " FROM applications AS a JOIN products AS p ON p.id = a.product_id",
}


def read_all(con: sqlite3.Connection) -> dict[str, dict[str, tuple]]:
    """entity -> uid -> version, for every record (deleted ones too)."""
    out = {entity: {row[0]: tuple(row) for row in con.execute(sql)} for entity, sql in _READ.items()}
    for uid, v in out["sessions"].items():  # the products' uids sorted whatever order SQLite gave
        if v[SESSION_PRODUCTS] is not None:
            out["sessions"][uid] = (*v[:SESSION_PRODUCTS], sorted_uids(v[SESSION_PRODUCTS]), *v[SESSION_PRODUCTS + 1 :])
    return out


def sorted_uids(text: str | None) -> str | None:
    """A version's ``product_uids``: the uids sorted, comma-separated (None for none)."""
    uids = sorted({u for u in (text or "").split(",") if u})
    return ",".join(uids) or None


def ids_by_uid(con: sqlite3.Connection, table: str) -> dict[str, int]:
    if table not in ("devices", "sessions", "reactions", "conditions", "products", "applications"):
        raise ValueError(table)
    return dict(con.execute(f"SELECT uid, id FROM {table}"))


def write_devices(con: sqlite3.Connection, versions: Iterable[tuple]) -> None:
    """Make each device equal to its version: kept (inserted or updated) or removed (a tombstone)."""
    for v in versions:
        uid = v[0]
        if v[DEVICE_DELETED]:
            con.execute("DELETE FROM devices WHERE uid = ?", (uid,))
            queries.bury_devices(con, [uid], v[7], v[8])
            continue
        queries.unbury_devices(con, [uid])
        con.execute(
            "INSERT INTO devices (uid, name, kind, needle_um, created_at, retired_at, shared_from, updated_at, origin)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO UPDATE SET name = excluded.name,"
            " kind = excluded.kind, needle_um = excluded.needle_um, created_at = excluded.created_at,"
            " retired_at = excluded.retired_at, shared_from = excluded.shared_from,"
            " updated_at = excluded.updated_at, origin = excluded.origin",
            v[:DEVICE_DELETED],
        )


def write_sessions(
    con: sqlite3.Connection, versions: Iterable[tuple], device_ids: dict[str, int], product_ids: dict[str, int]
) -> None:
    """Make each session equal to its version, its products included (written before)."""
    versions = list(versions)
    con.executemany(
        "INSERT INTO sessions (uid, date, area, needle_um, device_id, disinfected, notes, override_reason,"
        " overridden_rules, cartridge, created_at, updated_at, origin, deleted_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (uid) DO UPDATE SET date = excluded.date, area = excluded.area, needle_um = excluded.needle_um,"
        " device_id = excluded.device_id, disinfected = excluded.disinfected, notes = excluded.notes,"
        " override_reason = excluded.override_reason, overridden_rules = excluded.overridden_rules,"
        " cartridge = excluded.cartridge, created_at = excluded.created_at, updated_at = excluded.updated_at,"
        " origin = excluded.origin, deleted_at = excluded.deleted_at",
        (
            (*v[:4], device_ids[v[4]] if v[4] is not None else None, *v[5:SESSION_PRODUCTS], *v[SESSION_PRODUCTS + 1 :])
            for v in versions
        ),
    )
    if not versions:
        return
    session_ids = ids_by_uid(con, "sessions")
    for v in versions:
        sid = session_ids[v[0]]
        con.execute("DELETE FROM session_products WHERE session_id = ?", (sid,))
        con.executemany(
            "INSERT INTO session_products (session_id, product_id) VALUES (?, ?)",
            [(sid, product_ids[u]) for u in (v[SESSION_PRODUCTS] or "").split(",") if u],
        )


def write_products(con: sqlite3.Connection, versions: Iterable[tuple]) -> None:
    con.executemany(
        "INSERT INTO products (uid, name, ingredients, sterile, notes, created_at, updated_at, origin, deleted_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO UPDATE SET name = excluded.name,"
        " ingredients = excluded.ingredients, sterile = excluded.sterile, notes = excluded.notes,"
        " created_at = excluded.created_at, updated_at = excluded.updated_at, origin = excluded.origin,"
        " deleted_at = excluded.deleted_at",
        versions,
    )


def write_applications(con: sqlite3.Connection, versions: Iterable[tuple], product_ids: dict[str, int]) -> None:
    con.executemany(
        "INSERT INTO applications (uid, product_id, area, date, created_at, updated_at, origin, deleted_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO UPDATE SET product_id = excluded.product_id,"
        " area = excluded.area, date = excluded.date, created_at = excluded.created_at,"
        " updated_at = excluded.updated_at, origin = excluded.origin, deleted_at = excluded.deleted_at",
        ((v[0], product_ids[v[1]], *v[2:]) for v in versions),
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
