"""Performance guards that are not timings (issue 7).

Wall-clock budgets live in ``benchmarks/run.py`` (ratios against floors, run
by hand or on a quiet machine); a timing assertion on a shared CI runner
would be flaky. What CAN be checked exactly is what a command imports:

* the everyday commands (status, check, add, list, export) on an up-to-date
  journal never import Textual (the TUI's ~0.3 s) or Alembic (migrations'
  ~0.2 s); the read-only ones a prompt or a script runs often (status, check,
  list, where) and export and import do not even load SQLAlchemy (~0.2 s):
  they read through ``homelog.store.queries`` on plain ``sqlite3``
  connections (issue 15);
* nor ``dataclasses`` (a fifth of their start-up budget on Python 3.11);
* ``import homelog.cli.main`` alone imports neither Textual nor SQLAlchemy
  (the CLI is lazy: SQLAlchemy comes only with commands that open the
  journal), and ``homelog --help`` / ``homelog where`` stay that light.

Each command runs in a fresh interpreter (``sys.modules`` of a pytest process
is polluted by other tests) through ``homelog.cli.main.main(argv)``, which
returns instead of exiting; the wrapper then writes the imported top-level
packages to a side file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2025-03-01"
HEAVY = ("textual", "alembic")
WATCHED = ("textual", "alembic", "sqlalchemy", "platformdirs", "rich", "sqlite3", "dataclasses", "cryptography")
#: What the read-only commands must never import (``cryptography``: only a sync needs it).
ORM_OR_TUI = {"textual", "alembic", "sqlalchemy", "cryptography"}

# Runs main(argv), then records which watched packages got imported.
WRAPPER = """
import json, sys
from homelog.cli.main import main
code = main(sys.argv[2:])
watched = set(json.loads(sys.argv[1]))
mods = sorted(m for m in sys.modules if m.split('.')[0] in watched)
with open({out!r}, 'w') as f:
    json.dump({{'code': code, 'modules': mods}}, f)
