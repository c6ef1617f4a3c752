"""The skin rules through `homelog check`, `status`, `edit` and `import`, with
observations and conditions logged by `homelog react` and `homelog condition`."""

from __future__ import annotations

from datetime import date


TODAY = date(2025, 3, 10)
# Sessions are 0.2 mm unless a test says otherwise: the longest needle for home use no source calls too long.



def add(cli, area: str, on: str, mm: str = "0.2") -> int:
    r = cli("add", "--area", area, "--needle", mm, "--date", on, "--disinfected", "--json", today=TODAY)
    assert r.code == 0, r.err
    return r.json()["session"]["id"]


def react(cli, session: int, on: str, redness: int, infection: bool = False) -> None:
    args = ["react", str(session), "--date", on] + (["--healed"] if redness == 0 else ["--redness", str(redness)])
    r = cli(*args, *(["--infection"] if infection else []), today=TODAY)
    assert r.code == 0, r.err


def condition(cli, kind: str, *args: str) -> None:
    r = cli("condition", "add", kind, *args, today=TODAY)
    assert r.code == 0, r.err


def check(cli, area: str, on: str, mm: str = "0.2"):
    r = cli("check", "--area", area, "--needle", mm, "--date", on, "--disinfected", "--json", today=TODAY)
    return r, [(f["rule"], f["level"]) for f in r.json()["findings"]]


def areas(cli, on: str = "2025-03-10"):
    r = cli("status", "--as-of", on, "--json", today=TODAY)
    assert r.code == 0, r.err
    return {a["area"]: a for a in r.json()["areas"]}


def test_redness_stops_the_area_until_healed(cli, db_path):
    sid = add(cli, "face", "2025-03-01")
    react(cli, sid, "2025-03-02", 2)
    react(cli, sid, "2025-03-03", 0)
    assert cli("undo", today=TODAY).code == 0  # an undone healing does not count
    r, found = check(cli, "face", "2025-03-10")
    assert ("recovery", "stop") in found and not r.json()["ok"]
    assert check(cli, "neck", "2025-03-10")[1] == [("aftercare", "note")]
    face = areas(cli)["face"]
    assert face["ready"] is False and [h["rule"] for h in face["holds"]] == ["recovery"]
    react(cli, sid, "2025-03-09", 0)
    assert ("recovery", "stop") not in check(cli, "face", "2025-03-10")[1]
    assert areas(cli)["face"]["ready"] is True


def test_the_latest_session_counts_however_old(cli, db_path):
    """Long before the rest window, a session still red holds its area."""
    sid = add(cli, "face", "2024-06-01")
    react(cli, sid, "2024-06-02", 1)
    assert ("recovery", "stop") in check(cli, "face", "2025-03-10")[1]
    assert areas(cli)["face"]["ready"] is False


def test_an_infection_elsewhere_stops_every_area_and_a_deleted_session_does_not(cli, db_path):
    sid = add(cli, "legs", "2025-03-01")
    react(cli, sid, "2025-03-02", 1, infection=True)
    status = areas(cli)
    assert all(a["ready"] is False for a in status.values())
    assert ("recovery", "stop") in check(cli, "scalp", "2025-03-10")[1]
    assert cli("delete", str(sid), today=TODAY).code == 0
    assert all(a["ready"] is True for a in areas(cli).values())


def test_a_condition_through_check_and_status(cli, db_path):
    add(cli, "face", "2025-03-01")
    condition(cli, "retinoid", "--area", "face", "--from", "2025-02-01", "--to", "2025-03-05")
    r, found = check(cli, "face", "2025-03-11")
    assert found[0] == ("contraindication", "stop")
    assert r.json()["findings"][0]["until"] == "2025-03-12"  # end + 7 days
    assert check(cli, "face", "2025-03-12")[1] == [("aftercare", "note")]
    assert check(cli, "neck", "2025-03-11")[1] == [("aftercare", "note")]
    face = areas(cli)["face"]
    assert [(h["rule"], h["until"]) for h in face["holds"]] == [("contraindication", "2025-03-12")]
    assert face["ready"] is False and areas(cli)["neck"]["ready"] is True


def test_aftercare_in_status_and_the_frequency_cap_through_check(cli, db_path):
    for day in ("2025-03-03", "2025-03-06"):  # the scalp rests 3 days after 0.1 mm
        add(cli, "scalp", day, "0.1")
    assert areas(cli)["scalp"]["aftercare_until"] == "2025-03-16"  # 10 days after the latest
    r, found = check(cli, "scalp", "2025-03-09", "0.1")  # a third in 2025-03-03..09
    assert ("frequency-cap", "caution") in found and r.json()["ok"] is True
    assert ("frequency-cap", "caution") not in check(cli, "scalp", "2025-03-13", "0.1")[1]


