"""Products, apply, cartridges and shared devices through the CLI (a real journal in
tmp_path, today = 2025-03-01): the rules at their boundaries through check, add,
apply and status; bad input is one line, exit 2, nothing saved; every change undoes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

HA = "Aqua, Sodium Hyaluronate"
VIT_C = "Aqua, Ascorbic Acid, Ferulic Acid, Tocopherol"
RETINOL = "Aqua, Glycerin, Retinol, Phenoxyethanol"


@pytest.fixture
def setup(cli):
    """Products 1 (sterile HA glide), 2 (vitamin C serum), 3 (no list), 4 (retinol cream);
    devices 1 (pen) and 2 (roller, 0.5 mm)."""
    for args in (
        ("HA glide", "--ingredients", HA, "--sterile"),
        ("C serum", "--ingredients", VIT_C, "--sterile"),
        ("Mystery",),
        ("Night cream", "--ingredients", RETINOL),
    ):
        assert cli("product", "add", *args).code == 0
    assert cli("device", "add", "--name", "pen", "--kind", "pen").code == 0
    assert cli("device", "add", "--name", "roller", "--kind", "roller", "--needle", "0.5").code == 0
    return cli


def _rules(doc, level=None):
    return [(f["rule"], f["level"]) for f in doc["findings"] if level is None or f["level"] == level]


def test_product_add_prints_the_classes_and_names_it_matched(cli):
    r = cli("product", "add", "Toner", "--ingredients", "Aqua, GLYCOLIC-acid, Parfum (Fragrance)")
    assert r.code == 0, r.err
    assert "GLYCOLIC-acid" in r.out and "exfoliating acid" in r.out and "fragrance: Parfum (Fragrance)" in r.out
    doc = cli("product", "add", "Glide", "--ingredients", HA, "--sterile", "--json").json()
    assert doc["classes"] == [] and doc["sterile"] is True
    unknown = cli("product", "add", "Mystery")
    assert "unknown, which is not safe" in unknown.out


@pytest.mark.parametrize(
    "products, expected",
    [
        (["1"], []),  # a sterile HA glide is flagged by nothing
        (["2"], [("products", "stop")]),
        (["3"], [("products", "caution"), ("products", "caution")]),  # no ingredient list, not sterile
        (["1", "4"], [("products", "stop"), ("products", "caution")]),
    ],
)
def test_products_during_a_session_through_check(setup, products, expected):
    args = ["check", "--area", "face", "--needle", "0.25", "--disinfected", "--json"]
    for p in products:
        args += ["--product", p]
    r = setup(*args)
    doc = r.json()
    assert [x for x in _rules(doc) if x[0] == "products"] == expected
    assert r.code == (3 if ("products", "stop") in expected else 0)


def test_add_with_a_flagged_product_is_refused_and_saves_nothing(setup):
    r = setup("add", "--area", "face", "--needle", "0.25", "--product", "2", "--json")
    assert r.code == 3 and r.json()["saved"] is False
    assert setup("list", "--json").json() == []
    ok = setup("add", "--area", "face", "--needle", "0.25", "--product", "1", "--product", "1", "--json")
    assert ok.code == 0 and ok.json()["session"]["product_ids"] == [1]


TODAY = date(2025, 3, 1)


def _aftercare_days(needle: str) -> int:
    """The default table's aftercare days for a needle (derived from the sources' figures)."""
    from homelog.records import mm_to_um
    from homelog.rules import load_rules
    from homelog.rules.checks import aftercare

    return aftercare.params(load_rules()).days(mm_to_um(needle))


@pytest.mark.parametrize(
    "needle, back, level",
    [
        ("0.5", "days", None),  # the session's aftercare ended yesterday: today is its first day out
        ("0.5", "days-1", "caution"),  # today is the window's last day
        ("1.0", "days-1", "caution"),
        ("1.0", "days", None),
        ("0.5", "0", "caution"),  # a session today
    ],
)
def test_apply_inside_and_after_the_aftercare_window(setup, needle, back, level):
    days = _aftercare_days(needle)
    offset = {"days": days, "days-1": days - 1, "0": 0}[back]
    day = TODAY - timedelta(days=offset)
    assert setup("add", "--area", "face", "--needle", needle, "--date", day.isoformat(), "--disinfected", "--override", "t").code == 0
    r = setup("apply", "4", "--area", "face", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["application"]["date"] == "2025-03-01" and doc["application"]["product"] == "Night cream"
    assert _rules(doc) == ([("products", level)] if level else [])
    if level:
        (f,) = doc["findings"]
        until = (day + timedelta(days=days)).isoformat()
        assert "a retinoid (Retinol)" in f["message"] and f["until"] == until and f"until {until}" in f["message"]
    # Another area, or a product with no flagged class: nothing.
    assert _rules(setup("apply", "4", "--area", "neck", "--json").json()) == []
    assert _rules(setup("apply", "1", "--area", "face", "--json").json()) == []


def test_check_reports_an_application_inside_the_candidates_aftercare(setup):
    assert setup("apply", "2", "--area", "face", "--date", "2025-03-02").code == 0
    days = _aftercare_days("0.5")
    # A session whose window's last day is 03-02 holds it; one a day earlier does not.
    holds = (date(2025, 3, 2) - timedelta(days=days - 1)).isoformat()
    misses = (date(2025, 3, 2) - timedelta(days=days)).isoformat()
    inside = setup("check", "--area", "face", "--needle", "0.5", "--date", holds, "--disinfected", "--json").json()
    assert ("products", "caution") in _rules(inside)
    outside = setup("check", "--area", "face", "--needle", "0.5", "--date", misses, "--disinfected", "--json").json()
    assert ("products", "caution") not in _rules(outside)


@pytest.mark.parametrize(
    "cartridge, level, code",
    [("new", None, 0), ("reused", "stop", 3), (None, "caution", 0)],
)
def test_pen_cartridge_through_add(setup, cartridge, level, code):
    args = ["add", "--area", "face", "--needle", "0.5", "--device", "1", "--disinfected", "--json"]
    if cartridge:
        args += ["--cartridge", cartridge]
    r = setup(*args)
    assert r.code == code
    assert [lv for rule, lv in _rules(r.json()) if rule == "cartridge"] == ([level] if level else [])
    if code == 0:
        assert r.json()["session"]["cartridge"] == cartridge


def test_a_pen_does_not_wear_like_a_roller(setup):
    for day in range(1, 17):
        setup("add", "--area", "legs", "--needle", "0.25", "--device", "1", "--cartridge", "new", "--disinfected",
              "--date", f"2024-0{1 + day // 10}-{10 + day % 10:02d}", "--override", "test")
    doc = setup("check", "--area", "face", "--needle", "0.25", "--device", "1", "--cartridge", "new", "--json").json()
    assert [r for r, _ in _rules(doc) if r == "device-wear"] == []
    assert "new cartridge each session" in setup("device", "list").out


@pytest.mark.parametrize("day, level", [("2025-02-28", None), ("2025-03-01", "stop")])
def test_a_shared_device_stops_sessions_from_its_day_on(setup, day, level):
    r = setup("device", "shared", "2", "--date", "2025-03-01")
    assert r.code == 0 and "someone else" in r.out
    doc = setup("check", "--area", "face", "--device", "2", "--date", day, "--disinfected", "--json").json()
    assert [lv for rule, lv in _rules(doc) if rule == "shared-device"] == ([level] if level else [])
    status = setup("status", "--json").json()
    assert [d["id"] for d in status["shared_devices"]] == [2]
    assert "shared from 2025-03-01" in setup("status").out
    assert setup("status", "--as-of", "2025-02-28", "--json").json()["shared_devices"] == []
    assert "shared from 2025-03-01" in setup("device", "list").out


def test_status_text_names_no_shared_device_when_there_is_none(setup):
    assert "someone else" not in setup("status").out


@pytest.mark.parametrize(
    "args, words",
    [
        (("check", "--area", "face", "--needle", "0.5", "--product", "99"), "There is no product 99"),
        (("add", "--area", "face", "--needle", "0.5", "--product", "99"), "There is no product 99"),
        (("add", "--area", "face", "--needle", "0.5", "--product", "x"), "not a valid product id"),
        (("add", "--area", "face", "--device", "2", "--cartridge", "new"), "has no cartridge"),
        (("add", "--area", "face", "--needle", "0.5", "--cartridge", "new"), "give the pen with --device"),
        (("add", "--area", "face", "--needle", "0.5", "--device", "1", "--cartridge", "maybe"), "invalid choice"),
        (("apply", "99", "--area", "face"), "There is no product 99"),
        (("apply", "1", "--area", "elbow"), "elbow"),
        (("apply", "1", "--area", "face", "--date", "2025-03-03"), "more than one day ahead"),
        (("product", "add", "Long", "--ingredients", "a" * 5001), "Ingredients"),
        (("product", "add", "  "), "needs a name"),
        (("product", "edit", "99", "--name", "x"), "There is no product 99"),
        (("product", "edit", "1"), "Nothing to change"),
        (("device", "shared", "99"), "There is no device 99"),
        (("device", "shared", "1", "--date", "2025-03-03"), "more than one day ahead"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_saved(setup, args, words):
    before = [setup(*q, "--json").json() for q in (("list",), ("product", "list"), ("device", "list"))]
    r = setup(*args)
    assert r.code == 2, (r.out, r.err)
    assert words in r.err and "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1
    after = [setup(*q, "--json").json() for q in (("list",), ("product", "list"), ("device", "list"))]
    assert after == before


def test_apply_the_day_after_today_is_allowed(setup):
    assert setup("apply", "1", "--area", "face", "--date", "2025-03-02").code == 0


def test_ingredients_of_exactly_5000_characters_are_kept(cli):
    text = ("Aqua, " * 1000)[:5000]
    r = cli("product", "add", "Big", "--ingredients", text, "--json")
    assert r.code == 0 and len(r.json()["ingredients"]) == len(text.strip())


def test_every_change_undoes(setup):
    r = setup("product", "edit", "1", "--name", "Renamed", "--ingredients", VIT_C, "--not-sterile")
    assert r.code == 0 and "vitamin C" in r.out
    assert "Undid editing product 1" in setup("undo").out
    p = setup("product", "list", "--json").json()[0]
    assert (p["name"], p["ingredients"], p["sterile"]) == ("HA glide", HA, True)
    assert setup("product", "delete", "4").code == 0
    assert [p["id"] for p in setup("product", "list", "--json").json()] == [1, 2, 3]
    assert "Undid deleting product 4" in setup("undo").out
    assert [p["id"] for p in setup("product", "list", "--json").json()] == [1, 2, 3, 4]
    assert setup("apply", "1", "--area", "face").code == 0
    assert "Undid logging application 1" in setup("undo").out
    assert setup("device", "shared", "2").code == 0
    assert "Undid marking device 2 (roller) shared" in setup("undo").out
    assert setup("device", "list", "--json").json()[1]["shared_from"] is None
    assert "Undid adding device 2" in setup("undo").out and "Undid adding device 1" in setup("undo").out
    assert "Undid adding product 4" in setup("undo").out  # back through the fixture's adds
    assert [p["id"] for p in setup("product", "list", "--json").json()] == [1, 2, 3]


def test_edit_changes_a_sessions_products_and_cartridge_and_undo_restores_them(setup):
    sid = setup("add", "--area", "face", "--needle", "0.5", "--device", "1", "--cartridge", "new", "--product", "1",
                "--disinfected", "--json").json()["session"]["id"]
    r = setup("edit", str(sid), "--product", "2", "--json")
    assert r.code == 3  # the change is checked again: vitamin C stops it
    r = setup("edit", str(sid), "--product", "1", "--product", "3", "--cartridge", "reused", "--override", "testing", "--json")
    assert r.code == 0, r.err
    assert r.json()["session"]["product_ids"] == [1, 3] and r.json()["session"]["cartridge"] == "reused"
    assert setup("undo").code == 0
    s = setup("list", "--json").json()[0]
    assert s["product_ids"] == [1] and s["cartridge"] == "new"


def test_list_shows_the_applications_with_the_areas_sessions(setup):
    assert setup("add", "--area", "face", "--needle", "0.25", "--date", "2025-02-27", "--disinfected").code == 0
    assert setup("apply", "4", "--area", "face").code == 0
    assert setup("apply", "1", "--area", "legs", "--date", "2025-02-20").code == 0
    face = setup("list", "--area", "face").out
    assert "Products applied" in face and "Night cream" in face and "HA glide" not in face
    assert "HA glide" in setup("list", "--to", "2025-02-25").out
    assert "Night cream" not in setup("list", "--to", "2025-02-25").out
    assert isinstance(setup("list", "--json").json(), list)  # the JSON stays the sessions
