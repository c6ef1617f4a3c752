"""What the service tells a front end about rest and device wear comes from the rule modules."""

from __future__ import annotations

from datetime import date

from homelog.records import Device
from homelog.rules import build_table, default_rules_dict, load_rules, rest_for
from homelog.service.journal_file import JournalFile


def _file(table) -> JournalFile:
    return JournalFile(db=None, rules=table, today=lambda: date(2025, 3, 1))  # no database needed


def _dev(uses, first=date(2025, 2, 1)):
    return Device(1, "u", "d", "roller", 500, uses=uses, first_used=first, retired=False)


def test_rest_days_follow_the_rest_bands_and_are_zero_while_disabled():
    table = load_rules()
    f = _file(table)
    assert f.rest_days("face", 500) == rest_for(table, "face", 500)[0] == 7
    assert f.max_rest_days("scalp") == 56
    d = default_rules_dict()
    d["rest-period"]["enabled"] = False
    assert _file(build_table(d)).rest_days("face", 500) == 0


def test_device_outlook_wear_first_then_age():
    f = _file(load_rules())
    # The sellers' 8-10 uses: uses 1-8 are fine, the 9th stops (no caution before it).
    assert f.device_outlook(_dev(7)).level is None and f.device_outlook(_dev(7)).uses_left == 1
    assert (f.device_outlook(_dev(8)).rule, f.device_outlook(_dev(8)).level) == ("device-wear", "stop")
    old = _dev(8, first=date(2024, 11, 1))
    assert f.device_outlook(old).rule == "device-wear"  # wear goes first
    # today 2025-03-01: first used 2025-01-17 is 43 days before (more than 42), 2025-01-18 is 42
    assert f.device_outlook(_dev(1, first=date(2025, 1, 17))).rule == "device-age"
    assert f.device_outlook(_dev(1, first=date(2025, 1, 18))).rule is None
    limits = f.device_limits()
    assert (limits.wear_caution_above, limits.wear_stop_above, limits.age_caution_above_days) == (8, 8, 42)


def test_device_outlook_without_the_wear_rule_has_no_uses_left():
    d = default_rules_dict()
    d["device-wear"]["enabled"] = False
    f = _file(build_table(d))
    assert f.device_outlook(_dev(30)).rule is None
    assert f.device_outlook(_dev(30)).uses_left is None
