"""Safety rules for homelog: a data-driven rule table and a pure engine.

Imports nothing from homelog but ``homelog.records`` and only the standard
library, so it is cheap to import from the CLI, the TUI and the service.

    table = load_rules(user_rules_path)               # the only I/O
    verdict = evaluate(candidate, history, device, table)
    when = ready_on(candidate, history, device, table)  # the first day nothing stops it
    # (verdict.next_safe_date is the same day; an area's status asks it of probe(area, day))

Layout: one module per rule under ``checks/`` (its table section parsed into
a ``Params``, its check of one candidate, its count over many sessions for an
import, its ``homelog rules`` presentation and its wording: the names
``unit.Rule`` lists); ``registry.MODULES`` lists them once, in order, and is the only
list of rule ids. ``engine`` (one candidate), ``summary`` (many sessions) and
``table`` (validation, ``to_json``, ``describe``) only iterate the registry;
``common`` holds what the rules share (levels, ``plus_days``, validators, text
helpers).

Adding a rule: write ``checks/<rule>.py``, add it to ``registry.MODULES``, its
section to ``defaults.toml``, and its tests.

Rules that need more than the candidate, its area's history and its device
(as ``recovery`` reads reactions, ``contraindication`` conditions): add a field with a default to
``unit.Context`` and the same keyword argument to ``evaluate`` (and, for the
import's count, a field at the end of ``unit.Facts`` and its position). A
rule that looks at a longer history than the rest periods defines ``reach``;
``history_window`` takes the widest reach of all rules. A rule that can hold
an area for a while defines ``clears`` (from which day its stops may be gone):
``ready_on`` walks from one such day to the next until nothing stops.
"""

from homelog.rules.checks.contraindication import condition_applies_to, condition_where, takes_area
from homelog.rules.checks.home_depth import DepthLimit
from homelog.rules.checks.rest_period import RestBand, max_rest_days, rest_days, rest_for
from homelog.rules.common import LEVELS, RulesError
from homelog.rules.engine import (
    area_status,
    day_holds,
    device_outlook,
    evaluate,
    history_window,
    probe,
    ready_on,
)
from homelog.rules.load import default_rules_dict, default_rules_text, load_rules, read_rules_file
from homelog.rules.registry import RULE_IDS, RULES
from homelog.rules.table import RuleTable, build_table, merge
from homelog.rules.unit import Context, Facts, Rule

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from homelog.rules.summary import LevelSummary, observed_from, summarise


def __getattr__(name: str):
    """``summary`` (the import's count over many sessions) on first use: status and
    check never load it."""
    if name in ("LevelSummary", "observed_from", "summarise"):
        from homelog.rules import summary

        return getattr(summary, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "LEVELS",
    "RULES",
    "RULE_IDS",
    "Context",
    "DepthLimit",
    "Facts",
    "LevelSummary",
    "RestBand",
    "Rule",
    "RuleTable",
    "RulesError",
    "area_status",
    "day_holds",
    "build_table",
    "condition_applies_to",
    "condition_where",
    "default_rules_dict",
    "default_rules_text",
    "device_outlook",
    "evaluate",
    "history_window",
    "load_rules",
    "max_rest_days",
    "merge",
    "observed_from",
    "probe",
    "ready_on",
    "read_rules_file",
    "rest_days",
    "rest_for",
    "summarise",
    "takes_area",
]
