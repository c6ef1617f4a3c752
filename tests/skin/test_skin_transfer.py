"""Reactions and conditions in export, import, backups and migrated journals."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from homelog.store.schema import HEAD
from tests.store.test_migrations import build_fixture


@pytest.fixture
def skin_journal(cli):
    """Two sessions, three observations (one healed), two conditions (one deleted)."""
    for day in ("2025-02-01", "2025-02-20"):
        assert cli("add", "--area", "face", "--needle", "0.25", "--date", day, "--override", "t").code == 0
    for args in (("--redness", "2", "--infection", "--date", "2025-02-02", "--notes", "=pus"), ("--healed", "--date", "2025-02-06"), ("--redness", "3", "--date", "2025-02-07")):
        assert cli("react", "1", *args).code == 0
    assert cli("condition", "add", "retinoid", "--area", "face", "--from", "2025-01-01", "--to", "2025-02-10", "--notes", "tret").code == 0
    assert cli("condition", "add", "acne").code == 0
    assert cli("condition", "delete", "2").code == 0


def _export(cli, *args, db=None):
    r = cli("export", *args, db=db)
    assert r.code == 0, r.err
    return r.out


def test_json_export_carries_reactions_and_conditions(cli, skin_journal):
    doc = json.loads(_export(cli, "--format", "json"))
    assert [(r["session_id"], r["date"], r["redness"], r["infection"]) for r in doc["reactions"]] == [
        (1, "2025-02-02", 2, True), (1, "2025-02-06", 0, False), (1, "2025-02-07", 3, False)
    ]
    session_uid = {s["id"]: s["uid"] for s in doc["sessions"]}[1]
    assert {r["session_uid"] for r in doc["reactions"]} == {session_uid}
    assert [(c["kind"], c["area"], c["start"], c["end"], c["notes"]) for c in doc["conditions"]] == [
        ("retinoid", "face", "2025-01-01", "2025-02-10", "tret")
    ]
    filtered = json.loads(_export(cli, "--format", "json", "--from", "2025-02-15"))
    assert filtered["reactions"] == [] and len(filtered["conditions"]) == 1


def test_json_import_restores_exactly_and_idempotently(cli, skin_journal, tmp_path):
    path = tmp_path / "all.json"
    path.write_text(_export(cli, "--format", "json"))
    other = tmp_path / "other.db"
    r = cli("import", str(path), "--json", db=other)
    assert r.code == 0, r.err
    assert (r.json()["added"], r.json()["reactions_added"], r.json()["conditions_added"]) == (2, 3, 1)
    strip = lambda doc: {k: [{f: v for f, v in x.items() if not f.endswith("id")} for x in doc[k]] for k in ("sessions", "reactions", "conditions")}  # noqa: E731
    original = json.loads(path.read_text())
    again = json.loads(_export(cli, "--format", "json", db=other))
    assert strip(again) == strip(original)
    assert [x["uid"] for x in again["reactions"]] == [x["uid"] for x in original["reactions"]]
    second = cli("import", str(path), "--json", db=other).json()
    assert (second["added"], second["reactions_added"], second["conditions_added"]) == (0, 0, 0)
    # undo takes the import back with its skin rows; importing again brings them back
    assert "3 observations and 1 condition" in cli("undo", db=other).out
    assert cli("condition", "list", "--json", db=other).json() == []
    third = cli("import", str(path), "--json", db=other).json()
    assert (third["added"], third["reactions_added"], third["conditions_added"]) == (2, 3, 1)
    assert strip(json.loads(_export(cli, "--format", "json", db=other))) == strip(original)


def test_skin_rows_for_sessions_already_there_are_added_on_their_own(cli, skin_journal, tmp_path):
    doc = json.loads(_export(cli, "--format", "json"))
    sessions_only = dict(doc, reactions=[], conditions=[])
    other = tmp_path / "other.db"
    (tmp_path / "a.json").write_text(json.dumps(sessions_only))
    (tmp_path / "b.json").write_text(json.dumps(doc))
    assert cli("import", str(tmp_path / "a.json"), db=other).code == 0
    r = cli("import", str(tmp_path / "b.json"), db=other)
    assert r.code == 0 and "Added 3 observations and 1 condition" in r.out and "'homelog undo'" in r.out


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d["reactions"][0].update(redness=5), "reactions[0]: Redness '5'"),
        (lambda d: d["reactions"][1].update(session_uid="nope"), "reactions[1]: session_uid 'nope'"),
        (lambda d: d["reactions"][0].update(swelling="yes"), "swelling must be true or false"),
        (lambda d: d["conditions"][0].update(kind="flu"), "conditions[0]: Unknown condition kind 'flu'"),
        (lambda d: d["conditions"][0].update(end="2024-01-01"), "before the start"),
        (lambda d: d["conditions"][0].update(uid=""), "uid '' is not valid"),
    ],
)
def test_a_bad_skin_item_imports_nothing(cli, skin_journal, tmp_path, change, words):
    doc = json.loads(_export(cli, "--format", "json"))
    change(doc)
    (tmp_path / "bad.json").write_text(json.dumps(doc))
    other = tmp_path / "other.db"
    r = cli("import", str(tmp_path / "bad.json"), db=other)
    assert r.code == 2 and words in r.err, r.err
    assert not other.exists()  # nothing imported: not even an empty journal made


def test_csv_export_has_healed_on_and_max_redness_and_import_ignores_them(cli, skin_journal, tmp_path):
    text = _export(cli)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["date"], r["healed_on"], r["max_redness"]) for r in rows] == [("2025-02-01", "2025-02-06", "3"), ("2025-02-20", "", "")]
    (tmp_path / "j.csv").write_text(text)
    r = cli("import", str(tmp_path / "j.csv"), "--json", db=tmp_path / "other.db")
    assert r.code == 0 and r.json()["added"] == 2 and r.json()["ignored_columns"] == []


def test_csv_without_observations_has_empty_summary_cells(cli, tmp_path):
    assert cli("add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01").code == 0
    rows = list(csv.DictReader(io.StringIO(_export(cli))))
    assert [(r["healed_on"], r["max_redness"]) for r in rows] == [("", "")]


def test_backups_include_the_skin_tables(cli, skin_journal, tmp_path, db_path):
    target = tmp_path / "copy.db"
    assert cli("backup", "-o", str(target)).code == 0
    con = sqlite3.connect(target)
    assert con.execute("SELECT count(*) FROM reactions").fetchone() == (3,)
    assert con.execute("SELECT count(*) FROM conditions").fetchone() == (2,)
    con.close()
    assert cli("condition", "restore", "2").code == 0
    assert cli("restore", str(target)).code == 0
    assert [c["kind"] for c in cli("condition", "list", "--json").json()] == ["retinoid"]
    assert len(cli("react", "1", "--json").json()) == 3


@pytest.mark.parametrize("revision", ["0001", "0002"])
def test_a_migrated_journal_records_reactions_and_conditions(cli, tmp_path, revision):
    path = build_fixture(revision, tmp_path / "old.db")
    r = cli("react", "5", "--redness", "1", "--date", "2025-01-06", "--json", db=path)
    assert r.code == 0, r.err
    assert cli("condition", "add", "keloid", db=path).code == 0
    assert len(list((tmp_path / "backups").glob(f"old-pre-migrate-{revision}-*.db"))) == 1
    assert "Undid adding condition" in cli("undo", db=path).out
    assert "observation of session 5" in cli("undo", db=path).out
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM sessions").fetchone() == (5,)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    con.close()


@pytest.mark.parametrize("kind, area", [("bleeding-disorder", None), ("metal-allergy", None), ("skin-cancer", "neck"),
                                        ("chemo-radiotherapy", None), ("immune-suppression", None), ("open-wound", "legs")])
def test_the_new_condition_kinds_export_and_import(cli, tmp_path, kind, area):
    assert cli("condition", "add", kind, *(["--area", area] if area else []), "--from", "2025-01-05").code == 0
    path = tmp_path / "all.json"
    path.write_text(_export(cli, "--format", "json"))
    other = tmp_path / "other.db"
    r = cli("import", str(path), "--json", db=other)
    assert r.code == 0, r.err
    assert r.json()["conditions_added"] == 1
    assert [(c["kind"], c["area"], c["start"]) for c in cli("condition", "list", "--json", db=other).json()] == [
        (kind, area, "2025-01-05")
    ]
    # and its rule applies there: a stop on its area (or every area)
    found = cli("check", "--area", area or "face", "--needle", "0.2", "--json", db=other).json()
    assert found["ok"] is False and [f["rule"] for f in found["findings"] if f["level"] == "stop"] == ["contraindication"]


@pytest.mark.parametrize(
    "change,words",
    [
        (lambda doc: doc["reactions"][0].update(date="2020-01-01"), "reactions[0]: Date 2020-01-01 is before session"),
        (lambda doc: doc["reactions"][0].update(date="2099-01-01"), "reactions[0]: Date 2099-01-01 is in the future"),
        (lambda doc: doc["conditions"][0].update(uid="c\x00\x1b[2J"), "conditions[0]: uid"),
        (lambda doc: doc["reactions"][0].update(uid="r\x1b]0;x\x07"), "reactions[0]: uid"),
    ],
    ids=["reaction-before-its-session", "reaction-in-2099", "condition-uid-nul-esc", "reaction-uid-esc"],
)
def test_json_import_checks_skin_records_as_react_and_condition_do(cli, skin_journal, tmp_path, change, words):
    """Issue 26: these were accepted, then ``check`` reported nonsense ("not healed when last seen on 2020-01-01")."""
    doc = json.loads(_export(cli, "--format", "json"))
    change(doc)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    other = tmp_path / "other.db"
    r = cli("import", str(path), db=other)
    assert r.code == 2, r.out + r.err
    assert words in r.err and "Nothing was imported" in r.err
    assert "\x1b" not in r.err and "\x00" not in r.err
    assert not other.exists()  # nothing imported: not even an empty journal made
