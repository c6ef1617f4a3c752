"""Issue 6.6 — hostile input: random command lines and random import files
never make homelog crash (no exception out of ``main``, no exit 1), exit only
with the documented codes, and never half-save: a failed command leaves every
table exactly as it was; a successful ``add`` adds exactly one session."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import sqlite3
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homelog.errors import ExitCode

from ._support import integrity, make_journal, query, snapshot

ARGV_FUZZ_EXAMPLES = 300  # random command lines, one journal for all of them
IMPORT_FUZZ_EXAMPLES = 150  # random CSV files imported into one journal
TODAY = date(2025, 3, 1)
# HOMELOG_FUZZ_EXPLORE=N: N random (not the fixed) examples per fuzz, to hunt for new bugs.
EXPLORE = int(os.environ.get("HOMELOG_FUZZ_EXPLORE", "0"))
if EXPLORE:
    ARGV_FUZZ_EXAMPLES = IMPORT_FUZZ_EXAMPLES = EXPLORE

FUZZ_SETTINGS = dict(
    deadline=None,
    database=None,  # nothing written outside tests/reliability
    derandomize=not EXPLORE,  # the same examples on every run: a failure is reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- the journal and files the examples work in ------------------------------------------


@pytest.fixture
def playground(tmp_path, monkeypatch):
    """A journal with a device and sessions, and a deep working folder so that
    relative paths like ../../etc stay inside tmp_path; files to import/restore."""
    work = tmp_path / "a" / "b" / "c" / "work"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    db = make_journal(tmp_path / "journal.db", sessions=3)
    from homelog.cli.main import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["--db", str(db), "device", "add", "--name", "roller", "--kind", "roller", "--needle", "0.5"], today=lambda: TODAY) == 0
        assert main(["--db", str(db), "backup", "-o", str(work / "backup.db")], today=lambda: TODAY) == 0
    (work / "good.csv").write_text("date,area,needle_mm,notes\n2025-02-01,face,0.2,imported\n")
    (work / "bad.csv").write_text("date,area,needle_mm\n2025-02-01,face,0.2\n2025-02-30,face,0.2\n")
    (work / "binary.csv").write_bytes(bytes(range(256)) * 4)
    (work / "empty.csv").write_text("")
    (work / "notes.txt").write_text("not a journal\n")
    (work / "folder").mkdir()
    return db


def run_main(db: Path, argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """``main`` in-process: any exception escaping it fails the test (a crash)."""
    from homelog.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    old_stdin = sys.stdin
    sys.stdin = fake_stdin
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--db", str(db), *argv], today=lambda: TODAY)
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


# -- command lines -----------------------------------------------------------------------

HOSTILE = [
    "", " ", "-", "--", "\x00", "a\x00b", "\n", "\t", "\u202e", "\ufeff", "\udcff", "é", "👍",
    "0", "-1", "1", "2", "3", "0.0", "0.1", "0.25", "0.25mm", "3", "3.0", "3.01", ".5", "5.", "00.5",
    "1e3", "1e-1", "nan", "NaN", "inf", "-inf", "Infinity", "0x10", "1_000", "10**100",
    "99999999999999999999", "9" * 18, "9" * 19, "9" * 400, "-" + "9" * 30,
    "٣", "١٢", "１２", "²", "໓", "𝟗",
    "2025-02-30", "2025-02-29", "2024-02-29", "2025-13-01", "2025-00-10", "0000-01-01", "0001-01-01",
    "9999-12-31", "2025-3-1", "2025/03/01", "20250301", "2025-03-01T10:00", "2025-03-02", "2025-03-03", "２０２５-０３-０１",
    "face", "FACE", " neck ", "Face\u200b", "../../etc", "../../etc/passwd", "..", ".", "/", "~", "$HOME", "face;DROP TABLE sessions",
    "roller", "stamp", "pen", "ROLLER", "csv", "json", "xml",
    "=1+2", "@SUM(A1)", "'quoted", '"', "x" * 81, "x" * 501, "x" * 2001, "y" * 20000,
]
PATHS = ["good.csv", "bad.csv", "binary.csv", "empty.csv", "notes.txt", "missing.csv", "folder", "backup.db",
         "../../etc/passwd", "-", "out.csv", "out.json", "nodir/out.csv", "folder/out.json"]
IDS = ["1", "2", "3", "4", "0", "-1", "1.0", "٣", "１", " 1 ", "9" * 18, "9" * 19, "99999999999999999999", "x"]
AREAS = ["face", "neck", "scalp", "legs", "chest"]
NEEDLES = ["0.2", "0.25", "0.5", "1.0", "1.5", "2.5"]
DATES = ["2025-03-01", "2025-02-27", "2025-01-15", "2024-12-31", "2025-03-02", "2026-01-01"]

# For each command (its words): the options it takes.
OPTIONS = {
    "add": ["--area", "--needle", "--date", "--device", "--disinfected", "--not-disinfected", "--notes", "--override", "--json"],
    "check": ["--area", "--needle", "--date", "--device", "--disinfected", "--not-disinfected", "--json"],
    "list": ["--area", "--from", "--to", "--limit", "--json"],
    "edit": ["--area", "--needle", "--date", "--device", "--disinfected", "--not-disinfected", "--notes", "--override", "--json"],
    "delete": ["--json"],
    "undo": ["--json"],
    "status": ["--as-of", "--json"],
    "rules": ["--json"],
    "where": ["--json"],
    "doctor": ["--json"],
    "device add": ["--name", "--kind", "--needle", "--json"],
    "device list": ["--json"],
    "device retire": ["--json"],
    "export": ["--format", "--output", "-o", "--area", "--from", "--to", "--excel"],
    "import": ["--format", "--json"],
    "backup": ["--output", "-o", "--json"],
    "restore": ["--json"],
}
# add and edit, where half-saving could happen, come up most often.
WEIGHTED_COMMANDS = sorted(OPTIONS) + ["add"] * 8 + ["edit"] * 3 + ["check", "delete", "undo", "import"]
REQUIRED = {"add": ["--area", "--needle"], "check": ["--area", "--needle"], "device add": ["--name", "--kind"]}
POSITIONAL = {"edit": IDS, "delete": IDS, "device retire": IDS, "import": PATHS, "restore": PATHS}
FLAGS = {"--disinfected", "--not-disinfected", "--json", "--excel"}
GOOD = {
    "--area": AREAS, "--needle": NEEDLES, "--date": DATES, "--from": DATES, "--to": DATES, "--as-of": DATES,
    "--device": ["1", "2"], "--notes": ["fine", "", "a\nb"], "--override": ["because", ""], "--limit": ["0", "1", "5"],
    "--name": ["pen", "roller 2"], "--kind": ["roller", "stamp", "pen"], "--format": ["csv", "json"],
    "--output": PATHS, "-o": PATHS,
}
ALL_OPTIONS = sorted({o for opts in OPTIONS.values() for o in opts} | {"--help", "-h", "--version", "--db", "--read-only"})
# Commands that name a file of their own: a missing folder (6) or a bad backup (4) is the user's file, not the journal.
FILE_COMMANDS = {"export", "backup", "restore", "import"}

random_text = st.text(max_size=24)


def value_for(option: str, hostile: bool):
    good = GOOD.get(option, [])
    choices = [st.sampled_from(HOSTILE), random_text, st.integers(-10**25, 10**25).map(str), st.floats().map(str)]
    if good and not hostile:
        return st.sampled_from(good)
    return st.one_of(choices)


@st.composite
def command_lines(draw):
    command = draw(st.sampled_from(WEIGHTED_COMMANDS))
    words = command.split()
    opts = OPTIONS[command]
    pairs: list[list[str]] = []
    chosen = [o for o in REQUIRED.get(command, []) if draw(st.integers(0, 9)) > 0]
    chosen += draw(st.lists(st.sampled_from(opts), max_size=4))
    # A quarter of the lines are all hostile values; a quarter all plausible
    # ones; half plausible but for one value: so that the examples get past
    # the parser into validation, the rules and the journal.
    mode = draw(st.integers(0, 3))
    bad_one = draw(st.integers(0, max(0, len(chosen) - 1)))
    for i, opt in enumerate(chosen):
        if opt in FLAGS:
            pairs.append([opt])
        else:
            value = draw(value_for(opt, hostile=mode == 0 or (mode >= 2 and i == bad_one)))
            pairs.append([f"{opt}={value}"] if draw(st.integers(0, 5)) == 0 else [opt, value])
    if command in POSITIONAL and draw(st.integers(0, 9)) > 0:
        pairs.insert(draw(st.integers(0, len(pairs))), [draw(st.one_of(st.sampled_from(POSITIONAL[command]), st.sampled_from(POSITIONAL[command]), random_text))])
    # Noise anywhere: an option of another command, a stray word, random text.
    for _ in range(max(0, draw(st.integers(-4, 2)))):
        noise = draw(st.one_of(st.sampled_from(ALL_OPTIONS), st.sampled_from(HOSTILE), random_text))
        pairs.insert(draw(st.integers(0, len(pairs))), [noise])
    globals_ = ["--read-only"] if draw(st.integers(0, 11)) == 0 else []
    globals_ += ["--debug"] if draw(st.integers(0, 3)) == 0 else []
    argv = globals_ + words + [w for pair in pairs for w in pair]
    return [_inside_tmp(a) for a in argv]


def _inside_tmp(token: str) -> str:
    """No file outside tmp_path (the tests run as root): an absolute or home
    path, alone or as an option's value (--output=/x, -o/x), becomes relative
    to the deep working folder."""
    m = re.match(r"(--[^=]*=|-o=?)?(.*)", token, re.S)
    prefix, rest = m.group(1) or "", m.group(2)
    return prefix + ("./" + rest if rest.startswith(("/", "~")) else rest)


def _session_total(db: Path) -> int:
    return query(db, "SELECT count(*) FROM sessions")[0][0]


def test_fuzz_command_lines(playground):
    db = playground
    seen_codes: dict[int, int] = {}
    deepest = {"saved": 0}

    @settings(max_examples=ARGV_FUZZ_EXAMPLES, **FUZZ_SETTINGS)
    @given(argv=command_lines(), stdin=st.binary(max_size=64))
    def one(argv, stdin):
        before_rows, before_total = snapshot(db), _session_total(db)
        code, out, err = run_main(db, argv, stdin)
        seen_codes[code] = seen_codes.get(code, 0) + 1
        command = next((a for a in argv if a in OPTIONS or a == "device"), None)
        allowed = {0, ExitCode.BAD_INPUT, ExitCode.REFUSED}
        if command in FILE_COMMANDS:
            allowed |= {ExitCode.DAMAGED, ExitCode.CANNOT_WRITE}
        if "--read-only" in argv:
            allowed |= {ExitCode.CANNOT_WRITE}
        assert code in allowed, f"exit {code} for {argv!r}\n{err}"
        assert "Traceback" not in err
        total = _session_total(db)
        if code != 0:
            assert snapshot(db) == before_rows, f"{argv!r} failed (exit {code}) but changed the journal"
        elif command == "add" and not out.startswith("usage:"):
            assert total == before_total + 1, f"{argv!r} said saved but added {total - before_total}"
            deepest["saved"] += 1
        elif command not in ("import", "restore"):
            assert total == before_total, f"{argv!r} changed the number of sessions"

    one()
    assert integrity(db) == ["ok"]
    # The fuzz reached past the parser: some adds were saved, some refused, many bad inputs.
    assert deepest["saved"] >= 1 and seen_codes.get(ExitCode.BAD_INPUT, 0) >= 20, (seen_codes, deepest)
    print(f"\nexit codes over {ARGV_FUZZ_EXAMPLES} command lines: {dict(sorted(seen_codes.items()))}")


# -- import files ------------------------------------------------------------------------

CSV_COLUMNS = ["uid", "id", "date", "area", "needle_mm", "device", "disinfected", "notes", "override_reason",
               "overridden_rules", "device_uid", "device_kind", "device_needle_mm", "needle", "reason", "colour"]
CELL_GOOD = {"date": DATES[:4], "area": AREAS, "needle_mm": NEEDLES, "needle": NEEDLES, "disinfected": ["true", "false", ""],
             "device": ["roller", "new pen", ""], "device_kind": ["roller", "pen", ""], "device_needle_mm": ["0.5", ""],
             "uid": ["", "11111111-1111-4111-8111-111111111111"], "notes": ["ok", "'=1+2", "line\nbreak"]}


def cell_for(column: str, hostile: bool):
    good = CELL_GOOD.get(column, [""])
    if not hostile:
        return st.sampled_from(good)
    return st.one_of(st.sampled_from(good), st.sampled_from(HOSTILE), st.text(max_size=12))


@st.composite
def csv_row(draw, header: list[str]):
    """Mostly plausible rows, some with one hostile cell, some all hostile."""
    mode = draw(st.integers(0, 5))
    bad_one = draw(st.integers(0, max(0, len(header) - 1)))
    return [draw(cell_for(c, hostile=mode == 0 or (mode == 1 and i == bad_one))) for i, c in enumerate(header)]


@st.composite
def csv_files(draw):
    core = ["date", "area", "needle_mm"]
    header = [c for c in core if draw(st.integers(0, 9)) > 0]
    header += draw(st.lists(st.sampled_from(CSV_COLUMNS), max_size=4, unique=True))
    header = draw(st.permutations(header))
    if draw(st.integers(0, 7)) == 0:
        header.insert(0, draw(st.one_of(random_text, st.sampled_from(HOSTILE))))
    rows = draw(st.lists(csv_row(header), min_size=1, max_size=4))
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=draw(st.sampled_from([",", ",", ",", ";", "\t"])))
    writer.writerow(header)
    writer.writerows(rows)
    data = buf.getvalue().encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 11)) == 0:  # raw damage: cut short, or random bytes spliced in
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=16))
    return data, len(rows)


def test_fuzz_import_files(playground):
    db = playground
    target = Path.cwd() / "fuzz.csv"
    outcome = {"imported": 0, "refused": 0}

    @settings(max_examples=IMPORT_FUZZ_EXAMPLES, **FUZZ_SETTINGS)
    @given(case=csv_files())
    def one(case):
        data, rows = case
        target.write_bytes(data)
        before_rows, before_total = snapshot(db), _session_total(db)
        code, out, err = run_main(db, ["import", "--json", str(target)])
        assert code in (0, ExitCode.BAD_INPUT), f"exit {code} for {data!r}\n{err}"
        assert "Traceback" not in err
        if code == ExitCode.BAD_INPUT:
            assert snapshot(db) == before_rows, f"a refused import changed the journal: {data!r}"
            outcome["refused"] += 1
        else:
            import json

            added = json.loads(out)["added"]
            assert _session_total(db) - before_total == added <= rows
            outcome["imported"] += bool(added)

    one()
    assert integrity(db) == ["ok"]
    assert outcome["imported"] >= 5 and outcome["refused"] >= 5, outcome


# -- bugs the fuzz found (now fixed), one test each ---------------------


@pytest.mark.parametrize("value", ["99999999999999999999", "9223372036854775808"])
def test_huge_limit_is_bad_input(value, tmp_path, cli):
    make_journal(tmp_path / "journal.db", sessions=1)
    r = cli("list", "--limit", value, db=tmp_path / "journal.db")
    assert r.code == ExitCode.BAD_INPUT, r.err
    assert "Traceback" not in r.err and "unexpected error" not in r.err


@pytest.mark.parametrize("argv, expected", [
    (["list", "--limit=--"], ExitCode.BAD_INPUT),
    (["backup", "--output=--"], 0),
    (["add", "--area=--", "--needle", "0.2"], ExitCode.BAD_INPUT),
], ids=["list-limit", "backup-output", "add-area"])
def test_double_dash_as_an_option_value(argv, expected, tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_journal(tmp_path / "journal.db", sessions=1)
    r = cli(*argv, db=tmp_path / "journal.db")
    assert r.code == expected, r.err
    assert "[]" not in r.err, f"the value shows as a list: {r.err}"


def test_notes_double_dash_is_kept(tmp_path, cli):
    r = cli("add", "--area", "face", "--needle", "0.2", "--override", "x", "--notes=--", "--json", db=tmp_path / "journal.db")
    assert r.code == 0 and r.json()["session"]["notes"] == "--"




@pytest.mark.parametrize("argv", [
    pytest.param(["export", "-o", "a\x00b.csv"], id="export"),
    pytest.param(["backup", "-o", "a\x00b.db"], id="backup"),
    pytest.param(["import", "a\x00b.csv"], id="import"),
    pytest.param(["restore", "a\x00b.db"], id="restore"),
    pytest.param(["--db", "a\x00b.db", "list"], id="db"),
    pytest.param(["--rules", "a\x00b.toml", "list"], id="rules"),
])
def test_nul_in_a_file_name_is_bad_input(argv, tmp_path, monkeypatch):
    """Unreachable from a shell (argv cannot hold NUL) but reachable in-process
    (the API, a TUI form): a clear exit 2, not a crash."""
    monkeypatch.chdir(tmp_path)
    make_journal(tmp_path / "journal.db", sessions=1)
    before = snapshot(tmp_path / "journal.db")
    code, out, err = run_main(tmp_path / "journal.db", argv)  # a later --db wins over the first
    assert code == ExitCode.BAD_INPUT, err
    assert snapshot(tmp_path / "journal.db") == before


# -- an output file that is the journal itself -----------------------------------------------

@pytest.mark.parametrize("command", [["export", "-o"], ["export", "--format", "json", "-o"], ["backup", "-o"]],
                         ids=["export-csv", "export-json", "backup"])
@pytest.mark.parametrize("spelling", ["same", "relative", "dotted", "symlink", "wal", "shm"])
def test_an_output_never_replaces_the_journal(command, spelling, tmp_path, cli, monkeypatch):
    """Exporting or backing up onto the journal (or its -wal/-shm, which are
    part of it while it is open) would destroy it: refused, exit 2."""
    db = make_journal(tmp_path / "journal.db", sessions=3)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    os.symlink(db, tmp_path / "link.db")
    target = {"same": str(db), "relative": "journal.db", "dotted": "sub/../journal.db", "symlink": "link.db",
              "wal": "journal.db-wal", "shm": "journal.db-shm"}[spelling]
    before = snapshot(db)
    holder = sqlite3.connect(db)  # the TUI, say, has the journal open: its -wal and -shm exist
    holder.execute("SELECT count(*) FROM sessions").fetchall()
    try:
        r = cli(*command, target, db=db)
    finally:
        holder.close()
    assert r.code == ExitCode.BAD_INPUT, f"exit {r.code}: {r.out}{r.err}"
    assert str(db) in r.err
    assert snapshot(db) == before and integrity(db) == ["ok"]
