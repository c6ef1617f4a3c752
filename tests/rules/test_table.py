"""The rule table: defaults, user overrides (merge), validation errors, loading files."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest

from homelog.records import Condition, DeviceUse, Product, Reaction, SessionInput, mm_to_um
from homelog.rules import (
    RULE_IDS,
    RulesError,
    build_table,
    default_rules_dict,
    default_rules_text,
    evaluate,
    load_rules,
    max_rest_days,
    merge,
    probe,
    ready_on,
    rest_for,
)
from homelog.rules.checks import device_age, device_wear, disinfection, home_depth, rest_period

D = date(2025, 1, 10)
AREAS = ("face", "neck", "chest", "scalp", "hands", "arms", "legs", "abdomen", "back", "buttocks")


class Past:
    def __init__(self, on: date, area: str, mm: str) -> None:
        self.date, self.area, self.needle_um = on, area, mm_to_um(mm)


def cand(on: date, area: str, mm: str, disinfected: bool | None = True) -> SessionInput:
    return SessionInput(date=on, area=area, needle_um=mm_to_um(mm), disinfected=disinfected)


def rules_of(v) -> list[tuple[str, str]]:
    return [(f.rule, f.level) for f in v.findings]


def write(tmp_path, text: str, name: str = "rules.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# -- defaults ----------------------------------------------------------------------------------


def test_defaults_load_with_the_contract_values():
    t = load_rules()
    assert tuple(t.areas) == AREAS
    assert t.groups == ("face", "body", "scalp")
    assert [t.group_of(a) for a in AREAS] == ["face"] * 3 + ["scalp"] + ["body"] * 6
    assert [(b.up_to_um, dict(b.days), b.level) for b in rest_period.params(t).bands] == [
        (300, {"face": 7, "body": 7, "scalp": 3}, "stop"),
        (500, {"face": 7, "body": 7, "scalp": 3}, "stop"),
        (750, {"face": 42, "body": 42, "scalp": 7}, "stop"),
        (1000, {"face": 42, "body": 42, "scalp": 7}, "stop"),
        (1500, {"face": 56, "body": 56, "scalp": 7}, "stop"),
        (3000, {"face": 56, "body": 56, "scalp": 56}, "stop"),
    ]
    # only 0.5 mm on the face and body has a caution after its rest (7 to 28 days)
    assert [{g: b.caution_for(g) for g in t.groups} for b in rest_period.params(t).bands] == [
        {"face": 7, "body": 7, "scalp": 3},
        {"face": 28, "body": 28, "scalp": 3},
        {"face": 42, "body": 42, "scalp": 7},
        {"face": 42, "body": 42, "scalp": 7},
        {"face": 56, "body": 56, "scalp": 7},
        {"face": 56, "body": 56, "scalp": 56},
    ]
    assert {g: (lim.caution_above_um, lim.stop_above_um) for g, lim in home_depth.params(t).limits.items()} == {
        "face": (500, 1000),
        "body": (500, 1000),
        "scalp": (500, 1000),
    }
    assert (device_wear.params(t).caution_above, device_wear.params(t).stop_above) == (8, 8)
    assert (device_age.params(t).caution_above_days, device_age.params(t).level, disinfection.params(t).level) == (42, "caution", "caution")
    assert t.enabled_rules == frozenset(RULE_IDS)
    assert t.origins == ("built-in defaults.toml",)


def test_load_rules_without_a_user_file_equals_build_table_of_defaults():
    assert load_rules() == build_table(default_rules_dict())


def test_defaults_text_has_the_not_medical_advice_header():
    head = default_rules_text()[:600]
    assert head.startswith("#") and "NOT MEDICAL ADVICE" in head


def test_to_json_has_every_rule_with_its_sources_and_is_json():
    j = load_rules().to_json()
    json.dumps(j)  # serialisable as is
    assert [r["id"] for r in j["rules"]] == list(RULE_IDS)
    catalogue = {s["key"]: s for s in j["sources"]}
    for r in j["rules"]:
        assert r["sources"] and set(r["sources"]) <= set(catalogue), r["id"]
        assert r["evidence"].startswith(("Rests on", "No study backs")) and r["note"], r["id"]
        assert r["enabled"] is True
    rest = j["rules"][0]
    assert rest["bands"][3] == {
        "up_to_mm": 1.0, "days": {"face": 42, "body": 42, "scalp": 7}, "level": "stop",
        "caution_days": {"face": 42, "body": 42, "scalp": 7},
    }
    assert rest["bands"][1]["caution_days"] == {"face": 28, "body": 28, "scalp": 3}
    assert j["rules"][1]["limits"]["face"] == {"caution_above_mm": 0.5, "stop_above_mm": 1.0}
    assert j["rules"][2]["caution_above"] == 8 and j["rules"][2]["stop_above"] == 8
    assert j["rules"][3]["caution_above_days"] == 42
    assert list(j["areas"]) == list(AREAS)


def test_sources_cite_the_seed_documents_by_key():
    t = load_rules()
    assert "seed-003" in t.source_keys["rest-period"]
    assert "seed-004" in t.source_keys["disinfection"]
    assert t.evidence("disinfection").sources[-1].document == "004_50b0254346a9b549.txt"


def test_describe_has_a_section_and_source_per_rule():
    lines = load_rules().describe()
    text = "\n".join(lines)
    for rid in RULE_IDS:
        assert any(line.startswith(rid + ":") for line in lines), rid
    assert text.count("\n  Evidence: ") == text.count("\n  Sources:") == len(RULE_IDS)
    assert "    - How to clean a dermaroller (quoting Havana Skin Clinic) — beautytipsblog.org [vendor, clinic or blog] " in text
    assert "  0.3 mm           7     7      3  stop" in lines
    assert "  0.5 mm        7-28  7-28      3  stop" in lines
    assert "  1.0 mm          42    42      7  stop" in lines
    assert "  face group: face, neck, chest" in lines
    assert "stop from use 9" in text
    # the range each figure gives and who gives each end
    assert (
        "    face 0.50: 3 to 28 days: stop 7 (gohara-instyle, clinician); caution to 28 (igeekguides, ansvers); "
        "least 3 (marchbein-allure)."
    ) in lines
    assert any(line.startswith("    body 0.50: no source gives a figure; the face 0.50 figures are used") for line in lines)
    assert "    see_professional_after_days: 2 days: most cautious 2 (seed-000)." in lines
    assert any(line.startswith("    face 1.50: 28 days: stop 28 (ansvers, vendor). Default differs: 56 days") for line in lines)
    assert "    pregnancy: no source gives a wait after its end." in lines


# -- overrides change outcomes -------------------------------------------------------------------


def test_user_area_added_to_a_group(tmp_path):
    t = load_rules(write(tmp_path, '[areas]\nforehead = "face"\nupper-arm = "body"\n'))
    assert tuple(t.areas) == AREAS + ("forehead", "upper-arm")
    assert t.group_of("forehead") == "face"
    assert t.origins[-1] == str(tmp_path / "rules.toml")
    history = [Past(D - timedelta(days=20), "forehead", "1.0")]
    v = evaluate(cand(D, "forehead", "0.6"), history, None, t)
    assert rules_of(v) == [("rest-period", "stop"), ("home-depth", "caution"), ("aftercare", "note")]
    assert v.findings[0].message.startswith("Forehead is still resting after the 1.0 mm session")
    with pytest.raises(KeyError):
        evaluate(cand(D, "forehead", "0.25"), [], None, load_rules())


def test_user_moves_an_area_to_another_group():
    t = build_table(default_rules_dict(), {"areas": {"neck": "body"}})
    assert t.group_of("neck") == "body"
    assert tuple(t.areas) == AREAS  # order kept
    v = evaluate(cand(D, "neck", "1.0"), [], None, t)
    assert rules_of(v) == [("home-depth", "caution"), ("aftercare", "note")]  # the body group's caution, not a stop
    v = evaluate(cand(D, "neck", "1.0"), [Past(D - timedelta(days=10), "neck", "0.5")], None, t)
    assert rules_of(v)[0] == ("rest-period", "caution")  # 0.5 mm on the body: 7 to 28 days


def test_user_replaces_the_bands(tmp_path):
    path = write(
        tmp_path,
        """
        [rest-period]
        bands = [
          { up_to_mm = 0.5, days = { face = 3, body = 3, scalp = 1 }, level = "caution" },
          { up_to_mm = 3.0, days = { face = 21, body = 21, scalp = 7 }, level = "stop" },
        ]
        """,
    )
    t = load_rules(path)
    assert len(rest_period.params(t).bands) == 2
    history = [Past(D - timedelta(days=21), "face", "1.0")]
    assert rules_of(evaluate(cand(D, "face", "0.25"), history, None, load_rules()))[0] == ("rest-period", "stop")
    assert [f for f in evaluate(cand(D, "face", "0.25"), history, None, t).findings if f.rule == "rest-period"] == []
    assert ready_on(probe("face", D - timedelta(days=1)), history, None, t, rules=("rest-period",)).ready_on == D
    assert t.source("rest-period") == load_rules().source("rest-period")  # unchanged keys stay


def test_user_changes_one_threshold_and_keeps_the_other(tmp_path):
    t = load_rules(write(tmp_path, "[home-depth.face]\ncaution_above_mm = 0.3\n"))
    assert home_depth.params(t).limits["face"].caution_above_um == 300
    assert home_depth.params(t).limits["face"].stop_above_um == 1000
    assert rules_of(evaluate(cand(D, "face", "0.4"), [], None, t)) == [("home-depth", "caution"), ("aftercare", "note")]
    assert rules_of(evaluate(cand(D, "face", "0.25"), [], None, t)) == [("aftercare", "note")]
    assert rules_of(evaluate(cand(D, "face", "0.4"), [], None, load_rules())) == [("aftercare", "note")]
    assert rules_of(evaluate(cand(D, "face", "1.01"), [], None, t)) == [("home-depth", "stop"), ("aftercare", "note")]


def test_user_changes_device_wear(tmp_path):
    t = load_rules(write(tmp_path, "[device-wear]\nstop_above = 12\n"))
    dev = DeviceUse(id=1, name="Pen", uses=12, first_used=D)
    assert rules_of(evaluate(cand(D, "face", "0.2"), [], dev, t)) == [("device-wear", "stop"), ("aftercare", "note")]
    dev = DeviceUse(id=1, name="Pen", uses=8, first_used=D)  # the 9th use: caution with 12, stop by default
    assert rules_of(evaluate(cand(D, "face", "0.2"), [], dev, t)) == [("device-wear", "caution"), ("aftercare", "note")]
    assert rules_of(evaluate(cand(D, "face", "0.2"), [], dev, load_rules())) == [("device-wear", "stop"), ("aftercare", "note")]


@pytest.mark.parametrize("rule", RULE_IDS)
def test_user_disables_a_rule(tmp_path, rule):
    t = load_rules(write(tmp_path, f"[{rule}]\nenabled = false\n"))
    assert not t.is_enabled(rule)
    assert all(t.is_enabled(r) for r in RULE_IDS if r != rule)
    # Four sessions around D (frequency cap), the latest on D seen red (recovery), a condition.
    history = [Past(D + timedelta(days=k), "face", mm) for k, mm in ((0, "1.0"), (1, "0.25"), (2, "0.25"), (3, "0.25"))]
    history[0].id = 7
    seen = [Reaction(1, "r1", 7, D, 2)]
    since = [Condition(1, "c1", "pregnancy", None, D - timedelta(days=30))]
    # A worn device (kind not said: it wears) used on someone else, a vitamin C serum on the
    # skin; and the same session with a pen that does not say its cartridge (rule cartridge).
    dev = DeviceUse(id=1, name="Old roller", uses=30, first_used=D - timedelta(days=365), shared_from=D)
    pen = dev._replace(kind="pen")
    serum = (Product(1, "p1", "C serum", "Ascorbic Acid", sterile=True),)
    candidate = cand(D, "face", "3.0", None)._replace(products=serum)

    def found(table):
        return {
            f.rule
            for device in (dev, pen)
            for f in evaluate(candidate, history, device, table, reactions=seen, conditions=since).findings
        }

    after = evaluate(candidate, history, dev, t, reactions=seen, conditions=since)
    assert found(load_rules()) == set(RULE_IDS)
    assert found(t) == set(RULE_IDS) - {rule}
    assert t.to_json()["rules"][RULE_IDS.index(rule)]["enabled"] is False
    assert any(line.startswith(f"{rule} (disabled):") for line in t.describe())
    if rule == "rest-period":
        # nothing rests when the rule is off; the 3.0 mm needle still stops, for good
        assert after.next_safe_date is None and "home-depth" in after.readiness.rules


def test_device_age_and_disinfection_levels_can_be_changed():
    t = build_table(
        default_rules_dict(),
        {"device-age": {"caution_above_days": 30, "level": "stop"}, "disinfection": {"level": "stop"}},
    )
    dev = DeviceUse(id=1, name="Stamp", uses=1, first_used=D - timedelta(days=31))
    v = evaluate(cand(D, "face", "0.2", False), [], dev, t)
    assert rules_of(v) == [("device-age", "stop"), ("disinfection", "stop"), ("aftercare", "note")]
    assert not v.ok


def test_a_new_group_needs_days_and_limits_everywhere():
    data = default_rules_dict()
    with pytest.raises(RulesError, match=r"bands\[1\] days: missing group 'lips'"):
        build_table(data, {"groups": ["face", "body", "scalp", "lips"], "areas": {"lips": "lips"}})
    bands = [
        {**b, "days": {**b["days"], "lips": 30}} for b in data["rest-period"]["bands"]
    ]
    t = build_table(
        data,
        {
            "groups": ["face", "body", "scalp", "lips"],
            "areas": {"lips": "lips"},
            "rest-period": {"bands": bands},
            "home-depth": {"lips": {"caution_above_mm": 0.25, "stop_above_mm": 0.5}},
        },
    )
    assert rest_for(t, "lips", 250) == (30, "stop")
    assert max_rest_days(t, "lips") == 30


def test_merge_is_deep_lists_replace_and_inputs_are_untouched():
    base = {"a": {"b": 1, "c": [1, 2]}, "d": 1}
    snapshot = copy.deepcopy(base)
    out = merge(base, {"a": {"c": [3]}, "e": 2})
    assert out == {"a": {"b": 1, "c": [3]}, "d": 1, "e": 2}
    assert base == snapshot
    defaults = default_rules_dict()
    snapshot = copy.deepcopy(defaults)
    build_table(defaults, {"areas": {"forehead": "face"}, "home-depth": {"face": {"stop_above_mm": 2.0}}})
    assert defaults == snapshot


def test_an_empty_user_file_changes_nothing(tmp_path):
    t = load_rules(write(tmp_path, "# nothing yet\n"))
    assert t.to_json()["rules"] == load_rules().to_json()["rules"]


# -- validation errors -----------------------------------------------------------------------------


def bad(overrides: dict) -> str:
    with pytest.raises(RulesError) as info:
        build_table(default_rules_dict(), overrides, origin="my-rules.toml")
    msg = str(info.value)
    assert msg.startswith("my-rules.toml: ")
    return msg


def band(up_to, face=7, body=7, scalp=2, level="stop"):
    return {"up_to_mm": up_to, "days": {"face": face, "body": body, "scalp": scalp}, "level": level}


def test_error_unknown_area_group():
    msg = bad({"areas": {"forehead": "head"}})
    assert "[areas] forehead = \"head\": unknown area group; use one of face, body, scalp" in msg


def test_error_bad_area_name():
    assert "area name 'Fore Head'" in bad({"areas": {"Fore Head": "face"}})


def test_error_negative_days():
    msg = bad({"rest-period": {"bands": [band(1.0, face=-3), band(3.0)]}})
    assert "[rest-period] bands[1] days.face must be a whole number of days from 0 to 3650, got -3" in msg


def test_error_non_integer_days():
    assert "days.body must be a whole number of days" in bad({"rest-period": {"bands": [band(3.0, body=2.5)]}})
    assert "got \"7\"" in bad({"rest-period": {"bands": [band(3.0, scalp="7")]}})
    assert "got true" in bad({"rest-period": {"bands": [band(3.0, face=True)]}})


def test_error_bands_out_of_order():
    msg = bad({"rest-period": {"bands": [band(1.0), band(0.5), band(3.0)]}})
    assert "bands[2]: up_to_mm 0.5 is not above the previous band's 1.0; bands must be in strictly increasing order" in msg
    assert "strictly increasing" in bad({"rest-period": {"bands": [band(1.0), band(1.0), band(3.0)]}})


def test_error_last_band_below_three_mm():
    msg = bad({"rest-period": {"bands": [band(0.5), band(2.5)]}})
    assert "the last band goes up to 2.5 mm; it must reach at least 3.0 mm" in msg


def test_error_missing_group_in_band():
    msg = bad({"rest-period": {"bands": [{"up_to_mm": 3.0, "days": {"face": 7, "body": 7}, "level": "stop"}]}})
    assert "bands[1] days: missing group 'scalp'" in msg
    msg = bad({"rest-period": {"bands": [{"up_to_mm": 3.0, "days": {"face": 7, "body": 7, "scalp": 2, "lips": 1}, "level": "stop"}]}})
    assert "unknown group 'lips'" in msg


def test_error_bad_level():
    assert "bands[1] level must be one of note, caution, stop, got \"warn\"" in bad(
        {"rest-period": {"bands": [band(3.0, level="warn")]}}
    )
    assert "[disinfection] level must be one of note, caution, stop" in bad({"disinfection": {"level": "STOP"}})
    assert "[device-age] level must be one of" in bad({"device-age": {"level": 2}})


def test_error_bad_lengths():
    assert "at most 3 decimals" in bad({"rest-period": {"bands": [band(3.0001)]}})
    assert "above 0" in bad({"rest-period": {"bands": [band(0), band(3.0)]}})
    assert "must be a length in mm" in bad({"home-depth": {"face": {"stop_above_mm": "1.0"}}})
    assert "must be a length in mm >= 0" in bad({"home-depth": {"face": {"caution_above_mm": -0.5}}})
    assert "got inf" in bad({"home-depth": {"face": {"stop_above_mm": float("inf")}}})


def test_error_caution_above_stop():
    msg = bad({"home-depth": {"face": {"caution_above_mm": 1.2}}})
    assert "[home-depth.face]: caution_above_mm (1.2) is above stop_above_mm (1.0)" in msg
    msg = bad({"device-wear": {"caution_above": 20}})
    assert "[device-wear]: caution_above (20) is above stop_above (8)" in msg
    build_table(default_rules_dict(), {"device-wear": {"caution_above": 8}})  # equal is allowed


def test_error_wear_counts():
    assert "[device-wear] stop_above must be a whole number of uses" in bad({"device-wear": {"stop_above": -1}})
    assert "[device-wear] caution_above must be a whole number of uses" in bad({"device-wear": {"caution_above": 9.5}})


def test_error_unknown_keys_suggest_the_right_one():
    msg = bad({"device-wear": {"stop_abvoe": 12}})
    assert "unknown key 'stop_abvoe' in [device-wear] (did you mean 'stop_above'?)" in msg
    msg = bad({"device_wear": {"stop_above": 12}})
    assert "unknown rule id or key 'device_wear' at the top level (did you mean 'device-wear'?)" in msg
    assert "unknown key 'fase' in [home-depth] (did you mean 'face'?)" in bad({"home-depth": {"fase": {}}})
    assert "unknown key 'caution' in [home-depth.face]" in bad({"home-depth": {"face": {"caution": 0.3}}})
    assert "unknown key 'length' in [rest-period] bands[1]" in bad({"rest-period": {"bands": [{**band(3.0), "length": 1}]}})


def test_error_wrong_types():
    assert "[areas] must be a table" in bad({"areas": ["face"]})
    assert "[rest-period] bands must be a non-empty list" in bad({"rest-period": {"bands": []}})
    assert "[disinfection] enabled must be true or false, got \"no\"" in bad({"disinfection": {"enabled": "no"}})
    assert "[device-age]: sources must be a non-empty list" in bad({"device-age": {"sources": "aad-2018"}})
    assert "unknown key 'source' in [device-age] (did you mean 'sources'?)" in bad({"device-age": {"source": "AAD"}})
    assert "'groups' must be a non-empty list" in bad({"groups": "face"})
    assert "lists a group twice" in bad({"groups": ["face", "body", "scalp", "face"]})
    assert "'sources' cannot be a group name" in bad({"groups": ["face", "body", "scalp", "sources"]})


def test_error_removing_a_group_still_in_use():
    assert "[areas] scalp = \"scalp\": unknown area group" in bad({"groups": ["face", "body"]})


def test_error_missing_key_in_defaults_is_named():
    data = default_rules_dict()
    del data["device-age"]["caution_above_days"]
    with pytest.raises(RulesError, match=r"^built-in defaults.toml: missing key 'caution_above_days' in \[device-age\]$"):
        build_table(data)


# -- loading files -----------------------------------------------------------------------------------


def test_load_bad_toml_names_file_and_line(tmp_path):
    path = write(tmp_path, '[areas]\nforehead = "face"\nchin "face"\n')
    with pytest.raises(RulesError) as info:
        load_rules(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: invalid TOML: ")
    assert "line 3" in msg


def test_load_validation_error_names_the_file(tmp_path):
    path = write(tmp_path, "[rest-period]\nbands = [{ up_to_mm = 3.0, days = { face = -1, body = 1, scalp = 1 }, level = \"stop\" }]\n")
    with pytest.raises(RulesError) as info:
        load_rules(path)
    assert str(info.value).startswith(f"{path}: [rest-period] bands[1] days.face")


def test_load_unknown_key_from_file(tmp_path):
    path = write(tmp_path, "[disinfection]\nenable = false\n")
    with pytest.raises(RulesError, match="unknown key 'enable' in \\[disinfection\\] \\(did you mean 'enabled'\\?\\)"):
        load_rules(path)


def test_load_missing_file(tmp_path):
    missing = tmp_path / "nope.toml"
    assert load_rules(missing) == load_rules()  # the default location may simply not exist yet
    with pytest.raises(RulesError, match=r"^rules file not found: .*nope\.toml$"):
        load_rules(missing, must_exist=True)


def test_load_folder_and_non_utf8(tmp_path):
    with pytest.raises(RulesError, match="is a folder"):
        load_rules(tmp_path, must_exist=True)
    path = tmp_path / "latin1.toml"
    path.write_bytes('[areas]\n"épaule" = "body"\n'.encode("latin-1"))
    with pytest.raises(RulesError, match="not UTF-8"):
        load_rules(path)


def test_rules_error_is_a_value_error():
    assert issubclass(RulesError, ValueError)


def test_rules_package_imports_only_records_and_stdlib():
    code = (
        "import sys, homelog.rules as r; r.load_rules();"
        "print(sorted(m for m in sys.modules if m.startswith('homelog')));"
        "print([m for m in ('sqlalchemy', 'textual', 'platformdirs', 'alembic') if m in sys.modules])"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    ).stdout.splitlines()
    loaded = eval(out[0])  # noqa: S307 - our own printed list
    assert loaded, "homelog.rules was not imported"
    assert all(m in ("homelog", "homelog.records", "homelog.record_type") or m.startswith("homelog.rules") for m in loaded), loaded
    assert out[1] == "[]"


def test_error_caution_days():
    msg = bad({"rest-period": {"bands": [{**band(3.0), "caution_days": {"face": 5}}]}})
    assert "[rest-period] bands[1] caution_days.face (5) is below days.face (7)" in msg
    msg = bad({"rest-period": {"bands": [{**band(3.0), "caution_days": {"lips": 9}}]}})
    assert "[rest-period] bands[1] caution_days: unknown group 'lips'" in msg
    msg = bad({"rest-period": {"bands": [{**band(3.0, level="note"), "caution_days": {"face": 9}}]}})
    assert 'caution_days extends a rest of level "stop" or "caution", not "note"' in msg
    # a group left out of caution_days: no caution after its rest
    t = build_table(default_rules_dict(), {"rest-period": {"bands": [{**band(3.0), "caution_days": {"face": 9}}]}})
    (b,) = rest_period.params(t).bands
    assert (b.caution_for("face"), b.caution_for("body"), b.caution_for("scalp")) == (9, 7, 2)
