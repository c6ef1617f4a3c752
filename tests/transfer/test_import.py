"""homelog import: round trips, validation (all or nothing), duplicates, devices, undo."""

from __future__ import annotations

import csv
import io
import sqlite3
import json
import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homelog.errors import ExitCode, InputError
from homelog.rules import RULE_IDS
from homelog.service import transfer

from .conftest import live_count, open_journal, seed, seed_many, today

AREAS = ["face", "neck", "chest", "scalp", "hands", "arms", "legs", "abdomen", "back", "buttocks"]

# Text the journal can hold (validate.text: no C0, DEL or C1 control characters
# but tab and LF, no lone surrogates), biased towards what breaks CSV and spreadsheets.
journal_char = st.characters(blacklist_categories=("Cs",), blacklist_characters="".join(
    chr(c) for c in list(range(0, 9)) + list(range(11, 32)) + list(range(127, 160))
))
journal_text = st.one_of(
    st.text(journal_char, max_size=40),
    st.tuples(
        st.sampled_from(["=", "+", "-", "@", "'", "''", "\t", "\n", '"', ",", " ", "é", "😀", "\uff1d", ""]),
        st.text(st.sampled_from(list(',"\n\t\' =+-@;é😀ab')), max_size=12),
        st.text(journal_char, max_size=10),
    ).map("".join),
)
reasons = st.one_of(st.none(), journal_text.map(str.strip).filter(bool))

DEVICES = [
    {"name": "=Roller", "kind": "roller", "needle_um": 500},
    {"name": "'Pen, the \"good\" one", "kind": "pen"},
    {"name": "Stamp", "kind": "stamp", "needle_um": 1000},
]


@st.composite
def journal_sessions(draw):
    out = []
    for _ in range(draw(st.integers(1, 6))):
        device = draw(st.sampled_from([None, 0, 1, 2]))
        needle = DEVICES[device]["needle_um"] if device in (0, 2) else draw(st.integers(10, 300)) * 10
        reason = draw(reasons)
        out.append(
            {
                "date": date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 500))),
                "area": draw(st.sampled_from(AREAS)),
                "needle_um": needle,
                "device": device,
                "disinfected": draw(st.sampled_from([None, True, False])),
                "notes": draw(journal_text),
                "override_reason": reason,
                "overridden_rules": tuple(draw(st.lists(st.sampled_from(RULE_IDS), unique=True, max_size=2))) if reason else (),
            }
        )
    return out


def _export(path: Path, fmt: str) -> str:
    journal = open_journal(path)
    try:
        out = io.StringIO(newline="")
        transfer.export_sessions(journal, fmt, out)
        return out.getvalue()
    finally:
        journal.db.close()


def _import(path: Path, text: str, fmt: str) -> transfer.ImportResult:
    journal = open_journal(path)
    try:
        return transfer.import_sessions(journal, io.BytesIO(text.encode("utf-8")), fmt)
    finally:
        journal.db.close()


