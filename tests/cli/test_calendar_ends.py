"""Issue 26 — dates are handled to the end of the range: a hold that would run
past 9999-12-31 holds on 9999-12-31; dates at either end neither crash nor wrap."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.mark.parametrize("kind,args", [("isotretinoin", ["--from", "9999-12-01", "--to", "9999-12-20"]), ("peel", ["--from", "9999-12-31"]), ("retinoid", ["--from", "9999-12-30", "--to", "9999-12-31"])])
def test_a_condition_whose_hold_runs_past_the_calendar_holds_on_its_last_day(kind, args, cli):
    assert cli("condition", "add", kind, *args).code == 0
    status = {a["area"]: a for a in cli("status", "--json", "--as-of", "9999-12-31").json()["areas"]}
    assert not status["face"]["ready"]
    assert "contraindication" in [h["rule"] for h in status["face"]["holds"]]
    r = cli("check", "--area", "face", "--needle", "0.25", "--date", "9999-12-31", "--disinfected")
    assert r.code == 3


def test_a_session_near_the_end_rests_its_area_to_the_end(cli):
    last = date(9999, 12, 31)
    assert cli("add", "--area", "neck", "--needle", "3.0", "--date", "9999-12-25", "--override", "x", today=last).code == 0
    assert cli("check", "--area", "neck", "--needle", "0.25", "--date", "9999-12-31", "--disinfected").code == 3
    assert cli("status", "--short", "--as-of", "9999-12-31").code == 0


def test_the_first_day_works_too(cli):
    assert cli("check", "--area", "face", "--needle", "0.25", "--date", "0001-01-01", "--disinfected").code == 0
    assert cli("list", "--from", "0001-01-01", "--to", "9999-12-31").code == 0
