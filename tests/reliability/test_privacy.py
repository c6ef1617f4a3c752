"""Issue 6.7 — privacy: private files (0600, folders 0700) even under umask
000; no session data in messages or logs; SQLAlchemy hides parameters; no
network code anywhere, and everything works with the network cut off."""

from __future__ import annotations

import ast
import json
import logging
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import homelog
from homelog.errors import ExitCode

from ._support import HERE, child_env, make_journal

SECRET = "SECRET-7f3c2a-rash-on-left-cheek"
PACKAGE = Path(homelog.__file__).resolve().parent
FORBIDDEN_MODULES = {
    "socket", "socketserver", "ssl", "http", "urllib", "urllib3", "requests", "httpx", "aiohttp",
    "ftplib", "smtplib", "poplib", "imaplib", "nntplib", "telnetlib", "xmlrpc", "webbrowser",
    "paramiko", "websocket", "websockets", "grpc",
}
FORBIDDEN_ASYNCIO = {"open_connection", "start_server", "open_unix_connection", "start_unix_server", "create_connection", "StreamReader", "StreamWriter", "streams"}


# -- file modes ------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_every_file_is_private_even_under_umask_000(tmp_path):
    proc = subprocess.run([sys.executable, str(HERE / "_umask_child.py"), str(tmp_path)], capture_output=True,
                          text=True, env=child_env(), stdin=subprocess.DEVNULL, timeout=60)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert set(report["codes"].values()) == {0}, report["codes"]
    modes = report["modes"]
    journal = "new/folder/journal.db"
    for side in ("", "-wal", "-shm"):
        assert modes.get(journal + side) == "0o600", (journal + side, modes)
    assert modes["new/folder"] == "0o700", modes
    assert modes["new"] == "0o700", modes  # every folder homelog makes, not only the last
    cache = [p for p in modes if p.startswith("cache")]
    markers = [p for p in cache if p.startswith("cache/deep/homelog/checked/")]
    assert markers, modes
    # Besides the markers, the cache holds parsed rules files and cached status answers (issue 29).
    files = [p for p in cache if p.startswith(("cache/deep/homelog/checked/", "cache/deep/homelog/rules/", "cache/deep/homelog/status/"))]
    assert any(p.startswith("cache/deep/homelog/rules/") for p in files), modes
    for p in cache:
        assert modes[p] == ("0o600" if p in files else "0o700"), (p, modes)
    backups = [p for p in modes if p.startswith("new/folder/backups/")]
    assert modes["new/folder/backups"] == "0o700"
    assert len(backups) >= 2, modes  # `backup` and restore's copy of the journal it replaced
    for p in backups + ["copy.db", "all.csv", "all.json"]:
        assert modes[p] == "0o600", (p, modes)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_marker_someone_else_could_write_is_not_trusted(tmp_path, monkeypatch):
    """A marker says "this file's bytes were checked": one in a folder others may
    write (or writable by others itself) could be planted, so the check runs."""
    from homelog.store import inspection

    monkeypatch.setenv("HOMELOG_CACHE_DIR", str(tmp_path / "cache"))
    path = make_journal(tmp_path / "journal.db", sessions=1)
    assert inspection.inspect(path).checked is False  # homelog's own write left a marker
    marker = inspection._marker(path)
    assert oct(marker.stat().st_mode & 0o777) == "0o600"
    os.chmod(marker, 0o666)
    assert inspection.inspect(path).checked is True  # not trusted: checked again (and re-made 0600)
    assert oct(marker.stat().st_mode & 0o777) == "0o600"
    assert inspection.inspect(path).checked is False
    os.chmod(marker.parent, 0o777)
    assert inspection.inspect(path).checked is True


# -- no session data in messages or logs ---------------------------------------------------


def test_engines_hide_parameters(tmp_path):
    from homelog.store import open_database

    path = make_journal(tmp_path / "journal.db")
    for read_only in (False, True):
        db = open_database(path, read_only=read_only)
        try:
            assert db.engine.hide_parameters is True
        finally:
            db.close()


@pytest.fixture
def short_busy(monkeypatch):
    from homelog.store import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.5)


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_locked_journal_message_holds_no_session_data(tmp_path, cli, short_busy, debug):
    db = make_journal(tmp_path / "journal.db", sessions=1)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        flags = ["--debug"] if debug else []
        for args in (["add", "--area", "face", "--needle", "0.2", "--override", SECRET, "--notes", SECRET],
                     ["edit", "1", "--notes", SECRET]):
            r = cli(*flags, *args, db=db)
            assert r.code == ExitCode.LOCKED, r.err
            assert "busy" in r.err and str(db) in r.err and "Traceback" not in r.err
            assert SECRET not in r.err + r.out
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert cli("list", "--json", db=db).json()[0]["notes"] == "seed0"


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_driver_error_message_holds_no_session_data(tmp_path, cli, debug):
    """A statement fails inside SQLite (a trigger stands in for any constraint
    or driver error): the message must not echo the row being written."""
    db = make_journal(tmp_path / "journal.db", sessions=1)
    con = sqlite3.connect(db)
    con.execute("CREATE TRIGGER no_writes BEFORE INSERT ON sessions BEGIN SELECT RAISE(ABORT, 'refused by test'); END")
    con.execute("CREATE TRIGGER no_edits BEFORE UPDATE ON sessions BEGIN SELECT RAISE(ABORT, 'refused by test'); END")
    con.commit()
    con.close()
    flags = ["--debug"] if debug else []
    for args in (["add", "--area", "face", "--needle", "0.2", "--override", SECRET, "--notes", SECRET],
                 ["edit", "1", "--notes", SECRET]):
        r = cli(*flags, *args, db=db)
        assert r.code not in (0, ExitCode.BAD_INPUT, ExitCode.REFUSED), r.err
        assert "Traceback" not in r.err and str(db) in r.err
        assert SECRET not in r.err + r.out
    assert [s["notes"] for s in cli("list", "--json", db=db).json()] == ["seed0"]


