"""The ORM's writes: sessions, devices and the undo log through SQLAlchemy.

Reads (and the undo-log entry) are ``queries``' plain SQL, reached through
``dbapi(s)``: the same transaction as the ORM session's own writes.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.attributes import flag_modified

from homelog.store import queries, versions
from homelog.store.models import ChangeRow, DeviceRow, SessionRow, Versioned
from homelog.store.queries import now, stamp


def new_uid() -> str:
    return str(uuid.uuid4())


def dbapi(s: OrmSession) -> sqlite3.Connection:
    """The ORM session's own DB-API connection (inside its transaction), with
    its pending changes flushed, for ``queries``."""
    s.flush()
    return s.connection().connection.dbapi_connection


def stamp_flush(s: OrmSession, _context, _instances) -> None:
    """``before_flush``: every new or changed record gets a new version (``versions``)."""
    origin = None
    for row in (*s.new, *s.dirty):
        if isinstance(row, Versioned) and (row in s.new or s.is_modified(row)):
            if origin is None:
                # Not ``dbapi(s)``: that flushes, and this runs inside a flush.
                origin = s.info.get("journal_id") or versions.journal_id(s.connection().connection.dbapi_connection)
                s.info["journal_id"] = origin
            row.updated_at = versions.next_version(None if row in s.new else row.updated_at)
            row.origin = origin


def bulk_version(s: OrmSession, table: str) -> dict:
    """The version columns for an UPDATE of many rows of ``table`` at once."""
    con = dbapi(s)
    return {"updated_at": versions.version_after(con, table), "origin": versions.journal_id(con)}


# -- conversions ---------------------------------------------------------------


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
        "cartridge": row.cartridge,
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
    row.cartridge = state.get("cartridge")  # absent in logs from before schema 0005
    row.deleted_at = (row.deleted_at or now()) if state["deleted"] else None


def touch(row: Versioned) -> None:
    """Give ``row`` a new version though none of its own columns changed (its
    session products did): ``stamp_flush`` stamps it at the next flush."""
    flag_modified(row, "origin")


# -- sessions ------------------------------------------------------------------


def get_row(s: OrmSession, session_id: int, *, include_deleted: bool = False) -> SessionRow | None:
    row = s.get(SessionRow, session_id)
    if row is None or (row.deleted_at is not None and not include_deleted):
        return None
    return row


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
    cartridge: str | None = None,
) -> SessionRow:
    created = now()
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
        cartridge=cartridge,
        created_at=created,
    )
    s.add(row)
    s.flush()
    return row


# -- devices -------------------------------------------------------------------


def insert_device(s: OrmSession, *, name: str, kind: str, needle_um: int | None, uid: str | None = None) -> DeviceRow:
    row = DeviceRow(uid=uid or new_uid(), name=name, kind=kind, needle_um=needle_um, created_at=now())
    s.add(row)
    s.flush()
    queries.unbury_devices(dbapi(s), [row.uid])
    return row


# -- the undo log --------------------------------------------------------------


def record_change(s: OrmSession, entity: str, entity_id: int, action: str, before: dict | None) -> None:
    queries.record_change(dbapi(s), entity, entity_id, action, before)


def last_change(s: OrmSession) -> ChangeRow | None:
    stmt = select(ChangeRow).where(ChangeRow.undone.is_(False)).order_by(ChangeRow.id.desc()).limit(1)
    return s.scalars(stmt).first()


def soft_delete_many(s: OrmSession, ids: Sequence[int]) -> None:
    when, version = now(), bulk_version(s, "sessions")
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        s.execute(update(SessionRow).where(SessionRow.id.in_(chunk)).values(deleted_at=when, **version))


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
    when, version = now(), bulk_version(s, "devices")
    for start in range(0, len(free), 500):
        chunk = free[start : start + 500]
        s.execute(update(SessionRow).where(SessionRow.device_id.in_(chunk)).values(device_id=None))
        uids = list(s.scalars(select(DeviceRow.uid).where(DeviceRow.id.in_(chunk))))
        s.execute(delete(DeviceRow).where(DeviceRow.id.in_(chunk)))
        queries.bury_devices(dbapi(s), uids, stamp(version["updated_at"]), version["origin"])
    for start in range(0, len(kept), 500):
        chunk = kept[start : start + 500]
        s.execute(
            update(DeviceRow)
            .where(DeviceRow.id.in_(chunk), DeviceRow.retired_at.is_(None))
            .values(retired_at=when, **version)
        )
    return len(free), len(kept)
