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
    assert f.max_rest_days("scalp") == 28
    d = default_rules_dict()
    d["rest-period"]["enabled"] = False
    assert _file(build_table(d)).rest_days("face", 500) == 0


def test_device_outlook_wear_first_then_age():
    f = _file(load_rules())
    assert f.device_outlook(_dev(9)).level is None and f.device_outlook(_dev(9)).uses_left == 1
    assert (f.device_outlook(_dev(10)).rule, f.device_outlook(_dev(10)).level) == ("device-wear", "caution")
    assert (f.device_outlook(_dev(15)).rule, f.device_outlook(_dev(15)).level) == ("device-wear", "stop")
    old = _dev(15, first=date(2024, 11, 1))
    assert f.device_outlook(old).rule == "device-wear"  # wear goes first
    assert f.device_outlook(_dev(1, first=date(2024, 11, 1))).rule == "device-age"
    assert f.device_outlook(_dev(1, first=date(2024, 12, 1))).rule is None  # 90 days: not more than 90
    limits = f.device_limits()
    assert (limits.wear_caution_above, limits.wear_stop_above, limits.age_caution_above_days) == (10, 15, 90)


def test_device_outlook_without_the_wear_rule_has_no_uses_left():
    d = default_rules_dict()
    d["device-wear"]["enabled"] = False
    f = _file(build_table(d))
    assert f.device_outlook(_dev(30)).rule is None
    assert f.device_outlook(_dev(30)).uses_left is None
