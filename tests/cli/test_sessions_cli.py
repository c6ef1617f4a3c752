"""The CLI contract for sessions (issue 2 and 3): names, shapes, exit codes."""

from __future__ import annotations

import re
import sqlite3

import pytest

SESSION_KEYS = {"id", "uid", "date", "area", "needle_mm", "device_id", "disinfected", "notes", "override_reason", "overridden_rules"}


def count_rows(db_path, where="deleted_at IS NULL"):
    con = sqlite3.connect(db_path)
    try:
        return con.execute(f"SELECT count(*) FROM sessions WHERE {where}").fetchone()[0]
    finally:
        con.close()


def test_add_json_shape(cli):
    r = cli("add", "--area", " Face ", "--needle", "0.2", "--date", "2025-02-01", "--disinfected", "--notes", "ok", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["saved"] is True and [(f["rule"], f["level"], f["until"]) for f in doc["findings"]] == [
        ("aftercare", "note", "2025-02-11")  # the only finding: aftercare until 10 days on
    ]
    s = doc["session"]
    assert SESSION_KEYS <= set(s)
    assert s["area"] == "face" and s["needle_mm"] == 0.2 and s["date"] == "2025-02-01"
    assert s["disinfected"] is True and s["notes"] == "ok" and s["override_reason"] is None
    assert re.fullmatch(r"[0-9a-f-]{36}", s["uid"])


def test_date_defaults_to_today(cli):
    r = cli("add", "--area", "neck", "--needle", "0.2", "--disinfected", "--json")
    assert r.json()["session"]["date"] == "2025-03-01"


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--area", "elbow", "--needle", "0.5"], "Valid areas: face, neck"),
        (["--area", "face", "--needle", "3.01"], "0.1 to 3.0"),
        (["--area", "face", "--needle", "0.09"], "0.1 to 3.0"),
        (["--area", "face", "--needle", "0.255"], "two decimals"),
        (["--area", "face", "--needle", "nan"], "not valid"),
        (["--area", "face", "--needle", "inf"], "not valid"),
        (["--area", "face", "--needle", "١.٠"], "not valid"),
        (["--area", "face", "--needle", "0.5", "--date", "2025-02-30"], "YYYY-MM-DD"),
        (["--area", "face", "--needle", "0.5", "--date", "01/02/2025"], "YYYY-MM-DD"),
        (["--area", "face", "--needle", "0.5", "--date", "2025-03-03"], "future"),
        (["--area", "face", "--needle", "0.5", "--device", "7"], "no device 7"),
        (["--area", "face", "--needle", "0.5", "--device", "x"], "whole number"),
        (["--area", "face"], "--needle"),
        (["--area", "face", "--needle", "0.5", "--notes", "a\x00b"], "cannot be stored"),
        (["--area", "face", "--needle", "0.5", "--override", "  "], "needs a reason"),
    ],
)
def test_bad_input_exit_2_nothing_saved(cli, db_path, args, fragment):
    r = cli("add", *args)
    assert r.code == 2
    assert fragment.lower() in r.err.lower()
    assert "Traceback" not in r.err and r.err.count("\n") == 1
    assert r.out == ""
    assert count_rows(db_path, "1") == 0


def test_tomorrow_is_accepted_for_time_zones(cli):
    assert cli("add", "--area", "face", "--needle", "0.2", "--date", "2025-03-02", "--disinfected").code == 0


def test_usage_error_is_one_line_exit_2(cli):
    r = cli("add", "--needle", "0.5")
    assert r.code == 2 and "--area" in r.err and "Traceback" not in r.err


def test_stop_refuses_then_override_saves(cli, db_path):
    assert cli("add", "--area", "face", "--needle", "1.0", "--date", "2025-02-01", "--disinfected").code == 0
    r = cli("add", "--area", "face", "--needle", "0.5", "--date", "2025-02-10", "--disinfected", "--json")
    assert r.code == 3
    doc = r.json()
    assert doc["saved"] is False and "session" not in doc
    stop = [f for f in doc["findings"] if f["level"] == "stop"]
    assert stop[0]["rule"] == "rest-period" and stop[0]["until"] == "2025-03-15"  # 1.0 mm on the face: 42 days
    assert count_rows(db_path) == 1
    r = cli("add", "--area", "face", "--needle", "0.5", "--date", "2025-02-10", "--disinfected", "--override", "dermatologist said fine", "--json")
    assert r.code == 0
    s = r.json()["session"]
    assert s["override_reason"] == "dermatologist said fine" and s["overridden_rules"] == ["rest-period"]
    assert count_rows(db_path) == 2


