"""Issue 6.3 — damaged files: every command, and the TUI, refuses a file that is
not a good homelog journal with a clear message naming it and saying what to
do, a non-zero exit, no traceback, and leaves it byte-for-byte unchanged.

tests/store/test_open.py covers status/add/list on four kinds of damage; this
module extends that to every command (the list is read from the parser, so a
new command without a case here fails ``test_every_command_is_covered``)."""

from __future__ import annotations

import random
import sqlite3
import subprocess
from pathlib import Path

import pytest

from homelog.errors import ExitCode

from ._support import checkpoint, child_env, digest, drop_sidecars, homelog_cmd, make_journal, sidecars

TUI_TIMEOUT_S = 20  # the TUI must give up long before this on a bad file

# -- the bad files ---------------------------------------------------------------------


def _text_file(p: Path) -> None:
    p.write_text("dear diary, this is not a database\n" * 50)


def _zeroed_header(p: Path) -> None:
    make_journal(p, sessions=3)
    checkpoint(p)
    data = bytearray(p.read_bytes())
    data[:100] = bytes(100)
    p.write_bytes(bytes(data))


def _big_journal(p: Path) -> None:
    make_journal(p, sessions=0)
    con = sqlite3.connect(p)
    con.executemany(
        "INSERT INTO sessions (uid, date, area, needle_um, notes, created_at, updated_at, origin) "
        "VALUES (?, '2025-01-01', 'face', 200, ?, '2025-01-01 00:00:00', '2025-01-01 00:00:00', 'test')",
        [(f"uid-{i:04d}", f"note {i} " + "x" * 400) for i in range(300)],
    )
    con.commit()
    con.close()
    checkpoint(p)


