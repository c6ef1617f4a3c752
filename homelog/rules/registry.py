"""The rules, registered once: their order is the order of findings of the same
level, of ``summarise``'s per-session key and of ``homelog rules``.

Adding a rule: write ``checks/<rule>.py`` (its ``RULE``), add it here and its
section to ``defaults.toml``.
"""

from __future__ import annotations

from homelog.rules.checks import device_age, device_wear, disinfection, home_depth, rest_period
from homelog.rules.unit import Rule

RULES: tuple[Rule, ...] = (
    rest_period.RULE,
    home_depth.RULE,
    device_wear.RULE,
    device_age.RULE,
    disinfection.RULE,
)
RULE_IDS = tuple(r.id for r in RULES)
RULE_RANK = {rid: i for i, rid in enumerate(RULE_IDS)}
