"""Issue 26 — damage is damage: records whose values no homelog command would
store (made by another tool, a bit flip, a hand edit) are found by ``doctor``
(in words, exit 4) and make ``restore`` refuse the file, which is left as it was,
with the journal unchanged. Also: ``doctor`` names the newest backup by time."""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest

from homelog.errors import ExitCode

from ._support import checkpoint, digest, drop_sidecars, make_journal


def _journal_with_everything(path: Path) -> Path:
    """A good journal: a device, sessions using it, an observation, a condition, a product and its application."""
    from homelog.cli.main import main

    make_journal(path, sessions=2)
    for args in (
        ["device", "add", "--name", "roller", "--kind", "roller", "--needle", "0.5"],
        ["add", "--area", "face", "--device", "1", "--date", "2025-02-01", "--override", "t"],
        ["react", "3", "--redness", "1", "--date", "2025-02-02"],
        ["condition", "add", "retinoid", "--area", "face", "--from", "2025-01-01"],
        ["product", "add", "HA glide", "--ingredients", "Aqua, Sodium Hyaluronate", "--sterile"],
        ["apply", "1", "--area", "neck", "--date", "2025-02-03"],
    ):
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["--db", str(path), *args], today=lambda: date(2025, 3, 1)) == 0
    checkpoint(path)
    return path


# Each: SQL a person could run with the sqlite3 shell, and words doctor must say.
BAD_VALUES = {
    "disinfected_7": ("UPDATE sessions SET disinfected = 7 WHERE id = 1", ["session 1", "disinfected"]),
    "garbage_date": ("UPDATE sessions SET date = 'garbage' WHERE id = 2", ["session 2", "garbage"]),
    "unknown_area": ("UPDATE sessions SET area = 'elbow' WHERE id = 1", ["session 1", "elbow"]),
    "needle_out_of_range": ("UPDATE sessions SET needle_um = 9000 WHERE id = 1", ["session 1", "9000"]),
    "escape_in_notes": ("UPDATE sessions SET notes = 'x' || char(27) || '[2J' WHERE id = 1", ["session 1", "Notes"]),
    # passes quick_check: only foreign_key_check (and the value check) see it
    "dangling_device": ("UPDATE sessions SET device_id = 99 WHERE id = 3", ["sessions", "devices"]),
    "reaction_before_session": ("UPDATE reactions SET date = '2020-01-01' WHERE id = 1", ["observation 1", "before"]),
    "redness_9": ("UPDATE reactions SET redness = 9 WHERE id = 1", ["observation 1", "Redness"]),
    "condition_kind": ("UPDATE conditions SET kind = 'flu' WHERE id = 1", ["condition 1", "flu"]),
    "condition_uid_nul": ("UPDATE conditions SET uid = 'c' || char(0) || char(27) WHERE id = 1", ["condition 1", "uid"]),
    "device_kind": ("UPDATE devices SET kind = 'laser' WHERE id = 1", ["device 1", "laser"]),
    "cartridge": ("UPDATE sessions SET cartridge = 'boiled' WHERE id = 1", ["session 1", "Cartridge", "boiled"]),
    "product_sterile_7": ("UPDATE products SET sterile = 7 WHERE id = 1", ["product 1", "sterile"]),
    "product_name_escape": ("UPDATE products SET name = 'x' || char(27) WHERE id = 1", ["product 1", "Name"]),
    "application_area": ("UPDATE applications SET area = 'nose' WHERE id = 1", ["application 1", "nose"]),
    "application_date": ("UPDATE applications SET date = '2025-02-30' WHERE id = 1", ["application 1", "2025-02-30"]),
}

_TEMPLATE: dict[str, bytes] = {}


def _bad(kind: str, folder: Path) -> Path:
    if "good" not in _TEMPLATE:
        build = folder / "template" / "journal.db"
        build.parent.mkdir()
        _TEMPLATE["good"] = _journal_with_everything(build).read_bytes()
    path = folder / f"{kind}.db"
    path.write_bytes(_TEMPLATE["good"])
    con = sqlite3.connect(path)
    con.execute(BAD_VALUES[kind][0])
    con.commit()
    con.close()
    checkpoint(path)
    assert sqlite3.connect(path).execute("PRAGMA quick_check").fetchall() == [("ok",)]  # SQLite's cheap look passes
    return path