def _truncated(p: Path) -> None:
    _big_journal(p)
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def _garbage_pages(p: Path) -> None:
    """A run of random bytes over the middle of the file (bad sector, stray write)."""
    _big_journal(p)
    data = bytearray(p.read_bytes())
    page = 4096
    start = (len(data) // page // 2) * page
    rng = random.Random(7)
    data[start : start + 4 * page] = bytes(rng.randrange(256) for _ in range(4 * page))
    p.write_bytes(bytes(data))


def _other_app(p: Path) -> None:
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE songs (title TEXT, artist TEXT)")
    con.execute("INSERT INTO songs VALUES ('x', 'y')")
    con.commit()
    con.close()


def _newer_homelog(p: Path) -> None:
    make_journal(p, sessions=2)
    con = sqlite3.connect(p)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    checkpoint(p)


def _sql(*statements: str):
    """A good journal changed with ``sqlite3 j.db 'STATEMENT'`` (as a person or another tool might)."""

    def build(p: Path) -> None:
        make_journal(p, sessions=2)
        con = sqlite3.connect(p)
        for statement in statements:
            con.execute(statement)
        con.commit()
        con.close()
        checkpoint(p)

    return build


DAMAGE = {
    "text_file": (_text_file, ExitCode.DAMAGED),
    "truncated": (_truncated, ExitCode.DAMAGED),
    "zeroed_header": (_zeroed_header, ExitCode.DAMAGED),
    "garbage_pages": (_garbage_pages, ExitCode.DAMAGED),
    "other_app": (_other_app, ExitCode.DAMAGED),
    "newer_homelog": (_newer_homelog, ExitCode.TOO_NEW),
    # Issue 26: the schema is checked against its revision's tables and columns.
    "dropped_table": (_sql("DROP TABLE reactions"), ExitCode.DAMAGED),
    "dropped_column": (_sql("ALTER TABLE sessions DROP COLUMN notes"), ExitCode.DAMAGED),
    "added_column": (_sql("ALTER TABLE devices ADD COLUMN colour TEXT"), ExitCode.DAMAGED),
    "no_revision": (_sql("DELETE FROM alembic_version"), ExitCode.DAMAGED),
    "garbage_revision": (_sql("UPDATE alembic_version SET version_num = 'x'"), ExitCode.DAMAGED),
}
HINTS = {ExitCode.DAMAGED: ("restore", "--db"), ExitCode.TOO_NEW: ("Upgrade homelog",)}
_TEMPLATES: dict[str, bytes] = {}


def bad_file(kind: str, folder: Path) -> Path:
    """The damaged file of ``kind`` in ``folder`` (built once, copied after)."""
    path = folder / "journal.db"
    if kind not in _TEMPLATES:
        build = folder / "build" / "journal.db"
        build.parent.mkdir()
        DAMAGE[kind][0](build)
        drop_sidecars(build)
        _TEMPLATES[kind] = build.read_bytes()
    path.write_bytes(_TEMPLATES[kind])
    return path


# -- the commands ----------------------------------------------------------------------

GOOD_CSV = "date,area,needle_mm,notes\n2025-02-01,face,0.2,imported\n"

# Every command that uses the journal, with arguments that would succeed on a good one.
COMMANDS: dict[str, list[str]] = {
    "status": ["status"],
    "list": ["list"],
    "add": ["add", "--area", "face", "--needle", "0.2", "--disinfected", "--notes", "n"],
    "add-override": ["add", "--area", "face", "--needle", "0.2", "--override", "why"],
    "check": ["check", "--area", "face", "--needle", "0.2"],
    "edit": ["edit", "1", "--notes", "changed"],
    "delete": ["delete", "1"],
    "undo": ["undo"],
    "device list": ["device", "list"],
    "device add": ["device", "add", "--name", "roller", "--kind", "roller", "--needle", "0.5"],
    "device retire": ["device", "retire", "1"],
    "export": ["export"],
    "export-o": ["export", "-o", "{tmp}/out.csv"],
    "export-json": ["export", "--format", "json", "-o", "{tmp}/out.json"],
    "export-ics": ["export", "--format", "ics", "-o", "{tmp}/out.ics"],
    "import": ["import", "{tmp}/in.csv"],
    "backup": ["backup"],
    "backup-o": ["backup", "-o", "{tmp}/copy.db"],
    "read-only status": ["--read-only", "status"],
    "read-only list": ["--read-only", "list"],
    "json list": ["list", "--json"],
    "react": ["react", "1", "--redness", "1"],
    "react-list": ["react", "1", "--json"],
    "condition add": ["condition", "add", "acne"],
    "condition end": ["condition", "end", "1"],
    "condition list": ["condition", "list"],
    "condition delete": ["condition", "delete", "1"],
    "condition restore": ["condition", "restore", "1"],
    "sync": ["sync", "{tmp}"],
    "sync-status": ["sync", "--status", "{tmp}"],
    "device shared": ["device", "shared", "1"],
    "product add": ["product", "add", "HA", "--ingredients", "Aqua"],
    "product list": ["product", "list"],
    "product edit": ["product", "edit", "1", "--name", "x"],
    "product delete": ["product", "delete", "1"],
    "apply": ["apply", "1", "--area", "face"],
    "check-product": ["check", "--area", "face", "--needle", "0.2", "--product", "1"],
}
# Commands that do not open the journal: they work, and leave it alone.
NO_JOURNAL = {"rules": ["rules"], "sources": ["sources"], "where": ["where"], "completion": ["completion", "bash"]}
# Covered elsewhere in this module: doctor (reports, exit 4), restore (the cure:
# tested below with a damaged *backup*), tui (a subprocess with a timeout).
SPECIAL = {"doctor", "restore", "tui"}


def _argv(args: list[str], tmp: Path) -> list[str]:
    return [a.replace("{tmp}", str(tmp)) for a in args]


def _top_level_commands() -> set[str]:
    from homelog.cli.main import build_parser

    parser = build_parser()
    names = set()
    for action in parser._subparsers._group_actions:
        for name, sub in action.choices.items():
            names.add(name)
            if sub._subparsers is not None:
                for inner in sub._subparsers._group_actions:
                    names.update(f"{name} {n}" for n in inner.choices)
                names.discard(name)
    return names


def test_every_command_is_covered():
    covered = {" ".join(c[:2]) if c[0] in ("device", "condition", "product") else c[0] for c in COMMANDS.values()} | set(NO_JOURNAL) | SPECIAL
    missing = _top_level_commands() - covered
    assert not missing, f"add these commands to COMMANDS in {__file__}: {sorted(missing)}"


def _assert_clear_refusal(r, path: Path, expected: ExitCode, before: str, what: str) -> None:
    text = r.out + r.err
    assert r.code == expected, f"{what}: exit {r.code}, expected {int(expected)}\n{text}"
    assert "Traceback" not in text and "unexpected error" not in text, f"{what}: {text}"
    assert str(path) in r.err, f"{what}: the message does not name the file: {r.err!r}"
    assert any(h in r.err for h in HINTS[expected]), f"{what}: the message does not say what to do: {r.err!r}"
    assert digest(path) == before, f"{what}: the file was changed"
    # A refused file gains no -wal or -shm (they would be 0644 and mean "in use").
    made = [side.name for side in sidecars(path) if side.exists()]
    assert not made, f"{what}: a refused journal gained {made}"


@pytest.mark.parametrize("command", list(COMMANDS), ids=str)
@pytest.mark.parametrize("kind", list(DAMAGE), ids=str)
def test_every_command_refuses_a_bad_file_untouched(kind, command, tmp_path, cli):
    path = bad_file(kind, tmp_path)
    (tmp_path / "in.csv").write_text(GOOD_CSV)
    before = digest(path)
    r = cli(*_argv(COMMANDS[command], tmp_path), db=path)
    _assert_clear_refusal(r, path, DAMAGE[kind][1], before, f"{kind} / homelog {command}")
    assert not any((tmp_path / f"out.{ext}").exists() for ext in ("csv", "json", "ics"))
    assert not (tmp_path / "copy.db").exists()


@pytest.mark.parametrize("command", list(NO_JOURNAL), ids=str)
@pytest.mark.parametrize("kind", ["text_file", "newer_homelog"])
def test_commands_without_the_journal_leave_it_alone(kind, command, tmp_path, cli):
    path = bad_file(kind, tmp_path)
    before = digest(path)
    r = cli(*NO_JOURNAL[command], db=path)
    assert r.code == 0, r.err
    assert digest(path) == before


@pytest.mark.parametrize("kind", list(DAMAGE), ids=str)
def test_doctor_reports_a_bad_file_with_exit_4(kind, tmp_path, cli):
    """Exit 4 for damage; a newer journal gets 7, as with every other command."""
    path = bad_file(kind, tmp_path)
    before = digest(path)
    expected = ExitCode.TOO_NEW if "newer" in kind else ExitCode.DAMAGED
    for args in (["doctor"], ["doctor", "--json"]):
        r = cli(*args, db=path)
        assert r.code == expected, f"doctor on {kind}: exit {r.code}\n{r.out}{r.err}"
        assert "Traceback" not in r.out + r.err
        assert str(path) in r.out
    report = cli("doctor", "--json", db=path).json()
    assert report["ok"] is False and report["problems"]
    # The problem names the file and what to do (the refusal message itself).
    assert any(any(h in p for h in HINTS[DAMAGE[kind][1]]) for p in report["problems"]), report["problems"]
    assert digest(path) == before


@pytest.mark.parametrize("command", [[], ["tui"]], ids=["no-command", "tui"])
@pytest.mark.parametrize("kind", list(DAMAGE), ids=str)
def test_tui_exits_promptly_with_the_message(kind, command, tmp_path):
    path = bad_file(kind, tmp_path)
    before = digest(path)
    proc = subprocess.run(
        homelog_cmd(path, *command), stdin=subprocess.DEVNULL, capture_output=True, text=True,
        env=child_env(TERM="dumb"), timeout=TUI_TIMEOUT_S,
    )
    expected = DAMAGE[kind][1]
    assert proc.returncode == expected, f"exit {proc.returncode}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr and str(path) in proc.stderr
    assert any(h in proc.stderr for h in HINTS[expected])
    assert digest(path) == before


@pytest.mark.parametrize("kind", [k for k, (_, code) in DAMAGE.items() if code == ExitCode.DAMAGED], ids=str)
def test_restoring_a_damaged_backup_is_refused(kind, tmp_path, cli):
    """restore's FILE is a bad file: exit 4, the journal and FILE unchanged."""
    journal = make_journal(tmp_path / "journal.db", sessions=2)
    checkpoint(journal)
    folder = tmp_path / "bad"
    folder.mkdir()
    bad = bad_file(kind, folder)
    before_bad, before_journal = digest(bad), digest(journal)
    r = cli("restore", str(bad), db=journal)
    assert r.code == ExitCode.DAMAGED, r.out + r.err
    assert "Traceback" not in r.err and str(bad) in r.err
    assert digest(bad) == before_bad
    drop_sidecars(journal)
    assert digest(journal) == before_journal


def test_damage_after_a_successful_open_is_still_caught(tmp_path, cli):
    """homelog remembers a passed quick_check by size and mtime: damage written
    later (same size, so only the mtime tells) must be checked again."""
    import time

    path = tmp_path / "journal.db"
    _big_journal(path)
    assert cli("status", db=path).code == 0  # a full check passes and is remembered
    checkpoint(path)
    assert cli("status", db=path).code == 0
    drop_sidecars(path)
    time.sleep(0.05)  # a later write, on a coarse file-system clock too
    size = path.stat().st_size
    data = bytearray(path.read_bytes())
    start = (size // 4096 // 2) * 4096
    data[start : start + 4 * 4096] = bytes(random.Random(3).randrange(256) for _ in range(4 * 4096))
    path.write_bytes(bytes(data))
    assert path.stat().st_size == size
    before = digest(path)
    r = cli("add", "--area", "face", "--needle", "0.2", "--override", "x", db=path)
    _assert_clear_refusal(r, path, ExitCode.DAMAGED, before, "damaged after a check / add")


def test_homelogs_own_write_carries_the_check_forward(tmp_path, cli):
    """A write through homelog, from a checked file, leaves the marker true: the
    next open skips quick_check; damage written afterwards is still caught."""
    import time

    from homelog.store.inspection import inspect

    path = tmp_path / "journal.db"
    _big_journal(path)
    assert inspect(path).checked  # first look: a whole-file check
    r = cli("add", "--area", "face", "--needle", "0.2", "--override", "x", db=path)
    assert r.code == 0, r.err
    assert not inspect(path).checked  # the write kept the marker: no second check
    time.sleep(0.05)
    data = bytearray(path.read_bytes())
    start = (len(data) // 4096 // 2) * 4096
    data[start : start + 4 * 4096] = bytes(random.Random(5).randrange(256) for _ in range(4 * 4096))
    path.write_bytes(bytes(data))
    before = digest(path)
    r = cli("status", db=path)
    _assert_clear_refusal(r, path, ExitCode.DAMAGED, before, "damaged after homelog's own write")

