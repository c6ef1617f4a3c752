"""The rules, registered once: their order is the order of findings of the same
level, of ``summarise``'s per-session key and of ``homelog rules``.

Adding a rule: write ``checks/<rule>.py`` (see ``unit.Rule`` for the names it
defines), add it to ``MODULES`` and its section to ``defaults.toml`` (``enabled``
and ``sources = [keys]``; its caveat is ``[evidence.<rule>] note`` in sources.toml).
"""

from __future__ import annotations

from homelog.rules.checks import (
    aftercare,
    cartridge,
    contraindication,
    device_age,
    device_wear,
    disinfection,
    frequency_cap,
    home_depth,
    products,
    recovery,
    rest_period,
    shared_device,
)
from homelog.rules.unit import Rule

MODULES = (
    rest_period, home_depth, device_wear, device_age, disinfection, recovery, contraindication, frequency_cap, aftercare,
    products, cartridge, shared_device,
)
RULES: tuple[Rule, ...] = tuple(Rule.of(m) for m in MODULES)
RULE_IDS = tuple(r.id for r in RULES)
RULE_RANK = {rid: i for i, rid in enumerate(RULE_IDS)}