def test_refusal_human_output_on_stderr(cli):
    cli("add", "--area", "scalp", "--needle", "1.0", "--date", "2025-02-27", "--disinfected")
    r = cli("add", "--area", "scalp", "--needle", "1.0", "--disinfected")
    assert r.code == 3 and r.out == ""
    assert "Not saved" in r.err and "2025-03-06" in r.err and "Evidence: Rests on 4 studies or reviews" in r.err


def test_override_when_nothing_stops_saves_normally(cli):
    r = cli("add", "--area", "arms", "--needle", "0.5", "--disinfected", "--override", "just in case", "--json")
    assert r.code == 0 and r.json()["session"]["overridden_rules"] == []


def test_cautions_never_block(cli):
    r = cli("add", "--area", "legs", "--needle", "0.75", "--not-disinfected", "--json")
    assert r.code == 0
    assert [f["rule"] for f in r.json()["findings"]] == ["home-depth", "disinfection", "aftercare"]


def test_list_newest_first_and_filters(cli):
    for day, area in [("2025-01-01", "face"), ("2025-02-01", "legs"), ("2025-01-15", "legs")]:
        assert cli("add", "--area", area, "--needle", "0.2", "--date", day, "--disinfected").code == 0
    r = cli("list", "--json")
    assert [s["date"] for s in r.json()] == ["2025-02-01", "2025-01-15", "2025-01-01"]
    r = cli("list", "--area", "LEGS", "--from", "2025-01-10", "--to", "2025-01-31", "--json")
    assert [s["date"] for s in r.json()] == ["2025-01-15"]
    assert cli("list", "--from", "2025-02-01", "--to", "2025-01-01").code == 2
    human = cli("list")
    assert human.code == 0 and "2025-01-15" in human.out and "legs" in human.out


def test_delete_undo_edit_undo(cli):
    cli("add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01", "--disinfected", "--notes", "first")
    r = cli("delete", "1")
    assert r.code == 0 and "undo" in r.out
    assert cli("list", "--json").json() == []
    r = cli("undo")
    assert r.code == 0 and "deleting session 1" in r.out
    assert len(cli("list", "--json").json()) == 1
    r = cli("edit", "1", "--notes", "changed", "--needle", "0.3", "--json")
    assert r.code == 0 and r.json()["session"]["notes"] == "changed" and r.json()["session"]["needle_mm"] == 0.3
    r = cli("undo")
    assert "edit of session 1" in r.out
    s = cli("list", "--json").json()[0]
    assert s["notes"] == "first" and s["needle_mm"] == 0.25
    r = cli("undo")
    assert "adding session 1" in r.out
    assert cli("list", "--json").json() == []
    assert cli("undo").out.strip() == "Nothing to undo."


def test_edit_recheck_refuses_without_override(cli):
    cli("add", "--area", "face", "--needle", "1.0", "--date", "2025-01-01", "--disinfected")
    cli("add", "--area", "face", "--needle", "0.25", "--date", "2025-02-20", "--disinfected")
    r = cli("edit", "2", "--date", "2025-01-10")
    assert r.code == 3
    assert cli("list", "--json").json()[0]["date"] == "2025-02-20"
    assert cli("edit", "2", "--notes", "only notes").code == 0  # no re-check for notes alone


def test_edit_and_delete_errors(cli):
    assert cli("edit", "5", "--notes", "x").code == 2
    assert cli("delete", "5").code == 2
    assert cli("delete", "abc").code == 2
    cli("add", "--area", "face", "--needle", "0.25", "--disinfected")
    r = cli("edit", "1")
    assert r.code == 2 and "Nothing to change" in r.err


def test_status_and_check(cli):
    cli("add", "--area", "face", "--needle", "1.0", "--date", "2025-02-20", "--disinfected")
    doc = cli("status", "--json").json()
    assert doc["as_of"] == "2025-03-01"
    face = next(a for a in doc["areas"] if a["area"] == "face")
    assert face == {**face, "group": "face", "ready": False, "resting_until": "2025-04-03"}  # 1.0 mm: 42 days
    assert face["last_session"]["date"] == "2025-02-20"
    neck = next(a for a in doc["areas"] if a["area"] == "neck")
    assert neck["ready"] is True and neck["resting_until"] is None and neck["last_session"] is None
    assert cli("status", "--as-of", "2025-04-03", "--json").json()["areas"][0]["ready"] is True
    r = cli("check", "--area", "face", "--needle", "0.2", "--date", "2025-04-02", "--disinfected", "--json")
    assert r.code == 3 and r.json()["ok"] is False and r.json()["next_safe_date"] == "2025-04-03"
    r = cli("check", "--area", "face", "--needle", "0.2", "--date", "2025-04-03", "--disinfected", "--json")
    assert r.code == 0 and r.json()["ok"] is True and r.json()["next_safe_date"] == "2025-04-03"
    assert [(f["rule"], f["level"]) for f in r.json()["findings"]] == [("aftercare", "note")]
    assert len(cli("list", "--json").json()) == 1  # check saves nothing