def test_sqlalchemy_logging_never_sees_session_data(tmp_path, cli, caplog):
    """Even with SQLAlchemy's statement logging switched on (INFO, what
    ``echo=True`` does), the parameters — the notes — are not logged. (At DEBUG,
    ``echo="debug"``, SQLAlchemy logs result rows: homelog never turns that on.)"""
    db = make_journal(tmp_path / "journal.db")
    engine_logger = logging.getLogger("sqlalchemy.engine")
    old = engine_logger.level
    engine_logger.setLevel(logging.INFO)
    try:
        with caplog.at_level(logging.INFO):
            assert cli("add", "--area", "face", "--needle", "0.2", "--override", "x", "--notes", SECRET, db=db).code == 0
            assert cli("edit", "1", "--notes", SECRET + "2", db=db).code == 0
            assert cli("list", "--json", db=db).code == 0
    finally:
        engine_logger.setLevel(old)
    assert "INSERT INTO sessions" in caplog.text  # the log did capture the statements
    assert SECRET not in caplog.text


def test_homelog_configures_no_logging(tmp_path, cli):
    """No handler, no level change: nothing homelog runs can start logging rows."""
    root, engine = logging.getLogger(), logging.getLogger("sqlalchemy")
    before = (list(root.handlers), root.level, list(engine.handlers), engine.level, logging.getLogger("sqlalchemy.engine").level)
    db = tmp_path / "journal.db"
    assert cli("add", "--area", "face", "--needle", "0.2", "--override", "x", db=db).code == 0
    assert cli("list", db=db).code == 0
    after = (list(root.handlers), root.level, list(engine.handlers), engine.level, logging.getLogger("sqlalchemy.engine").level)
    assert after == before


def test_session_data_stays_in_the_journal_its_backups_and_exports(tmp_path, cli, isolated_home):
    """After a day of use, the secret is in no other file: not in a cache,
    config, log or temporary file."""
    db = tmp_path / "data" / "journal.db"
    (tmp_path / "out").mkdir()
    assert cli("add", "--area", "face", "--needle", "0.2", "--override", SECRET, "--notes", SECRET, db=db).code == 0
    for args in (["list"], ["status"], ["doctor"], ["export", "-o", str(tmp_path / "out" / "all.csv")], ["backup"],
                 ["edit", "1", "--notes", SECRET + " edited"], ["undo"], ["check", "--area", "face", "--needle", "0.2"]):
        r = cli(*args, db=db)
        assert r.code in (0, ExitCode.REFUSED), (args, r.err)
        assert SECRET not in r.err
    allowed = {db, db.with_name(db.name + "-wal"), tmp_path / "out" / "all.csv"}
    leaks = []
    for root in (tmp_path, isolated_home):
        for p in root.rglob("*"):
            if p.is_file() and p not in allowed and p.parent.name != "backups" and SECRET.encode() in p.read_bytes():
                leaks.append(p)
    assert not leaks, f"session data found in {leaks}"


# -- no network ------------------------------------------------------------------------


def _network_uses(source: str, filename: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "asyncio" or node.module.startswith("asyncio."):
                found += [f"from {node.module} import {a.name}" for a in node.names if a.name in FORBIDDEN_ASYNCIO]
                if node.module == "asyncio.streams":
                    found.append("asyncio.streams")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "asyncio":
            if node.attr in FORBIDDEN_ASYNCIO:
                found.append(f"asyncio.{node.attr}")
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            fn = node.func
            fname = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
            if fname in ("__import__", "import_module") and isinstance(node.args[0].value, str):
                names = [node.args[0].value]
        for name in names:
            if name.split(".")[0] in FORBIDDEN_MODULES:
                found.append(f"{name} (line {node.lineno})")
    return found


def test_the_network_checker_finds_network_code():
    sample = ("import socket\nfrom urllib.request import urlopen\nimport http.client as h\n"
              "import asyncio\nasyncio.open_connection('x', 1)\nfrom asyncio import start_server\n"
              "__import__('requests')\nimport importlib\nimportlib.import_module('ssl')\nimport webbrowser\n")
    assert len(_network_uses(sample, "sample.py")) == 8


def test_no_network_code_in_homelog():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 20
    uses = {str(f.relative_to(PACKAGE.parent)): u for f in files if (u := _network_uses(f.read_text(encoding="utf-8"), str(f)))}
    assert not uses, f"network code in homelog: {uses}"


def test_everything_works_with_the_network_cut_off(tmp_path, cli, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("homelog tried to use the network")

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
        monkeypatch.setattr(socket, name, no_network)
    db = tmp_path / "journal.db"
    for args in (["add", "--area", "face", "--needle", "0.2", "--disinfected", "--notes", "offline"],
                 ["status"], ["list"], ["check", "--area", "neck", "--needle", "0.2"],
                 ["device", "add", "--name", "pen", "--kind", "pen"], ["device", "list"],
                 ["export", "-o", str(tmp_path / "all.csv")], ["import", str(tmp_path / "all.csv")],
                 ["backup"], ["doctor"], ["where"], ["rules"], ["undo"]):
        r = cli(*args, db=db)
        assert r.code == 0, (args, r.err)
    assert "network" not in r.err
