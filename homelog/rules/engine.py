"""The safety-rule engine: pure functions over plain records and a RuleTable.

No I/O, no clock: "today" is always an argument. History is anything with
``.date``, ``.area`` and ``.needle_um`` (Session records, or test doubles); the
engine keeps only the sessions of the candidate's own area (areas are isolated
by AREA, not by group). The caller leaves out the session being edited.

Every rule's check is its module's (``homelog.rules.checks``); the engine builds
one ``Context``, asks each enabled rule of the registry, and orders the findings.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Iterable, Protocol

from homelog.records import AreaStatus, DeviceOutlook, DeviceUse, Finding, Session, SessionInput, Verdict
from homelog.rules.checks import device_age, device_wear, rest_period
from homelog.rules.common import LEVEL_RANK, plus_days
from homelog.rules.registry import RULE_RANK, RULES
from homelog.rules.table import RuleTable
from homelog.rules.unit import Context


class HasDateAreaNeedle(Protocol):
    @property
    def date(self) -> date: ...
    @property
    def area(self) -> str: ...
    @property
    def needle_um(self) -> int: ...


def _same_area(area: str, history: Iterable[HasDateAreaNeedle]) -> list[HasDateAreaNeedle]:
    return [h for h in history if h.area == area]


def next_safe_date(area: str, on: date, history: Iterable[HasDateAreaNeedle], table: RuleTable) -> date:
    """max(on, P.date + rest(P)) over every session P of ``area`` with P.date <= on.

    Looks only backwards: a backdated candidate can be refused while this
    still equals ``on``.
    """
    table.group_of(area)  # KeyError for an unknown area, as evaluate
    return rest_period.next_safe(table, area, on, _same_area(area, history))


def findings(ctx: Context) -> list[Finding]:
    """Every finding of every enabled rule, in registry order, each with its rule's source keys."""
    table = ctx.table
    out: list[Finding] = []
    for rule in RULES:
        if table.is_enabled(rule.id):
            out += [replace(f, sources=table.source_keys[rule.id]) for f in rule.check(ctx, table.params[rule.id])]
    return out


def evaluate(
    candidate: SessionInput,
    history: Iterable[HasDateAreaNeedle],
    device: DeviceUse | None,
    table: RuleTable,
) -> Verdict:
    """Every finding for ``candidate`` (stop, caution, note; then rule order) and the next safe date."""
    group = table.group_of(candidate.area)  # KeyError for an unknown area
    same_area = _same_area(candidate.area, history)
    ctx = Context(candidate=candidate, same_area=same_area, group=group, device=device, table=table)
    unique = list(dict.fromkeys(findings(ctx)))
    unique.sort(key=lambda f: (LEVEL_RANK[f.level], RULE_RANK[f.rule]))  # stable: keeps date order within a rule
    return Verdict(tuple(unique), rest_period.next_safe(table, candidate.area, candidate.date, same_area))


def area_status(
    area: str,
    as_of: date,
    history: Iterable[HasDateAreaNeedle],
    last_session: Session | None,
    table: RuleTable,
) -> AreaStatus:
    """Whether ``area`` is resting on ``as_of``; ``last_session`` is passed through for display."""
    group = table.group_of(area)
    nsd = rest_period.next_safe(table, area, as_of, _same_area(area, history))
    return AreaStatus(area=area, group=group, last_session=last_session, resting_until=nsd if nsd > as_of else None)


def history_window(table: RuleTable, area: str, on: date, needle_um: int | None = None) -> tuple[date, date]:
    """The inclusive date range of ``area``'s sessions that can change the answer:
    the widest ``reach`` of any rule (enabled or not).

    For rest-period, needle_um given (evaluate): [on - max_rest + 1, on + rest(candidate) - 1];
    needle_um None (next_safe_date / area_status): [on - max_rest + 1, on].
    The upper bound is never below ``on`` (same-day sessions always count).
    The range is empty (low > high) when no rule looks back at all.
    """
    reaches = [rule.reach(table, area, needle_um) for rule in RULES]
    back = max(r[0] for r in reaches)
    ahead = max(r[1] for r in reaches)
    return plus_days(on, -back), plus_days(on, max(ahead, 0))


def device_outlook(uses: int, first_used: date | None, on: date, table: RuleTable) -> DeviceOutlook:
    """What the device rules say of one more session with a device on ``on``:
    the wear level first, else the age level; ``uses_left`` before the wear caution."""
    wear_on = table.is_enabled(device_wear.ID)
    wear = device_wear.params(table)
    worn = device_wear.next_use(wear, uses) if wear_on else None
    if worn is not None:
        return DeviceOutlook(worn[0], device_wear.ID, None)
    age = device_age.params(table)
    if table.is_enabled(device_age.ID) and first_used is not None and device_age.too_old(age, (on - first_used).days):
        return DeviceOutlook(age.level, device_age.ID, None)
    return DeviceOutlook(None, None, wear.caution_above - uses if wear_on else None)
