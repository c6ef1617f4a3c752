"""Issue 26 — read-only places and missing journals: a journal in a folder homelog
cannot write, or opened with --read-only, serves every read command (writes get
exit 6); a command that reads never makes a journal: a path with none is exit 4
"no journal at PATH", a dangling symbolic link says so."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from homelog.errors import ExitCode

from ._support import checkpoint, child_env, digest, drop_sidecars, homelog_cmd, make_journal

READS = {
    "status": ["status"],
    "status --short": ["status", "--short"],
    "status --json": ["status", "--json"],
    "check": ["check", "--area", "neck", "--needle", "0.2"],  # the face has today's sessions: a stop
    "list": ["list"],
    "device list": ["device", "list"],
    "react list": ["react", "1"],
    "condition list": ["condition", "list"],
    "export": ["export"],
    "export json": ["export", "--format", "json"],
    "doctor": ["doctor"],
    "sync --status": ["sync", "--status", "{sync}"],
}
WRITES = {
    "add": ["add", "--area", "face", "--needle", "0.2", "--override", "x"],
    "react": ["react", "1", "--redness", "1"],
    "condition add": ["condition", "add", "acne"],
    "sync": ["sync", "{sync}"],
    "device add": ["device", "add", "--name", "r", "--kind", "pen"],
    "undo": ["undo"],
}


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    """A sync folder's passphrase, as a script gives it (the sync tests' own)."""
    from tests.sync.conftest import PASSPHRASE

    monkeypatch.setenv("HOMELOG_SYNC_PASSPHRASE", PASSPHRASE)


def _journal(folder: Path) -> Path:
    path = make_journal(folder / "journal.db", sessions=2)
    checkpoint(path)
    return path


def _argv(args: list[str], tmp_path: Path) -> list[str]:
    (tmp_path / "Sync").mkdir(exist_ok=True)
    return [a.replace("{sync}", str(tmp_path / "Sync")) for a in args]


@pytest.mark.parametrize("command", list(READS))
def test_read_only_flag_serves_every_read(command, tmp_path, cli):
    path = _journal(tmp_path)
    before = digest(path)
    r = cli("--read-only", *_argv(READS[command], tmp_path), db=path)
    assert r.code == 0, r.err
    drop_sidecars(path)
    assert digest(path) == before


@pytest.mark.parametrize("command", ["react", "condition add", "sync"])
def test_read_only_flag_refuses_the_skin_and_sync_writes(command, tmp_path, cli):
    """Untested before issue 26 (a mutation audit): --read-only with react, condition, sync."""
    path = _journal(tmp_path)
    before = digest(path)
    r = cli("--read-only", *_argv(WRITES[command], tmp_path), db=path)
    assert r.code == ExitCode.CANNOT_WRITE and "read-only" in r.err, r.err
    drop_sidecars(path)
    assert digest(path) == before
    assert list((tmp_path / "Sync").iterdir()) == []  # no sync file written either


def _chattr(flag: str, path: Path) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder nobody can write, not even root: made immutable (chattr +i), else 0555
    when not running as root; skipped where neither stops a write."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = _journal(folder)
    if _chattr("+i", folder):
        yield path
        _chattr("-i", folder)
        return
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        os.chmod(folder, 0o555)
        yield path
        os.chmod(folder, 0o700)
        return
    pytest.skip("cannot make a folder read-only for this user")


@pytest.mark.parametrize("command", list(READS))
def test_a_journal_in_a_read_only_folder_serves_every_read(command, read_only_folder, tmp_path):
    path = read_only_folder
    before = digest(path)
    # a real process: nothing cached from other tests, the real cache folder
    proc = subprocess.run(homelog_cmd(path, *_argv(READS[command], tmp_path)), capture_output=True, text=True, env=child_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert digest(path) == before and sorted(p.name for p in path.parent.iterdir()) == ["journal.db"]


@pytest.mark.parametrize("command", list(WRITES))
def test_a_journal_in_a_read_only_folder_refuses_writes_with_exit_6(command, read_only_folder, tmp_path):
    path = read_only_folder
    proc = subprocess.run(homelog_cmd(path, *_argv(WRITES[command], tmp_path)), capture_output=True, text=True, env=child_env(), timeout=60)
    assert proc.returncode == ExitCode.CANNOT_WRITE, proc.stderr
    assert "Cannot write to the journal" in proc.stderr and "Traceback" not in proc.stderr


READ_COMMANDS = {k: v for k, v in READS.items() if k != "doctor"} | {
    "edit": ["edit", "1", "--notes", "x"],
    "delete": ["delete", "1"],
    "undo": ["undo"],
    "backup": ["backup"],
    "read-only status": ["--read-only", "status"],
}


@pytest.mark.parametrize("command", list(READ_COMMANDS) + ["doctor"])
def test_no_journal_at_the_path_is_exit_4_and_nothing_is_made(command, tmp_path, cli):
    path = tmp_path / "typo" / "journal.db"
    args = _argv(READ_COMMANDS.get(command, ["doctor"]), tmp_path)
    r = cli(*args, db=path)
    assert r.code == ExitCode.DAMAGED, r.out + r.err
    assert f"There is no journal at {path}" in r.err + r.out
    assert not path.parent.exists()


def test_the_commands_that_make_a_journal_still_do(tmp_path, cli):
    for args in (["add", "--area", "face", "--needle", "0.2"], ["device", "add", "--name", "r", "--kind", "pen"], ["condition", "add", "acne"]):
        path = tmp_path / args[0] / "journal.db"
        assert cli(*args, db=path).code == 0 and path.exists()
    csv = tmp_path / "in.csv"
    csv.write_text("date,area,needle_mm\n2025-02-01,face,0.2\n")
    assert cli("import", str(csv), db=tmp_path / "i" / "journal.db").code == 0


def test_a_dangling_symbolic_link_says_so(tmp_path, cli):
    link = tmp_path / "journal.db"
    link.symlink_to(tmp_path / "gone" / "journal.db")
    for args in (["status"], ["add", "--area", "face", "--needle", "0.2"]):
        r = cli(*args, db=link)
        assert r.code == ExitCode.DAMAGED, r.err
        assert "symbolic link" in r.err and "does not exist" in r.err and "read-only" not in r.err
    assert not (tmp_path / "gone").exists()


def test_the_tui_with_a_missing_db_path_is_exit_4(tmp_path):
    path = tmp_path / "nope" / "journal.db"
    proc = subprocess.run(homelog_cmd(path), capture_output=True, text=True, env=child_env(TERM="dumb"), stdin=subprocess.DEVNULL, timeout=30)
    assert proc.returncode == ExitCode.DAMAGED and "There is no journal at" in proc.stderr
    assert not path.parent.exists()
