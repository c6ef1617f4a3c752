"""Whether a journal file's content is sound, in words: SQLite's own checks
(``integrity_check``, ``foreign_key_check``) and every record's values checked
with the validators the CLI uses (``validate_records``, stored form), for
``homelog doctor`` and for ``homelog restore``'s check of a backup. Read-only.

The schema (tables and columns of the revision) is checked before this, when
the file is opened (``inspection.inspect``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date

from homelog import messages as msg
from homelog import validate_records
from homelog.errors import InputError

#: At most this many problems are reported per check (the rest are counted).
LIMIT = 10


def integrity_problems(con: sqlite3.Connection) -> list[str]:
    """``integrity_check`` and ``foreign_key_check``, each problem a sentence."""
    problems: list[str] = []
    rows = [r[0] for r in con.execute(f"PRAGMA integrity_check({LIMIT})")]
    if rows != ["ok"]:
        problems += [msg.HEALTH_INTEGRITY.format(detail=r) for r in rows]
    for table, rowid, parent, _fk in con.execute("PRAGMA foreign_key_check").fetchmany(LIMIT):
        problems.append(msg.HEALTH_REFERENCE.format(table=table, rowid=rowid, parent=parent))
    return problems


def _columns(con: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in con.execute(f"PRAGMA table_info('{table}')")}


# Each entity's rows with the fields validate_records reads (a column an older
# revision lacks reads as NULL and is then not given to the check).
_ROWS = {
    "devices": ("SELECT d.id, {cols} FROM devices AS d ORDER BY d.id", "d", ("uid", "name", "kind", "needle_um", "created_at", "retired_at", "updated_at", "origin")),
    "sessions": (
        "SELECT s.id, {cols}, dv.uid AS device_uid, s.device_id FROM sessions AS s"
        " LEFT JOIN devices AS dv ON dv.id = s.device_id ORDER BY s.id",
        "s",
        ("uid", "date", "area", "needle_um", "disinfected", "notes", "override_reason", "overridden_rules", "cartridge", "created_at", "updated_at", "origin", "deleted_at"),
    ),
    "reactions": (
        "SELECT r.id, {cols}, se.uid AS session_uid, se.date AS session_date FROM reactions AS r"
        " LEFT JOIN sessions AS se ON se.id = r.session_id ORDER BY r.id",
        "r",
        ("uid", "date", "redness", "swelling", "bleeding", "infection", "notes", "created_at", "updated_at", "origin", "deleted_at"),
    ),
    "conditions": ("SELECT c.id, {cols} FROM conditions AS c ORDER BY c.id", "c", ("uid", "kind", "area", "start", "end", "notes", "created_at", "updated_at", "origin", "deleted_at")),
    "products": ("SELECT p.id, {cols} FROM products AS p ORDER BY p.id", "p", ("uid", "name", "ingredients", "sterile", "notes", "created_at", "updated_at", "origin", "deleted_at")),
    "applications": (
        "SELECT a.id, {cols}, pr.uid AS product_uid FROM applications AS a"
        " LEFT JOIN products AS pr ON pr.id = a.product_id ORDER BY a.id",
        "a",
        ("uid", "area", "date", "created_at", "updated_at", "origin", "deleted_at"),
    ),
}
_WHAT = {
    "devices": "device", "sessions": "session", "reactions": "observation", "conditions": "condition",
    "products": "product", "applications": "application",
}


def _records(con: sqlite3.Connection, entity: str) -> Iterator[tuple[int, dict]]:
    sql, alias, fields = _ROWS[entity]
    have = _columns(con, entity)
    present = [f for f in fields if f in have]
    cols = ", ".join(f'{alias}."{f}" AS "{f}"' for f in present)
    cur = con.execute(sql.format(cols=cols))
    names = [d[0] for d in cur.description]
    for row in cur:
        yield row[0], dict(zip(names[1:], row[1:]))


def value_problems(con: sqlite3.Connection, *, areas: Iterable[str], kinds: Iterable[str]) -> list[str]:
    """Every device, session, observation, condition, product and application (deleted ones too) checked
    as a record from a file in its stored form: areas and kinds of the rules,
    needle ranges, real dates, references by id; each problem a sentence naming
    the record by id and the field. Future dates are not refused (the clock of
    the day they were written may have been ahead)."""
    areas, kinds = list(areas), list(kinds)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    problems: list[str] = []
    more = 0
    for entity in _ROWS:
        if entity not in tables:
            continue
        for rid, record in _records(con, entity):
            try:
                if entity == "devices":
                    validate_records.device(record, stored=True)
                elif entity == "sessions":
                    device_id = record.pop("device_id")
                    if device_id is not None and record["device_uid"] is None:
                        raise InputError(msg.HEALTH_NO_DEVICE.format(id=device_id), "device_id")
                    validate_records.session(record, areas=areas, today=None, stored=True)
                elif entity == "reactions":
                    session_date = record.pop("session_date")
                    if record["session_uid"] is None:
                        raise InputError(msg.HEALTH_NO_SESSION, "session_id")
                    validate_records.reaction(record, today=None, session_date=_day(session_date), stored=True)
                elif entity == "conditions":
                    validate_records.condition(record, kinds=kinds, areas=areas, stored=True)
                elif entity == "products":
                    validate_records.product(record, stored=True)
                else:
                    if record["product_uid"] is None:
                        raise InputError(msg.HEALTH_NO_PRODUCT, "product_id")
                    validate_records.application(record, areas=areas, today=None, stored=True)
            except InputError as exc:
                if len(problems) >= LIMIT:
                    more += 1
                    continue
                problems.append(msg.HEALTH_VALUE.format(what=_WHAT[entity], id=rid, field=exc.field, problem=str(exc)))
    if more:
        problems.append(msg.HEALTH_MORE.format(count=more))
    return problems


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None  # the session's own check reports it
