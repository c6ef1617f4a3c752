"""Products on the light path (plain sqlite3, no SQLAlchemy): a session's products
and cartridge answer from what a person typed (``check`` builds its candidate
here), and the reads of products, applications and shared devices
(``ProductReads``, mixed into ``JournalFile``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import nullcontext

from homelog import messages as msg
from homelog.errors import InputError, NotFound
from homelog.records import Application, ClassFound, Device, Product
from homelog.rules.checks import products as rule
from homelog.rules.checks.cartridge import PEN
from homelog.store import product_queries as reads
from homelog.store import queries


def product_ids(values: Sequence[object]) -> tuple[int, ...]:
    """Product ids as typed (``--product ID``, repeatable), each once, in order."""
    from homelog import validate  # here, not at import: status never loads it (as journal_file)

    return tuple(dict.fromkeys(validate.positive_id(v, "product id") for v in values))


def lookup_products(con: sqlite3.Connection, ids: Sequence[int], *, keep: Sequence[int] = ()) -> tuple[Product, ...]:
    """The products ``ids`` (live, or among ``keep``: a session keeps a product deleted since); NotFound otherwise."""
    found = reads.products_by_id(con, ids)
    out = []
    for pid in ids:
        p = found.get(pid)
        if p is None or (pid not in keep and reads.get_product(con, pid) is None):
            raise NotFound(msg.NO_PRODUCT.format(id=pid), "products", hint="product-ids")
        out.append(p)
    return tuple(out)


def check_cartridge(con: sqlite3.Connection, device_id: int | None, cartridge: object) -> str | None:
    """A session's cartridge answer: only for a pen."""
    if cartridge is None or cartridge == "":
        return None
    from homelog import validate

    value = validate.cartridge(cartridge)
    if device_id is None:
        raise InputError(msg.CARTRIDGE_NO_DEVICE, "cartridge")
    device = queries.get_device(con, device_id)
    if device is not None and device.kind != PEN:
        raise InputError(msg.CARTRIDGE_NOT_PEN.format(id=device.id, name=device.name, kind=device.kind), "cartridge")
    return value


class ProductReads:
    """Needs ``self.db``, ``self.rules`` (``JournalFile``)."""

    def product_classes(self, ingredients: str) -> tuple[ClassFound, ...]:
        """The classes an ingredient list holds (flagged or not), with the names matched."""
        return rule.found_in(self.rules, ingredients)

    def products(self) -> list[Product]:
        with self.db.raw() as con:
            return reads.list_products(con)

    def product(self, product_id: int) -> Product:
        with self.db.raw() as con:
            found = reads.get_product(con, product_id)
        if found is None:
            raise NotFound(msg.NO_PRODUCT.format(id=product_id), "id", hint="product-ids")
        return found

    def applications(self, area: object = None) -> list[Application]:
        from homelog import validate

        area_value = None if area is None or area == "" else validate.area(area, self.rules.areas)
        with self.db.raw() as con:
            return reads.list_applications(con, area_value)

    def shared_devices(self, *, within: sqlite3.Connection | None = None) -> list[Device]:
        with nullcontext(within) if within is not None else self.db.raw() as con:
            return reads.shared_devices(con)
