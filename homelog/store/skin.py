"""Queries over the skin tables (reactions, conditions), returning plain records.

The rules read the latest observation of given sessions on or before a day
(index: session_id, date) and the conditions that overlap a date range
(index: start). Deleted rows (``deleted_at``) are never returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session as OrmSession

from homelog.records import Condition, Reaction, Session
from homelog.store.models import ConditionRow, ReactionRow, SessionRow
from homelog.store import queries
from homelog.store.repo import dbapi, new_uid, now

LIVE_REACTION = ReactionRow.deleted_at.is_(None)
LIVE_CONDITION = ConditionRow.deleted_at.is_(None)
BATCH = 500

# -- reactions -------------------------------------------------------------------


def to_reaction(row: ReactionRow) -> Reaction:
    return Reaction(
        id=row.id,
        uid=row.uid,
        session_id=row.session_id,
        date=row.date,
        redness=row.redness,
        swelling=bool(row.swelling),
        bleeding=bool(row.bleeding),
        infection=bool(row.infection),
        notes=row.notes or "",
    )


def insert_reaction(
    s: OrmSession,
    *,
    session_id: int,
    day: date,
    redness: int,
    swelling: bool = False,
    bleeding: bool = False,
    infection: bool = False,
    notes: str = "",
    uid: str | None = None,
) -> ReactionRow:
    row = ReactionRow(
        uid=uid or new_uid(),
        session_id=session_id,
        date=day,
        redness=redness,
        swelling=swelling,
        bleeding=bleeding,
        infection=infection,
        notes=notes,
        created_at=now(),
    )
    s.add(row)
    s.flush()
    return row


def reactions_of(s: OrmSession, session_id: int) -> list[Reaction]:
    """One session's live observations, oldest first (date, then the order logged)."""
    stmt = (
        select(ReactionRow)
        .where(ReactionRow.session_id == session_id, LIVE_REACTION)
        .order_by(ReactionRow.date, ReactionRow.id)
    )
    return [to_reaction(row) for row in s.scalars(stmt)]


def reactions_on_or_before(s: OrmSession, session_ids: Iterable[int], day: date) -> list[Reaction]:
    """Live observations of ``session_ids`` dated on or before ``day``, by
    (session_id, date, id): the last of each session's run is its latest."""
    wanted = sorted(set(session_ids))
    out: list[Reaction] = []
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        stmt = select(ReactionRow).where(ReactionRow.session_id.in_(chunk), ReactionRow.date <= day, LIVE_REACTION)
        out.extend(to_reaction(row) for row in s.scalars(stmt))
    out.sort(key=lambda r: (r.session_id, r.date, r.id))
    return out


def latest_reactions(s: OrmSession, session_ids: Iterable[int], day: date) -> dict[int, Reaction]:
    """session id -> its latest live observation on or before ``day`` (sessions with none are absent)."""
    return {r.session_id: r for r in reactions_on_or_before(s, session_ids, day)}


def _latest_per_session(day: date):
    """A subquery: each session's latest live observation on or before ``day`` (rank 1)."""
    rank = (
        func.row_number()
        .over(partition_by=ReactionRow.session_id, order_by=(ReactionRow.date.desc(), ReactionRow.id.desc()))
        .label("rank")
    )
    return (
        select(ReactionRow.id, ReactionRow.session_id, ReactionRow.infection, rank)
        .where(ReactionRow.date <= day, LIVE_REACTION)
        .subquery()
    )


def infected_sessions(s: OrmSession, day: date) -> list[tuple[Session, Reaction]]:
    """Live sessions on or before ``day`` whose latest observation on or before
    ``day`` shows an infection, with that observation; by session date, id."""
    latest = _latest_per_session(day)
    stmt = (
        select(SessionRow.id, ReactionRow)
        .join(latest, latest.c.session_id == SessionRow.id)
        .join(ReactionRow, ReactionRow.id == latest.c.id)
        .where(latest.c.rank == 1, latest.c.infection.is_(True), SessionRow.deleted_at.is_(None), SessionRow.date <= day)
        .order_by(SessionRow.date, SessionRow.id)
    )
    found = s.execute(stmt).all()
    con = dbapi(s)
    return [(queries.get_session(con, session_id), to_reaction(reaction)) for session_id, reaction in found]


def get_reaction_row(s: OrmSession, reaction_id: int) -> ReactionRow | None:
    return s.get(ReactionRow, reaction_id)


# -- conditions ------------------------------------------------------------------


def to_condition(row: ConditionRow) -> Condition:
    return Condition(
        id=row.id, uid=row.uid, kind=row.kind, area=row.area, start=row.start, end=row.end, notes=row.notes or ""
    )


def insert_condition(
    s: OrmSession,
    *,
    kind: str,
    area: str | None,
    start: date,
    end: date | None = None,
    notes: str = "",
    uid: str | None = None,
) -> ConditionRow:
    row = ConditionRow(uid=uid or new_uid(), kind=kind, area=area, start=start, end=end, notes=notes, created_at=now())
    s.add(row)
    s.flush()
    return row


def get_condition_row(s: OrmSession, condition_id: int, *, deleted: bool | None = False) -> ConditionRow | None:
    """The row, if it exists and is live (``deleted=False``), deleted (``True``) or either (``None``)."""
    row = s.get(ConditionRow, condition_id)
    if row is None or (deleted is not None and (row.deleted_at is not None) != deleted):
        return None
    return row


def list_conditions(s: OrmSession) -> list[Condition]:
    """Live conditions, by start date then the order they were added."""
    stmt = select(ConditionRow).where(LIVE_CONDITION).order_by(ConditionRow.start, ConditionRow.id)
    return [to_condition(row) for row in s.scalars(stmt)]


def conditions_overlapping(s: OrmSession, date_from: date, date_to: date) -> list[Condition]:
    """Live conditions with start <= date_to and (no end, or end >= date_from),
    by start then id. A rule that keeps a condition in force ``after_days`` past
    its end passes ``date_from`` that many days earlier."""
    stmt = (
        select(ConditionRow)
        .where(
            ConditionRow.start <= date_to,
            (ConditionRow.end.is_(None)) | (ConditionRow.end >= date_from),
            LIVE_CONDITION,
        )
        .order_by(ConditionRow.start, ConditionRow.id)
    )
    return [to_condition(row) for row in s.scalars(stmt)]


def condition_state(row: ConditionRow) -> dict:
    """What ``end`` / ``delete`` / ``restore`` change, for the undo log."""
    return {"end": row.end.isoformat() if row.end else None, "deleted": row.deleted_at is not None}


def apply_condition_state(row: ConditionRow, state: dict) -> None:
    row.end = date.fromisoformat(state["end"]) if state["end"] else None
    row.deleted_at = (row.deleted_at or now()) if state["deleted"] else None


def soft_delete(s: OrmSession, model, ids: Sequence[int]) -> None:
    """Mark rows of ``model`` (ReactionRow or ConditionRow) deleted (an undone add or import)."""
    stamp = now()
    for start in range(0, len(ids), BATCH):
        chunk = list(ids[start : start + BATCH])
        s.execute(update(model).where(model.id.in_(chunk), model.deleted_at.is_(None)).values(deleted_at=stamp))
