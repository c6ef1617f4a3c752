"""Shared fixtures. Every test runs with its own data and config folders, so
none can read or write a person's real journal or rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

TODAY = date(2025, 3, 1)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("HOMELOG_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOMELOG_CONFIG_DIR", str(home / "config" / "homelog"))
    monkeypatch.delenv("HOMELOG_DB", raising=False)
    monkeypatch.delenv("HOMELOG_TODAY", raising=False)
    return home


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


def make_empty_journal(path: Path) -> Path:
    """An empty journal at ``path`` (as ``homelog add`` would make it), if there is none."""
    if not path.exists():
        from homelog.store import open_database

        open_database(path).close()
    return path


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "journal.db"


@pytest.fixture
def cli(db_path, capsys):
    """Run the CLI in-process on a journal in tmp_path, with today = TODAY.

    The journal at ``db_path`` exists (empty) before the first command: a command
    that reads never makes one (issue 26). A ``db`` given is used as it is."""
    from homelog.cli.main import main

    def run(*args: str, today: date = TODAY, db: Path | None = None) -> Result:
        if db is None:
            make_empty_journal(db_path)
        code = main(["--db", str(db or db_path), *args], today=lambda: today)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def run_homelog(db_path):
    """Run ``python -m homelog`` in a real subprocess (end to end)."""

    def run(*args: str, today: date = TODAY, env: dict | None = None, db: Path | None = None, timeout=60) -> Result:
        full_env = {**os.environ, "HOMELOG_TODAY": today.isoformat(), **(env or {})}
        cmd = [sys.executable, "-m", "homelog"]
        if db is not False:
            cmd += ["--db", str(db or db_path)]
        proc = subprocess.run(cmd + list(args), capture_output=True, text=True, env=full_env, cwd=ROOT, timeout=timeout)
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run