"""


def _env(cache: Path | None = None) -> dict[str, str]:
    env = {**os.environ, "HOMELOG_TODAY": TODAY}
    if cache is not None:  # quick_check markers: never in the real cache folder
        env["HOMELOG_CACHE_DIR"] = str(cache)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    for name in ("HOMELOG_DB", "PYTHONSTARTUP"):
        env.pop(name, None)
    return env


def imported_by(tmp_path: Path, *argv: str) -> tuple[int, list[str], str]:
    """Run ``homelog ARGV`` in a fresh interpreter -> (exit code, watched modules imported, stderr)."""
    out = tmp_path / f"modules-{abs(hash(argv))}.json"
    code = WRAPPER.format(out=str(out))
    proc = subprocess.run(
        [sys.executable, "-c", code, json.dumps(WATCHED), *argv],
        capture_output=True,
        text=True,
        env=_env(tmp_path / "cache"),
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert out.is_file(), f"the wrapper did not finish (exit {proc.returncode}):\n{proc.stderr}"
    result = json.loads(out.read_text())
    return result["code"], result["modules"], proc.stderr


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in HEAVY]


def has_command(name: str) -> bool:
    from homelog.cli.main import build_parser

    parser = build_parser()
    for action in parser._subparsers._group_actions:  # argparse keeps subcommands here
        if name in (getattr(action, "choices", None) or {}):
            return True
    return False


@pytest.fixture(scope="module")
def journal(tmp_path_factory) -> Path:
    """An up-to-date journal with a device and a few sessions, made by homelog itself."""
    folder = tmp_path_factory.mktemp("perf-journal")
    db = folder / "journal.db"
    env = {**_env(folder / "cache"), "HOMELOG_CONFIG_DIR": str(folder / "config")}
    for args in (
        ["device", "add", "--name", "face pen", "--kind", "pen"],
        ["add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01", "--device", "1", "--disinfected"],
        ["add", "--area", "scalp", "--needle", "0.5", "--date", "2025-02-10", "--device", "1", "--disinfected"],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "homelog", "--db", str(db), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
    return db


READ_ONLY = {
    "status": ["status"],
    "status --json": ["status", "--json"],
    "status --short": ["status", "--short"],
    "check": ["check", "--area", "face", "--needle", "0.5", "--device", "1", "--disinfected"],
    "check --json": ["check", "--area", "scalp", "--needle", "0.25", "--json"],
    "list": ["list"],
    "list --json": ["list", "--json", "--area", "face"],
}


@pytest.mark.parametrize("name", list(READ_ONLY))
def test_read_only_commands_load_neither_the_orm_nor_migrations_nor_the_tui(tmp_path, journal, name):
    code, modules, err = imported_by(tmp_path, "--db", str(journal), *READ_ONLY[name])
    assert code in (0, 3), err  # check may say "stop" (3); it still ran completely
    top = {m.split(".")[0] for m in modules}
    assert not top & ORM_OR_TUI, f"`homelog {name}` imported {sorted(m for m in modules if m.split('.')[0] in ORM_OR_TUI)[:8]}"
    # On Python 3.11 `dataclasses` costs ~9 ms to import and ~1 ms per frozen class:
    # the records and rules these commands load are NamedTuples (records.py says why).
    assert "dataclasses" not in top, f"`homelog {name}` imported dataclasses"
    # Sanity check of the wrapper: these commands did open the journal.
    assert "sqlite3" in top


def test_add_imports_neither_textual_nor_alembic(tmp_path, journal):
    args = ["add", "--area", "neck", "--needle", "0.25", "--disinfected", "--notes", "guard"]
    code, modules, err = imported_by(tmp_path, "--db", str(journal), *args)
    assert code == 0, err
    assert heavy(modules) == [], f"`homelog add` imported {heavy(modules)[:8]}"
    assert "cryptography" not in {m.split(".")[0] for m in modules}
    # Sanity check of the wrapper: it does see SQLAlchemy when a command writes.
    assert any(m.split(".")[0] == "sqlalchemy" for m in modules)


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "file"])
def test_export_imports_neither_textual_nor_alembic(tmp_path, journal, to_file):
    if not has_command("export"):
        pytest.skip("`homelog export` is not built yet")
    args = ["export", "--format", "csv"]
    if to_file:
        args += ["-o", str(tmp_path / "out.csv")]
    code, modules, err = imported_by(tmp_path, "--db", str(journal), *args)
    assert code == 0, err
    assert heavy(modules) == [], f"`homelog export` imported {heavy(modules)[:8]}"
    # Export streams rows over plain sqlite3: the ORM is not even loaded.
    assert "sqlalchemy" not in {m.split(".")[0] for m in modules}


def test_import_does_not_load_sqlalchemy(tmp_path, journal):
    """Import validates, writes and checks over plain sqlite3 (Database.raw())."""
    import shutil
    import sqlite3

    def sessions() -> int:
        con = sqlite3.connect(db)
        try:
            return con.execute("SELECT count(*) FROM sessions WHERE area = 'neck' AND date = '2025-02-20'").fetchone()[0]
        finally:
            con.close()

    db = tmp_path / "copy.db"
    shutil.copy(journal, db)
    assert sessions() == 0
    source = tmp_path / "in.csv"
    source.write_text("date,area,needle_mm,device,device_kind\n2025-02-20,neck,0.25,new roller,pen\n")
    code, modules, err = imported_by(tmp_path, "--db", str(db), "import", str(source), "--json")
    assert code == 0, err
    top = {m.split(".")[0] for m in modules}
    assert not top & {"textual", "alembic", "sqlalchemy"}, sorted(top)
    assert sessions() == 1  # the wrapper's run was a real import


def test_only_sync_loads_cryptography(tmp_path, journal, monkeypatch):
    """Control for the guards above: a sync does import ``cryptography`` (and so
    the read-only commands' not importing it means something)."""
    import shutil

    db = tmp_path / "copy.db"
    shutil.copy(journal, db)
    folder = tmp_path / "Sync"
    folder.mkdir()
    monkeypatch.setenv("HOMELOG_SYNC_PASSPHRASE", "perf guard passphrase")
    code, modules, err = imported_by(tmp_path, "--db", str(db), "sync", str(folder))
    assert code == 0, err
    assert "cryptography" in {m.split(".")[0] for m in modules}


def test_the_guard_sees_alembic_when_a_migration_runs(tmp_path):
    """Control: on a schema-0001 journal, status must migrate, so Alembic shows up.
    (Proves the wrapper really reports what a command imported.)"""
    import sqlite3

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    try:
        con.executescript((ROOT / "tests" / "fixtures" / "journal_0001.sql").read_text())
    finally:
        con.close()
    code, modules, err = imported_by(tmp_path, "--db", str(db), "status")
    assert code == 0, err
    assert "alembic" in {m.split(".")[0] for m in modules}


def test_cli_module_alone_is_light(tmp_path):
    """`import homelog.cli.main` imports neither Textual nor SQLAlchemy (nor Alembic)."""
    out = tmp_path / "modules.json"
    code = (
        "import json, sys\n"
        "import homelog.cli.main\n"
        f"json.dump(sorted(m for m in sys.modules if m.split('.')[0] in {WATCHED!r}), open({str(out)!r}, 'w'))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    modules = json.loads(out.read_text())
    top = {m.split(".")[0] for m in modules}
    assert not top & {"textual", "sqlalchemy", "alembic", "rich"}, sorted(top)


@pytest.mark.parametrize("argv", [["--help"], ["where"], ["where", "--json"]], ids=["--help", "where", "where --json"])
def test_commands_without_a_journal_do_not_load_sqlalchemy(tmp_path, argv):
    code, modules, err = imported_by(tmp_path, "--db", str(tmp_path / "none.db"), *argv)
    assert code == 0, err
    top = {m.split(".")[0] for m in modules}
    assert not top & {"textual", "sqlalchemy", "alembic"}, sorted(top)
    assert not (tmp_path / "none.db").exists(), "a command that needs no journal created one"


def test_version_loads_no_command_module(tmp_path):
    """`homelog --version` answers before the parser and the command modules load
    (issue 15: its budget is 2x `python -c pass`)."""
    out = tmp_path / "modules.json"
    code = (
        "import json, sys\n"
        "from homelog.cli.main import main\n"
        "assert main(['--version']) == 0\n"
        f"json.dump(sorted(m for m in sys.modules if m.startswith('homelog')), open({str(out)!r}, 'w'))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("homelog "), proc.stdout
    loaded = set(json.loads(out.read_text()))
    assert not loaded & {"homelog.cli.sessions", "homelog.cli.admin", "homelog.cli.output", "homelog.records"}, sorted(loaded)


def test_status_loads_neither_hashlib_nor_importlib_resources(tmp_path, journal):
    """The quick_check marker's name needs no OpenSSL, and the shipped rules are
    read beside their module (issue 15: each was a few ms of every status)."""
    out = tmp_path / "modules.json"
    code = (
        "import json, sys\n"
        "from homelog.cli.main import main\n"
        f"code = main(['--db', {str(journal)!r}, 'status'])\n"
        f"json.dump(sorted(m for m in sys.modules if m in ('hashlib', 'importlib.resources')), open({str(out)!r}, 'w'))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(tmp_path / "cache"), cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text()) == []


@pytest.mark.parametrize("form", [[], ["--short"], ["--json"]], ids=["status", "--short", "--json"])
def test_a_status_line_runs_without_argparse_and_a_second_without_tomllib(tmp_path, journal, form):
    """``homelog status [--short|--json]`` (the entry point, homelog.__main__) skips the
    parser (issue 29), and once the rules are kept compiled it skips tomllib too."""
    out = tmp_path / "modules.txt"
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(out)!r}, 'w').write('\\n'.join(sys.modules)))\n"
        f"sys.argv = ['homelog', '--db', {str(journal)!r}, 'status', *{form!r}]\n"
        "from homelog.__main__ import run\n"
        "run()\n"
    )
    env = {**_env(tmp_path / "cache"), "HOMELOG_CONFIG_DIR": str(tmp_path / "config")}
    for attempt in (1, 2):
        (tmp_path / "cache" / "status").mkdir(parents=True, exist_ok=True)
        for kept in (tmp_path / "cache" / "status").iterdir():
            kept.unlink()  # a computed answer each time, not a cached one
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
        assert proc.returncode == 0, proc.stderr
        modules = set(out.read_text().split("\n"))
        assert "homelog.service.journal_file" in modules  # it did compute
        assert "argparse" not in modules
        # input checks and the figures' ranges are for the commands that take input or show rules
        assert "homelog.validate" not in modules and "homelog.rules.derive" not in modules
        if attempt == 2:
            assert "tomllib" not in modules


