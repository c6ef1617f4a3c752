"""Export and import of products, session products, cartridges and applications,
beside the sessions (``service.export``, ``service.importing``).

* JSON export: each session carries ``cartridge``, ``product_ids`` (this journal's)
  and ``product_uids``; the document adds ``"products"`` (every product, deleted ones
  with ``"deleted": true``: a session keeps its products) and ``"applications"``
  (the live ones, each with ``product_uid``).
* JSON import restores them by uid in the import's transaction: a product or an
  application whose uid the journal holds is skipped (a deleted one is brought
  back with the file's values); the sessions the import adds get their cartridge
  and products. Importing twice adds nothing.
* CSV export gains ``products`` (the names, ``;``-separated) and ``cartridge``;
  CSV import accepts and ignores both (names are not identities: JSON carries them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from homelog import messages as msg
from homelog import validate
from homelog.errors import InputError
from homelog.record_type import Record
from homelog.records import CARTRIDGE_STATES
from homelog.store import bulk
from homelog.store import product_queries as reads
from homelog.store.versions import WriteStamp

# -- export -----------------------------------------------------------------------------


def csv_products(con) -> Callable[[Sequence[tuple]], Sequence[str]] | None:
    """For ``csv_format.write_csv``: a chunk of ``bulk.EXPORT_FIELDS`` rows -> each
    row's product names, ``;``-separated; None when no session has a product."""
    if not reads.has_session_products(con):
        return None

    def cells(chunk: Sequence[tuple]) -> list[str]:
        found = reads.session_products(con, [row[0] for row in chunk])
        return [";".join(name for _, _, name in found.get(row[0], ())) for row in chunk]

    return cells


def json_products(con) -> Callable[[Sequence[tuple]], Sequence[tuple[list[int], list[str]]]] | None:
    """For ``json_format.write_json``: each row's products' (ids, uids)."""
    if not reads.has_session_products(con):
        return None

    def found(chunk: Sequence[tuple]) -> list[tuple[list[int], list[str]]]:
        by_session = reads.session_products(con, [row[0] for row in chunk])
        return [
            ([pid for pid, _, _ in by_session.get(row[0], ())], [uid for _, uid, _ in by_session.get(row[0], ())])
            for row in chunk
        ]

    return found


def json_extras(con) -> dict[str, list[dict]]:
    """The document's "products" and "applications" lists."""
    products = [
        {
            "id": pid, "uid": uid, "name": name, "ingredients": ingredients or "", "sterile": bool(sterile),
            "notes": notes or "", "deleted": bool(deleted),
        }
        for pid, uid, name, ingredients, sterile, notes, deleted in reads.all_products(con)
    ]
    applications = [
        {"id": aid, "uid": uid, "product_id": pid, "product_uid": puid, "area": area, "date": day}
        for aid, uid, pid, puid, area, day in reads.live_applications(con)
    ]
    return {"products": products, "applications": applications}


# -- import -----------------------------------------------------------------------------


def _uid(item: dict, key: str = "uid") -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value or len(value) > 36 or any(c.isspace() for c in value):
        raise InputError(msg.IMPORT_SKIN_BAD_UID.format(column=key, value=validate._show(value)))
    return value


def _product(item: object) -> tuple:
    if not isinstance(item, dict):
        raise InputError(msg.IMPORT_NOT_OBJECT_OF.format(what="a product"))
    sterile = item.get("sterile", False)
    if not isinstance(sterile, bool):
        raise InputError(msg.IMPORT_SKIN_BAD_FLAG.format(column="sterile"))
    deleted = item.get("deleted", False) is True
    return (
        _uid(item),
        validate.product_name(item.get("name")),
        validate.ingredients(item.get("ingredients") or ""),
        int(sterile),
        validate.notes(item.get("notes") or ""),
        deleted,
    )


def _application(item: object, areas: Sequence[str]) -> tuple:
    if not isinstance(item, dict):
        raise InputError(msg.IMPORT_NOT_OBJECT_OF.format(what="an application"))
    return (_uid(item), _uid(item, "product_uid"), validate.area(item.get("area"), areas), validate.day(item.get("date")).isoformat())


def _session_link(item: object) -> tuple | None:
    """(session uid, cartridge, product uids) of one of the file's sessions; None: nothing to link."""
    if not isinstance(item, dict) or not isinstance(item.get("uid"), str):
        return None
    cartridge = item.get("cartridge")
    uids = item.get("product_uids") or []
    if cartridge is None and not uids:
        return None
    if cartridge is not None and cartridge not in CARTRIDGE_STATES:
        raise InputError(msg.BAD_CARTRIDGE.format(value=validate._show(cartridge), valid=", ".join(CARTRIDGE_STATES)))
    if not isinstance(uids, list):
        raise InputError(msg.IMPORT_SKIN_NOT_LIST.format(column="product_uids"))
    return item["uid"], cartridge, tuple(_uid({"product_uid": u}, "product_uid") for u in uids)


