"""The ORM side of the skin tables (reactions, conditions): the writes of the
react and condition commands, and one session's observations. What the rules
read (and the condition list) is ``rule_inputs``, on plain sqlite3.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session as OrmSession

from homelog.records import Condition, Reaction
from homelog.store.models import ConditionRow, ReactionRow
from homelog.store.queries import BATCH
from homelog.store.repo import bulk_version, new_uid, now

LIVE_REACTION = ReactionRow.deleted_at.is_(None)

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


def condition_state(row: ConditionRow) -> dict:
    """What ``end`` / ``delete`` / ``restore`` change, for the undo log."""
    return {"end": row.end.isoformat() if row.end else None, "deleted": row.deleted_at is not None}


def apply_condition_state(row: ConditionRow, state: dict) -> None:
    row.end = date.fromisoformat(state["end"]) if state["end"] else None
    row.deleted_at = (row.deleted_at or now()) if state["deleted"] else None


def soft_delete(s: OrmSession, model, ids: Sequence[int]) -> None:
    """Mark rows of ``model`` (ReactionRow or ConditionRow) deleted (an undone add or import)."""
    when, version = now(), bulk_version(s, model.__tablename__)
    for start in range(0, len(ids), BATCH):
        chunk = list(ids[start : start + BATCH])
        s.execute(update(model).where(model.id.in_(chunk), model.deleted_at.is_(None)).values(deleted_at=when, **version))
