"""Issue 6.2 — concurrency: two homelog processes adding at once both succeed
(BEGIN IMMEDIATE + busy timeout: no "database is locked"), a long reader does
not block writers, and two first runs on a journal that does not exist yet
do not trip over each other."""

from __future__ import annotations

import subprocess
import sys
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text

from ._support import child_env, homelog_cmd, integrity, make_journal, query

CONCURRENT_WRITERS = 2  # processes adding at the same time ...
ADDS_PER_WRITER = 10  # ... each this many sessions, one `python -m homelog add` process per session
READER_WRITES = 6  # adds while a reader holds one read transaction open
CREATE_RACE_ROUNDS = 4  # rounds of CREATE_RACE_PROCS first runs started together on a new file
CREATE_RACE_PROCS = 2
AREAS = ["face", "neck", "chest", "hands", "arms", "legs"]


def _add(db: Path, area: str, note: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        homelog_cmd(db, "add", "--area", area, "--needle", "0.2", "--disinfected", "--notes", note, "--override", "concurrency test"),
        capture_output=True, text=True, env=child_env(), stdin=subprocess.DEVNULL, timeout=120,
    )


def _writer(db: Path, w: int, start: threading.Barrier) -> list[subprocess.CompletedProcess]:
    start.wait()
    return [_add(db, AREAS[w % len(AREAS)], f"w{w}-{i}") for i in range(ADDS_PER_WRITER)]


def test_two_cli_processes_adding_at_once_all_succeed(tmp_path):
    db = make_journal(tmp_path / "journal.db")
    start = threading.Barrier(CONCURRENT_WRITERS)
    with ThreadPoolExecutor(CONCURRENT_WRITERS) as pool:
        runs = [r for rs in pool.map(lambda w: _writer(db, w, start), range(CONCURRENT_WRITERS)) for r in rs]
    for r in runs:
        assert r.returncode == 0, f"exit {r.returncode}: {r.stderr}"
        assert "locked" not in r.stderr and "busy" not in r.stderr and "Traceback" not in r.stderr
    notes = sorted(n for (n,) in query(db, "SELECT notes FROM sessions WHERE deleted_at IS NULL"))
    expected = sorted(f"w{w}-{i}" for w in range(CONCURRENT_WRITERS) for i in range(ADDS_PER_WRITER))
    assert notes == expected
    assert query(db, "SELECT count(*) FROM changes WHERE action='add'") == [(len(expected),)]
    assert integrity(db) == ["ok"]


def test_a_long_reader_does_not_block_writers(tmp_path):
    from homelog.store import open_database

    db_path = make_journal(tmp_path / "journal.db", sessions=2)
    db = open_database(db_path)
    try:
        with db.read() as s:  # one read transaction held open across every write below
            before = s.execute(text("SELECT count(*) FROM sessions")).scalar()
            with ThreadPoolExecutor(2) as pool:
                runs = list(pool.map(lambda i: _add(db_path, AREAS[i % len(AREAS)], f"r{i}"), range(READER_WRITES)))
            # Every write committed while the reader's transaction was still open: a
            # writer blocked by the reader would have waited for it, forever here.
            for r in runs:
                assert r.returncode == 0, f"exit {r.returncode}: {r.stderr}"
            # The reader keeps its snapshot: a consistent view, not half of a write.
            assert s.execute(text("SELECT count(*) FROM sessions")).scalar() == before == 2
        with db.read() as s:
            assert s.execute(text("SELECT count(*) FROM sessions")).scalar() == 2 + READER_WRITES
    finally:
        db.close()
    assert integrity(db_path) == ["ok"]


_RACER = """
import os, sys
from homelog.cli.main import main
import homelog.service, homelog.store.models  # what the add imports, before the start line
os.write(1, b"ready\\n")
sys.stdin.readline()  # every child goes when the parent says so, all imports done
sys.stdout = open(os.devnull, "w")
sys.exit(main(["--db", sys.argv[1], "add", "--area", sys.argv[2], "--needle", "0.2", "--disinfected", "--override", "race"]))
"""


