"""What touches the skin: products (add, edit, delete), applying one after a
session, and marking a device as used on someone else.

``ProductCases`` is mixed into ``Journal``: one public method = one user action
= one transaction, each recorded in the undo log (entity ``product``,
``application``, or ``device`` with action ``shared``); ``undo_products``
reverts such a change for ``Journal.undo``. The rules say what a product holds
(``found_in``) and what an application inside a session's aftercare means
(``products.applied``).
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from homelog import messages as msg
from homelog import validate
from homelog.errors import FieldErrors, InputError, NotFound
from homelog.record_type import Record
from homelog.records import Application, Device, Finding, Product, UndoResult
from homelog.rules.checks import products as rule
from homelog.store import product_queries as reads
from homelog.store import products as store
from homelog.store import queries, repo
from homelog.store.models import ApplicationRow, DeviceRow, ProductRow

PRODUCT_ENTITIES = ("product", "application")
UNSET: object = object()


class ApplyResult(Record):
    application: Application
    findings: tuple[Finding, ...]

    def to_json(self) -> dict:
        return {"application": self.application.to_json(), "findings": [f.to_json() for f in self.findings]}


class ProductCases:
    """Needs ``self.db``, ``self.rules`` and ``self.today()`` (``JournalFile``)."""

    # -- products -------------------------------------------------------------------

    def add_product(self, *, name: object, ingredients: object = "", sterile: bool = False, notes: object = "") -> Product:
        values = dict(zip(("name", "ingredients", "notes"), self.check_product(name=name, ingredients=ingredients, notes=notes)))
        values["sterile"] = bool(sterile)
        with self.db.write() as s:
            row = store.insert_product(s, **values)
            repo.record_change(s, "product", row.id, "add", None)
            return reads.get_product(repo.dbapi(s), row.id)

    def check_product(self, *, name: object, ingredients: object = "", notes: object = "") -> tuple[str, str, str]:
        """``add_product``'s checked name, ingredients and notes, saving nothing; an
        InputError's ``errors`` holds every bad field's message."""
        bad = FieldErrors()
        values = (
            bad.check(validate.product_name, name), bad.check(validate.ingredients, ingredients), bad.check(validate.notes, notes)
        )
        bad.raise_any()
        return values  # type: ignore[return-value]

    def edit_product(
        self, product_id: int, *, name: object = None, ingredients: object = None, sterile: object = None,
        notes: object = None,
    ) -> Product:
        """Change some fields (None: keep)."""
        bad = FieldErrors()
        name_value = None if name is None else bad.check(validate.product_name, name)
        ingredients_value = None if ingredients is None else bad.check(validate.ingredients, ingredients)
        notes_value = None if notes is None else bad.check(validate.notes, notes)
        bad.raise_any()
        with self.db.write() as s:
            row = self._product_row(s, product_id)
            before = store.product_state(row)
            if name_value is not None:
                row.name = name_value
            if ingredients_value is not None:
                row.ingredients = ingredients_value
            if sterile is not None:
                row.sterile = bool(sterile)
            if notes_value is not None:
                row.notes = notes_value
            s.flush()
            repo.record_change(s, "product", row.id, "edit", before)
            return reads.get_product(repo.dbapi(s), row.id)

    def delete_product(self, product_id: int) -> Product:
        """Soft-delete: sessions and applications that name it keep it."""
        with self.db.write() as s:
            row = self._product_row(s, product_id)
            before = store.product_state(row)
            gone = reads.get_product(repo.dbapi(s), row.id)
            row.deleted_at = repo.now()
            repo.record_change(s, "product", row.id, "delete", before)
        return gone

    @staticmethod
    def _product_row(s, product_id: int) -> ProductRow:
        row = s.get(ProductRow, product_id)
        if row is None or row.deleted_at is not None:
            raise NotFound(msg.NO_PRODUCT.format(id=product_id), "id", hint="product-ids")
        return row

    # -- applications -----------------------------------------------------------------

    def check_application(self, product: object, *, area: object, day: object = None) -> tuple[int, str, date]:
        """``apply``'s checked product id, area and day, saving nothing (whether the
        product exists is asked on saving); an InputError's ``errors`` holds every
        bad field's message (``product``, ``area``, ``date``)."""
        bad = FieldErrors()
        product_id = bad.check(validate.positive_id, product, "product id", field="product")
        area_value = bad.check(validate.area, area, self.rules.areas)
        today = self.today()
        when = today if day is None or day == "" else bad.check(validate.applied_day, day, today, field="date")
        bad.raise_any()
        return product_id, area_value, when  # type: ignore[return-value]

    def apply(self, product: object, *, area: object, day: object = None) -> ApplyResult:
        """Log ``product`` put on ``area`` on ``day`` (default today, at most one day
        ahead); the findings: a flagged class inside the aftercare of the area's sessions."""
        product_id, area_value, when = self.check_application(product, area=area, day=day)
        with self.db.write() as s:
            self._product_row(s, product_id)
            row = store.insert_application(s, product_id=product_id, area=area_value, day=when)
            repo.record_change(s, "application", row.id, "add", None)
            con = repo.dbapi(s)
            app = reads.get_application(con, row.id)
            findings = self._application_findings(con, app)
        return ApplyResult(app, findings)

    def _application_findings(self, con: sqlite3.Connection, app: Application) -> tuple[Finding, ...]:
        lo = app.date - timedelta(days=rule.longest_aftercare(self.rules))
        sessions = queries.sessions_in_window(con, app.area, lo, app.date)
        return tuple(rule.applied(self.rules, app, sessions))

    # -- shared devices -------------------------------------------------------------------

    def mark_shared(self, device_id: int, *, day: object = None) -> Device:
        """Record that a device was used on someone else on ``day`` (default today)."""
        today = self.today()
        when = validate.optional_day(day, today)
        if when > today + timedelta(days=1):
            raise InputError(msg.SHARED_FUTURE.format(value=when.isoformat()), "date")
        with self.db.write() as s:
            row = s.get(DeviceRow, device_id)
            if row is None:
                raise NotFound(msg.NO_DEVICE.format(id=device_id), "device", hint="device-ids")
            if row.shared_from is not None:
                raise InputError(
                    msg.ALREADY_SHARED.format(id=row.id, name=row.name, date=row.shared_from.isoformat()), "device"
                )
            row.shared_from = when
            repo.record_change(s, "device", row.id, "shared", None)
            return queries.get_device(repo.dbapi(s), row.id)

# -- undo ---------------------------------------------------------------------------


def undo_products(s, change, before: dict | None) -> UndoResult:
    """Revert one product or application change (``change.entity`` in PRODUCT_ENTITIES)."""
    if change.entity == "application":
        row = s.get(ApplicationRow, change.entity_id)
        app = reads.get_application(repo.dbapi(s), row.id)
        row.deleted_at = repo.now()
        return UndoResult("application", "add", (row.id,), application=app)
    row = s.get(ProductRow, change.entity_id)
    if change.action == "add":
        row.deleted_at = repo.now()
    else:
        store.apply_product_state(row, before)
    s.flush()
    return UndoResult("product", change.action, (row.id,), product=reads.get_product(repo.dbapi(s), row.id, include_deleted=True))


def undo_shared(s, change) -> UndoResult:
    row = s.get(DeviceRow, change.entity_id)
    row.shared_from = None
    return UndoResult("device", "shared", (row.id,), device_name=row.name)


def undo_products_import(s, before: dict) -> None:
    """Soft-delete the products and applications an undone import added."""
    from homelog.store.skin import soft_delete

    soft_delete(s, ProductRow, before.get("products", []))
    soft_delete(s, ApplicationRow, before.get("applications", []))
