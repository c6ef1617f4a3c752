"""homelog backup / restore: consistent copies, pruning, refusing what is not a journal."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import threading
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from homelog.errors import ExitCode
from homelog.store import backup as store_backup
from homelog.store.database import inspect

from .conftest import file_state, live_count, seed


def integrity_ok(path: Path) -> bool:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()


def test_backup_goes_into_the_backups_folder(cli, db):
    seed(db, [{}, {"date": date(2025, 5, 2)}])
    code, out, err = cli("backup", "--json")
    assert code == 0, err
    target = Path(json.loads(out)["backup"])
    code, where, _ = cli("where", "--json")
    assert target.parent == Path(json.loads(where)["backups"])
    assert target.name.startswith("journal-auto-") and target.suffix == ".db"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert inspect(target).revision is not None and integrity_ok(target)
    assert live_count(target) == 2
    code, out, _ = cli("backup")
    assert code == 0 and out.startswith("Backed up the journal")


def test_backup_to_a_file_or_folder(cli, db, tmp_path):
    seed(db, [{}])
    code, _, err = cli("backup", "--output", str(tmp_path / "copy.db"))
    assert code == 0, err
    assert live_count(tmp_path / "copy.db") == 1
    (tmp_path / "shelf").mkdir()
    code, out, _ = cli("backup", "-o", str(tmp_path / "shelf"), "--json")
    assert code == 0 and Path(json.loads(out)["backup"]).parent == tmp_path / "shelf"
    code, _, err = cli("backup", "-o", str(db))
    assert code == ExitCode.BAD_INPUT and "journal itself" in err
    code, _, err = cli("backup", "-o", str(tmp_path / "missing" / "x.db"))
    assert code == ExitCode.CANNOT_WRITE


def test_backup_of_no_journal_or_a_foreign_file(cli, db, tmp_path):
    code, _, err = cli("backup", db=db)
    assert code == ExitCode.DAMAGED and f"There is no journal at {db}" in err
    assert not db.exists()  # backup does not create a journal
    other = tmp_path / "other.db"
    other.write_text("not a database at all, just text " * 200)
    code, _, err = cli("backup", db=other)
    assert code == ExitCode.DAMAGED


def test_keep_the_last_ten_automatic_backups(cli, db, tmp_path):
    seed(db, [{}])
    cli("backup", "-o", str(tmp_path / "manual.db"))
    made = []
    for _ in range(12):
        code, out, _ = cli("backup", "--json")
        assert code == 0
        made.append(Path(json.loads(out)["backup"]))
    folder = made[0].parent
    autos = sorted(folder.glob("journal-auto-*.db"))
    assert len(autos) == 10
    assert autos == sorted(made)[-10:]  # the newest ten
    assert (tmp_path / "manual.db").exists()  # not an automatic backup: never pruned


def test_backup_while_another_connection_writes(cli, db):
    seed(db, [{}])
    stop = threading.Event()
    written = []

    def writer():
        con = sqlite3.connect(db, timeout=15)
        stamp = datetime(2025, 5, 1).strftime("%Y-%m-%d %H:%M:%S.%f")
        i = 0
        while not stop.is_set():
            with con:
                con.executemany(
                    "INSERT INTO sessions (uid, date, area, needle_um, notes, created_at, updated_at, origin)"
                    " VALUES (?, ?, 'face', 500, ?, ?, ?, 'writer')",
                    [(f"w-{i}-{k}", "2025-05-01", "x" * 500, stamp, stamp) for k in range(50)],
                )
            i += 1
            written.append(i)
        con.close()

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        while len(written) < 3:
            assert thread.is_alive(), "the writer thread failed"
            time.sleep(0.01)
        copies = []
        for _ in range(4):
            code, out, err = cli("backup", "--json")
            assert code == 0, err
            copies.append(Path(json.loads(out)["backup"]))
    finally:
        stop.set()
        thread.join(timeout=20)
    assert len(written) > 3
    for copy in copies:
        assert integrity_ok(copy)
        assert inspect(copy).revision is not None
        n = live_count(copy)
        assert (n - 1) % 50 == 0  # whole transactions only: never half of one


@pytest.mark.parametrize("kind", ["text", "empty", "foreign-sqlite", "folder", "truncated"])
def test_restore_refuses_what_is_not_a_journal(cli, db, tmp_path, kind):
    seed(db, [{}, {"date": date(2025, 5, 9)}])
    bad = tmp_path / "bad.db"
    if kind == "text":
        bad.write_text("hello, I am a CSV file\n" * 100)
    elif kind == "empty":
        bad.write_bytes(b"")
    elif kind == "foreign-sqlite":
        con = sqlite3.connect(bad)
        con.execute("CREATE TABLE notes (x)")
        con.commit()
        con.close()
    elif kind == "folder":
        bad.mkdir()
    else:
        good = tmp_path / "good.db"
        cli("backup", "-o", str(good))
        data = good.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    before = file_state(db)
    backups_before = set(db.parent.rglob("*"))
    code, out, err = cli("restore", str(bad))
    assert code == ExitCode.DAMAGED, err
    assert "nothing was restored" in err or "not a homelog journal" in err
    assert file_state(db) == before
    assert set(db.parent.rglob("*")) == backups_before  # not even a pre-restore backup
    assert live_count(db) == 2


def test_restore_of_a_damaged_backup_is_refused(cli, db, tmp_path):
    seed(db, [{"notes": "x" * 3000} for _ in range(40)])
    good = tmp_path / "good.db"
    cli("backup", "-o", str(good))
    data = bytearray(good.read_bytes())
    page = 4096
    data[3 * page : 4 * page] = b"\x5a" * page  # scribble over a page in the middle
    bad = tmp_path / "scribbled.db"
    bad.write_bytes(bytes(data))
    before = file_state(db)
    code, _, err = cli("restore", str(bad))
    assert code == ExitCode.DAMAGED
    assert file_state(db) == before


def test_restore_brings_back_a_backup(cli, db, tmp_path):
    seed(db, [{"notes": "one"}, {"notes": "two", "date": date(2025, 5, 9)}])
    code, out, _ = cli("backup", "--json")
    backup = Path(json.loads(out)["backup"])
    seed(db, [{"notes": "three", "date": date(2025, 5, 20)}])
    assert live_count(db) == 3
    # Another program (the TUI) has the journal open during the restore.
    reader = sqlite3.connect(db)
    assert reader.execute("SELECT count(*) FROM sessions").fetchone() == (3,)
    code, out, err = cli("restore", str(backup), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["sessions"] == 2 and result["previous"]
    assert live_count(db) == 2
    assert reader.execute("SELECT count(*) FROM sessions").fetchone() == (2,)  # sees the restored journal
    reader.close()
    assert integrity_ok(db)
    assert live_count(Path(result["previous"])) == 3  # the journal before the restore, kept
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    con.close()
    code, out, _ = cli("list", "--json")
    assert sorted(s["notes"] for s in json.loads(out)) == ["one", "two"]
    # and back again
    code, out, _ = cli("restore", result["previous"])
    assert code == 0 and "3 sessions" in out and live_count(db) == 3


def test_restore_when_there_is_no_journal_yet(cli, db, tmp_path):
    seed(db, [{}])
    cli("backup", "-o", str(tmp_path / "b.db"))
    fresh = tmp_path / "new" / "journal.db"
    code, out, err = cli("restore", str(tmp_path / "b.db"), db=fresh)
    assert code == 0, err
    assert live_count(fresh) == 1 and stat.S_IMODE(fresh.stat().st_mode) == 0o600
    assert "saved at" not in out


def test_restore_over_a_damaged_journal_keeps_its_bytes(cli, db, tmp_path):
    seed(db, [{}])
    cli("backup", "-o", str(tmp_path / "b.db"))
    damaged = b"SQLite format 3\x00" + b"\xff" * 5000
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    db.write_bytes(damaged)
    code, out, err = cli("restore", str(tmp_path / "b.db"), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert Path(result["damaged_copy"]).read_bytes() == damaged
    assert live_count(db) == 1 and integrity_ok(db)


def test_restore_refuses_to_overwrite_another_programs_database(cli, db, tmp_path):
    seed(db, [{}])
    cli("backup", "-o", str(tmp_path / "b.db"))
    theirs = tmp_path / "theirs.db"
    con = sqlite3.connect(theirs)
    con.execute("CREATE TABLE precious (x)")
    con.commit()
    con.close()
    before = theirs.read_bytes()
    code, _, err = cli("restore", str(tmp_path / "b.db"), db=theirs)
    assert code == ExitCode.DAMAGED and "another program" in err
    assert theirs.read_bytes() == before


def test_restore_other_refusals(cli, db, tmp_path):
    seed(db, [{}])
    code, _, err = cli("restore", str(tmp_path / "nope.db"))
    assert code == ExitCode.BAD_INPUT and "no file" in err
    code, _, err = cli("restore", str(db))
    assert code == ExitCode.BAD_INPUT and "journal itself" in err
    cli("backup", "-o", str(tmp_path / "b.db"))
    code, _, err = cli("--read-only", "restore", str(tmp_path / "b.db"))
    assert code == ExitCode.CANNOT_WRITE


def test_restore_with_a_different_page_size(cli, db, tmp_path):
    seed(db, [{"notes": "a"}])
    other = tmp_path / "b.db"
    cli("backup", "-o", str(other))
    con = sqlite3.connect(other)
    con.execute("PRAGMA page_size=8192")
    con.execute("VACUUM")
    con.execute("INSERT INTO sessions (uid, date, area, needle_um, notes, created_at, updated_at, origin) "
                "SELECT 'u2', date, area, needle_um, 'b', created_at, updated_at, origin FROM sessions")
    con.commit()
    assert con.execute("PRAGMA page_size").fetchone() == (8192,)
    con.close()
    code, _, err = cli("restore", str(other))
    assert code == 0, err
    assert live_count(db) == 2 and integrity_ok(db)


def test_store_backup_helpers_still_work(db, tmp_path):
    """backup_file / copy_database / prune / list_backups keep their behaviour (migrate uses backup_file)."""
    seed(db, [{}])
    made = store_backup.backup_file(db, reason="pre-migrate-0001")
    assert made in store_backup.list_backups(db)
    assert store_backup.prune(made.parent, db.stem) == []
    copy = store_backup.copy_database(db, tmp_path / "c.db")
    assert live_count(copy) == 1 and os.stat(copy).st_mode & 0o077 == 0
