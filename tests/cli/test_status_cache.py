"""The cached answer of ``status --short`` / ``--json`` (homelog.status_cache) is
never stale: after a change by another process, a date rollover, a rules edit, a
restore or a sync, the very next ``homelog status --short`` gives the answer a
run without any cache gives.

Every run is a real ``python -m homelog`` process (the entry point a shell prompt
runs). "The truth" is the same command with a cache folder of its own that is
emptied before each run, so it can only compute."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from homelog import status_cache

ROOT = Path(__file__).resolve().parents[2]


class Homelog:
    def __init__(self, tmp: Path, db: Path):
        self.tmp, self.db = tmp, db
        self.cache = tmp / "cache"
        self.fresh = tmp / "fresh-cache"
        self.config = tmp / "config"
        self.config.mkdir(exist_ok=True)

    def env(self, today: str, cache: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HOMELOG_", "PYTHON"))}
        env.update(
            HOMELOG_TODAY=today,
            HOMELOG_CACHE_DIR=str(cache),
            HOMELOG_CONFIG_DIR=str(self.config),
            HOMELOG_SYNC_PASSPHRASE="a passphrase for the sync tests",
            PYTHONPATH=str(ROOT),
        )
        return env

    def run(self, *args: str, today: str = "2025-03-01", cache: Path | None = None, db: Path | None = None) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "homelog", "--db", str(db or self.db), *args],
            capture_output=True, text=True, env=self.env(today, cache or self.cache), timeout=120, cwd=self.tmp,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    def truth(self, *args: str, today: str = "2025-03-01") -> str:
        shutil.rmtree(self.fresh, ignore_errors=True)
        return self.run(*args, today=today, cache=self.fresh)

    def cached(self, form: str = "short", today: str = "2025-03-01") -> str | None:
        """What the cache alone answers (None: a miss). Asked in a process of its own:
        reading the journal's header from a process that holds SQLite connections to
        it (a test's) would drop that process's POSIX locks on it."""
        code = (
            "import sys; from homelog import status_cache as c\n"
            "a = c.answer(c.parse(sys.argv[1:]))\n"
            "sys.stdout.write('MISS' if a is None else 'HIT:' + a)\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code, "--db", str(self.db), "status", f"--{form}"],
            capture_output=True, text=True, env=self.env(today, self.cache), timeout=60, cwd=self.tmp,
        )
        assert proc.returncode == 0, proc.stderr
        return None if proc.stdout == "MISS" else proc.stdout.removeprefix("HIT:")

    def agree(self, today: str = "2025-03-01") -> str:
        """``status --short`` and ``--json`` as a prompt runs them equal the truth; returns the short line."""
        line = self.run("status", "--short", today=today)
        assert line == self.truth("status", "--short", today=today)
        doc = self.run("status", "--json", today=today)
        assert doc == self.truth("status", "--json", today=today)
        return line


@pytest.fixture
def hl(tmp_path) -> Homelog:
    h = Homelog(tmp_path, tmp_path / "journal.db")
    h.run("add", "--area", "face", "--needle", "0.5", "--date", "2025-02-25")
    return h


def test_a_status_is_kept_and_then_answered_from_the_cache(hl):
    assert hl.cached() is None
    assert hl.run("status", "--short") == "face 3d\n"  # 0.5 mm on the face rests it until 2025-03-04
    assert hl.cached() == "face 3d\n"
    assert hl.run("status", "--short") == "face 3d\n"
    doc = json.loads(hl.run("status", "--json"))
    assert doc["as_of"] == "2025-03-01"
    assert hl.cached("json") == hl.truth("status", "--json")
    (entry,) = (hl.cache / "status").iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE((hl.cache / "status").stat().st_mode) == 0o700


def test_a_date_rollover_gives_the_new_answer(hl):
    assert hl.agree() == "face 3d\n"
    # The same facts on the next days: the day counts move (from the cache, no journal read).
    assert hl.cached(today="2025-03-02") == "face 2d\n"
    assert hl.agree("2025-03-02") == "face 2d\n"
    assert hl.agree("2025-03-03") == "face 1d\n"
    # On the day the rest ends the cached answer is out of its range: computed anew.
    assert hl.cached(today="2025-03-04") is None
    assert hl.agree("2025-03-04") == ""
    # A clock set back is no reason to trust a later day's answer.
    assert hl.cached(today="2025-03-01") is None
    assert hl.agree("2025-03-01") == "face 3d\n"


def test_a_short_line_keeps_no_json_and_a_json_line_keeps_both(hl):
    """A --short miss does not import json to keep the document (issue 29's miss row):
    the first --json computes it, and from then on both forms are answered."""
    assert hl.run("status", "--short") == "face 3d\n"
    assert hl.cached("short") == "face 3d\n"
    assert hl.cached("json") is None
    assert hl.run("status", "--json") == hl.truth("status", "--json")
    assert hl.cached("json") == hl.truth("status", "--json")
    assert hl.cached("short") == "face 3d\n"


def test_the_json_answer_is_kept_for_its_own_day_only(hl):
    hl.agree()
    assert hl.cached("json") is not None
    assert hl.cached("json", today="2025-03-02") is None
    assert json.loads(hl.run("status", "--json", today="2025-03-02"))["as_of"] == "2025-03-02"


def test_a_change_by_another_homelog_process(hl):
    hl.agree()
    hl.run("add", "--area", "scalp", "--needle", "0.5", "--date", "2025-03-01")
    assert hl.cached() is None
    assert hl.agree().startswith("face 3d · scalp ")


def test_a_change_made_outside_homelog(hl):
    hl.agree()
    con = sqlite3.connect(hl.db)
    with con:
        con.execute("UPDATE sessions SET date = '2025-02-27' WHERE area = 'face'")
    con.close()
    assert hl.cached() is None
    assert hl.agree() == "face 5d\n"


def test_a_change_while_a_connection_holds_the_wal(hl):
    """The TUI keeps the journal open: commits stay in the WAL (the file's size and
    the WAL index change, the main file does not)."""
    hl.agree()
    holder = sqlite3.connect(hl.db)
    try:
        holder.execute("PRAGMA journal_mode=WAL")
        holder.execute("BEGIN")
        holder.execute("SELECT count(*) FROM sessions").fetchall()
        holder.execute("COMMIT")
        assert hl.agree() == "face 3d\n"
        with holder:
            holder.execute("UPDATE sessions SET date = '2025-02-26' WHERE area = 'face'")
        assert hl.cached() is None
        assert hl.agree() == "face 4d\n"
        with holder:
            holder.execute("UPDATE sessions SET date = '2025-02-24' WHERE area = 'face'")
        assert hl.agree() == "face 2d\n"
    finally:
        holder.close()
    assert hl.agree() == "face 2d\n"


def test_a_rules_edit(hl):
    hl.agree()
    rules = hl.config / "rules.toml"
    rules.write_text("[rest-period]\nenabled = false\n")
    assert hl.cached() is None
    assert hl.agree() == ""
    rules.write_text("[rest-period]\nenabled = true\n")
    assert hl.agree() == "face 3d\n"
    rules.unlink()
    assert hl.agree() == "face 3d\n"


def test_a_rules_file_given_with_rules_is_part_of_the_key(hl, tmp_path):
    hl.agree()
    other = tmp_path / "other.toml"
    other.write_text("[rest-period]\nenabled = false\n")
    assert hl.run("--rules", str(other), "status", "--short") == ""
    assert hl.run("--rules", str(other), "status", "--short") == ""
    assert hl.run("status", "--short") == "face 3d\n"


def test_a_restore(hl, tmp_path):
    hl.run("backup")
    (backup,) = (hl.db.parent / "backups").glob("*.db")
    hl.run("add", "--area", "scalp", "--needle", "0.5", "--date", "2025-03-01")
    assert hl.agree().startswith("face 3d · scalp ")
    hl.run("restore", str(backup))
    assert hl.cached() is None
    assert hl.agree() == "face 3d\n"


def test_a_sync(hl, tmp_path):
    folder = tmp_path / "sync"
    folder.mkdir()
    other = tmp_path / "other.db"
    hl.run("add", "--area", "legs", "--needle", "1.0", "--date", "2025-02-28", db=other)
    hl.run("sync", str(folder), db=other)
    assert hl.agree() == "face 3d\n"
    hl.run("sync", str(folder))
    assert hl.cached() is None
    assert hl.agree().startswith("face 3d · legs ")


def test_a_session_dated_ahead_counts_on_its_day(hl):
    hl.run("add", "--area", "neck", "--needle", "0.5", "--date", "2025-03-02")
    # today a session would make tomorrow's too soon (the shortest band rests the neck 7 days,
    # a stop): held until the 0.5 mm session's own rest ends, 2025-03-09
    assert hl.agree() == "face 3d · neck 8d\n"
    assert hl.cached(today="2025-03-02") is None  # valid until the session's day only
    assert hl.agree("2025-03-02").startswith("face 2d · neck ")


def test_another_journal_has_its_own_answer(hl, tmp_path):
    hl.agree()
    other = tmp_path / "other.db"
    hl.run("add", "--area", "scalp", "--needle", "1.0", "--date", "2025-03-01", db=other)
    assert hl.run("status", "--short", db=other).startswith("scalp ")
    assert hl.run("status", "--short", db=other).startswith("scalp ")
    assert hl.run("status", "--short") == "face 3d\n"


def test_a_damaged_cache_file_is_a_miss(hl):
    hl.agree()
    (entry,) = (hl.cache / "status").iterdir()
    entry.write_text("garbage\n")
    assert hl.cached() is None
    assert hl.agree() == "face 3d\n"


def test_a_cache_hit_loads_no_cli_no_argparse_no_rules(hl, tmp_path):
    hl.agree()
    out = tmp_path / "modules.json"
    code = (
        "import atexit, sys\n"
        f"def dump():\n    open({str(out)!r}, 'w').write('\\n'.join(sorted(sys.modules)))\n"
        "atexit.register(dump)\n"
        f"sys.argv = ['homelog', '--db', {str(hl.db)!r}, 'status', '--short']\n"
        "from homelog.__main__ import run\n"
        "run()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=hl.env("2025-03-01", hl.cache), timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "face 3d\n"
    modules = set(out.read_text().split("\n"))
    assert {m for m in modules if m.startswith("homelog")} == {"homelog", "homelog.__main__", "homelog.status_cache"}
    # What Python itself loads here (an editable install's finder loads pathlib) is no cost of homelog's.
    bare = subprocess.run(
        [sys.executable, "-c", "import sys; print('\\n'.join(sys.modules))"],
        capture_output=True, text=True, env=hl.env("2025-03-01", hl.cache), timeout=60,
    ).stdout.split("\n")
    added = modules - set(bare)
    assert not added & {"argparse", "sqlite3", "tomllib", "typing", "pathlib", "json", "datetime", "re"}, sorted(added)


def test_a_change_during_the_read_is_not_kept(tmp_path, monkeypatch, cli):
    """status signs the files before opening the journal and after closing it:
    when the two differ, nothing is kept."""
    cli("add", "--area", "face", "--needle", "0.5", "--date", "2025-02-25")
    monkeypatch.setenv("HOMELOG_CACHE_DIR", str(tmp_path / "cache"))
    signs = iter(["before", "after"])
    monkeypatch.setattr(status_cache, "signature", lambda db, rules: next(signs))
    assert cli("status", "--short").out == "face 3d\n"
    assert not (tmp_path / "cache" / "status").exists()


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["status", "--short"], ("short", None, None, False, False)),
        (["--db", "j.db", "status", "--json"], ("json", "j.db", None, False, False)),
        (["--db=j.db", "--rules", "r.toml", "--read-only", "status"], ("text", "j.db", "r.toml", True, False)),
        (["--debug", "status", "--short"], ("short", None, None, False, True)),
        (["status", "--short", "--json"], None),
        (["status", "--as-of", "2025-01-01", "--short"], None),
        (["status", "--sh"], None),
        (["--db", "--read-only", "status"], None),  # argparse: --db expected one argument
        (["--db", "a", "--db", "b", "status"], None),
        (["list"], None),
        (["status", "--short", "extra"], None),
    ],
)
def test_which_command_lines_the_cache_answers(argv, expected):
    got = status_cache.parse(argv)
    assert (None if got is None else (got.form, got.db, got.rules, got.read_only, got.debug)) == expected


@pytest.mark.parametrize("text", ["2025-03-01", "2024-02-29", "0001-01-01", "9999-12-31"])
def test_today_number_is_the_date_ordinal(text):
    from datetime import date

    assert status_cache.today_number({"HOMELOG_TODAY": text}) == date.fromisoformat(text).toordinal()


@pytest.mark.parametrize("text", ["2025-02-29", "2025-13-01", "2025-3-1", "today", "2025-03-01x"])
def test_a_bad_homelog_today_is_left_to_the_cli(text):
    assert status_cache.today_number({"HOMELOG_TODAY": text}) is None


def test_the_cache_folder_is_the_platforms_on_linux(monkeypatch):
    """The folder platformdirs gives on this platform (the markers' folder), computed without it."""
    if not (sys.platform.startswith("linux") or sys.platform == "darwin"):
        pytest.skip("no cache on this platform")
    from homelog.locations import default_cache_dir

    for env in ({"XDG_CACHE_HOME": "/tmp/xdg-cache"}, {"XDG_CACHE_HOME": ""}, {"XDG_CACHE_HOME": "relative"}):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("HOMELOG_CACHE_DIR", raising=False)
        assert status_cache.cache_dir() == str(default_cache_dir())


def test_the_origin_tells_apart_what_resolves_differently(tmp_path, monkeypatch):
    env = {"HOMELOG_DB": "/j/a.db", "HOME": "/home/me"}
    base = status_cache.origin(None, None, env)
    assert status_cache.origin("", None, env) != base  # --db "" ignores HOMELOG_DB
    assert status_cache.origin(None, None, {**env, "HOMELOG_DB": "/j/b.db"}) != base
    assert status_cache.origin(None, "r.toml", env) != base
    assert status_cache.origin(None, None, {**env, "XDG_CONFIG_HOME": "/c"}) != base
    assert status_cache.origin(None, None, dict(env)) == base
    # A relative path depends on the working folder; an absolute one does not.
    monkeypatch.chdir(tmp_path)
    here = status_cache.origin("j.db", None, env)
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert status_cache.origin("j.db", None, env) != here
    assert status_cache.origin("/abs/j.db", None, env) == status_cache.origin("/abs/j.db", None, env)


def test_an_entry_of_another_origin_under_the_same_name_is_a_miss(hl):
    hl.agree()
    (entry,) = (hl.cache / "status").iterdir()
    lines = entry.read_text().split("\n")
    lines[1] = "00" + lines[1]  # another origin's entry that happened to get this name
    entry.write_text("\n".join(lines))
    assert hl.cached() is None


@pytest.mark.skipif(os.name != "posix", reason="POSIX owners and modes")
def test_an_entry_others_could_write_is_not_taken(hl):
    hl.agree()
    (entry,) = (hl.cache / "status").iterdir()
    assert hl.cached() == "face 3d\n"
    entry.chmod(0o622)  # writable by the group and others: someone could have planted it
    assert hl.cached() is None
    entry.chmod(0o600)
    (hl.cache / "status").chmod(0o777)
    assert hl.cached() is None
