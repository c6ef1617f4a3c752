"""Issue 6.8 — an unexpected bug: exit 1 and a short "please report" line
without a traceback; with --debug the traceback is shown. Also: an interrupted
or failed write leaves nothing half-saved, and a closed pipe is not an error."""

from __future__ import annotations

import subprocess
import sys

import pytest

from homelog.errors import ExitCode
from homelog.service.journal_file import JournalFile

from ._support import HERE, child_env, homelog_cmd, make_journal, query

BROKEN_PIPE_SESSIONS = 2000  # enough output to overflow a pipe buffer


def _broken(*args, **kwargs):
    raise RuntimeError("kaboom: simulated bug in homelog")


def test_a_bug_gives_exit_1_and_a_short_message(tmp_path, cli, monkeypatch):
    monkeypatch.setattr(JournalFile, "status_report", _broken)
    r = cli("status", db=make_journal(tmp_path / "journal.db"))
    assert r.code == ExitCode.BUG
    assert "please report" in r.err and "--debug" in r.err
    assert "Traceback" not in r.err and "kaboom" not in r.err and r.err.count("\n") == 1


def test_debug_lets_the_traceback_through(tmp_path, cli, monkeypatch):
    monkeypatch.setattr(JournalFile, "status_report", _broken)
    with pytest.raises(RuntimeError, match="kaboom"):
        cli("--debug", "status", db=make_journal(tmp_path / "journal.db"))


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_a_bug_in_a_real_process(debug, tmp_path):
    db = make_journal(tmp_path / "journal.db")
    args = (["--debug"] if debug else []) + ["--db", str(db), "status"]
    proc = subprocess.run([sys.executable, str(HERE / "_bug_runner.py"), *args], capture_output=True, text=True,
                          env=child_env(), stdin=subprocess.DEVNULL, timeout=60)
    assert proc.returncode == ExitCode.BUG
    if debug:
        assert "Traceback (most recent call last)" in proc.stderr and "RuntimeError: kaboom" in proc.stderr
    else:
        assert "Traceback" not in proc.stderr and "please report" in proc.stderr


def test_home_errors_are_not_bugs_under_debug(tmp_path, cli):
    """--debug changes nothing for an error a person can fix: the same message and code."""
    r = cli("--debug", "add", "--area", "elbow", "--needle", "0.2", db=tmp_path / "journal.db")
    assert r.code == ExitCode.BAD_INPUT and "Unknown area" in r.err and "Traceback" not in r.err


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt], ids=["bug", "ctrl-c"])
def test_a_write_stopped_halfway_saves_nothing(error, tmp_path, cli, monkeypatch):
    """The session row is written, then its change-log row fails: all rolled back."""
    from homelog.store import repo

    db = make_journal(tmp_path / "journal.db", sessions=1)

    def fail(*args, **kwargs):
        raise error("stopped halfway")

    monkeypatch.setattr(repo, "record_change", fail)
    r = cli("add", "--area", "neck", "--needle", "0.2", "--override", "x", "--notes", "half", db=db)
    assert r.code == (130 if error is KeyboardInterrupt else ExitCode.BUG), r.err
    assert "Traceback" not in r.err
    monkeypatch.undo()
    assert query(db, "SELECT notes FROM sessions") == [("seed0",)]
    assert query(db, "SELECT count(*) FROM changes") == [(1,)]


def test_a_closed_pipe_is_not_an_error(tmp_path):
    """`homelog list | head -1`: exit 0, nothing on stderr."""
    import sqlite3

    db = make_journal(tmp_path / "journal.db")
    con = sqlite3.connect(db)
    con.executemany(
        "INSERT INTO sessions (uid, date, area, needle_um, notes, created_at, updated_at, origin) "
        "VALUES (?, '2025-01-01', 'face', 200, 'some notes here', '2025-01-01 00:00:00', '2025-01-01 00:00:00', 'test')",
        [(f"u{i}",) for i in range(BROKEN_PIPE_SESSIONS)],
    )
    con.commit()
    con.close()
    for args in (["list"], ["list", "--json"], ["export"]):
        proc = subprocess.Popen(homelog_cmd(db, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, env=child_env())
        proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode()
        proc.stderr.close()
        assert proc.wait(timeout=60) == 0, (args, err)
        assert err == "", (args, err)
