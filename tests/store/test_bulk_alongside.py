"""``bulk.insert_sessions(..., meanwhile)``: a large insert builds its indexes on a
second thread while ``meanwhile`` runs on the caller's; both have finished, and
any failure is raised, before it returns."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime

import pytest

from homelog.locations import Locations
from homelog.service import open_journal_file
from homelog.store import bulk

AT = datetime(2025, 3, 1, 12, 0)


@pytest.fixture
def con(tmp_path):
    # homelog creates the journal (schema and all), then the test drives its own connection.
    open_journal_file(Locations(db=tmp_path / "j.db", config_dir=tmp_path / "cfg", rules=None)).close()
    connection = sqlite3.connect(tmp_path / "j.db", isolation_level=None, check_same_thread=False)
    connection.execute("BEGIN IMMEDIATE")
    yield connection
    if connection.in_transaction:
        connection.execute("ROLLBACK")
    connection.close()


def _rows(n: int) -> list[tuple]:
    return [(f"uid-{i}", f"2025-01-{1 + i % 28:02d}", "legs", 250, None, 1, "", None, None) for i in range(n)]


def _index_names(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}


def test_meanwhile_runs_once_on_the_calling_thread_and_its_result_comes_back(con, monkeypatch):
    monkeypatch.setattr(bulk, "REBUILD_INDEXES_FROM", 5)
    before = _index_names(con)
    calls = []

    def meanwhile():
        calls.append(threading.current_thread())
        return "summary"

    ids, result = bulk.insert_sessions(con, _rows(20), AT, meanwhile)
    assert result == "summary" and calls == [threading.current_thread()]
    assert ids == list(range(1, 21))
    assert _index_names(con) == before  # dropped, then built again
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_a_small_insert_keeps_its_indexes_and_still_calls_meanwhile(con):
    ids, result = bulk.insert_sessions(con, _rows(3), AT, lambda: 42)
    assert (ids, result) == ([1, 2, 3], 42)


def test_a_failing_index_build_is_raised_after_meanwhile_finished(con):
    finished = []

    def meanwhile():
        finished.append(True)
        return None

    with pytest.raises(sqlite3.OperationalError, match="no such column"):
        bulk._alongside(con, ["CREATE INDEX ix_bad ON sessions (no_such_column)"], meanwhile)
    assert finished == [True]


def test_a_failing_meanwhile_stops_the_build_and_is_raised(con):
    # A statement that would run for hours unless it is interrupted.
    endless = (
        "CREATE TABLE counted AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 100000000000)"
        " SELECT x FROM c"
    )
    raised: list[BaseException] = []

    def meanwhile():
        raise ValueError("the rules failed")

    def call():
        try:
            bulk._alongside(con, [endless], meanwhile)
        except BaseException as exc:
            raised.append(exc)

    caller = threading.Thread(target=call, daemon=True)
    caller.start()
    caller.join(60)  # a liveness bound, not a timing: uninterrupted, this takes hours
    assert not caller.is_alive(), "the statement was not interrupted"
    assert len(raised) == 1 and str(raised[0]) == "the rules failed"
    # SQLite may have rolled the whole transaction back with the statement; the
    # connection is idle again and the transaction can end.
    if con.in_transaction:
        con.execute("ROLLBACK")
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'counted'").fetchone() == (0,)
