"""The journal's health report for ``homelog doctor``: read-only, changes nothing."""

from __future__ import annotations

from homelog.errors import InputError
from homelog.locations import Locations


def diagnose(where: Locations) -> dict:
    """Schema, integrity, every record's values, counts, backups and permissions of
    ``where.db``; ``ok`` is False (with ``exit_code``) when something is wrong.
    Values are checked against the effective rules (the defaults if the rules
    file cannot be read, which is a problem too)."""
    from homelog.rules import load_rules
    from homelog.service import load_effective_rules
    from homelog.store.doctor import diagnose as diagnose_file

    problems = []
    try:
        rules = load_effective_rules(where)
    except InputError as exc:
        problems.append(str(exc))
        rules = load_rules()
    report = diagnose_file(where.db, areas=rules.areas, kinds=rules.condition_kinds)
    if problems:
        report["problems"] = problems + report["problems"]
        report.setdefault("exit_code", int(InputError.exit_code))
        report["ok"] = False
    return report
