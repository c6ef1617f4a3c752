"""``homelog status --short``: one line for a shell prompt or a status bar
(issue 15): only the areas not ready, as ``AREA Nd`` (days until ready) joined
by `` · ``, in the rules' area order; nothing at all when every area is ready."""

from __future__ import annotations



def test_nothing_at_all_when_every_area_is_ready(cli):
    r = cli("status", "--short")
    assert (r.code, r.out, r.err) == (0, "", "")


def test_only_the_areas_not_ready_with_their_days_left(cli):
    for area in ("scalp", "face"):
        assert cli("add", "--area", area, "--needle", "1.0", "--date", "2025-02-28", "--override", "test").code == 0
    r = cli("status", "--short", "--as-of", "2025-03-01")
    assert r.code == 0, r.err
    # README's rest table: 1.0 mm rests the face 42 days and the scalp 7, from 2025-02-28:
    # face ready on 2025-04-11 (41 days after 03-01), scalp on 2025-03-07 (6 days).
    # In the rules' area order (face before scalp), not the order they were logged.
    assert r.out == "face 41d · scalp 6d\n"
    assert r.err == ""


def test_an_area_drops_out_on_the_day_it_is_ready(cli):
    assert cli("add", "--area", "neck", "--needle", "0.5", "--date", "2025-02-28", "--disinfected").code == 0
    # 0.5 mm rests the neck (face group) 7 days: ready on 2025-03-07.
    assert cli("status", "--short", "--as-of", "2025-03-01").out == "neck 6d\n"
    assert cli("status", "--short", "--as-of", "2025-03-06").out == "neck 1d\n"
    assert cli("status", "--short", "--as-of", "2025-03-07").out == ""


def test_short_and_json_do_not_mix(cli):
    r = cli("status", "--short", "--json")
    assert r.code == 2 and "not allowed with" in r.err
