"""The store's one query vocabulary: plain SQL over a ``sqlite3.Connection``,
returning ``homelog.records`` types.

Both data-access paths use these functions and nothing else to read sessions
and devices or to write the undo log:

* the light path: ``Database.raw()`` connections (status, check, list,
  export, import), which never load SQLAlchemy;
* the ORM's writes: ``repo.dbapi(session)`` hands over the ORM session's own
  DB-API connection (after a flush), so a check and the write it guards stay
  in one ``BEGIN IMMEDIATE`` transaction.

Stored values are what the ORM writes (``models.py``): dates as ``YYYY-MM-DD``
text, datetimes as ``stamp`` gives them, booleans as 0/1, needles in
micrometres; ``tests/store/test_queries.py`` checks that both paths agree.
Every query that ``status`` and ``check`` run is bounded by the (area, date) or
(device_id) indexes (``tests/store/test_query_plans.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime

from homelog.records import Device, DeviceUse, Session, SessionFilter

#: Parameter batches stay well below SQLite's variable limit (999 before 3.32).
BATCH = 500

#: The live-session condition (not soft-deleted), on the ``sessions AS s`` alias.
LIVE = "s.deleted_at IS NULL"
#: A stored date (``YYYY-MM-DD``) as ``date.toordinal()`` gives it, computed by SQLite:
#: julianday('0001-01-01') is 1721425.5 and ordinal 1.
DAY_NUMBER = "CAST(julianday(s.date) - 1721424.5 AS INTEGER)"


def now() -> datetime:
    """The moment stored in created_at/updated_at/deleted_at and the undo log (whole seconds)."""
    return datetime.now().replace(microsecond=0)


def stamp(moment: datetime) -> str:
    """A datetime as SQLAlchemy's SQLite dialect stores it (so each path reads what the other wrote)."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def live_where(flt: SessionFilter = SessionFilter()) -> tuple[str, list]:
    """`` WHERE ...`` selecting the live sessions ``flt`` asks for, and its parameters."""
    clauses = [LIVE]
    params: list = []
    if flt.area is not None:
        clauses.append("s.area = ?")
        params.append(flt.area)
    if flt.date_from is not None:
        clauses.append("s.date >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to is not None:
        clauses.append("s.date <= ?")
        params.append(flt.date_to.isoformat())
    return " WHERE " + " AND ".join(clauses), params


# -- sessions ------------------------------------------------------------------

_SESSION = (
    "SELECT s.id, s.uid, s.date, s.area, s.needle_um, s.device_id, s.disinfected, s.notes,"
    " s.override_reason, s.overridden_rules, s.cartridge,"
    " (SELECT group_concat(p.product_id) FROM session_products AS p WHERE p.session_id = s.id)"
)
_WITH_NAME = _SESSION + ", d.name FROM sessions AS s LEFT JOIN devices AS d ON d.id = s.device_id"
_NEWEST_FIRST = " ORDER BY s.date DESC, s.id DESC"


def _session(row: tuple) -> Session:
    sid, uid, day, area, needle_um, device_id, disinfected, notes, reason, rules, cartridge, products, *name = row
    return Session(
        id=sid,
        uid=uid,
        date=date.fromisoformat(day),
        area=area,
        needle_um=needle_um,
        device_id=device_id,
        disinfected=None if disinfected is None else bool(disinfected),
        notes=notes or "",
        override_reason=reason,
        overridden_rules=tuple(r for r in (rules or "").split(",") if r),
        device_name=name[0] if name else None,
        cartridge=cartridge,
        product_ids=tuple(sorted(int(p) for p in products.split(","))) if products else (),
    )


def get_session(con: sqlite3.Connection, session_id: int, *, include_deleted: bool = False) -> Session | None:
    sql = _WITH_NAME + " WHERE s.id = ?" + ("" if include_deleted else f" AND {LIVE}")
    row = con.execute(sql, (session_id,)).fetchone()
    return _session(row) if row else None


def list_sessions(
    con: sqlite3.Connection, flt: SessionFilter = SessionFilter(), *, limit: int | None = None, offset: int = 0
) -> list[Session]:
    """Newest first (date, then the order they were logged)."""
    where, params = live_where(flt)
    sql = _WITH_NAME + where + _NEWEST_FIRST
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return [_session(row) for row in con.execute(sql, params)]


def count_sessions(con: sqlite3.Connection, flt: SessionFilter = SessionFilter()) -> int:
    where, params = live_where(flt)
    return con.execute("SELECT count(*) FROM sessions AS s" + where, params).fetchone()[0]


def sessions_in_window(
    con: sqlite3.Connection, area: str, date_from: date, date_to: date, *, exclude_id: int | None = None
) -> list[Session]:
    """One area's live sessions with date_from <= date <= date_to, by date (index: area, date)."""
    where, params = live_where(SessionFilter(area=area, date_from=date_from, date_to=date_to))
    if exclude_id is not None:
        where += " AND s.id != ?"
        params.append(exclude_id)
    return [_session(row) for row in con.execute(_SESSION + " FROM sessions AS s" + where + " ORDER BY s.date", params)]


def last_session(con: sqlite3.Connection, area: str, on_or_before: date) -> Session | None:
    where, params = live_where(SessionFilter(area=area, date_to=on_or_before))
    row = con.execute(_WITH_NAME + where + _NEWEST_FIRST + " LIMIT 1", params).fetchone()
    return _session(row) if row else None


# -- devices -------------------------------------------------------------------


def _device_select(exclude_session_id: int | None) -> tuple[str, list]:
    """Devices with their live use count and first use (``Device`` field order)."""
    uses = f"FROM sessions AS s WHERE s.device_id = d.id AND {LIVE}"
    params: list = []
    if exclude_session_id is not None:
        uses += " AND s.id != ?"
        params = [exclude_session_id, exclude_session_id]
    sql = (
        "SELECT d.id, d.uid, d.name, d.kind, d.needle_um,"
        f" (SELECT count(*) {uses}), (SELECT min(s.date) {uses}), d.retired_at IS NOT NULL, d.shared_from"
        " FROM devices AS d"
    )
    return sql, params


def _device(row: tuple) -> Device:
    did, uid, name, kind, needle_um, uses, first, retired, shared = row
    return Device(
        id=did,
        uid=uid,
        name=name,
        kind=kind,
        needle_um=needle_um,
        uses=uses,
        first_used=date.fromisoformat(first) if first else None,
        retired=bool(retired),
        shared_from=date.fromisoformat(shared) if shared else None,
    )


def get_device(con: sqlite3.Connection, device_id: int, *, exclude_session_id: int | None = None) -> Device | None:
    sql, params = _device_select(exclude_session_id)
    row = con.execute(sql + " WHERE d.id = ?", [*params, device_id]).fetchone()
    return _device(row) if row else None


def device_use(con: sqlite3.Connection, device_id: int, *, exclude_session_id: int | None = None) -> DeviceUse | None:
    """What the device rules need, not counting session ``exclude_session_id`` (an edit's own)."""
    found = get_device(con, device_id, exclude_session_id=exclude_session_id)
    if found is None:
        return None
    return DeviceUse(
        id=found.id, name=found.name, uses=found.uses, first_used=found.first_used, retired=found.retired,
        kind=found.kind, shared_from=found.shared_from,
    )


def list_devices(con: sqlite3.Connection, *, include_retired: bool = True, shared_only: bool = False) -> list[Device]:
    """Devices in use, then retired ones; each by id. ``shared_only``: those marked as used
    on someone else (filtered before their uses are counted: status asks this every time)."""
    sql, params = _device_select(None)
    where = [w for w, on in (("d.retired_at IS NULL", not include_retired), ("d.shared_from IS NOT NULL", shared_only)) if on]
    if where:
        sql += " WHERE " + " AND ".join(where)
    return [_device(row) for row in con.execute(sql + " ORDER BY d.retired_at IS NOT NULL, d.id", params)]


def devices_by_id(con: sqlite3.Connection, ids: Iterable[int]) -> list[Device]:
    """The devices ``ids`` (by id); unknown ids are left out."""
    wanted = sorted(set(ids))
    sql, _ = _device_select(None)
    out: list[Device] = []
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        marks = ",".join("?" * len(chunk))
        out.extend(_device(row) for row in con.execute(f"{sql} WHERE d.id IN ({marks}) ORDER BY d.id", chunk))
    return out


def bury_devices(con: sqlite3.Connection, uids: Iterable[str], updated_at: str, origin: str) -> None:
    """Leave a tombstone for devices just removed, so that a sync passes the removal on."""
    con.executemany(
        "INSERT OR REPLACE INTO device_tombstones (uid, updated_at, origin) VALUES (?, ?, ?)",
        [(uid, updated_at, origin) for uid in uids],
    )


def unbury_devices(con: sqlite3.Connection, uids: Iterable[str]) -> None:
    """Devices come back (an import or a sync brings them again): their tombstones go."""
    con.executemany("DELETE FROM device_tombstones WHERE uid = ?", [(uid,) for uid in uids])


# -- the undo log --------------------------------------------------------------


def record_change(
    con: sqlite3.Connection,
    entity: str,
    entity_id: int,
    action: str,
    before: dict | None,
    at: datetime | None = None,
) -> None:
    """One undo-log entry: ``before`` is the state to go back to (JSON), None for an add."""
    import json  # a write's, not a read's (status, check, list load no json)

    con.execute(
        "INSERT INTO changes (at, entity, entity_id, action, before, undone) VALUES (?, ?, ?, ?, ?, 0)",
        (
            stamp(at or now()),
            entity,
            entity_id,
            action,
            None if before is None else json.dumps(before, separators=(",", ":")),
        ),
    )


def first_date_after(con: sqlite3.Connection, day: date) -> date | None:
    """The earliest date after ``day`` of any session, reaction or condition (start
    or end), deleted or not: the first day on which something already written
    starts to count for ``status`` (its cache is valid until then). Indexed."""
    after = day.isoformat()
    row = con.execute(
        "SELECT min(d) FROM ("
        " SELECT min(date) AS d FROM sessions WHERE date > ?"
        " UNION ALL SELECT min(date) FROM reactions WHERE date > ?"
        " UNION ALL SELECT min(start) FROM conditions WHERE start > ?"
        ' UNION ALL SELECT min("end") FROM conditions WHERE "end" > ?)',
        (after, after, after, after),
    ).fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None