def test_two_first_runs_at_once_both_succeed(tmp_path):
    """Two `homelog add` started together on a journal that does not exist yet:
    each child imports, says "ready", and waits; all are told "go" at once (no
    clock: a slow machine only takes longer to get them all ready)."""
    failures = []
    procs = {}
    for rnd in range(CREATE_RACE_ROUNDS):  # each round on its own new file, all at once
        db = tmp_path / f"round{rnd}" / "journal.db"
        procs[db] = [
            subprocess.Popen([sys.executable, "-c", _RACER, str(db), AREAS[p]], env=child_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.PIPE)
            for p in range(CREATE_RACE_PROCS)
        ]
    every = [p for group in procs.values() for p in group]
    for p in every:
        assert p.stdout.readline() == "ready\n", p.stderr.read()
    for p in every:
        p.stdin.write("go\n")
        p.stdin.flush()
    for db, group in procs.items():
        for p in group:
            out, err = p.communicate(timeout=60)
            if p.returncode != 0:
                failures.append(f"{db.parent.name}: exit {p.returncode}: {err.strip()}")
        assert integrity(db) == ["ok"]
    assert not failures, "\n".join(failures)


def test_first_run_after_another_process_created_the_journal(tmp_path, monkeypatch, cli):
    """Deterministic form of the race above: this process's look at the file
    (inspect) found nothing; another homelog then created the journal before
    this one took the write lock."""
    from homelog.store import database

    db = tmp_path / "journal.db"
    assert cli("add", "--area", "face", "--needle", "0.2", "--disinfected", db=db).code == 0
    real_inspect = database.inspect
    monkeypatch.setattr(database, "inspect", lambda path, **kw: database.Inspection(exists=False, revision=None))
    r = cli("add", "--area", "neck", "--needle", "0.2", "--disinfected", db=db)
    monkeypatch.setattr(database, "inspect", real_inspect)
    assert r.code == 0, r.err
    assert query(db, "SELECT count(*) FROM sessions") == [(2,)]
    assert query(db, "SELECT count(*) FROM alembic_version") == [(1,)]


@pytest.mark.parametrize("change", [{"area": "neck"}, {"device": "KEEP"}, {"notes": "later"}])
def test_an_edit_reads_checks_and_writes_in_one_transaction(tmp_path, change):
    # Reading the session in a transaction of its own, then writing in another,
    # could write back what another process changed in between.
    from datetime import date

    from homelog.locations import Locations
    from homelog.service import open_journal

    journal = open_journal(Locations(db=tmp_path / "j.db", config_dir=tmp_path / "cfg", rules=None), today=lambda: date(2025, 3, 1))
    try:
        pen = journal.add_device(name="pen", kind="pen")
        candidate = journal.session_input(area="face", needle="0.5", day="2025-02-01", device=pen.id, disinfected=True, notes="first")
        saved = journal.add(candidate).session
        opened = []
        real_read, real_write = journal.db.read, journal.db.write

        def read():
            opened.append("read")
            return real_read()

        def write():
            opened.append("write")
            return real_write()

        journal.db.read, journal.db.write = read, write
        kwargs = {k: (pen.id if v == "KEEP" else v) for k, v in change.items()}
        result = journal.edit(saved.id, **kwargs)
        assert result.saved and opened == ["write"]
    finally:
        journal.db.close()


def test_a_writer_waits_for_the_lock_with_the_real_timeout(tmp_path):
    """Exit 5 is for a journal held too long; a lock held briefly is waited out
    (the busy timeout as shipped, 15 s: not patched). The child is ready, then
    told to add while another connection holds the write lock for 1.5 s."""
    db = make_journal(tmp_path / "journal.db", sessions=1)
    proc = subprocess.Popen([sys.executable, "-c", _RACER, str(db), "neck"], env=child_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, stdin=subprocess.PIPE)
    assert proc.stdout.readline() == "ready\n", proc.stderr.read()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    proc.stdin.write("go\n")
    proc.stdin.flush()
    time.sleep(1.5)  # the child is at its BEGIN IMMEDIATE by now, waiting
    assert proc.poll() is None, f"the writer gave up instead of waiting: exit {proc.returncode} {proc.stderr.read()}"
    released = time.time()
    holder.execute("COMMIT")
    holder.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    from datetime import datetime, timezone

    made = query(db, "SELECT updated_at FROM sessions WHERE area = 'neck'")[0][0]  # UTC, microseconds
    assert datetime.fromisoformat(made).replace(tzinfo=timezone.utc).timestamp() >= released - 0.01  # written after the release
