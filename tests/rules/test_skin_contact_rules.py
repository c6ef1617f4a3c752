"""Rules products, cartridge and shared-device at their boundaries (through evaluate),
and device-wear counting rollers and stamps only."""

from __future__ import annotations

from datetime import date

import pytest

from homelog.records import Application, DeviceUse, Product, SessionInput
from homelog.rules import device_outlook, evaluate, load_rules
from homelog.rules.checks.products import applied

TABLE = load_rules()
DAY = date(2025, 3, 10)
HA = Product(1, "p1", "HA glide", "Aqua, Sodium Hyaluronate", sterile=True)
VIT_C = Product(2, "p2", "C serum", "Aqua, Ascorbic Acid, Ferulic Acid", sterile=True)
UNKNOWN = Product(3, "p3", "Mystery", "", sterile=True)
UNSTERILE_HA = Product(4, "p4", "Open HA", "Aqua, Sodium Hyaluronate", sterile=False)
RETINOL = Product(5, "p5", "Night cream", "Aqua, Retinol")


def _levels(verdict, rule):
    return [f.level for f in verdict.findings if f.rule == rule]


def _session(products=(), needle_um=500, day=DAY, cartridge=None):
    return SessionInput(day, "face", needle_um, None, True, "", cartridge, tuple(products))


@pytest.mark.parametrize(
    "products, levels",
    [
        ((HA,), []),  # a sterile HA glide is flagged by nothing
        ((VIT_C,), ["stop"]),
        ((UNKNOWN,), ["caution"]),
        ((UNSTERILE_HA,), ["caution"]),
        ((VIT_C, UNSTERILE_HA), ["stop", "caution"]),
        ((RETINOL,), ["stop", "caution"]),  # flagged and not marked sterile
    ],
)
def test_products_during_a_session(products, levels):
    verdict = evaluate(_session(products), [], None, TABLE)
    assert _levels(verdict, "products") == levels
    if "stop" in levels:
        stop = next(f for f in verdict.findings if f.rule == "products" and f.level == "stop")
        assert "Ascorbic Acid" in stop.message or "Retinol" in stop.message
        assert stop.sources and "soltani-arabshahi-2014" in stop.sources


def _aftercare_days(needle_um: int) -> int:
    from homelog.rules.checks import aftercare

    return aftercare.params(TABLE).days(needle_um)


@pytest.mark.parametrize(
    "needle_um, offset, level",
    [
        (500, -1, None),  # before the session: not its aftercare
        (500, 0, "caution"),  # the session's own day
        (500, "last", "caution"),  # the window's last day (the aftercare's days less one)
        (500, "after", None),  # the day after the window
        (1000, "last", "caution"),
        (1000, "after", None),
    ],
)
def test_a_flagged_application_inside_the_aftercare_window(needle_um, offset, level):
    days = _aftercare_days(needle_um)
    offset = {"last": days - 1, "after": days}.get(offset, offset)
    app = Application(1, "a1", RETINOL, "face", date.fromordinal(DAY.toordinal() + offset))
    verdict = evaluate(_session(needle_um=needle_um), [], None, TABLE, applications=[app])
    assert _levels(verdict, "products") == ([level] if level else [])
    if level:
        (f,) = [f for f in verdict.findings if f.rule == "products"]
        until = date.fromordinal(DAY.toordinal() + days)
        assert f.until == until and until.isoformat() in f.message and "a retinoid" in f.message
    # `apply` says the same of the application against the session.
    from homelog.records import Session

    session = Session(1, "s1", DAY, "face", needle_um)
    assert [f.level for f in applied(TABLE, app, [session])] == ([level] if level else [])


def test_an_unflagged_application_or_another_area_says_nothing():
    ha = Application(1, "a1", HA, "face", DAY)
    neck = Application(2, "a2", RETINOL, "neck", DAY)
    assert _levels(evaluate(_session(), [], None, TABLE, applications=[ha, neck]), "products") == []


def _pen(uses=0, kind="pen", shared_from=None):
    return DeviceUse(7, "my pen", uses, DAY, False, kind, shared_from)


@pytest.mark.parametrize(
    "kind, cartridge, level",
    [("pen", "new", None), ("pen", "reused", "stop"), ("pen", None, "caution"), ("roller", None, None), ("stamp", None, None)],
)
def test_cartridge(kind, cartridge, level):
    verdict = evaluate(_session(cartridge=cartridge), [], _pen(kind=kind), TABLE)
    assert _levels(verdict, "cartridge") == ([level] if level else [])


@pytest.mark.parametrize("offset, level", [(-1, None), (0, "stop"), (30, "stop")])
def test_shared_device_from_its_day_on(offset, level):
    shared = date.fromordinal(DAY.toordinal() - offset)  # the session is `offset` days after it
    verdict = evaluate(_session(cartridge="new"), [], _pen(shared_from=shared), TABLE)
    assert _levels(verdict, "shared-device") == ([level] if level else [])
    if level:
        assert "someone else" in verdict.findings[0].message and not verdict.ok


def test_device_wear_counts_rollers_and_stamps_only():
    for kind, expected in (("roller", ["stop"]), ("stamp", ["stop"]), ("pen", [])):
        verdict = evaluate(_session(cartridge="new"), [], _pen(uses=20, kind=kind), TABLE)
        assert _levels(verdict, "device-wear") == expected, kind


def test_a_pens_outlook_is_a_new_cartridge_each_session():
    pen = device_outlook(20, DAY, DAY, TABLE, kind="pen")
    assert pen.new_cartridge and pen.rule is None and pen.uses_left is None
    roller = device_outlook(20, DAY, DAY, TABLE, kind="roller")
    assert roller.rule == "device-wear" and not roller.new_cartridge
    shared = device_outlook(0, DAY, DAY, TABLE, kind="roller", shared_from=DAY)
    assert (shared.level, shared.rule) == ("stop", "shared-device")


def test_ready_on_waits_out_an_application_only_when_after_level_stops():
    """The clears hook: a product on the skin during the session never clears by waiting;
    an application inside the aftercare, made a stop, clears the day after it."""
    from homelog.rules import build_table, default_rules_dict
    from homelog.rules.engine import ready_on

    d = default_rules_dict()
    d["products"]["after_level"] = "stop"
    strict = build_table(d)
    app = Application(1, "a1", RETINOL, "face", date.fromordinal(DAY.toordinal() + 1))
    answer = ready_on(_session(cartridge="new"), [], None, strict, applications=[app])
    assert answer.ready_on == date.fromordinal(DAY.toordinal() + 2)
    stuck = ready_on(_session((VIT_C,)), [], None, TABLE)
    assert stuck.ready_on is None and any(f.rule == "products" for f in stuck.held_by)