def test_an_import_counts_the_skin_rules(cli, db_path, tmp_path):
    red = add(cli, "face", "2025-02-01")
    react(cli, red, "2025-02-02", 2)
    other = add(cli, "legs", "2025-01-01")
    react(cli, other, "2025-02-20", 1, infection=True)
    condition(cli, "acne", "--area", "scalp", "--from", "2025-01-01")
    path = tmp_path / "in.csv"
    path.write_text(
        "date,area,needle_mm,disinfected\n"
        "2025-02-10,face,0.2,true\n"  # the face still red: recovery stop
        "2025-02-10,scalp,0.2,true\n"  # acne on the scalp: stop
        "2025-02-22,neck,0.2,true\n"  # the infection on the legs: every area
    )
    r = cli("import", str(path), "--json", today=TODAY)
    assert r.code == 0, r.err
    found = {(f["rule"], f["level"]): f for f in r.json()["findings"]}
    assert {k: f["count"] for k, f in found.items()} == {
        ("recovery", "stop"): 2,
        ("contraindication", "stop"): 1,
        ("aftercare", "note"): 3,
    }
    examples = [m for _, m in (e.values() for e in found[("recovery", "stop")]["examples"])]
    assert examples[0].startswith("Face: the skin after the session on 2025-02-01")
    assert examples[1].startswith("An infection was logged on 2025-02-20")


def test_a_held_area_in_the_text_status_and_the_short_line(cli, db_path):
    """Not resting but held by a stop: the text and the prompt line say so (no date known)."""
    sid = add(cli, "face", "2025-02-01")
    react(cli, sid, "2025-02-02", 2)
    r = cli("status", "--as-of", "2025-03-10", today=TODAY)
    assert r.code == 0 and "✗ held by recovery" in r.out
    r = cli("status", "--as-of", "2025-03-10", "--short", today=TODAY)
    assert r.code == 0 and r.out.strip() == "face held"


def test_editing_the_latest_session_looks_at_the_one_before(cli, db_path):
    """The session being edited is left out: the latest other one, however old, counts."""
    red = add(cli, "face", "2024-06-01")
    later = add(cli, "face", "2024-07-01")
    react(cli, red, "2024-06-02", 2)
    r = cli("edit", str(later), "--date", "2025-03-09", "--json", today=TODAY)
    assert r.code == 3 and "recovery" in r.out + r.err
    react(cli, red, "2024-06-20", 0)
    r = cli("edit", str(later), "--date", "2025-03-09", "--json", today=TODAY)
    assert r.code == 0, r.err


def test_a_ready_area_in_the_rests_caution_says_so_in_the_text_status(cli, db_path):
    """0.5 mm on the face: a stop for 7 days, then a caution to day 28 (the sources' 7 to 28 days)."""
    add(cli, "face", "2025-02-28", "0.5")
    line = lambda on: next(x for x in cli("status", "--as-of", on, today=TODAY).out.splitlines() if x.startswith("face "))  # noqa: E731
    assert "✗" in line("2025-03-06") and "2025-03-07" in line("2025-03-06")  # day 6: the last stop day
    assert "! ready, take care: rest-period until 2025-03-28" in line("2025-03-07")  # day 7: the first caution day
    assert "! ready, take care: rest-period until 2025-03-28" in line("2025-03-27")  # day 27: the last
    assert line("2025-03-28").split()[2:4] == ["✓", "ready"] and "take care" not in line("2025-03-28")  # the first free day


def test_the_new_kinds_hold_their_areas_in_status(cli, db_path):
    condition(cli, "open-wound", "--area", "legs", "--from", "2025-03-01", "--to", "2025-03-08")
    condition(cli, "chemo-radiotherapy", "--from", "2024-10-01", "--to", "2024-12-15")  # 90 days after: to 2025-03-15
    status = areas(cli, "2025-03-07")  # the wound's last day: both hold the legs, the chemotherapy every area
    assert [h["rule"] for h in status["legs"]["holds"]] == ["contraindication", "contraindication"]
    assert status["legs"]["ready"] is False and status["face"]["ready"] is False
    assert [h["rule"] for h in areas(cli, "2025-03-08")["legs"]["holds"]] == ["contraindication"]  # the wound's end
    later = areas(cli, "2025-03-15")  # the chemotherapy's first free day; the wound ended 03-08
    assert all(a["ready"] for a in later.values())
    assert areas(cli, "2025-03-14")["scalp"]["holds"][0]["until"] == "2025-03-15"  # its last day
