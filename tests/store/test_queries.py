"""The two data-access paths agree: what the ORM writes, plain SQL reads back
the same, and the reverse; the live-session filter, device use and the undo
log have one definition (``homelog.store.queries``) that both paths use."""

from __future__ import annotations

import ast
import json
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

import homelog.store
from homelog.errors import DamagedJournal, JournalLocked, StorageError
from homelog.records import SessionFilter
from homelog.store import bulk, open_database, queries, repo, versions
from homelog.store.connection import translate
from homelog.store.models import ChangeRow, DeviceRow, SessionRow

MOMENTS = [datetime(2025, 3, 1, 9, 5, 7), datetime(2025, 3, 1, 9, 5, 7, 120), datetime(2024, 12, 31, 23, 59, 59, 999999)]


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "j.db")
    yield database
    database.close()


def test_a_datetime_written_by_either_path_reads_back_equal_and_sorts_equal(db):
    with db.write() as s:
        for i, moment in enumerate(MOMENTS):
            s.add(DeviceRow(uid=f"orm-{i}", name="orm", kind="pen", needle_um=None, created_at=moment))
    with db.raw(write=True) as con:
        for i, moment in enumerate(MOMENTS):
            bulk.insert_device(con, uid=f"raw-{i}", name="raw", kind="pen", needle_um=None, at=versions.write_stamp(con, moment))
    with db.read() as s:
        by_uid = {row.uid: row.created_at for row in s.scalars(select(DeviceRow))}
    with db.raw() as con:
        text = dict(con.execute("SELECT uid, created_at FROM devices"))
        by_text = [uid for uid, in con.execute("SELECT uid FROM devices ORDER BY created_at, name")]
    for i, moment in enumerate(MOMENTS):
        assert by_uid[f"orm-{i}"] == by_uid[f"raw-{i}"] == moment
        assert text[f"orm-{i}"] == text[f"raw-{i}"] == queries.stamp(moment)
    # SQL's text order is the datetimes' order, whichever path wrote them.
    expected = [f"{who}-{i}" for i, _ in sorted(enumerate(MOMENTS), key=lambda p: p[1]) for who in ("orm", "raw")]
    assert by_text == expected


def _seed(db) -> None:
    with db.write() as s:
        pen = repo.insert_device(s, name="pen", kind="pen", needle_um=None)
        roller = repo.insert_device(s, name="roller", kind="roller", needle_um=500)
        for day, area, device in [(1, "face", pen), (3, "face", roller), (3, "neck", pen), (9, "face", pen), (12, "scalp", None)]:
            repo.insert_session(s, day=date(2025, 2, day), area=area, needle_um=250, device_id=device and device.id,
                                disinfected=day % 2 == 1, notes=f"day {day}")
        gone = repo.insert_session(s, day=date(2025, 2, 5), area="face", needle_um=250, device_id=roller.id,
                                   disinfected=None, notes="deleted")
        gone.deleted_at = queries.now()
        roller.retired_at = queries.now()


FILTERS = [
    SessionFilter(),
    SessionFilter(area="face"),
    SessionFilter(date_from=date(2025, 2, 3)),
    SessionFilter(area="face", date_from=date(2025, 2, 2), date_to=date(2025, 2, 9)),
    SessionFilter(date_to=date(2025, 2, 2)),
    SessionFilter(area="hands"),
]


@pytest.mark.parametrize("flt", FILTERS)
def test_the_same_filter_gives_the_same_rows_on_both_paths(db, flt):
    _seed(db)
    with db.read() as s:  # the ORM's own reading of the filter, as ground truth
        rows = s.scalars(select(SessionRow)).all()
        truth = [r.id for r in rows if r.deleted_at is None and (flt.area is None or r.area == flt.area)
                 and (flt.date_from is None or r.date >= flt.date_from) and (flt.date_to is None or r.date <= flt.date_to)]
    with db.raw() as con:
        listed = [x.id for x in queries.list_sessions(con, flt)]
        exported = [row[0] for row in bulk.select_sessions(con, area=flt.area, date_from=flt.date_from, date_to=flt.date_to)]
        counted = bulk.count_sessions(con, area=flt.area, date_from=flt.date_from, date_to=flt.date_to)
        assert queries.count_sessions(con, flt) == counted == len(truth)
    assert sorted(listed) == sorted(exported) == sorted(truth)
    assert listed == list(reversed(exported))  # newest first / oldest first


