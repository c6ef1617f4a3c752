"""Products, applications and shared devices on plain ``sqlite3``: what ``check``,
``status`` and the lists read (no SQLAlchemy); ``store.products`` holds the ORM's writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date

from homelog.records import Application, Device, Product
from homelog.store import queries
from homelog.store.queries import BATCH

_PRODUCT = "SELECT p.id, p.uid, p.name, p.ingredients, p.sterile, p.notes FROM products AS p"


def _product(row: tuple) -> Product:
    pid, uid, name, ingredients, sterile, notes = row
    return Product(pid, uid, name, ingredients or "", bool(sterile), notes or "")


def list_products(con: sqlite3.Connection) -> list[Product]:
    """The live products, by id."""
    return [_product(r) for r in con.execute(_PRODUCT + " WHERE p.deleted_at IS NULL ORDER BY p.id")]


def get_product(con: sqlite3.Connection, product_id: int, *, include_deleted: bool = False) -> Product | None:
    sql = _PRODUCT + " WHERE p.id = ?" + ("" if include_deleted else " AND p.deleted_at IS NULL")
    row = con.execute(sql, (product_id,)).fetchone()
    return _product(row) if row else None


def products_by_id(con: sqlite3.Connection, ids: Iterable[int], *, include_deleted: bool = True) -> dict[int, Product]:
    """The products ``ids`` (a session keeps the products it had, even deleted ones)."""
    wanted = sorted(set(ids))
    out: dict[int, Product] = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        sql = _PRODUCT + f" WHERE p.id IN ({','.join('?' * len(chunk))})"
        if not include_deleted:
            sql += " AND p.deleted_at IS NULL"
        out.update((p.id, p) for p in map(_product, con.execute(sql, chunk)))
    return out


_APPLICATION = (
    "SELECT a.id, a.uid, a.area, a.date, p.id, p.uid, p.name, p.ingredients, p.sterile, p.notes"
    " FROM applications AS a JOIN products AS p ON p.id = a.product_id WHERE a.deleted_at IS NULL"
)


def _application(row: tuple) -> Application:
    aid, uid, area, day, *product = row
    return Application(aid, uid, _product(tuple(product)), area, date.fromisoformat(day))


def applications_on(con: sqlite3.Connection, area: str, lo: date, hi: date) -> tuple[Application, ...]:
    """The live applications on ``area`` dated ``lo`` .. ``hi``, by date then id (index: area, date)."""
    sql = _APPLICATION + " AND a.area = ? AND a.date >= ? AND a.date <= ? ORDER BY a.date, a.id"
    return tuple(_application(r) for r in con.execute(sql, (area, lo.isoformat(), hi.isoformat())))


def list_applications(con: sqlite3.Connection, area: str | None = None) -> list[Application]:
    """The live applications (of ``area``), newest first."""
    sql, params = _APPLICATION, []
    if area is not None:
        sql += " AND a.area = ?"
        params.append(area)
    return [_application(r) for r in con.execute(sql + " ORDER BY a.date DESC, a.id DESC", params)]


def get_application(con: sqlite3.Connection, application_id: int) -> Application | None:
    row = con.execute(_APPLICATION + " AND a.id = ?", (application_id,)).fetchone()
    return _application(row) if row else None


def shared_devices(con: sqlite3.Connection) -> list[Device]:
    """Devices marked as used on someone else, by id (retired ones too)."""
    return queries.list_devices(con, shared_only=True)


def has_session_products(con: sqlite3.Connection) -> bool:
    return con.execute("SELECT 1 FROM session_products LIMIT 1").fetchone() is not None


def session_products(con: sqlite3.Connection, session_ids: Iterable[int]) -> dict[int, list[tuple[int, str, str]]]:
    """Session id -> (id, uid, name) of each of its products, by product id."""
    wanted = sorted(set(session_ids))
    out: dict[int, list[tuple[int, str, str]]] = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        rows = con.execute(
            "SELECT sp.session_id, p.id, p.uid, p.name FROM session_products AS sp JOIN products AS p ON p.id = sp.product_id"
            f" WHERE sp.session_id IN ({','.join('?' * len(chunk))}) ORDER BY sp.session_id, p.id",
            chunk,
        )
        for sid, pid, uid, name in rows:
            out.setdefault(sid, []).append((pid, uid, name))
    return out


def all_products(con: sqlite3.Connection) -> list[tuple]:
    """Every product, deleted ones too (a session keeps its products): (id, uid, name,
    ingredients, sterile, notes, deleted)."""
    return con.execute(
        "SELECT id, uid, name, ingredients, sterile, notes, deleted_at IS NOT NULL FROM products ORDER BY id"
    ).fetchall()


def live_applications(con: sqlite3.Connection) -> list[tuple]:
    """(id, uid, product id, product uid, area, date) of every live application, by date then id."""
    return con.execute(
        "SELECT a.id, a.uid, p.id, p.uid, a.area, a.date FROM applications AS a JOIN products AS p ON p.id = a.product_id"
        " WHERE a.deleted_at IS NULL ORDER BY a.date, a.id"
    ).fetchall()