def test_check_allows_future_dates(cli):
    r = cli("check", "--area", "back", "--needle", "0.5", "--date", "2026-01-01", "--disinfected")
    assert r.code == 0 and "OK" in r.out


def test_rules_command(cli):
    doc = cli("rules", "--json").json()
    text = str(doc)
    for rule in ("rest-period", "home-depth", "device-wear", "device-age", "disinfection"):
        assert rule in text
    human = cli("rules")
    assert human.code == 0 and "Source" in human.out and "not medical advice" in human.out


def test_findings_and_rules_json_carry_source_keys_and_evidence(cli):
    finding = cli("check", "--area", "face", "--needle", "1.2", "--disinfected", "--json").json()["findings"][0]
    assert finding["rule"] == "home-depth" and finding["sources"][-2:] == ["aad-2018", "fda-guidance"]
    assert finding["source"].startswith("No study backs this rule; it is a conservative reading of 2 professional bodies")
    doc = cli("rules", "--json").json()
    depth = next(r for r in doc["rules"] if r["id"] == "home-depth")
    assert depth["sources"] == finding["sources"] and depth["evidence"] == finding["source"] and depth["note"]
    assert "source" not in depth
    by_key = {s["key"]: s for s in doc["sources"]}
    assert set(finding["sources"]) <= set(by_key) and "home-depth" in by_key["aad-2018"]["cited_by"]


def test_sources_command(cli):
    r = cli("sources", "--json")
    assert r.code == 0
    entries = r.json()["sources"]
    assert len(entries) > 30 and {"key", "title", "author", "year", "url", "kind", "kind_label", "says", "cited_by"} <= set(entries[0])
    aad = next(e for e in entries if e["key"] == "aad-2018")
    assert aad["url"] == "https://aad.org/news/microneedling" and aad["cited_by"] == ["home-depth", "device-wear", "device-age"]
    human = cli("sources")
    assert human.code == 0 and "not medical advice" in human.out
    assert "\naad-2018\n  Microneedling (news release, 16 February 2018) — American Academy of Dermatology" in human.out
    assert "  Cited by: home-depth, device-wear, device-age\n" in human.out


def test_a_rules_file_adds_and_cites_a_source(cli, tmp_path):
    rules = tmp_path / "mine.toml"
    rules.write_text('[sources.my-derm]\ntitle = "My appointment"\nauthor = "Dr Me"\nkind = "clinician"\n'
                     'says = "Wait two weeks."\n\n[device-age]\nsources = ["my-derm"]\n', encoding="utf-8")
    entries = cli("--rules", str(rules), "sources", "--json").json()["sources"]
    assert entries[-1]["key"] == "my-derm" and entries[-1]["cited_by"] == ["device-age"]
    text = cli("--rules", str(rules), "rules").out
    assert "Evidence: No study backs this rule; it is a conservative reading of 1 clinician quoted in the press." in text
    rules.write_text('[device-age]\nsources = ["levintel-lifespn"]\n', encoding="utf-8")
    bad = cli("--rules", str(rules), "status")
    assert bad.code == 2 and bad.out == ""
    assert f"{rules}: [device-age]: unknown source 'levintel-lifespn' (did you mean 'levintel-lifespan'?)" in bad.err
    assert len(bad.err.strip().splitlines()) == 1


def test_user_rules_change_the_outcome(cli, tmp_path):
    rules = tmp_path / "mine.toml"
    rules.write_text('[areas]\nforehead = "face"\n')
    from homelog.cli.main import main

    assert cli("add", "--area", "forehead", "--needle", "0.2").code == 2
    code = main(["--db", str(tmp_path / "journal.db"), "--rules", str(rules), "add", "--area", "forehead", "--needle", "0.2", "--disinfected"])
    assert code == 0
    bad = tmp_path / "bad.toml"
    bad.write_text('[areas]\nforehead = "elbowgroup"\n')
    assert main(["--db", str(tmp_path / "journal.db"), "--rules", str(bad), "status"]) == 2
    assert main(["--db", str(tmp_path / "journal.db"), "--rules", str(tmp_path / "missing.toml"), "status"]) == 2