def test_device_use_is_the_same_for_the_rules_the_list_and_export(db):
    _seed(db)
    with db.raw() as con:
        listed = queries.list_devices(con)
        exported = bulk.devices_with_use(con, [d.id for d in listed])
        use = queries.device_use(con, 1)
        without_one = queries.device_use(con, 1, exclude_session_id=1)
        in_use = queries.list_devices(con, include_retired=False)
    assert [(d.name, d.uses, d.first_used, d.retired) for d in listed] == [
        ("pen", 3, date(2025, 2, 1), False),
        ("roller", 1, date(2025, 2, 3), True),  # its deleted session does not count
    ]
    assert [tuple(row) for row in exported] == [
        (d.id, d.uid, d.name, d.kind, d.needle_um, d.retired, d.uses, d.first_used.isoformat()) for d in listed
    ]
    assert (use.uses, use.first_used) == (3, date(2025, 2, 1))
    assert (without_one.uses, without_one.first_used) == (2, date(2025, 2, 3))
    assert [d.name for d in in_use] == ["pen"]


def test_both_paths_write_the_undo_log_the_orm_reads_back(db):
    _seed(db)
    with db.write() as s:
        repo.record_change(s, "session", 4, "edit", {"area": "face", "notes": "é"})
    with db.read() as s:
        edited = repo.last_change(s)
        assert (edited.entity, edited.entity_id, edited.action, edited.undone) == ("session", 4, "edit", False)
        assert isinstance(edited.at, datetime)
    at = datetime(2025, 3, 1, 10, 0, 0)
    with db.raw(write=True) as con:
        bulk.record_import(con, [1, 2], versions.write_stamp(con, at), {"devices": [2]})
    with db.read() as s:
        imported = repo.last_change(s)
        assert (imported.entity, imported.entity_id, imported.action, imported.at) == ("session", 0, "import", at)
        assert imported.before == '{"ids":[1,2],"devices":[2]}'
        assert json.loads(s.scalars(select(ChangeRow).where(ChangeRow.id == edited.id)).one().before) == {"area": "face", "notes": "é"}


def test_queries_on_the_orm_path_share_its_transaction(db):
    """A check (plain SQL) sees the ORM's unflushed writes, and a failure rolls back both."""
    with pytest.raises(RuntimeError):
        with db.write() as s:
            row = repo.insert_session(s, day=date(2025, 2, 1), area="face", needle_um=250, device_id=None,
                                      disinfected=True, notes="")
            row.notes = "changed, not yet flushed"
            assert queries.get_session(repo.dbapi(s), row.id).notes == "changed, not yet flushed"
            repo.record_change(s, "session", row.id, "add", None)
            raise RuntimeError("stop")
    with db.raw() as con:
        assert con.execute("SELECT (SELECT count(*) FROM sessions) + (SELECT count(*) FROM changes)").fetchone() == (0,)


def _driver_error(con: sqlite3.Connection, sql: str) -> sqlite3.Error:
    try:
        con.execute(sql)
    except sqlite3.Error as exc:
        return exc
    raise AssertionError("no error")


def test_translate_goes_by_sqlite_result_code_not_by_wording(tmp_path):
    con = sqlite3.connect(tmp_path / "t.db")
    con.execute("CREATE TABLE t (x)")
    con.execute("CREATE TRIGGER t_locked BEFORE INSERT ON t BEGIN SELECT RAISE(ABORT, 'database is locked'); END")
    worded = _driver_error(con, "INSERT INTO t VALUES (1)")  # SQLITE_CONSTRAINT_TRIGGER
    assert type(translate(worded, tmp_path)) is StorageError
    con.close()
    holder = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        busy = _driver_error(sqlite3.connect(tmp_path / "t.db", timeout=0), "SELECT * FROM t")  # SQLITE_BUSY
    finally:
        holder.close()
    assert isinstance(translate(busy, tmp_path), JournalLocked)
    (tmp_path / "junk.db").write_bytes(b"not sqlite at all, " * 100)
    junk = _driver_error(sqlite3.connect(tmp_path / "junk.db"), "SELECT * FROM sqlite_master")  # SQLITE_NOTADB
    assert isinstance(translate(junk, tmp_path), DamagedJournal)


def _store_imports() -> dict[str, set[str]]:
    """homelog.store module -> the homelog.store modules it imports (at any depth of its code)."""
    folder = Path(homelog.store.__file__).parent
    graph: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        name = f"homelog.store.{path.stem}"
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("homelog.store"):
                found |= {f"{node.module}.{a.name}" if node.module == "homelog.store" else node.module for a in node.names}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("homelog.store.")}
        graph[name] = {m for m in found if m != name and m.count(".") == 2}
    return graph


def test_the_store_has_no_import_cycle():
    graph = _store_imports()
    assert "homelog.store.connection" in graph["homelog.store.migrate"]  # the walk sees imports
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, "import cycle: " + " -> ".join(path[path.index(name):] + (name,))
        if name in done:
            return
        for other in graph.get(name, ()):
            visit(other, path + (name,))
        done.add(name)

    for module in graph:
        visit(module, ())