@pytest.mark.parametrize("kind", list(BAD_VALUES))
def test_restore_refuses_a_backup_with_bad_values(kind, tmp_path, cli):
    folder = tmp_path / "bad"
    folder.mkdir()
    bad = _bad(kind, folder)
    journal = make_journal(tmp_path / "journal.db", sessions=1)
    checkpoint(journal)
    before_bad, before_journal = digest(bad), digest(journal)
    r = cli("restore", str(bad), db=journal)
    assert r.code == ExitCode.DAMAGED, r.out + r.err
    assert "Traceback" not in r.err and str(bad) in r.err and "nothing was restored" in r.err
    assert digest(bad) == before_bad
    drop_sidecars(journal)
    assert digest(journal) == before_journal
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").glob("*pre-restore*"))


@pytest.mark.parametrize("kind", list(BAD_VALUES))
def test_doctor_reports_bad_values_in_words(kind, tmp_path, cli):
    bad = _bad(kind, tmp_path)
    before = digest(bad)
    r = cli("doctor", db=bad)
    assert r.code == ExitCode.DAMAGED, r.out
    problems = [line for line in r.out.splitlines() if line.startswith("! ")]
    assert any(all(word in line for word in BAD_VALUES[kind][1]) for line in problems), r.out
    assert "[" not in "".join(problems[:-1]).replace("[2J", ""), "a Python list repr in the report"
    assert digest(bad) == before


def test_a_good_journal_restores_and_doctor_finds_nothing(tmp_path, cli):
    good = _journal_with_everything(tmp_path / "good.db")
    r = cli("doctor", "--json", db=good)
    assert r.code == 0, r.out
    assert (r.json()["integrity"], r.json()["values"]) == ("ok", "ok")
    target = tmp_path / "journal.db"
    assert cli("restore", str(good), db=target).code == 0


def test_doctor_reports_a_dropped_table_and_exits_4(tmp_path, cli):
    path = make_journal(tmp_path / "journal.db", sessions=1)
    con = sqlite3.connect(path)
    con.execute("DROP TABLE reactions")
    con.commit()
    con.close()
    r = cli("doctor", db=path)
    assert r.code == ExitCode.DAMAGED
    assert "the table reactions is missing" in r.out


def test_doctor_reports_a_corrupt_index_that_quick_check_misses(tmp_path, cli):
    """A date rewritten inside ix_sessions_date: quick_check passes, integrity_check does not."""
    path = make_journal(tmp_path / "journal.db", sessions=3)
    checkpoint(path)
    data = bytearray(path.read_bytes())
    con = sqlite3.connect(path)
    dates = [r[0] for r in con.execute("SELECT date FROM sessions")]
    con.close()
    # Rewrite one date where it appears in the index's page only (its last occurrence).
    needle = dates[0].encode()
    at = data.rfind(needle)
    data[at : at + len(needle)] = b"1999-01-01"
    path.write_bytes(bytes(data))
    assert sqlite3.connect(path).execute("PRAGMA quick_check").fetchall() == [("ok",)]
    r = cli("doctor", db=path)
    assert r.code == ExitCode.DAMAGED, r.out
    assert "integrity check" in r.out and "Integrity:    ok" not in r.out


def test_doctor_names_the_newest_backup_by_time(tmp_path, cli):
    path = make_journal(tmp_path / "journal.db", sessions=1)
    folder = tmp_path / "backups"
    folder.mkdir()
    old = folder / "journal-pre-restore-20250101-100000-000000.db"
    old.write_bytes(b"x")
    newest = None
    for i in range(10):  # ten newer automatic backups: "auto" sorts before "pre-restore"
        newest = folder / f"journal-auto-20250201-1000{i:02d}-000000.db"
        newest.write_bytes(b"x")
    os.utime(old, (time.time() + 100, time.time() + 100))  # a later mtime does not make it newer
    r = cli("doctor", "--json", db=path)
    assert r.json()["last_backup"] == str(newest)
