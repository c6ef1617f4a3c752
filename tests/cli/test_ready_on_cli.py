"""Issue 23: one answer to "when is this area ready?" at the CLI.

The cases the issue found, each as a journal and what every surface says of it:
``status`` (text, ``--json``'s ``ready_on``, ``--short``) and ``check``'s
``next_safe_date`` agree with what ``check`` refuses on each day.
"""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import TODAY


def iso(d: date) -> str:
    return d.isoformat()


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


def area_json(cli, area: str, as_of: date = TODAY) -> dict:
    doc = cli("status", "--json", "--as-of", iso(as_of)).json()
    return next(a for a in doc["areas"] if a["area"] == area)


def check(cli, area: str, needle: str, on: date) -> dict:
    r = cli("check", "--area", area, "--needle", needle, "--date", iso(on), "--disinfected", "--json")
    doc = r.json()
    assert r.code == (0 if doc["ok"] else 3)
    return doc


def status_line(cli, area: str, as_of: date = TODAY) -> str:
    out = cli("status", "--as-of", iso(as_of)).out
    return next(line for line in out.splitlines() if line.startswith(area + " "))


# 1. A session logged for tomorrow counts.


def test_a_session_tomorrow_moves_the_ready_day(cli):
    assert cli("add", "--area", "face", "--needle", "0.5", "--disinfected").code == 0
    assert cli("add", "--area", "face", "--needle", "0.5", "--date", iso(day(1)), "--disinfected", "--override", "t").code == 0
    face = area_json(cli, "face")
    assert face["ready_on"] == iso(day(8)) and face["resting_until"] == iso(day(8))
    assert face["ready"] is False and face["state"] == "stop"
    assert check(cli, "face", "0.5", day(7))["ok"] is False
    assert check(cli, "face", "0.5", day(7))["next_safe_date"] == iso(day(8))
    assert check(cli, "face", "0.5", day(8))["ok"] is True
    assert check(cli, "face", "0.5", TODAY)["next_safe_date"] == iso(day(8))
    assert cli("status", "--short").out == "face 8d\n"
    assert "until " + iso(day(8)) in status_line(cli, "face")


# 2. An ongoing condition: no date, and the reason.


def test_an_ongoing_pregnancy_gives_no_date(cli):
    assert cli("condition", "add", "pregnancy", "--from", iso(day(-10))).code == 0
    neck = area_json(cli, "neck")
    assert neck["ready_on"] is None and neck["ready"] is False and neck["state"] == "stop"
    assert neck["held_by"] == ["contraindication"]
    doc = check(cli, "neck", "0.25", TODAY)
    assert doc["ok"] is False and doc["next_safe_date"] is None and doc["next_safe_held_by"] == ["contraindication"]
    text = cli("check", "--area", "neck", "--needle", "0.25")
    assert text.code == 3 and "No date for the next session on neck" in text.out and "contraindication" in text.out
    assert "no date" in status_line(cli, "neck")
    assert cli("status", "--short").out.startswith("face held · neck held")


# 3. A cold sore that ended today holds face 14 days, past the rest.


def test_a_cold_sore_holds_face_past_its_rest(cli):
    assert cli("add", "--area", "face", "--needle", "0.5", "--disinfected").code == 0
    assert cli("condition", "add", "cold-sore", "--area", "face", "--from", iso(day(-5)), "--to", iso(TODAY)).code == 0
    face = area_json(cli, "face")
    assert face["resting_until"] == iso(day(7))
    assert face["ready_on"] == iso(day(14)) and set(face["held_by"]) == {"rest-period", "contraindication"}
    assert check(cli, "face", "0.5", day(7))["ok"] is False
    assert check(cli, "face", "0.5", day(13))["ok"] is False
    assert check(cli, "face", "0.5", day(14))["ok"] is True
    assert check(cli, "face", "0.5", TODAY)["next_safe_date"] == iso(day(14))
    assert cli("status", "--short").out == "face 14d\n"
    line = status_line(cli, "face")
    assert "held by" in line and iso(day(14)) in line and "14 days left" in line


# 4. A caution-only rest is not drawn as a stop.


def test_a_caution_rest_is_not_a_stop(cli):
    # 0.5 mm on the body ten days ago: past its 7 days of stop, inside the caution to 28
    assert cli("add", "--area", "legs", "--needle", "0.5", "--date", iso(day(-10)), "--disinfected").code == 0
    legs = area_json(cli, "legs")
    assert legs["ready"] is True and legs["state"] == "caution" and legs["ready_on"] == iso(TODAY)
    assert check(cli, "legs", "0.2", TODAY)["ok"] is True
    line = status_line(cli, "legs")
    assert "✗" not in line and line.split()[2] == "!"
    assert cli("status", "--short").out == ""


# 5. A backdated check that fails never names the blocked day.


def test_a_backdated_check_names_a_day_that_is_ok(cli):
    assert cli("add", "--area", "face", "--needle", "0.5", "--date", "2025-01-10", "--disinfected").code == 0
    doc = check(cli, "face", "0.5", date(2025, 1, 4))
    assert doc["ok"] is False and doc["next_safe_date"] == "2025-01-17"
    assert check(cli, "face", "0.5", date(2025, 1, 17))["ok"] is True
    for k in range(4, 17):
        assert check(cli, "face", "0.5", date(2025, 1, k))["ok"] is False
    text = cli("check", "--area", "face", "--needle", "0.5", "--date", "2025-01-04").out
    assert "from 2025-01-17" in text and "from 2025-01-04" not in text


# 6. A hold with a known end is a number of days, not "held".


def test_a_retinoid_hold_with_an_end_counts_days(cli):
    assert cli("condition", "add", "retinoid", "--area", "neck", "--from", iso(day(-30)), "--to", iso(day(3))).code == 0
    neck = area_json(cli, "neck")
    assert neck["ready_on"] == iso(day(10))  # its end + 7 days
    assert cli("status", "--short").out == "neck 10d\n"
    assert iso(day(10)) in status_line(cli, "neck")


# 7. An edit of notes only is not checked again and says so.


def test_an_edit_of_notes_only_is_not_rechecked(cli):
    assert cli("add", "--area", "face", "--needle", "0.5", "--disinfected").code == 0
    assert cli("add", "--area", "face", "--needle", "0.5", "--disinfected", "--override", "first").code == 0
    r = cli("edit", "2", "--notes", "calmer now", "--json")
    assert r.code == 0
    doc = r.json()
    assert doc["saved"] is True and doc["rechecked"] is False and doc["findings"] == []
    assert doc["session"]["override_reason"] == "first"
    text = cli("edit", "2", "--notes", "again")
    assert text.code == 0 and "STOP" not in text.out
    # A change the rules look at is checked again and refused without a reason.
    assert cli("edit", "2", "--needle", "0.75").code == 3


def test_a_needle_over_the_home_limit_gives_no_date(cli):
    doc = check(cli, "face", "2.0", TODAY)
    assert doc["ok"] is False and doc["next_safe_date"] is None and doc["next_safe_held_by"] == ["home-depth"]


def test_a_refused_add_says_when_it_would_be_fine(cli):
    assert cli("add", "--area", "face", "--needle", "0.5", "--disinfected").code == 0
    r = cli("add", "--area", "face", "--needle", "0.5", "--disinfected")
    assert r.code == 3 and f"Next session on face from {iso(day(7))}." in r.err
    doc = cli("add", "--area", "face", "--needle", "0.5", "--disinfected", "--json").json()
    assert doc["saved"] is False and doc["next_safe_date"] == iso(day(7)) and doc["next_safe_held_by"] == ["rest-period"]
