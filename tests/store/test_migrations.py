"""Schema versions: populated old journals migrate without losing a row, with a
backup first; a failed migration leaves the file as it was; the revision list
the store knows matches the migration files; create_all == the migrations."""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path

import pytest

from homelog.store import open_database
from homelog.store.schema import HEAD, REVISIONS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def build_fixture(revision: str, path: Path) -> Path:
    con = sqlite3.connect(path)
    con.executescript((FIXTURES / f"journal_{revision}.sql").read_text())
    con.close()
    return path


def rows(path: Path, sql: str):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("revision", [r for r in REVISIONS if r != HEAD])
def test_old_journal_migrates_without_losing_rows(tmp_path, revision):
    path = build_fixture(revision, tmp_path / "journal.db")
    before = rows(path, "SELECT id, uid, date, area, needle_um, device_id, disinfected, notes, override_reason, deleted_at FROM sessions ORDER BY id")
    devices = rows(path, "SELECT id, uid, name, kind, needle_um, created_at, retired_at FROM devices ORDER BY id")
    original = digest(path)
    db = open_database(path)
    db.close()
    assert rows(path, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    after = rows(path, "SELECT id, uid, date, area, needle_um, device_id, disinfected, notes, override_reason, deleted_at FROM sessions ORDER BY id")
    assert after == before and len(after) == 5
    assert rows(path, "SELECT id, uid, name, kind, needle_um, created_at, retired_at FROM devices ORDER BY id") == devices
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    backups = list((tmp_path / "backups").glob(f"journal-pre-migrate-{revision}-*.db"))
    assert len(backups) == 1
    # A real, separate copy of the journal as it was: its old revision and every row.
    copy = backups[0]
    assert digest(copy) != digest(path) and copy.stat().st_size > 0
    assert rows(copy, "SELECT version_num FROM alembic_version") == [(revision,)]
    assert rows(copy, "SELECT id, uid, date, area, needle_um, device_id, disinfected, notes, override_reason, deleted_at FROM sessions ORDER BY id") == before
    assert rows(copy, "PRAGMA integrity_check") == [("ok",)]
    assert rows(backups[0], "SELECT version_num FROM alembic_version") == [(revision,)]
    assert rows(backups[0], "SELECT count(*) FROM sessions") == [(5,)]
    assert original != digest(path)


def test_migrated_journal_works_through_the_cli(tmp_path, cli):
    path = build_fixture("0001", tmp_path / "old.db")
    r = cli("list", "--json", db=path)
    assert r.code == 0, r.err
    notes = {s["id"]: s["notes"] for s in r.json()}
    assert notes == {5: "naïve café ✓", 3: "=not a formula", 2: "line one\nline two", 1: "first, with a comma"}
    # The undo log written by schema 0001 still undoes (no 'overridden_rules' key in it).
    assert "deleting session 4" in cli("undo", db=path).out
    assert len(cli("list", "--json", db=path).json()) == 5


def test_failed_migration_leaves_file_as_it_was(tmp_path, monkeypatch):
    path = build_fixture("0001", tmp_path / "journal.db")
    original = digest(path)
    import alembic.command

    real_upgrade = alembic.command.upgrade

    def upgrade_then_fail(cfg, target):
        real_upgrade(cfg, target)  # the schema change runs inside our transaction...
        raise RuntimeError("injected failure after the migration ran")

    monkeypatch.setattr(alembic.command, "upgrade", upgrade_then_fail)
    from homelog.errors import StorageError

    with pytest.raises(StorageError) as info:
        open_database(path)
    assert "left as it was" in str(info.value)
    assert digest(path) == original
    assert rows(path, "SELECT version_num FROM alembic_version") == [("0001",)]
    assert "overridden_rules" not in str(rows(path, "PRAGMA table_info(sessions)"))


def test_revision_list_matches_the_migration_files():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from homelog.store.migrate import MIGRATIONS_DIR

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(cfg)
    assert script.get_heads() == [HEAD]
    chain = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(chain) == REVISIONS
    for revision in REVISIONS[:-1]:
        assert (FIXTURES / f"journal_{revision}.sql").exists(), f"keep a populated fixture for {revision}"


def _schema(path: Path) -> set:
    out = set()
    for (table,) in rows(path, "SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"):
        for col in rows(path, f"PRAGMA table_info({table})"):
            out.add((table, col[1], col[2].upper(), col[3], col[5]))
        for idx in rows(path, f"PRAGMA index_list({table})"):
            out.add((table, "index", idx[1], tuple(c[2] for c in rows(path, f"PRAGMA index_info({idx[1]})"))))
    return out


@pytest.mark.parametrize("revision", [r for r in REVISIONS if r != HEAD])
def test_create_all_equals_the_migrations(tmp_path, revision):
    fresh = tmp_path / "fresh.db"
    open_database(fresh).close()
    migrated = build_fixture(revision, tmp_path / "journal.db")
    open_database(migrated).close()
    assert _schema(fresh) == _schema(migrated)


def test_opening_an_up_to_date_journal_does_not_import_alembic(tmp_path):
    import subprocess

    path = tmp_path / "j.db"
    open_database(path).close()
    code = (
        "import sys; from pathlib import Path; from homelog.store import open_database; "
        f"open_database(Path({str(path)!r})).close(); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_migration_to_0004_gives_every_record_a_version_and_the_journal_an_id(tmp_path):
    path = build_fixture("0003", tmp_path / "journal.db")
    skin_before = rows(path, "SELECT uid, session_id, date, redness, notes, deleted_at FROM reactions ORDER BY id")
    open_database(path).close()
    (journal_id,) = rows(path, "SELECT value FROM meta WHERE key = 'journal_id'")[0]
    assert len(journal_id) == 32
    for table in ("devices", "sessions", "reactions", "conditions"):
        assert rows(path, f"SELECT DISTINCT origin FROM {table}") == [(journal_id,)], table
        assert rows(path, f"SELECT count(*) FROM {table} WHERE updated_at IS NULL") == [(0,)], table
    # A version dates from the row's latest known moment: retired, deleted or created.
    assert rows(path, "SELECT updated_at FROM devices ORDER BY id") == [
        ("2024-10-01 09:00:00",), ("2024-12-01 09:00:00",)
    ]
    assert rows(path, "SELECT updated_at FROM reactions ORDER BY id") == [
        ("2025-01-06 20:00:00.000000",), ("2025-01-09 08:00:00.000000",)
    ]
    assert rows(path, "SELECT uid, session_id, date, redness, notes, deleted_at FROM reactions ORDER BY id") == skin_before
    assert rows(path, "SELECT count(*) FROM conditions") == [(1,)]
    assert rows(path, "SELECT count(*) FROM device_tombstones") == [(0,)]


def _tables(path: Path) -> dict[str, frozenset[str]]:
    con = sqlite3.connect(path)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {t: frozenset(r[1] for r in con.execute(f"PRAGMA table_info('{t}')")) for t in names}
    finally:
        con.close()


@pytest.mark.parametrize("revision", REVISIONS)
def test_the_opening_checks_schema_table_is_each_revisions_real_schema(tmp_path, revision):
    """schema.TABLES (what the opening check compares with) == the tables of a
    journal of that revision: the fixture of an old one, create_all for HEAD, and
    every old one once migrated. A new revision must add its entry."""
    from homelog.store.schema import TABLES

    assert set(TABLES) == set(REVISIONS)
    if revision == HEAD:
        open_database(tmp_path / "new.db").close()
        assert _tables(tmp_path / "new.db") == TABLES[HEAD]
        return
    path = build_fixture(revision, tmp_path / "journal.db")
    assert _tables(path) == TABLES[revision]
    open_database(path).close()
    assert _tables(path) == TABLES[HEAD]
