"""homelog export: columns, filters, formula safety, atomic files, pipes, progress."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import stat
import subprocess
import sys
import threading
from datetime import date

import pytest

from homelog.errors import ExitCode
from homelog.transfer import csv_format

from .conftest import seed, seed_many

DANGER = ("=", "+", "-", "@", "\t", "\r")

#: The header README and --help promise, spelled out (not taken from csv_format).
HEADER = "uid,id,date,area,needle_mm,device,disinfected,notes,override_reason,overridden_rules,device_uid,device_kind,device_needle_mm,healed_on,max_redness"


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def journal_with_sessions(db):
    devices = [{"name": "=HYPERLINK(\"x\")", "kind": "roller", "needle_um": 500}, {"name": "Pen", "kind": "pen"}]
    sessions = [
        {"date": date(2025, 5, 1), "area": "face", "needle_um": 500, "device": 0, "disinfected": True, "notes": "=1+2"},
        {"date": date(2025, 5, 3), "area": "neck", "needle_um": 250, "device": 1, "disinfected": False, "notes": "+44 123"},
        {"date": date(2025, 5, 2), "area": "face", "needle_um": 1000, "notes": "-dry\nsecond line, with \"quotes\""},
        {"date": date(2025, 5, 9), "area": "scalp", "needle_um": 750, "notes": "@home", "override_reason": "\tbecause", "overridden_rules": ("rest-period",)},
        {"date": date(2025, 5, 10), "area": "arms", "needle_um": 1500, "notes": "'quoted already"},
        {"date": date(2025, 5, 11), "area": "legs", "needle_um": 300, "notes": "\ttab first", "disinfected": None},
    ]
    seed(db, sessions, devices)
    return db


def test_export_csv_to_stdout(cli, journal_with_sessions):
    code, out, err = cli("export")
    assert code == ExitCode.OK, err
    assert err == ""
    lines = out.split("\r\n")
    assert lines[0] == HEADER
    rows = rows_of(out)
    assert [r["date"] for r in rows] == ["2025-05-01", "2025-05-02", "2025-05-03", "2025-05-09", "2025-05-10", "2025-05-11"]
    first = rows[0]
    assert first["needle_mm"] == "0.5" and first["disinfected"] == "true" and first["device_kind"] == "roller"
    assert first["device_needle_mm"] == "0.5" and len(first["device_uid"]) == 36 and len(first["uid"]) == 36
    assert first["id"] == "1"
    assert rows[2]["needle_mm"] == "0.25" and rows[2]["disinfected"] == "false" and rows[2]["device"] == "Pen"
    assert rows[1]["disinfected"] == "" and rows[1]["device"] == ""
    assert rows[1]["notes"] == "'-dry\nsecond line, with \"quotes\""
    assert rows[3]["overridden_rules"] == "rest-period" and rows[3]["override_reason"] == "'\tbecause"
    assert not out.startswith("\ufeff")


def test_no_exported_text_cell_can_run_as_a_formula(cli, journal_with_sessions):
    code, out, _ = cli("export")
    assert code == 0
    rows = rows_of(out)
    checked = 0
    for row in rows:
        for column in csv_format.TEXT_COLUMNS:
            assert not row[column].startswith(DANGER), (column, row[column])
            checked += 1
    assert checked
    assert {r["notes"] for r in rows} >= {"'=1+2", "'+44 123", "'@home", "''quoted already", "'\ttab first"}
    assert rows[0]["device"] == "'=HYPERLINK(\"x\")"


def test_export_filters_like_list(cli, journal_with_sessions):
    code, out, _ = cli("export", "--area", "face", "--from", "2025-05-02", "--to", "2025-05-31")
    assert code == 0
    assert [(r["area"], r["date"]) for r in rows_of(out)] == [("face", "2025-05-02")]
    code, _, err = cli("export", "--from", "2025-06-01", "--to", "2025-05-01")
    assert code == ExitCode.BAD_INPUT and "after" in err
    code, _, err = cli("export", "--area", "elbow")
    assert code == ExitCode.BAD_INPUT and "elbow" in err


def test_export_json(cli, journal_with_sessions, tmp_path):
    target = tmp_path / "out.json"
    code, out, err = cli("export", "-o", str(target))  # .json: JSON without --format
    assert code == 0, err
    assert "Exported 6 sessions" in out
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["format"] == "homelog" and document["version"] == 1 and document["exported"]
    sessions = document["sessions"]
    assert len(sessions) == 6 and sessions[0]["notes"] == "=1+2"  # JSON text is never escaped
    assert set(sessions[0]) >= {"id", "uid", "date", "area", "needle_mm", "device_id", "disinfected", "notes",
                                "override_reason", "overridden_rules", "device_uid"}
    assert sessions[0]["needle_mm"] == 0.5 and sessions[1]["needle_mm"] == 1.0
    assert {d["name"] for d in document["devices"]} == {"=HYPERLINK(\"x\")", "Pen"}
    assert sessions[3]["overridden_rules"] == ["rest-period"]
    code, out, _ = cli("export", "--format", "json")
    assert json.loads(out)["sessions"] == sessions


def test_export_file_is_private_and_replaces_atomically(cli, journal_with_sessions, tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    os.chmod(target, 0o644)
    code, out, _ = cli("export", "--output", str(target))
    assert code == 0 and "Exported 6 sessions" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("uid,id,date")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_excel_bom(cli, journal_with_sessions):
    code, out, _ = cli("export", "--excel")
    assert code == 0 and out.startswith("\ufeffuid,")


def _boom_after(monkeypatch, rows: int, exc: BaseException):
    real = csv_format._cells

    def failing(chunk):
        for n, cells in enumerate(real(chunk)):
            if failing.count >= rows:
                raise exc
            failing.count += 1
            yield cells

    failing.count = 0
    monkeypatch.setattr(csv_format, "_cells", failing)


@pytest.mark.parametrize(
    "exc, code",
    [(OSError(errno.ENOSPC, "No space left on device"), ExitCode.CANNOT_WRITE), (RuntimeError("bug"), ExitCode.BUG)],
)
def test_interrupted_export_leaves_the_old_file(cli, db, tmp_path, monkeypatch, exc, code):
    seed_many(db, 2500)
    target = tmp_path / "out.csv"
    target.write_text("previous content\n")
    _boom_after(monkeypatch, 2200, exc)  # two chunks are already written to the temporary file
    got, out, err = cli("export", "-o", str(target))
    assert got == code, err
    assert target.read_text() == "previous content\n"
    assert {p.name for p in tmp_path.iterdir()} - {"config"} == {"data", "out.csv"}  # no temporary file left
    if code == ExitCode.CANNOT_WRITE:
        assert "disk is full" in err and "unchanged" in err


def test_interrupted_export_of_a_new_file_leaves_nothing(cli, db, tmp_path, monkeypatch):
    seed_many(db, 1500)
    _boom_after(monkeypatch, 1200, OSError(errno.EIO, "I/O error"))
    code, _, _ = cli("export", "-o", str(tmp_path / "new.csv"))
    assert code == ExitCode.CANNOT_WRITE
    assert not (tmp_path / "new.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_into_a_missing_folder_or_onto_a_folder(cli, journal_with_sessions, tmp_path):
    code, _, err = cli("export", "-o", str(tmp_path / "nope" / "out.csv"))
    assert code == ExitCode.CANNOT_WRITE and "folder does not exist" in err
    code, _, err = cli("export", "-o", str(tmp_path))
    assert code == ExitCode.CANNOT_WRITE and "folder" in err


def test_export_never_replaces_the_journal(cli, journal_with_sessions, db):
    before = db.read_bytes()
    code, _, err = cli("export", "-o", str(db))
    assert code == ExitCode.BAD_INPUT and "journal itself" in err
    assert db.read_bytes() == before


def test_export_to_a_fifo_writes_directly(cli, journal_with_sessions, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader():
        with open(fifo, "rb") as fh:
            received.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    code, out, err = cli("export", "-o", str(fifo))
    thread.join(timeout=10)
    assert code == 0, err
    assert received and received[0].decode("utf-8").startswith("uid,id,date,")
    assert len(rows_of(received[0].decode("utf-8"))) == 6
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still the FIFO, not replaced by a file


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_export_to_stdout_names(cli, journal_with_sessions, name):
    code, out, _ = cli("export", "-o", name)
    assert code == 0 and len(rows_of(out)) == 6
    assert "Exported" not in out


def test_export_to_a_device_is_not_replaced(cli, journal_with_sessions):
    code, out, err = cli("export", "-o", os.devnull)
    assert code == 0, err
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_export_to_a_real_pipe(db, journal_with_sessions, tmp_path):
    """As a person runs it: `homelog export -o /dev/stdout | reader`."""
    env = dict(os.environ, HOMELOG_TODAY="2025-06-01")
    done = subprocess.run(
        [sys.executable, "-m", "homelog", "--db", str(db), "export", "-o", "/dev/stdout"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert len(rows_of(done.stdout.decode("utf-8"))) == 6
    assert done.stderr == b""  # no progress bar into a pipe


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_only(cli, db, tmp_path, monkeypatch):
    seed_many(db, 3000)
    fake = _Tty()
    monkeypatch.setattr(sys, "stderr", fake)
    code, _, _ = cli("export", "-o", str(tmp_path / "out.csv"))
    assert code == 0
    assert "Exporting" in fake.getvalue() and "3,000/3,000" in fake.getvalue()

    fake = _Tty()
    monkeypatch.setattr(sys, "stderr", fake)
    code, _, _ = cli("import", str(tmp_path / "out.csv"), "--json", db=tmp_path / "other.db")
    assert code == 0
    assert fake.getvalue() == ""  # --json: no bar

    code, _, _ = cli("import", str(tmp_path / "out.csv"), db=tmp_path / "third.db")
    assert code == 0
    assert "Saving" in fake.getvalue() or "Checking" in fake.getvalue()


def test_export_of_an_empty_journal(cli):
    code, out, _ = cli("export")
    assert code == 0 and out == HEADER + "\r\n"


def test_exported_json_sessions_are_list_json_plus_device_uid(cli, journal_with_sessions):
    # One shape (records.session_json) for `list --json` and the export, keys in the same order.
    code, out, err = cli("export", "--format", "json")
    assert code == 0, err
    exported = json.loads(out)["sessions"]
    code, out, err = cli("list", "--json")
    assert code == 0, err
    listed = json.loads(out)
    listed = listed["sessions"] if isinstance(listed, dict) else listed
    by_id = {s["id"]: s for s in listed}
    assert len(exported) == len(by_id) == 6
    for session in exported:
        assert session.pop("device_uid", "missing") != "missing"
        assert list(session.items()) == list(by_id[session["id"]].items())
