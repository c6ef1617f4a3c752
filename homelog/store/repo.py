"""Queries over the journal, returning plain records (``homelog.records``).

Every query that ``status`` and ``check`` run is bounded by the (area, date)
or (device_id) indexes, so their cost does not grow with the journal;
``tests/store/test_query_plans.py`` checks that with ``EXPLAIN QUERY PLAN``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session as OrmSession

from homelog.records import Device, DeviceUse, Session, SessionFilter
from homelog.store.models import ChangeRow, DeviceRow, SessionRow

LIVE = SessionRow.deleted_at.is_(None)


def new_uid() -> str:
    return str(uuid.uuid4())


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


# -- conversions ---------------------------------------------------------------


def to_session(row: SessionRow, device_name: str | None = None) -> Session:
    return Session(
        id=row.id,
        uid=row.uid,
        date=row.date,
        area=row.area,
        needle_um=row.needle_um,
        device_id=row.device_id,
        disinfected=row.disinfected,
        notes=row.notes or "",
        override_reason=row.override_reason,
        overridden_rules=tuple(r for r in (row.overridden_rules or "").split(",") if r),
        device_name=device_name,
    )


def session_state(row: SessionRow) -> dict:
    """The editable state of a row, for the undo log."""
    return {
        "date": row.date.isoformat(),
        "area": row.area,
        "needle_um": row.needle_um,
        "device_id": row.device_id,
        "disinfected": row.disinfected,
        "notes": row.notes,
        "override_reason": row.override_reason,
        "overridden_rules": row.overridden_rules,
        "deleted": row.deleted_at is not None,
    }


def apply_state(row: SessionRow, state: dict) -> None:
    row.date = date.fromisoformat(state["date"])
    row.area = state["area"]
    row.needle_um = state["needle_um"]
    row.device_id = state["device_id"]
    row.disinfected = state["disinfected"]
    row.notes = state["notes"]
    row.override_reason = state["override_reason"]
    row.overridden_rules = state.get("overridden_rules")  # absent in logs from schema 0001
    row.deleted_at = (row.deleted_at or now()) if state["deleted"] else None
    row.updated_at = now()


# -- sessions ------------------------------------------------------------------


def _with_device_name() -> Select:
    return select(SessionRow, DeviceRow.name).outerjoin(DeviceRow, SessionRow.device_id == DeviceRow.id)


def get_row(s: OrmSession, session_id: int, *, include_deleted: bool = False) -> SessionRow | None:
    row = s.get(SessionRow, session_id)
    if row is None or (row.deleted_at is not None and not include_deleted):
        return None
    return row


def get_session(s: OrmSession, session_id: int) -> Session | None:
    row = get_row(s, session_id)
    if row is None:
        return None
    name = s.get(DeviceRow, row.device_id).name if row.device_id else None
    return to_session(row, name)


def _filtered(stmt: Select, flt: SessionFilter) -> Select:
    stmt = stmt.where(LIVE)
    if flt.area:
        stmt = stmt.where(SessionRow.area == flt.area)
    if flt.date_from:
        stmt = stmt.where(SessionRow.date >= flt.date_from)
    if flt.date_to:
        stmt = stmt.where(SessionRow.date <= flt.date_to)
    return stmt


def list_sessions(
    s: OrmSession, flt: SessionFilter = SessionFilter(), *, limit: int | None = None, offset: int = 0
) -> list[Session]:
    """Newest first (date, then the order they were logged)."""
    stmt = _filtered(_with_device_name(), flt).order_by(SessionRow.date.desc(), SessionRow.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return [to_session(row, name) for row, name in s.execute(stmt)]


def count_sessions(s: OrmSession, flt: SessionFilter = SessionFilter()) -> int:
    return s.scalar(_filtered(select(func.count(SessionRow.id)), flt)) or 0


def sessions_in_window(
    s: OrmSession, area: str, date_from: date, date_to: date, *, exclude_id: int | None = None
) -> list[Session]:
    """One area's live sessions with date_from <= date <= date_to (index: area, date)."""
    stmt = select(SessionRow).where(
        SessionRow.area == area, SessionRow.date >= date_from, SessionRow.date <= date_to, LIVE
    )
    if exclude_id is not None:
        stmt = stmt.where(SessionRow.id != exclude_id)
    return [to_session(row) for row in s.scalars(stmt)]


def last_session(s: OrmSession, area: str, on_or_before: date) -> Session | None:
    stmt = (
        _with_device_name()
        .where(SessionRow.area == area, SessionRow.date <= on_or_before, LIVE)
        .order_by(SessionRow.date.desc(), SessionRow.id.desc())
        .limit(1)
    )
    found = s.execute(stmt).first()
    return to_session(found[0], found[1]) if found else None


