"""The registry is the one list of rules: the defaults, the table and its
presentation all follow it."""

from __future__ import annotations

import pkgutil

from homelog.rules import RULE_IDS, RULES, default_rules_dict, load_rules
from homelog.rules import checks, registry


def test_defaults_have_one_section_per_registered_rule_in_registry_order():
    sections = [key for key, value in default_rules_dict().items() if isinstance(value, dict) and key != "areas"]
    assert sections == list(RULE_IDS)


def test_every_rule_module_is_registered_once():
    modules = sorted(m.name for m in pkgutil.iter_modules(checks.__path__))
    registered = sorted(m.__name__.rsplit(".", 1)[1] for m in registry.MODULES)
    assert registered == modules
    assert len(set(RULE_IDS)) == len(RULE_IDS)
    assert [r.id for r in RULES] == [m.ID for m in registry.MODULES]


def test_presentation_follows_the_registry():
    table = load_rules()
    assert [r["id"] for r in table.to_json()["rules"]] == list(RULE_IDS)
    assert set(table.params) == set(RULE_IDS)
    heads = [line.split(":")[0] for line in table.describe() if line.split(":")[0] in RULE_IDS]
    assert heads == list(RULE_IDS)
