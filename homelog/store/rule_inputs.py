"""What the skin-aware rules read besides sessions: observations of how the skin
reacted (``reactions``) and standing conditions (``conditions``), on plain
``sqlite3`` (every journal opened is at the head revision, so the tables exist).

The rules engine's contract (``homelog.rules.engine``): the observations of the
candidate's area's sessions, plus those of every session with an infection
observation, and the live conditions.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from homelog.records import Condition, Reaction
from homelog.store.queries import DAY_NUMBER, LIVE

_REACTION = (
    "SELECT r.id, r.uid, r.session_id, r.date, r.redness, r.swelling, r.bleeding, r.infection, r.notes"
    " FROM reactions AS r JOIN sessions AS s ON s.id = r.session_id"
    " WHERE r.deleted_at IS NULL AND s.deleted_at IS NULL AND r.date <= ?"
)


def _reaction(row: tuple) -> Reaction:
    rid, uid, session_id, day, redness, swelling, bleeding, infection, notes = row
    return Reaction(
        rid, uid, session_id, date.fromisoformat(day), redness, bool(swelling), bool(bleeding), bool(infection),
        notes or "",
    )


def reactions_for(con: sqlite3.Connection, area: str, lo: date, hi: date, on: date) -> tuple[Reaction, ...]:
    """The live observations dated on or before ``on`` of ``area``'s live sessions
    dated ``lo`` .. ``hi``, by date then id."""
    sql = _REACTION + " AND s.area = ? AND s.date >= ? AND s.date <= ? ORDER BY r.date, r.id"
    return tuple(_reaction(row) for row in con.execute(sql, (on.isoformat(), area, lo.isoformat(), hi.isoformat())))


def infection_reactions(con: sqlite3.Connection, on: date) -> tuple[Reaction, ...]:
    """Every live observation dated on or before ``on`` of each live session (any
    area) that has a live infection observation on or before ``on``, by date then id."""
    sql = _REACTION + (
        " AND r.session_id IN (SELECT i.session_id FROM reactions AS i"
        " WHERE i.infection AND i.deleted_at IS NULL AND i.date <= ?) ORDER BY r.date, r.id"
    )
    return tuple(_reaction(row) for row in con.execute(sql, (on.isoformat(), on.isoformat())))


def live_conditions(con: sqlite3.Connection) -> tuple[Condition, ...]:
    """Every live standing condition, by start then id."""
    rows = con.execute(
        'SELECT id, uid, kind, area, start, "end", notes FROM conditions WHERE deleted_at IS NULL ORDER BY start, id'
    )
    return tuple(
        Condition(cid, uid, kind, area, date.fromisoformat(start), date.fromisoformat(end) if end else None, notes or "")
        for cid, uid, kind, area, start, end, notes in rows
    )


def session_marks(con: sqlite3.Connection, area: str, lo: date, hi: date) -> list[tuple[int, int, int]]:
    """(day number, id, needle_um) of ``area``'s live sessions dated ``lo`` .. ``hi``,
    and of its latest live session before ``lo`` (which ``recovery`` still looks at), by date."""
    select = f"SELECT {DAY_NUMBER}, s.id, s.needle_um FROM sessions AS s WHERE {LIVE} AND s.area = ?"
    before = con.execute(
        select + " AND s.date < ? ORDER BY s.date DESC, s.id DESC LIMIT 1", (area, lo.isoformat())
    ).fetchall()
    rows = con.execute(
        select + " AND s.date >= ? AND s.date <= ? ORDER BY s.date, s.id", (area, lo.isoformat(), hi.isoformat())
    ).fetchall()
    return before + rows
