"""Safety rules for homelog: a data-driven rule table and a pure engine.

Imports nothing from homelog but ``homelog.records`` and only the standard
library, so it is cheap to import from the CLI, the TUI and the service.

    table = load_rules(user_rules_path)               # the only I/O
    verdict = evaluate(candidate, history, device, table)
"""

from homelog.rules.engine import (
    HasDateAreaNeedle,
    area_status,
    evaluate,
    history_window,
    next_safe_date,
)
from homelog.rules.summary import LevelSummary, summarise
from homelog.rules.load import default_rules_dict, default_rules_text, load_rules, read_rules_file
from homelog.rules.table import (
    LEVELS,
    RULE_IDS,
    DepthLimit,
    RestBand,
    RulesError,
    RuleTable,
    build_table,
    merge,
)

__all__ = [
    "LEVELS",
    "RULE_IDS",
    "DepthLimit",
    "HasDateAreaNeedle",
    "LevelSummary",
    "RestBand",
    "RuleTable",
    "RulesError",
    "area_status",
    "build_table",
    "default_rules_dict",
    "default_rules_text",
    "evaluate",
    "history_window",
    "load_rules",
    "merge",
    "next_safe_date",
    "read_rules_file",
    "summarise",
]
