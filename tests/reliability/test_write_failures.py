"""Issue 6.4 — a write that cannot happen (disk full, read-only) gives a clear
message and exit 6, no traceback, and what was saved before stays intact.

Disk full is simulated with RLIMIT_FSIZE in the child process: CPython ignores
SIGXFSZ, so a write past the limit fails with EFBIG and SQLite reports a
"disk I/O error" (SQLITE_IOERR) — the same path as a full disk."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from homelog.errors import ExitCode

from ._support import checkpoint, child_env, digest, drop_sidecars, homelog_cmd, integrity, make_journal, query, snapshot

resource = pytest.importorskip("resource", reason="RLIMIT_FSIZE needs POSIX")

FULL_DISK_HEADROOM = 12 * 1024  # bytes the journal may still grow by
FULL_DISK_MAX_ADDS = 30  # bound: the limit is always hit well before
BIG_NOTE = 1900  # characters per note (the limit is 2000)
SEED_SESSIONS = 5


def _limited(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _run(db: Path, *args: str, limit: int | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        homelog_cmd(db, *args), capture_output=True, text=True, env=child_env(), stdin=subprocess.DEVNULL,
        timeout=60, preexec_fn=_limited(limit) if limit is not None else None,
    )


def _notes(db: Path) -> list[str]:
    return [n for (n,) in query(db, "SELECT notes FROM sessions WHERE deleted_at IS NULL ORDER BY id")]


def test_disk_full_during_add_is_clear_and_keeps_what_was_saved(tmp_path):
    db = make_journal(tmp_path / "journal.db", sessions=SEED_SESSIONS)
    checkpoint(db)
    limit = db.stat().st_size + FULL_DISK_HEADROOM
    saved, failure = [], None
    for i in range(FULL_DISK_MAX_ADDS):
        note = f"big{i} " + "y" * BIG_NOTE
        r = _run(db, "add", "--area", "face", "--needle", "0.2", "--override", "disk test", "--notes", note, limit=limit)
        if r.returncode != 0:
            failure = (note, r)
            break
        saved.append(note)
    assert failure is not None, f"{FULL_DISK_MAX_ADDS} adds fitted under the size limit: lower FULL_DISK_HEADROOM"
    note, r = failure
    assert r.returncode == ExitCode.CANNOT_WRITE, f"exit {r.returncode}: {r.stderr}"
    assert "Traceback" not in r.stderr and "unexpected error" not in r.stderr
    assert str(db) in r.stderr and "disk is full" in r.stderr and "Free some space" in r.stderr
    # What was saved before is intact; nothing of the failed add is there.
    assert integrity(db) == ["ok"]
    notes = _notes(db)
    assert notes == [f"seed{i}" for i in range(SEED_SESSIONS)] + saved
    assert note not in notes
    assert query(db, "SELECT count(*) FROM changes") == [(SEED_SESSIONS + len(saved),)]
    # With space again, homelog carries on.
    r = _run(db, "add", "--area", "neck", "--needle", "0.2", "--override", "space again", "--notes", "after")
    assert r.returncode == 0, r.stderr
    assert _notes(db)[-1] == "after" and integrity(db) == ["ok"]


@pytest.mark.parametrize("limit", [0, 4096, 20_000])
def test_disk_full_while_creating_the_journal(tmp_path, limit):
    """A first run that cannot write leaves nothing that breaks the next run."""
    db = tmp_path / "journal.db"
    r = _run(db, "add", "--area", "face", "--needle", "0.2", "--override", "x", limit=limit)
    assert r.returncode == ExitCode.CANNOT_WRITE, f"exit {r.returncode}: {r.stderr}"
    assert "Traceback" not in r.stderr and str(db) in r.stderr and "disk is full" in r.stderr
    r = _run(db, "add", "--area", "face", "--needle", "0.2", "--override", "x", "--notes", "second try")
    assert r.returncode == 0, r.stderr
    assert _notes(db) == ["second try"] and integrity(db) == ["ok"]


def test_disk_full_during_backup_and_export_leaves_no_partial_file(tmp_path):
    """The copies are written to a temporary name then renamed: a failure leaves nothing behind."""
    db = make_journal(tmp_path / "journal.db", sessions=SEED_SESSIONS)
    checkpoint(db)
    before = digest(db)
    out = tmp_path / "out"
    out.mkdir()
    big = db.stat().st_size
    for args in (["backup", "-o", str(out / "copy.db")], ["export", "-o", str(out / "all.csv")],
                 ["export", "--format", "json", "-o", str(out / "all.json")]):
        r = _run(db, *args, limit=min(big // 2, 300))
        assert r.returncode == ExitCode.CANNOT_WRITE, f"{args}: exit {r.returncode}: {r.stderr}"
        assert "Traceback" not in r.stderr, r.stderr
        assert list(out.iterdir()) == [], f"{args} left {list(out.iterdir())}"
    drop_sidecars(db)
    assert digest(db) == before


# -- read-only -------------------------------------------------------------------------

WRITES = {
    "add": ["add", "--area", "face", "--needle", "0.2", "--override", "x"],
    "edit": ["edit", "1", "--notes", "changed"],
    "delete": ["delete", "1"],
    "undo": ["undo"],
    "device add": ["device", "add", "--name", "r", "--kind", "roller", "--needle", "0.5"],
    "device retire": ["device", "retire", "1"],
    "import": ["import", "{tmp}/in.csv"],
    "restore": ["restore", "{tmp}/backup.db"],
}
READS = {
    "status": ["status"],
    "list": ["list", "--json"],
    "check": ["check", "--area", "neck", "--needle", "0.2"],  # the face has today's sessions: a stop
    "device list": ["device", "list"],
    "export": ["export"],
    "doctor": ["doctor"],
}


def _ro_journal(tmp_path: Path) -> Path:
    db = make_journal(tmp_path / "journal.db", sessions=2)
    from homelog.service import open_journal
    from homelog.locations import resolve

    j = open_journal(resolve(db=db))
    try:
        j.add_device(name="roller", kind="roller", needle="0.5")
    finally:
        j.db.close()
    checkpoint(db)
    (tmp_path / "in.csv").write_text("date,area,needle_mm\n2025-02-01,face,0.2\n")
    import shutil

    shutil.copy(db, tmp_path / "backup.db")
    return db


@pytest.mark.parametrize("command", list(WRITES), ids=str)
def test_read_only_flag_refuses_every_write(command, tmp_path, cli):
    db = _ro_journal(tmp_path)
    before, rows = digest(db), snapshot(db)
    drop_sidecars(db)
    args = [a.replace("{tmp}", str(tmp_path)) for a in WRITES[command]]
    r = cli("--read-only", *args, db=db)
    assert r.code == ExitCode.CANNOT_WRITE, f"exit {r.code}: {r.out}{r.err}"
    assert "read-only" in r.err and str(db) in r.err and "Traceback" not in r.err
    drop_sidecars(db)
    assert digest(db) == before and snapshot(db) == rows


@pytest.mark.parametrize("command", list(READS), ids=str)
def test_read_only_flag_still_reads(command, tmp_path, cli):
    db = _ro_journal(tmp_path)
    before = digest(db)
    r = cli("--read-only", *READS[command], db=db)
    assert r.code == 0, r.err
    drop_sidecars(db)
    assert digest(db) == before


def test_read_only_flag_on_a_missing_journal_creates_nothing(tmp_path, cli):
    db = tmp_path / "sub" / "journal.db"
    r = cli("--read-only", "list", db=db)
    assert r.code == ExitCode.DAMAGED and f"There is no journal at {db}" in r.err
    assert not db.exists() and not db.parent.exists()


root = pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: file modes do not stop root from writing (covered by the --read-only tests)",
)


@root
def test_read_only_file_mode(tmp_path):
    db = _ro_journal(tmp_path)
    before = digest(db)
    os.chmod(db, 0o444)
    try:
        r = _run(db, *WRITES["add"])
        assert r.returncode == ExitCode.CANNOT_WRITE, r.stderr
        assert "Traceback" not in r.stderr and str(db) in r.stderr
    finally:
        os.chmod(db, 0o600)
    drop_sidecars(db)
    assert digest(db) == before


@root
def test_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = _ro_journal(folder)
    (folder / "in.csv").unlink()
    (folder / "backup.db").unlink()
    before = digest(db)
    os.chmod(folder, 0o555)
    try:
        r = _run(db, *WRITES["add"])
        assert r.returncode == ExitCode.CANNOT_WRITE, r.stderr
        assert "Traceback" not in r.stderr and str(db) in r.stderr
        r = _run(folder / "new.db", *WRITES["add"])
        assert r.returncode == ExitCode.CANNOT_WRITE, r.stderr
        assert "Traceback" not in r.stderr
    finally:
        os.chmod(folder, 0o700)
    assert digest(db) == before
