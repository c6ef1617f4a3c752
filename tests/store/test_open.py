"""Opening journals: first run just works, privately; anything that is not a
good homelog journal gets a clear error and stays byte-for-byte the same."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest

from homelog.errors import DamagedJournal, ExitCode, JournalTooNew
from homelog.store import open_database


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_first_run_creates_private_files(tmp_path):
    path = tmp_path / "deep" / "er" / "journal.db"
    db = open_database(path)
    with db.write() as s:  # a write creates -wal/-shm too
        from homelog.store import repo

        repo.insert_device(s, name="r", kind="roller", needle_um=250)
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    with db.read() as s:
        from sqlalchemy import text

        s.execute(text("SELECT count(*) FROM sessions")).scalar()  # holds a connection: -wal/-shm exist
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            assert side.exists() and mode(side) == 0o600
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2
    db.close()


def test_default_location_is_the_platform_data_dir(isolated_home, run_homelog):
    r = run_homelog("where", "--json", db=False, env={"XDG_DATA_HOME": str(isolated_home / "data")})
    assert r.code == 0
    assert r.json()["database"] == str(isolated_home / "data" / "homelog" / "journal.db")
    r = run_homelog("status", db=False, env={"XDG_DATA_HOME": str(isolated_home / "data")})
    assert r.code == 4 and "There is no journal at" in r.err  # a read makes no journal
    assert not (isolated_home / "data" / "homelog").exists()
    r = run_homelog("add", "--area", "face", "--needle", "0.2", db=False, env={"XDG_DATA_HOME": str(isolated_home / "data")})
    assert r.code == 0
    assert mode(isolated_home / "data" / "homelog") == 0o700
    assert mode(isolated_home / "data" / "homelog" / "journal.db") == 0o600


def test_homelog_db_env_selects_the_file(tmp_path, run_homelog):
    target = tmp_path / "env.db"
    r = run_homelog("add", "--area", "face", "--needle", "0.2", "--disinfected", db=False, env={"HOMELOG_DB": str(target)})
    assert r.code == 0 and target.exists()


def _text_file(p: Path):
    p.write_text("dear diary, this is not a database\n" * 50)


def _zeroed_header(p: Path):
    open_database(p).close()
    data = bytearray(p.read_bytes())
    data[:100] = bytes(100)
    p.write_bytes(bytes(data))


def _truncated(p: Path):
    db = open_database(p)
    from homelog.store import repo

    with db.write() as s:
        for i in range(300):
            repo.insert_device(s, name=f"device {i} " + "x" * 200, kind="pen", needle_um=None)
    db.close()
    con = sqlite3.connect(p)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def _other_app(p: Path):
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE songs (title TEXT)")
    con.execute("INSERT INTO songs VALUES ('x')")
    con.commit()
    con.close()


@pytest.mark.parametrize("make", [_text_file, _zeroed_header, _truncated, _other_app], ids=lambda f: f.__name__.strip("_"))
def test_bad_files_are_refused_untouched(tmp_path, make, run_homelog):
    path = tmp_path / "journal.db"
    make(path)
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    before = digest(path)
    with pytest.raises(DamagedJournal) as info:
        open_database(path)
    assert str(path) in str(info.value)
    for command in (["status"], ["add", "--area", "face", "--needle", "0.2"], ["list"]):
        r = run_homelog(*command, db=path)
        assert r.code == ExitCode.DAMAGED, r.err
        assert str(path) in r.err and "Traceback" not in r.err
    assert digest(path) == before


def test_newer_journal_is_refused_untouched(tmp_path, cli):
    path = tmp_path / "journal.db"
    open_database(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = digest(path)
    with pytest.raises(JournalTooNew):
        open_database(path)
    r = cli("status", db=path)
    assert r.code == ExitCode.TOO_NEW and "newer homelog" in r.err
    assert digest(path) == before


def test_read_only_mode_refuses_writes_cleanly(tmp_path, cli):
    path = tmp_path / "journal.db"
    assert cli("add", "--area", "face", "--needle", "0.2", "--disinfected", db=path).code == 0
    assert cli("--read-only", "list", db=path).code == 0
    r = cli("--read-only", "add", "--area", "neck", "--needle", "0.2", db=path)
    assert r.code == ExitCode.CANNOT_WRITE and "read-only" in r.err
    assert len(cli("list", "--json", db=path).json()) == 1


def page_size(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA page_size").fetchone()[0]
    finally:
        con.close()


def test_a_new_journal_has_homelogs_page_size_and_an_old_one_keeps_its_own(tmp_path):
    from homelog.store import repo

    new = tmp_path / "new.db"
    open_database(new).close()
    assert page_size(new) == 16384  # README: "New journals use 16 KiB pages"

    old = tmp_path / "old.db"
    open_database(old).close()
    con = sqlite3.connect(old)  # as a journal made before homelog chose its page size
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA page_size=4096")
    con.execute("VACUUM")
    con.close()
    assert page_size(old) == 4096
    db = open_database(old)
    try:
        with db.write() as s:
            repo.insert_device(s, name="r", kind="roller", needle_um=250)
    finally:
        db.close()
    assert page_size(old) == 4096