def _without_id(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return [r[:1] + r[2:] for r in rows]


def _json_without_ids(text: str) -> dict:
    document = json.loads(text)
    document.pop("exported")
    for s in document["sessions"]:
        s.pop("id"), s.pop("device_id")
    for d in document["devices"]:
        d.pop("id")
    document["devices"].sort(key=lambda d: d["uid"])
    return document


ROUND_TRIP = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(journal_sessions())
def test_csv_round_trip(sessions):
    """export -> import into a fresh journal -> export: identical but for the id column,
    and every text (notes, reasons, device names) exactly as it was."""
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "a.db", Path(folder) / "b.db"
        seed(first, sessions, DEVICES)
        exported = _export(first, "csv")
        result = _import(second, exported, "csv")
        assert (result.added, result.skipped) == (len(sessions), 0)
        again = _export(second, "csv")
        assert _without_id(again) == _without_id(exported)
        # The texts themselves, not only self-consistency:
        assert _contents(first) == _contents(second)
        # A second import of the same file adds nothing.
        assert (lambda r: (r.added, r.skipped))(_import(second, exported, "csv")) == (0, len(sessions))


@ROUND_TRIP
@given(journal_sessions())
def test_json_round_trip(sessions):
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "a.db", Path(folder) / "b.db"
        seed(first, sessions, DEVICES)
        exported = _export(first, "json")
        result = _import(second, exported, None)  # told apart by content
        assert result.added == len(sessions)
        assert _json_without_ids(_export(second, "json")) == _json_without_ids(exported)
        assert _contents(first) == _contents(second)


def _contents(path: Path) -> list[tuple]:
    journal = open_journal(path)
    try:
        return sorted(
            (s.uid, s.date, s.area, s.needle_um, s.disinfected, s.notes, s.override_reason, s.overridden_rules, s.device_name)
            for s in journal.list()
        )
    finally:
        journal.db.close()


def test_cli_round_trip_through_files(cli, db, tmp_path):
    seed(db, [{"notes": "=x"}, {"notes": "'y", "date": date(2025, 5, 20), "area": "neck"}])
    code, _, err = cli("export", "-o", str(tmp_path / "a.csv"))
    assert code == 0, err
    other = tmp_path / "other.db"
    code, out, err = cli("import", str(tmp_path / "a.csv"), db=other)
    assert code == 0, err
    assert "Imported 2 sessions" in out and "skipped 0" in out and "'homelog undo'" in out
    code, _, _ = cli("export", "-o", str(tmp_path / "b.csv"), db=other)
    assert _without_id((tmp_path / "b.csv").read_text(encoding="utf-8")) == _without_id(
        (tmp_path / "a.csv").read_text(encoding="utf-8")
    )


def _csv(rows: list[list[str]], header=("date", "area", "needle_mm", "notes")) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.text(st.sampled_from(list('ab\n",\'= ')), max_size=12), min_size=0, max_size=6),
    st.sampled_from(["fase", "2025-13-01", "0.05", "yes"]),
)
def test_a_bad_row_names_its_line_and_nothing_is_imported(tmp_path_factory, notes, problem):
    folder = tmp_path_factory.mktemp("bad")
    db = folder / "j.db"
    seed(db, [{"notes": "already here"}])
    rows = [["2025-01-%02d" % (i + 1), "face", "0.5", n] for i, n in enumerate(notes)]
    bad = {"fase": ["2025-02-01", "fase", "0.5", ""], "2025-13-01": ["2025-13-01", "face", "0.5", ""],
           "0.05": ["2025-02-01", "face", "0.05", ""], "yes": ["2025-02-01", "face", "0.5", ""]}[problem]
    header = ("date", "area", "needle_mm", "notes")
    if problem == "yes":
        header = ("date", "area", "needle_mm", "disinfected")
        bad = ["2025-02-01", "face", "0.5", "perhaps"]
        rows = [r[:3] + ["yes"] for r in rows]
    text = _csv(rows + [bad, ["2025-03-01", "face", "0.5", ""]], header=header)
    # The line the bad record starts on: header is line 1; quoted notes span lines.
    line = 2 + sum(1 + r[3].count("\n") for r in rows)
    path = folder / "in.csv"
    path.write_text(text, encoding="utf-8", newline="")
    with pytest.raises(InputError) as err:
        journal = open_journal(db)
        try:
            transfer.import_sessions(journal, path)
        finally:
            journal.db.close()
    assert f"line {line}:" in str(err.value)
    assert "Nothing was imported" in str(err.value)
    assert live_count(db) == 1


def test_bad_row_through_the_cli(cli, db, tmp_path):
    seed(db, [{}])
    path = tmp_path / "in.csv"
    path.write_text('date,area,needle_mm,notes\n2025-01-01,face,0.5,"two\nlines"\n2025-01-02,face,9,x\n2099-01-01,face,0.5,x\n')
    code, out, err = cli("import", str(path))
    assert code == ExitCode.BAD_INPUT
    assert "line 4: Needle length '9'" in err and "line 5: Date 2099-01-01 is in the future" in err
    assert out == "" and live_count(db) == 1


def test_bad_json_session_names_its_index(cli, db, tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"format": "homelog", "version": 1, "sessions": [
        {"date": "2025-01-01", "area": "face", "needle_mm": 0.5},
        {"date": "2025-01-02", "area": "face", "needle_mm": "deep"},
    ]}))
    code, _, err = cli("import", str(path))
    assert code == ExitCode.BAD_INPUT and "sessions[1]: Needle length 'deep'" in err
    assert live_count(db) == 0


