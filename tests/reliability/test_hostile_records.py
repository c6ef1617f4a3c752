"""Issue 26, "Done when" — random records (random types, lengths, control
characters, dates at the ends of the range) through CSV import, JSON import and
restore: either refused (exit 2; restore: exit 4) with the journal unchanged, or
accepted (exit 0) with every stored value passing the validators
(``store.health``: ``validate_records`` in stored form) and every command still
working on the journal."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from homelog.errors import ExitCode

from ._support import checkpoint, integrity, make_journal, snapshot

TODAY = date(2025, 3, 1)
EXAMPLES = 60
SETTINGS = dict(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])

_controls = st.sampled_from(["\x00", "\x1b[2J", "\x07", "\r", "\n", "\t", "\x7f", "\x9b", "\u202e", "\ud800", "\x1b]0;x\x07"])
_texts = st.one_of(
    st.text(max_size=30),
    st.builds(lambda a, c, b: a + c + b, st.text(max_size=5), _controls, st.text(max_size=5)),
    st.sampled_from(["", " ", "x" * 2001, "=1+2", "'", "face", "Face ", "elbow", "roller", "pen", "0.25", "3.01", "yes", "rest-period"]),
)
_dates = st.sampled_from(["0001-01-01", "9999-12-31", "2025-02-28", "2025-03-01", "2025-03-02", "2025-03-03", "2025-02-30", "2025-1-5", "", "garbage"])
_values = st.one_of(_texts, _dates, st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=1))

SESSION_KEYS = ("uid", "date", "area", "needle_mm", "disinfected", "notes", "override_reason", "overridden_rules", "device", "device_kind", "device_needle_mm")


_GOOD = {
    "uid": st.one_of(st.uuids().map(str), st.text("abcXYZ019-_", min_size=1, max_size=36)),
    "date": st.sampled_from(["0001-01-01", "2025-02-28", "2025-03-01", "2025-03-02", " 2024-12-31 "]),
    "area": st.sampled_from(["face", "scalp", " Neck", "LEGS"]),
    "needle_mm": st.one_of(st.sampled_from(["0.25", "0.5", "3.0", "0.1", ".5", "1.00mm"]), st.sampled_from([0.25, 1, 3.0])),
    "disinfected": st.sampled_from(["true", "no", "", "Y", True, False, None]),
    "notes": st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20),
    "override_reason": st.sampled_from(["why", "", "  ", None]),
    "overridden_rules": st.sampled_from(["rest-period", "rest-period,home-depth", "", None]),
    "device": st.sampled_from(["roller", "my pen", ""]),
    "device_kind": st.sampled_from(["roller", "pen", "stamp", ""]),
    "device_needle_mm": st.sampled_from(["0.5", "", "1.0"]),
    "redness": st.sampled_from([0, 1, 3]),
    "swelling": st.booleans(),
    "kind": st.sampled_from(["retinoid", "acne", "peel"]),
    "start": st.sampled_from(["0001-01-01", "2025-01-01", "9999-12-31"]),
    "end": st.sampled_from(["2025-02-01", "9999-12-31", None]),
    "session_uid": st.uuids().map(str),
}


def _likely(key: str):
    """Mostly values a file could well hold for ``key``, sometimes anything at all
    (wrong types, control characters, dates at or past the ends of the range)."""
    good = _GOOD.get(key, _texts)
    return st.one_of(good, good, good, _values)


records = st.lists(
    st.builds(lambda base, extra: {**base, **extra}, st.fixed_dictionaries({"date": _GOOD["date"], "area": _GOOD["area"], "needle_mm": _GOOD["needle_mm"]}),
              st.fixed_dictionaries({}, optional={k: _likely(k) for k in SESSION_KEYS})),
    min_size=1, max_size=3,
)

_TEMPLATE: dict[str, bytes] = {}


def _fresh_journal(folder: Path) -> Path:
    if "journal" not in _TEMPLATE:
        build = folder / "template.db"
        make_journal(build, sessions=2)
        checkpoint(build)
        _TEMPLATE["journal"] = build.read_bytes()
        build.unlink()
    path = folder / "journal.db"
    for side in ("", "-wal", "-shm"):
        Path(str(path) + side).unlink(missing_ok=True)
    path.write_bytes(_TEMPLATE["journal"])
    return path


def _run(path: Path, *args: str) -> tuple[int, str]:
    from homelog.cli.main import main

    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["--db", str(path), *args], today=lambda: TODAY)
    return code, err.getvalue()


def _assert_sound(path: Path) -> None:
    """Every stored value passes the validators, and every command works."""
    from homelog.rules import load_rules
    from homelog.store import health

    rules = load_rules()
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert health.value_problems(con, areas=rules.areas, kinds=rules.condition_kinds) == []
    finally:
        con.close()
    assert integrity(path) == ["ok"]
    for args in (["status"], ["status", "--short"], ["list"], ["list", "--json"], ["device", "list"], ["condition", "list"],
                 ["export"], ["export", "--format", "json"], ["check", "--area", "face", "--needle", "0.25"]):
        code, err = _run(path, *args)
        assert code in (0, 3), (args, code, err)
    code, err = _run(path, "doctor")
    assert code == 0, err


def _outcome(path: Path, before: list[str], code: int, err: str, refused: int) -> None:
    event(f"exit {code}")  # --hypothesis-show-statistics: how many were accepted
    assert "unexpected error" not in err and "Traceback" not in err, err
    assert code in (0, refused), (code, err)
    if code == refused:
        assert snapshot(path) == before, "a refused file changed the journal"
    else:
        _assert_sound(path)


@pytest.fixture
def folder(tmp_path):
    return tmp_path


def _cell(value) -> str:
    return value if isinstance(value, str) else "" if value is None else json.dumps(value) if isinstance(value, (list, dict)) else str(value)


@settings(**SETTINGS)
@given(rows=records)
def test_random_csv_rows(folder, rows):
    path = _fresh_journal(folder)
    before = snapshot(path)
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    columns = ["date", "area", "needle_mm", *sorted({k for r in rows for k in r} - {"date", "area", "needle_mm"})]
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_cell(r.get(c)).encode("utf-8", "surrogatepass").decode("utf-8", "replace") for c in columns])
    source = folder / "in.csv"
    source.write_text(out.getvalue(), encoding="utf-8", newline="")
    code, err = _run(path, "import", str(source))
    _outcome(path, before, code, err, ExitCode.BAD_INPUT)
    if code == 0:  # importing the same file again adds nothing
        after = snapshot(path)
        code, err = _run(path, "import", str(source))
        assert code == 0, err
        assert [line for line in snapshot(path) if "INSERT INTO \"sessions\"" in line] == [line for line in after if "INSERT INTO \"sessions\"" in line]


def _json_safe(value):
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if isinstance(value, float) and value != value:
        return None
    return value


@settings(**SETTINGS)
@given(rows=records, reactions=st.lists(st.fixed_dictionaries({}, optional={k: _likely(k) for k in ("uid", "session_uid", "date", "redness", "swelling", "notes")}), max_size=2),
       conditions=st.lists(st.fixed_dictionaries({}, optional={k: _likely(k) for k in ("uid", "kind", "area", "start", "end", "notes")}), max_size=2))
def test_random_json_documents(folder, rows, reactions, conditions):
    path = _fresh_journal(folder)
    before = snapshot(path)
    sessions = [{("device_id" if k == "device" else k): _json_safe(v) for k, v in r.items()} for r in rows]
    # give some observations a session of the file to refer to
    for i, reaction in enumerate(reactions):
        if "session_uid" not in reaction and sessions and isinstance(sessions[0].get("uid"), str):
            reaction["session_uid"] = sessions[0]["uid"]
    document = {"format": "homelog", "version": 1, "sessions": sessions,
                "reactions": [{k: _json_safe(v) for k, v in r.items()} for r in reactions],
                "conditions": [{k: _json_safe(v) for k, v in c.items()} for c in conditions]}
    source = folder / "in.json"
    source.write_text(json.dumps(document, allow_nan=True), encoding="utf-8")
    code, err = _run(path, "import", str(source))
    _outcome(path, before, code, err, ExitCode.BAD_INPUT)


_stored = st.one_of(st.none(), st.integers(-5, 5000), st.sampled_from([0, 1, 250, 255, 3000, 9000]), _texts, _dates,
                    st.sampled_from(["2025-02-01", "face", "scalp", "retinoid", "2025-01-01 10:00:00.000000"]))


@settings(**SETTINGS)
@given(changes=st.lists(st.tuples(st.sampled_from([("sessions", c) for c in ("date", "area", "needle_um", "disinfected", "notes", "override_reason", "overridden_rules", "uid", "device_id")]
                                                   + [("devices", c) for c in ("name", "kind", "needle_um")]), _stored), min_size=1, max_size=3))
def test_random_backups_to_restore(folder, changes):
    path = _fresh_journal(folder)
    backup = folder / "backup.db"
    shutil.copyfile(path, backup)
    con = sqlite3.connect(backup)
    try:
        con.execute("INSERT INTO devices (uid, name, kind, needle_um, created_at, updated_at, origin) VALUES ('d-1', 'roller', 'roller', 500, '2025-01-01 10:00:00', '2025-01-01 10:00:00.000000', ?)",
                    (con.execute("SELECT origin FROM sessions LIMIT 1").fetchone()[0],))
        for (table, column), value in changes:
            # NOT NULL / UNIQUE may refuse a value, sqlite3 a lone surrogate: then the row keeps its own
            with contextlib.suppress(sqlite3.Error, UnicodeEncodeError, OverflowError):
                con.execute(f'UPDATE {table} SET "{column}" = ? WHERE id = 1', (value,))
        con.commit()
    finally:
        con.close()
    checkpoint(backup)
    before = snapshot(path)
    code, err = _run(path, "restore", str(backup))
    _outcome(path, before, code, err, ExitCode.DAMAGED)
