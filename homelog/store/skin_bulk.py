"""The skin tables over the raw DB-API connection, for export and import
(no SQLAlchemy; stored values as the ORM writes them, see ``bulk``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

from homelog.records import SessionFilter
from homelog.store.queries import BATCH, live_where
from homelog.store.versions import WriteStamp

#: The order of the values in rows from ``select_reactions``.
REACTION_FIELDS = ("id", "uid", "session_id", "session_uid", "date", "redness", "swelling", "bleeding", "infection", "notes")
#: The order of the values in rows from ``select_conditions``.
CONDITION_FIELDS = ("id", "uid", "kind", "area", "start", "end", "notes")
_HEALED = "redness = 0 AND swelling = 0 AND bleeding = 0 AND infection = 0"


def select_reactions(
    con: sqlite3.Connection, *, area: str | None = None, date_from: date | None = None, date_to: date | None = None
) -> list[tuple]:
    """Live observations of the live sessions an export with these filters holds, by date."""
    where, params = live_where(SessionFilter(area, date_from, date_to))
    return con.execute(
        "SELECT r.id, r.uid, r.session_id, s.uid, r.date, r.redness, r.swelling, r.bleeding, r.infection, r.notes"
        " FROM reactions AS r JOIN sessions AS s ON s.id = r.session_id"
        + where
        + " AND r.deleted_at IS NULL ORDER BY r.date, r.id",
        params,
    ).fetchall()


def select_conditions(con: sqlite3.Connection) -> list[tuple]:
    """Live conditions, by start date."""
    return con.execute(
        'SELECT id, uid, kind, area, start, "end", notes FROM conditions WHERE deleted_at IS NULL ORDER BY start, id'
    ).fetchall()


def has_reactions(con: sqlite3.Connection) -> bool:
    return con.execute("SELECT EXISTS (SELECT 1 FROM reactions WHERE deleted_at IS NULL)").fetchone()[0] == 1


def reaction_summary(con: sqlite3.Connection, session_ids: Sequence[int]) -> dict[int, tuple[str | None, int]]:
    """session id -> (date of its first healed observation or None, its highest redness),
    over live observations; sessions without one are absent (index: session_id, date)."""
    out: dict[int, tuple[str | None, int]] = {}
    for start in range(0, len(session_ids), BATCH):
        chunk = session_ids[start : start + BATCH]
        marks = ",".join("?" * len(chunk))
        out.update(
            (sid, (healed, top))
            for sid, healed, top in con.execute(
                f"SELECT session_id, min(CASE WHEN {_HEALED} THEN date END), max(redness) FROM reactions"
                f" WHERE session_id IN ({marks}) AND deleted_at IS NULL GROUP BY session_id",
                list(chunk),
            )
        )
    return out


def session_dates(con: sqlite3.Connection, session_ids: Sequence[int]) -> dict[int, date]:
    """session id -> its date (deleted sessions too)."""
    ids = list(session_ids)
    out: dict[int, date] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        marks = ",".join("?" * len(chunk))
        out.update((sid, date.fromisoformat(day)) for sid, day in con.execute(f"SELECT id, date FROM sessions WHERE id IN ({marks})", chunk))
    return out


def insert_reaction(con: sqlite3.Connection, row: Sequence, at: WriteStamp) -> int:
    """row: (uid, session_id, date, redness, swelling, bleeding, infection, notes) -> the new id."""
    cur = con.execute(
        "INSERT INTO reactions (uid, session_id, date, redness, swelling, bleeding, infection, notes, created_at,"
        " updated_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*row, at.created, at.updated_at, at.origin),
    )
    return cur.lastrowid


def revive_reaction(con: sqlite3.Connection, row: Sequence, reaction_id: int, at: WriteStamp) -> None:
    con.execute(
        "UPDATE reactions SET session_id = ?, date = ?, redness = ?, swelling = ?, bleeding = ?, infection = ?,"
        " notes = ?, updated_at = ?, origin = ?, deleted_at = NULL WHERE id = ?",
        (*row[1:], at.updated_at, at.origin, reaction_id),
    )


def insert_condition(con: sqlite3.Connection, row: Sequence, at: WriteStamp) -> int:
    """row: (uid, kind, area, start, end, notes) -> the new id."""
    cur = con.execute(
        'INSERT INTO conditions (uid, kind, area, start, "end", notes, created_at, updated_at, origin)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*row, at.created, at.updated_at, at.origin),
    )
    return cur.lastrowid


def revive_condition(con: sqlite3.Connection, row: Sequence, condition_id: int, at: WriteStamp) -> None:
    con.execute(
        'UPDATE conditions SET kind = ?, area = ?, start = ?, "end" = ?, notes = ?, updated_at = ?, origin = ?,'
        " deleted_at = NULL WHERE id = ?",
        (*row[1:], at.updated_at, at.origin, condition_id),
    )