def test_hand_made_minimal_csv(cli, db, tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("date,area,needle_mm\n2025-05-01,Face,0.5\n\n2025-05-20, neck ,1\n2025-05-25,legs,.75mm\n", encoding="utf-8")
    code, out, err = cli("import", str(path), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["added"] == 3 and result["skipped"] == 0
    journal = open_journal(db)
    try:
        got = sorted(journal.list(), key=lambda s: s.date)
    finally:
        journal.db.close()
    assert [(s.date, s.area, s.needle_um, s.notes, s.disinfected, s.device_id) for s in got] == [
        (date(2025, 5, 1), "face", 500, "", None, None),
        (date(2025, 5, 20), "neck", 1000, "", None, None),
        (date(2025, 5, 25), "legs", 750, "", None, None),
    ]
    assert all(len(s.uid) == 36 for s in got)
    # no uid in the file: each row's uid is made from its content, so importing it again adds nothing
    code, out, _ = cli("import", str(path), "--json")
    assert (json.loads(out)["added"], json.loads(out)["skipped"]) == (0, 3)


def test_excel_style_file_semicolons_bom_crlf(cli, db, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffdate;area;needle_mm;notes;disinfected\r\n2025-05-01;face;0,5;x;\r\n".encode("utf-8"))
    code, _, err = cli("import", str(path))
    assert code == ExitCode.BAD_INPUT and "line 2" in err and "0,5" in err  # decimal comma: said clearly
    path.write_bytes("\ufeffdate;area;needle_mm;notes;disinfected\r\n2025-05-01;face;0.5;\"a\r\nb\";YES\r\n".encode("utf-8"))
    code, out, err = cli("import", str(path))
    assert code == 0, err
    journal = open_journal(db)
    try:
        [s] = journal.list()
    finally:
        journal.db.close()
    assert s.notes == "a\nb" and s.disinfected is True  # CRLF inside a note is kept as LF


def test_not_utf8_and_missing_file(cli, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("date,area,needle_mm,notes\n2025-05-01,face,0.5,caf\xe9\n".encode("latin-1"))
    code, _, err = cli("import", str(path))
    assert code == ExitCode.BAD_INPUT and "not UTF-8" in err
    code, _, err = cli("import", str(tmp_path / "nope.csv"))
    assert code == ExitCode.BAD_INPUT and "no file" in err


def test_duplicate_import_skips_all(cli, db, tmp_path):
    seed(db, [{"date": date(2025, 5, d)} for d in (1, 10, 20)])
    cli("export", "-o", str(tmp_path / "all.csv"))
    code, out, _ = cli("import", str(tmp_path / "all.csv"), "--json")
    assert code == 0 and (json.loads(out)["added"], json.loads(out)["skipped"]) == (0, 3)
    assert live_count(db) == 3
    code, out, _ = cli("import", str(tmp_path / "all.csv"))
    assert "Imported 0 sessions" in out and "skipped 3" in out and "undo" not in out


def test_one_uid_twice_in_a_file_with_other_content_is_an_error_naming_both_lines(cli, db, tmp_path):
    path = tmp_path / "dups.csv"
    path.write_text("uid,date,area,needle_mm\nabc,2025-05-01,face,0.5\nabc,2025-05-02,face,0.5\n")
    code, out, err = cli("import", str(path), "--json")
    assert code == ExitCode.BAD_INPUT and out == ""
    assert "line 3: uid 'abc' is also on line 2, with other values" in err
    assert live_count(db) == 0


def test_one_uid_twice_with_the_same_content_is_skipped(cli, db, tmp_path):
    path = tmp_path / "dups.csv"
    path.write_text("uid,date,area,needle_mm\nabc,2025-05-01,face,0.5\nabc,2025-05-01,Face,0.50\n")
    code, out, _ = cli("import", str(path), "--json")
    assert code == 0 and (json.loads(out)["added"], json.loads(out)["skipped"]) == (1, 1)


def test_a_hand_made_csv_imported_twice_adds_nothing_the_second_time(cli, db, tmp_path):
    """README and --help promise it: rows without a uid are known by their content."""
    path = tmp_path / "hand.csv"
    path.write_text("date,area,needle_mm,notes\n2025-05-01,face,0.5,evening\n2025-05-03,scalp,0.25,\n")
    code, out, _ = cli("import", str(path), "--json")
    assert code == 0 and (json.loads(out)["added"], json.loads(out)["skipped"]) == (2, 0)
    code, out, _ = cli("import", str(path), "--json")
    assert code == 0 and (json.loads(out)["added"], json.loads(out)["skipped"]) == (0, 2)
    assert live_count(db) == 2
    # the same sessions written differently (case, spacing, .5) are the same sessions
    path.write_text("date,needle_mm,area,notes\n2025-05-03,.25,Scalp ,\n2025-05-01,.5,FACE,evening\n")
    code, out, _ = cli("import", str(path), "--json")
    assert code == 0 and json.loads(out)["added"] == 0
    # another note is another session
    path.write_text("date,area,needle_mm,notes\n2025-05-01,face,0.5,morning\n")
    code, out, _ = cli("import", str(path), "--json")
    assert code == 0 and json.loads(out)["added"] == 1


def test_hand_made_rows_that_differ_only_in_disinfected_are_two_sessions(cli, db, tmp_path):
    path = tmp_path / "hand.csv"
    path.write_text("date,area,needle_mm,disinfected\n2025-05-01,face,0.5,yes\n2025-05-01,face,0.5,no\n2025-05-01,face,0.5,no\n")
    code, out, _ = cli("import", str(path), "--json")
    assert code == 0 and (json.loads(out)["added"], json.loads(out)["skipped"]) == (2, 1)  # the third says what the second says


def test_undo_removes_the_whole_import_and_reimport_brings_it_back(cli, db, tmp_path):
    seed(db, [{"date": date(2025, 4, 1), "notes": "mine"}])
    path = tmp_path / "in.csv"
    path.write_text(_csv([["2025-05-%02d" % d, "face", "0.25", f"n{d}"] for d in range(1, 6)], header=("date", "area", "needle_mm", "notes")))
    code, out, _ = cli("import", str(path))
    assert code == 0 and live_count(db) == 6
    code, out, _ = cli("undo")
    assert code == 0 and "import of 5 sessions" in out
    assert live_count(db) == 1
    journal = open_journal(db)
    try:
        assert [s.notes for s in journal.list()] == ["mine"]
    finally:
        journal.db.close()

    # With uids: an undone import can be imported again (the rows come back).
    cli("export", "-o", str(tmp_path / "one.csv"))
    other = tmp_path / "other.db"
    cli("import", str(tmp_path / "one.csv"), db=other)
    cli("undo", db=other)
    assert live_count(other) == 0
    code, out, _ = cli("import", str(tmp_path / "one.csv"), "--json", db=other)
    assert json.loads(out)["added"] == 1 and live_count(other) == 1
    cli("undo", db=other)
    assert live_count(other) == 0


def _devices(path: Path) -> list[tuple]:
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT name, retired_at IS NOT NULL FROM devices ORDER BY id").fetchall()
    finally:
        con.close()


DEVICE_CSV = (
    "uid,date,area,needle_mm,device,device_kind,device_needle_mm\n"
    "s-1,2025-05-01,face,0.5,Roller A,,\n"  # the journal's own device
    "s-2,2025-05-02,neck,1.0,New pen,pen,\n"  # two devices the import adds
    "s-3,2025-05-03,legs,1.0,Stamp X,stamp,1.0\n"
)


def test_undoing_an_import_removes_the_devices_it_added(cli, db, tmp_path):
    seed(db, [], [{"name": "Roller A", "kind": "roller", "needle_um": 500}])
    path = tmp_path / "dev.csv"
    path.write_text(DEVICE_CSV)
    assert cli("import", str(path))[0] == 0
    assert _devices(db) == [("Roller A", 0), ("New pen", 0), ("Stamp X", 0)]
    code, out, _ = cli("undo")
    assert code == 0 and "import of 3 sessions" in out and "Removed with it: 2 devices it had added." in out
    assert _devices(db) == [("Roller A", 0)] and live_count(db) == 0
    # The import can come back whole: the same sessions, with their devices made again.
    code, out, _ = cli("import", str(path), "--json")
    assert code == 0 and json.loads(out)["added"] == 3
    assert _devices(db) == [("Roller A", 0), ("New pen", 0), ("Stamp X", 0)]
    journal = open_journal(db)
    try:
        assert sorted((s.area, s.device_name) for s in journal.list()) == [
            ("face", "Roller A"), ("legs", "Stamp X"), ("neck", "New pen")
        ]
    finally:
        journal.db.close()


def test_undoing_an_import_retires_an_added_device_another_session_refers_to(cli, db, tmp_path):
    path = tmp_path / "dev.csv"
    path.write_text(DEVICE_CSV.replace("Roller A,,", "Roller A,roller,0.5"))
    assert cli("import", str(path))[0] == 0
    journal = open_journal(db)
    try:
        [pen] = [d.id for d in journal.devices() if d.name == "New pen"]
    finally:
        journal.db.close()
    # A later session with the imported pen, then undone: deleted, it still names the pen.
    code, _, err = cli("add", "--area", "arms", "--needle", "0.5", "--date", "2025-05-20", "--device", str(pen))
    assert code == 0, err
    assert cli("undo")[0] == 0
    code, out, _ = cli("undo")
    assert code == 0 and "Removed with it: 2 devices it had added." in out
    assert "Retired instead of removed: 1 device it had added, which other sessions refer to." in out
    assert _devices(db) == [("New pen", 1)]


def test_devices_are_matched_or_created(cli, db, tmp_path):
    seed(db, [], [{"name": "Roller A", "kind": "roller", "needle_um": 500}])
    path = tmp_path / "dev.csv"
    path.write_text(
        "date,area,needle_mm,device,device_kind,device_needle_mm,device_uid\n"
        "2025-05-01,face,0.5,Roller A,,,\n"  # matched by name
        "2025-05-02,neck,1.0,New pen,pen,,\n"  # created
        "2025-05-03,neck,1.5,New pen,,,\n"  # the same new pen
        "2025-05-03,arms,0.5,Late,,,\n"  # its kind comes on a later row
        "2025-05-04,back,0.5,Late,pen,,\n"
        "2025-05-04,legs,1.0,Stamp X,stamp,1.0,0b0c-uid\n"  # created with its uid
    )
    code, out, err = cli("import", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["devices_added"] == ["New pen", "Late", "Stamp X"]
    journal = open_journal(db)
    try:
        devices = {d.name: d for d in journal.devices()}
        assert {n: d.uses for n, d in devices.items()} == {"Roller A": 1, "New pen": 2, "Late": 2, "Stamp X": 1}
        assert devices["Stamp X"].uid == "0b0c-uid"
    finally:
        journal.db.close()
    # Same device uid again, other name: matched by uid, nothing created.
    path.write_text("date,area,needle_mm,device,device_uid\n2025-05-05,arms,1.0,Renamed,0b0c-uid\n")
    code, out, _ = cli("import", str(path), "--json")
    assert json.loads(out)["devices_added"] == []


def test_device_problems_are_bad_rows(cli, db, tmp_path):
    seed(db, [], [{"name": "Roller A", "kind": "roller", "needle_um": 500}])
    path = tmp_path / "dev.csv"
    path.write_text("date,area,needle_mm,device\n2025-05-01,face,0.5,Unknown\n")
    code, _, err = cli("import", str(path))
    assert code == ExitCode.BAD_INPUT and "line 2" in err and "device_kind" in err
    path.write_text("date,area,needle_mm,device\n2025-05-01,face,0.5,Roller A\n2025-05-02,face,1.0,Roller A\n")
    code, _, err = cli("import", str(path))
    assert code == ExitCode.BAD_INPUT and "line 3" in err and "must be 0.5 mm" in err
    path.write_text("date,area,needle_mm,device,device_kind\n2025-05-01,face,0.5,Big,roller\n")
    code, _, err = cli("import", str(path))
    assert code == ExitCode.BAD_INPUT and "device_needle_mm" in err
    journal = open_journal(db)
    try:
        assert [d.name for d in journal.devices()] == ["Roller A"] and journal.count() == 0
    finally:
        journal.db.close()


def test_findings_are_reported_not_refused(cli, db, tmp_path):
    path = tmp_path / "risky.csv"
    path.write_text(
        "date,area,needle_mm,disinfected\n"
        "2025-05-01,face,2.5,true\n"  # too deep for home use
        "2025-05-02,face,0.5,true\n"  # too soon after the first
        "2025-05-20,neck,0.25,\n"  # not disinfected
    )
    code, out, err = cli("import", str(path), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["added"] == 3 and live_count(db) == 3
    found = {(f["rule"], f["level"]): f for f in result["findings"]}
    assert {k: f["count"] for k, f in found.items()} == {
        ("home-depth", "stop"): 1,
        # 0.5 and 0.25 mm: within the home limit (a clinic's 0.2 mm is unconfirmed and sets nothing)
        ("rest-period", "stop"): 2,  # both sessions of the pair
        ("disinfection", "caution"): 1,
        ("aftercare", "note"): 3,  # every session
    }
    assert found[("home-depth", "stop")]["examples"][0]["where"] == "line 2"
    assert any(rule == "disinfection" for rule, _ in found)
    code, out, _ = cli("undo")
    code, out, _ = cli("import", str(path))
    assert "STOP" in out and "home-depth: 1 session" in out and "line 2:" in out


def test_unknown_columns_are_ignored_and_said(cli, db, tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text("date,area,needle_mm,notse\n2025-05-01,face,0.5,x\n")
    code, out, _ = cli("import", str(path))
    assert code == 0 and "Ignored columns homelog does not know: notse." in out


def test_import_from_stdin(cli, db, tmp_path, monkeypatch):
    data = io.BytesIO(b"date,area,needle_mm\n2025-05-01,face,0.5\n")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(data))
    code, out, err = cli("import", "-", "--json")
    assert code == 0, err
    assert json.loads(out)["added"] == 1


def test_import_is_one_transaction(cli, db, tmp_path, monkeypatch):
    """A failure while saving (after some rows are in) leaves nothing behind."""
    from homelog.store import bulk

    seed(db, [{}])
    path = tmp_path / "in.csv"
    path.write_text(_csv([["2025-05-%02d" % d, "face", "0.5", ""] for d in range(1, 9)], header=("date", "area", "needle_mm", "notes")))
    real = bulk.record_import

    def broken(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("crash after the rows were written")

    monkeypatch.setattr(bulk, "record_import", broken)
    code, _, _ = cli("import", str(path))
    assert code == ExitCode.BUG
    assert live_count(db) == 1


def test_import_into_a_read_only_journal(cli, db, tmp_path):
    seed(db, [])
    path = tmp_path / "in.csv"
    path.write_text("date,area,needle_mm\n2025-05-01,face,0.5\n")
    code, _, err = cli("--read-only", "import", str(path))
    assert code == ExitCode.CANNOT_WRITE and "read-only" in err
    assert live_count(db) == 0


_LOGGED = st.tuples(
    st.sampled_from(["face", "scalp"]),
    st.integers(0, 120),  # days after 2025-01-01
    st.integers(10, 300),  # needle, hundredths of a mm
    st.sampled_from([None, 0, 1]),  # device: none, "Pen A" (in the journal), "Pen B"
    st.booleans(),  # disinfected
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LOGGED, max_size=8), st.lists(_LOGGED, min_size=1, max_size=12))
def test_import_findings_match_the_engine_on_the_full_history(existing, imported):
    """The summary's rules and levels are those ``evaluate`` gives each imported
    session against the whole journal after the import (the most severe level
    per rule); a device's uses are its sessions on earlier days."""
    from homelog.records import DeviceUse, SessionInput
    from homelog.rules import evaluate

    # Device limits low enough for a dozen sessions to reach them.
    config = Path(os.environ["HOMELOG_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "rules.toml").write_text(
        "[device-wear]\ncaution_above = 2\nstop_above = 4\n[device-age]\ncaution_above_days = 30\n"
    )
    start = date(2025, 1, 1)
    pens = [{"name": "Pen A", "kind": "pen"}, {"name": "Pen B", "kind": "pen"}]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "j.db"
        seed(
            path,
            [
                # the journal knows only Pen A; an import may bring Pen B
                {"area": a, "date": start + timedelta(days=d), "needle_um": n * 10, "device": None if dev is None else 0, "disinfected": dis}
                for a, d, n, dev, dis in existing
            ],
            pens[:1],
        )
        text = _csv(
            [
                [(start + timedelta(days=d)).isoformat(), a, f"{n / 100:.2f}", "" if dev is None else pens[dev]["name"], "pen", "true" if dis else "false"]
                for a, d, n, dev, dis in imported
            ],
            header=("date", "area", "needle_mm", "device", "device_kind", "disinfected"),
        )
        result = _import(path, text, "csv")
        journal = open_journal(path)
        try:
            everyone = journal.list()
            table = journal.rules
        finally:
            journal.db.close()
    ids = set(result.ids)
    expected: dict[tuple[str, str], int] = {}
    for s in everyone:
        if s.id not in ids:
            continue
        use = None
        if s.device_id is not None:
            days = sorted(o.date for o in everyone if o.device_id == s.device_id)
            # Pens: no wear count (their cartridge is new each session), a cartridge caution.
            use = DeviceUse(s.device_id, s.device_name, sum(1 for d in days if d < s.date), days[0], kind="pen")
        candidate = SessionInput(s.date, s.area, s.needle_um, s.device_id, s.disinfected)
        worst: dict[str, str] = {}
        for f in evaluate(candidate, [o for o in everyone if o.id != s.id], use, table).findings:
            worst.setdefault(f.rule, f.level)  # findings come most severe first
        for key in worst.items():
            expected[key] = expected.get(key, 0) + 1
    assert {(f.rule, f.level): f.count for f in result.findings} == expected
    for f in result.findings:  # each example is the engine's own words for one of them
        assert 1 <= len(f.examples) <= min(3, f.count) and all(w.startswith("line ") and m for w, m in f.examples)


def test_json_round_trip_keeps_a_retired_device_retired(cli, db, tmp_path):
    seed(db, [{"device": 0, "needle_um": 500}], [{"name": "Old roller", "kind": "roller", "needle_um": 500}])
    code, _, _ = cli("device", "retire", "1")
    assert code == 0
    cli("export", "-o", str(tmp_path / "a.json"))
    other = tmp_path / "other.db"
    code, _, err = cli("import", str(tmp_path / "a.json"), db=other)
    assert code == 0, err
    cli("export", "-o", str(tmp_path / "b.json"), db=other)
    a = _json_without_ids((tmp_path / "a.json").read_text(encoding="utf-8"))
    b = _json_without_ids((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert a == b and a["devices"][0]["retired"] is True


def test_many_new_devices_are_named_up_to_ten(cli, db, tmp_path):
    path = tmp_path / "many.csv"
    rows = [[f"2025-05-{d:02d}", "legs", "0.5", f"roller {d}", "pen"] for d in range(1, 13)]
    path.write_text(_csv(rows, header=("date", "area", "needle_mm", "device", "device_kind")))
    code, out, err = cli("import", str(path))
    assert code == 0, err
    line = next(x for x in out.splitlines() if x.startswith("Added 12 devices"))
    assert "roller 10 and 2 more" in line and "roller 11" not in line
    code, out, _ = cli("import", str(path), "--json", db=tmp_path / "other.db")  # JSON names them all
    assert code == 0 and json.loads(out)["devices_added"] == [f"roller {d}" for d in range(1, 13)]


def test_known_uids_by_batches_or_by_one_scan_agree(db):
    """Both ways of finding the journal's uids (IN batches for a big journal, one
    read of every uid for a small one) give the same answer, deleted ones included."""
    import sqlite3

    from homelog.store import bulk

    seed_many(db, 1200)  # uids uid-0000000 ... uid-0001199
    con = sqlite3.connect(db)
    try:
        con.execute("UPDATE sessions SET deleted_at = '2025-05-02 00:00:00.000000' WHERE uid = 'uid-0000007'")
        few = ["uid-0000003", "uid-0000007", "uid-0001199", "nope", "uid-0001200"]  # 5 < 1200: batches
        many = few + [f"other-{i}" for i in range(1300)]  # more uids than sessions: one scan
        by_batch, by_scan = bulk.known_uids(con, "sessions", few), bulk.known_uids(con, "sessions", iter(many))
    finally:
        con.close()
    assert by_batch == by_scan
    assert set(by_batch) == {"uid-0000003", "uid-0000007", "uid-0001199"}
    assert by_batch["uid-0000007"][1] is True and by_batch["uid-0000003"][1] is False


def _indexes(path: Path) -> list[tuple[str, str]]:
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions' ORDER BY name").fetchall()
    finally:
        con.close()


def _large_import(cli, db, tmp_path) -> tuple[list[tuple[str, str]], int, str]:
    """A journal of one session, then an import of 20 (more than the table holds)
    -> (the indexes before, exit code, stderr)."""
    seed(db, [{"date": date(2025, 1, 2)}])
    before = _indexes(db)
    path = tmp_path / "big.csv"
    path.write_text(_csv([[f"2025-02-{d:02d}", "legs", "0.25", ""] for d in range(1, 21)]))
    code, _, err = cli("import", str(path))
    return before, code, err


def test_a_large_import_keeps_the_indexes_exactly(cli, db, tmp_path):
    before, code, err = _large_import(cli, db, tmp_path)
    assert len([n for n, sql in before if sql]) == 3  # the secondary indexes of sessions
    assert code == 0, err
    assert _indexes(db) == before
    import sqlite3

    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        plan = con.execute("EXPLAIN QUERY PLAN SELECT date FROM sessions WHERE area = 'legs' AND date >= '2025-02-05'").fetchall()
        assert "ix_sessions_area_date" in str(plan)
    finally:
        con.close()


def test_a_large_import_that_fails_keeps_the_indexes(cli, db, tmp_path, monkeypatch):
    from homelog.store import bulk

    real = bulk.record_import

    def broken(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("crash after the rows were written")

    monkeypatch.setattr(bulk, "record_import", broken)
    before, code, _ = _large_import(cli, db, tmp_path)
    assert code == ExitCode.BUG
    assert _indexes(db) == before and live_count(db) == 1


def test_a_session_without_override_is_stored_with_null_reason_and_rules(db):
    """The bulk insert binds "" for "no override" (cheaper than None): SQL stores NULL."""
    text = (
        "date,area,needle_mm,override_reason,overridden_rules\n"
        "2025-01-02,face,0.25,,\n"
        "2025-01-20,neck,0.25,my dermatologist said so,rest-period\n"
    )
    assert _import(db, text, "csv").added == 2
    con = sqlite3.connect(db)
    try:
        stored = con.execute("SELECT area, override_reason, overridden_rules FROM sessions ORDER BY area").fetchall()
    finally:
        con.close()
    assert stored == [("face", None, None), ("neck", "my dermatologist said so", "rest-period")]


def test_a_device_brought_back_by_an_import_loses_its_tombstone(cli, db, tmp_path):
    """Undoing an import removes the devices it added (a sync passes the removal on);
    importing them again by uid brings them back and clears that removal."""
    path = tmp_path / "uids.csv"
    path.write_text(
        "date,area,needle_mm,device,device_kind,device_needle_mm,device_uid\n"
        "2025-01-02,face,0.5,Pen A,pen,,dev-a\n"
        "2025-01-20,neck,0.5,Roller B,roller,0.5,dev-b\n"
    )

    def state() -> tuple[list, list]:
        con = sqlite3.connect(db)
        try:
            return (
                con.execute("SELECT uid FROM devices ORDER BY uid").fetchall(),
                con.execute("SELECT uid FROM device_tombstones ORDER BY uid").fetchall(),
            )
        finally:
            con.close()

    assert cli("import", str(path))[0] == 0
    assert state() == ([("dev-a",), ("dev-b",)], [])
    assert cli("undo")[0] == 0
    assert state() == ([], [("dev-a",), ("dev-b",)])
    assert cli("import", str(path))[0] == 0
    assert state() == ([("dev-a",), ("dev-b",)], [])


def test_the_import_stamps_rows_with_the_journal_id_whatever_it_holds(db):
    """The stamps are written into the insert statement as SQL literals: quoted."""
    open_journal(db).db.close()
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = ? WHERE key = 'journal_id'", ("o'brien",))
    con.commit()
    con.close()
    assert _import(db, "date,area,needle_mm\n2025-01-02,face,0.25\n", "csv").added == 1
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT origin FROM sessions").fetchall() == [("o'brien",)]
    finally:
        con.close()


def test_a_refused_import_into_no_journal_leaves_none(cli, db, tmp_path):
    """A journal is made by an import only when the import is complete: a refused
    one leaves nothing at the path (a later status still says there is none) and no
    temporary file beside it."""
    bad = tmp_path / "bad.csv"
    bad.write_text("date,area,needle_mm\n2025-01-01,face,0.5\n2025-01-02,nose,0.5\n")
    code, _, err = cli("import", str(bad), db=db)
    assert code == ExitCode.BAD_INPUT and "nose" in err
    assert not db.exists() and sorted(p.name for p in db.parent.iterdir()) == []
    code, _, err = cli("status", db=db)
    assert code == ExitCode.DAMAGED and "no journal" in err.lower()


def test_an_import_into_no_journal_makes_it_whole_and_private(cli, db, tmp_path):
    import os
    import stat

    good = tmp_path / "good.csv"
    good.write_text("date,area,needle_mm,notes\n2025-01-01,face,0.5,first\n2025-01-20,face,0.5,second\n")
    code, out, err = cli("import", str(good), db=db)
    assert code == 0, err
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]  # no temporary or WAL file left
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600
    assert live_count(db) == 2
    assert cli("undo", db=db)[0] == 0 and live_count(db) == 0  # the import is one undoable change there too


def test_an_import_never_replaces_a_journal_that_appeared_meanwhile(db, tmp_path, monkeypatch):
    """Two homelogs at once: a journal made at the path while this import ran is left
    as it is, and the import says so (exit 6) instead of replacing it."""
    from homelog import locations
    from homelog.errors import CannotWrite
    from homelog.service import importing

    good = tmp_path / "good.csv"
    good.write_text("date,area,needle_mm\n2025-01-01,face,0.5\n")
    real = importing.import_sessions

    def meanwhile(journal, *args, **kwargs):
        found = real(journal, *args, **kwargs)
        db.write_bytes(b"another homelog's journal")
        return found

    monkeypatch.setattr(importing, "import_sessions", meanwhile)
    with pytest.raises(CannotWrite, match="appeared"):
        importing.import_to_new_journal(locations.resolve(db=db), str(good), today=today)
    assert db.read_bytes() == b"another homelog's journal"
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]
