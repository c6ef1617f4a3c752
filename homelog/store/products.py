"""The ORM's writes of products, a session's products and applications (the reads
are ``store.product_queries``, on plain sqlite3)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as OrmSession

from homelog.store.models import ApplicationRow, ProductRow, SessionProductRow
from homelog.store.repo import new_uid, now


def insert_product(s: OrmSession, *, name: str, ingredients: str, sterile: bool, notes: str, uid: str | None = None) -> ProductRow:
    row = ProductRow(uid=uid or new_uid(), name=name, ingredients=ingredients, sterile=sterile, notes=notes, created_at=now())
    s.add(row)
    s.flush()
    return row


def product_state(row: ProductRow) -> dict:
    """What ``product edit`` and ``product delete`` change, for the undo log."""
    return {
        "name": row.name, "ingredients": row.ingredients, "sterile": bool(row.sterile), "notes": row.notes,
        "deleted": row.deleted_at is not None,
    }


def apply_product_state(row: ProductRow, state: dict) -> None:
    row.name, row.ingredients, row.sterile, row.notes = state["name"], state["ingredients"], state["sterile"], state["notes"]
    row.deleted_at = (row.deleted_at or now()) if state["deleted"] else None


def session_product_ids(s: OrmSession, session_id: int) -> list[int]:
    stmt = select(SessionProductRow.product_id).where(SessionProductRow.session_id == session_id)
    return sorted(s.scalars(stmt))


def set_session_products(s: OrmSession, session_id: int, product_ids: Sequence[int]) -> None:
    """The session's products become ``product_ids`` (its version is the caller's to bump)."""
    s.execute(delete(SessionProductRow).where(SessionProductRow.session_id == session_id))
    s.add_all(SessionProductRow(session_id=session_id, product_id=pid) for pid in sorted(set(product_ids)))
    s.flush()


def insert_application(s: OrmSession, *, product_id: int, area: str, day: date, uid: str | None = None) -> ApplicationRow:
    row = ApplicationRow(uid=uid or new_uid(), product_id=product_id, area=area, date=day, created_at=now())
    s.add(row)
    s.flush()
    return row
