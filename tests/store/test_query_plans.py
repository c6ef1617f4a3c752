"""The queries behind status and check use the indexes: their cost does not
grow with the journal (EXPLAIN QUERY PLAN shows no full scan of sessions).

They run on plain sqlite3 connections (``homelog.store.queries``): each
statement is captured, values bound, with ``set_trace_callback``."""

from __future__ import annotations

import sqlite3
from datetime import date

from homelog.locations import Locations
from homelog.service import open_journal
from homelog.store import database


def capture_plans(journal, action, monkeypatch):
    statements = []
    real_connect = database.connect

    def traced(*args, **kwargs):
        con = real_connect(*args, **kwargs)
        con.set_trace_callback(lambda sql: statements.append(sql) if sql.lstrip().upper().startswith("SELECT") else None)
        return con

    monkeypatch.setattr(database, "connect", traced)
    action()
    monkeypatch.setattr(database, "connect", real_connect)
    plans = []
    con = sqlite3.connect(journal.db.path)
    try:
        for statement in statements:
            rows = con.execute("EXPLAIN QUERY PLAN " + statement).fetchall()
            plans.append((statement, [r[-1] for r in rows]))
    finally:
        con.close()
    return plans


def make_journal(tmp_path):
    journal = open_journal(Locations(db=tmp_path / "j.db", config_dir=tmp_path / "cfg", rules=None), today=lambda: date(2025, 3, 1))
    journal.add_device(name="r", kind="pen")
    for day in (1, 5, 9):
        journal.add(journal.session_input(area="face", needle="0.25", day=f"2025-02-0{day}", device="1", disinfected=True), override="test")
    return journal


def assert_no_full_scan(plans):
    assert plans, "no query captured"
    for statement, plan in plans:
        for line in plan:
            if "sessions" in statement and line.startswith("SCAN"):
                assert "USING" in line and "INDEX" in line, f"full scan: {line}\n{statement}"


def test_status_uses_indexes(tmp_path, monkeypatch):
    journal = make_journal(tmp_path)
    plans = capture_plans(journal, journal.status, monkeypatch)
    assert_no_full_scan(plans)
    assert any("ix_sessions_area_date" in " ".join(p) for _, p in plans)


def test_check_uses_indexes(tmp_path, monkeypatch):
    journal = make_journal(tmp_path)
    candidate = journal.session_input(area="face", needle="0.5", day="2025-02-20", device="1", disinfected=True)
    plans = capture_plans(journal, lambda: journal.check(candidate), monkeypatch)
    assert_no_full_scan(plans)
    joined = " ".join(" ".join(p) for _, p in plans)
    assert "ix_sessions_area_date" in joined and "ix_sessions_device_id" in joined


def test_check_reads_applications_by_their_area_and_date_index(tmp_path, monkeypatch):
    journal = make_journal(tmp_path)
    product = journal.add_product(name="HA", ingredients="Aqua", sterile=True)
    journal.apply(product.id, area="face", day="2025-02-27")
    candidate = journal.session_input(area="face", needle="0.25", day="2025-02-26", products=[product.id])
    plans = capture_plans(journal, lambda: journal.check(candidate), monkeypatch)
    assert_no_full_scan(plans)
    mine = [p for s, p in plans if "FROM applications" in s]
    assert mine and all("ix_applications_area_date" in " ".join(p) for p in mine)


def test_the_shared_devices_of_status_are_filtered_before_their_uses_are_counted(tmp_path, monkeypatch):
    """status lists shared devices every time: counting every device's sessions first cost
    42 ms on a 100,000-session journal (the count runs only for the rows the WHERE keeps)."""
    journal = make_journal(tmp_path)
    plans = capture_plans(journal, journal.shared_devices, monkeypatch)
    counting = [s for s, _ in plans if "count(*)" in s]
    assert counting and all("WHERE d.shared_from IS NOT NULL" in s for s in counting), counting
    assert journal.shared_devices() == []
    journal.mark_shared(1, day="2025-02-05")
    assert [(d.id, d.uses, d.shared_from) for d in journal.shared_devices()] == [(1, 3, date(2025, 2, 5))]