class FileProducts(Record):
    """What a document holds besides sessions, for ``write_products``."""

    products: list[tuple]  # (uid, name, ingredients, sterile, notes, deleted)
    applications: list[tuple]  # (uid, product uid, area, date)
    links: list[tuple]  # (session uid, cartridge, product uids)


def read_products(document: dict | None, areas: Iterable[str], errors) -> FileProducts:
    """Validate a document's "products", "applications" and its sessions' cartridges
    and product uids (``errors``: the import's ``RowErrors``)."""
    out = FileProducts([], [], [])
    if not document:
        return out
    areas = list(areas)
    for key, target, check in (
        ("products", out.products, _product),
        ("applications", out.applications, lambda item: _application(item, areas)),
        ("sessions", out.links, _session_link),
    ):
        items = document.get(key) or []
        if not isinstance(items, list):
            errors.add(key, msg.IMPORT_SKIN_NOT_LIST.format(column=key))
            continue
        for index, item in enumerate(items):
            try:
                found = check(item)
            except InputError as exc:
                errors.add(f"{key}[{index}]", str(exc))
                continue
            if found is not None:
                target.append(found)
    return out


def write_products(con, found: FileProducts, session_ids: Sequence[int], at: WriteStamp, errors) -> tuple[list[int], list[int]]:
    """Add (or bring back) the file's products and applications the journal lacks, and
    give the sessions this import added (``session_ids``) their cartridge and products
    -> (product ids, application ids) for the undo log. A product uid that neither the
    file nor the journal holds is an error."""
    known = bulk.known_uids(con, "products", [p[0] for p in found.products])
    product_ids: list[int] = []
    for uid, name, ingredients, sterile, notes, deleted in found.products:
        hit = known.get(uid)
        if hit is not None and not hit[1]:
            continue
        deleted_at = at.created if deleted else None
        if hit is None:
            cur = con.execute(
                "INSERT INTO products (uid, name, ingredients, sterile, notes, created_at, deleted_at, updated_at, origin)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (uid, name, ingredients, sterile, notes, at.created, deleted_at, at.updated_at, at.origin),
            )
            pid = cur.lastrowid
        else:
            pid = hit[0]
            con.execute(
                "UPDATE products SET name = ?, ingredients = ?, sterile = ?, notes = ?, deleted_at = ?, updated_at = ?,"
                " origin = ? WHERE id = ?",
                (name, ingredients, sterile, notes, deleted_at, at.updated_at, at.origin, pid),
            )
        known[uid] = (pid, False)
        if not deleted:
            product_ids.append(pid)
    wanted = {a[1] for a in found.applications} | {u for link in found.links for u in link[2]}
    products = bulk.known_uids(con, "products", wanted)
    for index, (_, puid, _, _) in enumerate(found.applications):
        if puid not in products:
            errors.add(f"applications[{index}]", msg.IMPORT_NO_PRODUCT.format(value=validate._show(puid)))
    for _, _, uids in found.links:
        for puid in uids:
            if puid not in products:
                errors.add("sessions", msg.IMPORT_NO_PRODUCT.format(value=validate._show(puid)))
    if errors.items:
        errors.raise_now()
    known_apps = bulk.known_uids(con, "applications", [a[0] for a in found.applications])
    application_ids: list[int] = []
    for uid, puid, area, day in found.applications:
        hit = known_apps.get(uid)
        if hit is not None and not hit[1]:
            continue
        if hit is None:
            cur = con.execute(
                "INSERT INTO applications (uid, product_id, area, date, created_at, updated_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (uid, products[puid][0], area, day, at.created, at.updated_at, at.origin),
            )
            aid = cur.lastrowid
        else:
            aid = hit[0]
            con.execute(
                "UPDATE applications SET product_id = ?, area = ?, date = ?, deleted_at = NULL, updated_at = ?, origin = ?"
                " WHERE id = ?",
                (products[puid][0], area, day, at.updated_at, at.origin, aid),
            )
        known_apps[uid] = (aid, False)
        application_ids.append(aid)
    if found.links and session_ids:
        sessions = bulk.known_uids(con, "sessions", [link[0] for link in found.links])
        added = set(session_ids)
        for suid, cartridge, uids in found.links:
            sid = sessions.get(suid, (None,))[0]
            if sid not in added:
                continue  # a session the journal had: its own products and cartridge stay
            con.execute("UPDATE sessions SET cartridge = ? WHERE id = ?", (cartridge, sid))
            con.execute("DELETE FROM session_products WHERE session_id = ?", (sid,))
            con.executemany(
                "INSERT INTO session_products (session_id, product_id) VALUES (?, ?)",
                [(sid, pid) for pid in sorted({products[u][0] for u in uids})],
            )
    return product_ids, application_ids