#: A status line through the console script's entry point (``homelog.__main__.run``,
#: which exits): the modules it imported, one a line, written at exit (not with json:
#: whether the line imports json is asked).
ENTRY = """
import atexit, sys
atexit.register(lambda: open({out!r}, 'w').write(chr(10).join(sorted(sys.modules))))
sys.argv = ['homelog', *sys.argv[1:]]
from homelog.__main__ import run
run()
"""


@pytest.mark.parametrize("form", [[], ["--short"], ["--json"]], ids=["text", "short", "json"])
def test_a_status_line_imports_neither_typing_nor_argparse(tmp_path, journal, form):
    """Issue 29: ``typing`` (with the contextlib and warnings it brings, about 2 ms)
    and ``argparse`` stay out of an uncached status: the records are
    ``homelog.record_type.Record``s and the modules name types under ``TYPE_CHECKING``
    only. (The first run of a new cache folder parses the rule files with ``tomllib``,
    which imports typing: the second run is the one a prompt makes.)"""
    out = tmp_path / "modules.json"
    env = {**_env(tmp_path / "cache"), "HOMELOG_CONFIG_DIR": str(tmp_path / "config")}
    answers = tmp_path / "cache" / "status"
    for _run in ("first", "second"):
        if answers.exists():  # never a cached answer: the status is computed
            for entry in answers.iterdir():
                entry.unlink()
        proc = subprocess.run(
            [sys.executable, "-c", ENTRY.format(out=str(out)), "--db", str(journal), "status", *form],
            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
    modules = set(out.read_text().split("\n"))
    assert "homelog.service.journal_file" in modules  # it did compute the status
    assert not modules & {"typing", "argparse", "tomllib", "dataclasses"}, sorted(modules & {"typing", "argparse", "tomllib", "dataclasses"})
    if "--json" not in form:
        assert "json" not in modules  # a --short line keeps no JSON document (status_cache.write)