def insert_session(
    s: OrmSession,
    *,
    day: date,
    area: str,
    needle_um: int,
    device_id: int | None,
    disinfected: bool | None,
    notes: str,
    override_reason: str | None = None,
    overridden_rules: Sequence[str] = (),
    uid: str | None = None,
) -> SessionRow:
    stamp = now()
    row = SessionRow(
        uid=uid or new_uid(),
        date=day,
        area=area,
        needle_um=needle_um,
        device_id=device_id,
        disinfected=disinfected,
        notes=notes,
        override_reason=override_reason,
        overridden_rules=",".join(overridden_rules) or None,
        created_at=stamp,
        updated_at=stamp,
    )
    s.add(row)
    s.flush()
    return row


# -- devices -------------------------------------------------------------------


def device_use(s: OrmSession, device_id: int, *, exclude_session_id: int | None = None) -> DeviceUse | None:
    row = s.get(DeviceRow, device_id)
    if row is None:
        return None
    stmt = select(func.count(SessionRow.id), func.min(SessionRow.date)).where(
        SessionRow.device_id == device_id, LIVE
    )
    if exclude_session_id is not None:
        stmt = stmt.where(SessionRow.id != exclude_session_id)
    uses, first = s.execute(stmt).one()
    return DeviceUse(id=row.id, name=row.name, uses=uses or 0, first_used=first, retired=row.retired_at is not None)


def to_device(row: DeviceRow, uses: int = 0, first_used: date | None = None) -> Device:
    return Device(
        id=row.id,
        uid=row.uid,
        name=row.name,
        kind=row.kind,
        needle_um=row.needle_um,
        uses=uses,
        first_used=first_used,
        retired=row.retired_at is not None,
    )


def list_devices(s: OrmSession, *, include_retired: bool = True) -> list[Device]:
    counts = (
        select(SessionRow.device_id, func.count(SessionRow.id).label("uses"), func.min(SessionRow.date).label("first"))
        .where(LIVE, SessionRow.device_id.is_not(None))
        .group_by(SessionRow.device_id)
        .subquery()
    )
    stmt = select(DeviceRow, counts.c.uses, counts.c.first).outerjoin(counts, counts.c.device_id == DeviceRow.id)
    if not include_retired:
        stmt = stmt.where(DeviceRow.retired_at.is_(None))
    stmt = stmt.order_by(DeviceRow.retired_at.is_not(None), DeviceRow.id)
    return [to_device(row, uses or 0, first) for row, uses, first in s.execute(stmt)]


def get_device(s: OrmSession, device_id: int) -> Device | None:
    use = device_use(s, device_id)
    if use is None:
        return None
    return to_device(s.get(DeviceRow, device_id), use.uses, use.first_used)


def insert_device(s: OrmSession, *, name: str, kind: str, needle_um: int | None, uid: str | None = None) -> DeviceRow:
    row = DeviceRow(uid=uid or new_uid(), name=name, kind=kind, needle_um=needle_um, created_at=now())
    s.add(row)
    s.flush()
    return row


# -- the undo log --------------------------------------------------------------


def record_change(s: OrmSession, entity: str, entity_id: int, action: str, before: dict | None) -> None:
    s.add(
        ChangeRow(
            at=now(),
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=None if before is None else json.dumps(before),
        )
    )


def last_change(s: OrmSession) -> ChangeRow | None:
    stmt = select(ChangeRow).where(ChangeRow.undone.is_(False)).order_by(ChangeRow.id.desc()).limit(1)
    return s.scalars(stmt).first()


def soft_delete_many(s: OrmSession, ids: Sequence[int]) -> None:
    stamp = now()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        s.execute(update(SessionRow).where(SessionRow.id.in_(chunk)).values(deleted_at=stamp, updated_at=stamp))


def remove_devices_of(s: OrmSession, device_ids: Sequence[int], session_ids: Sequence[int]) -> tuple[int, int]:
    """Take back devices an undone change created, whose sessions ``session_ids``
    were just deleted: a device no other session (live or deleted) refers to is
    deleted, after those deleted sessions let go of it; one still referred to is
    retired. -> (how many deleted, how many retired)."""
    wanted = sorted(set(device_ids))
    ours = set(session_ids)
    elsewhere: set[int] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for sid, did in s.execute(select(SessionRow.id, SessionRow.device_id).where(SessionRow.device_id.in_(chunk))):
            if sid not in ours:
                elsewhere.add(did)
    free = [d for d in wanted if d not in elsewhere]
    kept = sorted(elsewhere)
    stamp = now()
    for start in range(0, len(free), 500):
        chunk = free[start : start + 500]
        s.execute(update(SessionRow).where(SessionRow.device_id.in_(chunk)).values(device_id=None))
        s.execute(delete(DeviceRow).where(DeviceRow.id.in_(chunk)))
    for start in range(0, len(kept), 500):
        chunk = kept[start : start + 500]
        s.execute(update(DeviceRow).where(DeviceRow.id.in_(chunk), DeviceRow.retired_at.is_(None)).values(retired_at=stamp))
    return len(free), len(kept)
