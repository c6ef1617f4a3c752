"""``homelog status --short``: one line for a shell prompt or a status bar
(issue 15): only the areas not ready, as ``AREA Nd`` (days until ready) joined
by `` · ``, in the rules' area order; nothing at all when every area is ready."""

from __future__ import annotations

from datetime import date


def test_nothing_at_all_when_every_area_is_ready(cli):
    r = cli("status", "--short")
    assert (r.code, r.out, r.err) == (0, "", "")


def _resting(cli, as_of: str) -> dict[str, int]:
    doc = cli("status", "--json", "--as-of", as_of).json()
    return {a["area"]: (date.fromisoformat(a["resting_until"]) - date.fromisoformat(as_of)).days
            for a in doc["areas"] if not a["ready"]}


def test_only_the_areas_not_ready_with_their_days_left(cli):
    for area in ("scalp", "face"):
        assert cli("add", "--area", area, "--needle", "1.0", "--date", "2025-02-28", "--override", "test").code == 0
    resting = _resting(cli, "2025-03-01")
    assert set(resting) == {"face", "scalp"} and all(days > 0 for days in resting.values())
    r = cli("status", "--short", "--as-of", "2025-03-01")
    assert r.code == 0, r.err
    # In the rules' area order (face before scalp), not the order they were logged.
    assert r.out == f"face {resting['face']}d · scalp {resting['scalp']}d\n"
    assert r.err == ""


def test_an_area_drops_out_on_the_day_it_is_ready(cli):
    assert cli("add", "--area", "neck", "--needle", "0.5", "--date", "2025-02-28", "--disinfected").code == 0
    days = _resting(cli, "2025-03-01")["neck"]
    ready_on = date(2025, 3, 1).toordinal() + days
    assert cli("status", "--short", "--as-of", date.fromordinal(ready_on - 1).isoformat()).out == "neck 1d\n"
    assert cli("status", "--short", "--as-of", date.fromordinal(ready_on).isoformat()).out == ""


def test_short_and_json_do_not_mix(cli):
    r = cli("status", "--short", "--json")
    assert r.code == 2 and "not allowed with" in r.err
