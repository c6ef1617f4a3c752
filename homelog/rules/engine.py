"""The safety-rule engine: pure functions over plain records and a RuleTable.

No I/O, no clock: "today" is always an argument. History is anything with
``.date``, ``.area``, ``.needle_um`` and ``.id`` (Session records, or test
doubles; ``.id`` is read only when there are reactions); the engine keeps only
the sessions of the candidate's own area (areas are isolated by AREA, not by
group). The caller leaves out the session being edited.

What the caller passes (the service does this):
* ``history``: the area's sessions over ``history_window``, plus the area's
  latest session on or before the date (``recovery`` looks at it however old);
* ``reactions``: every observation of those sessions, plus every observation of
  any session (any area) that has an infection observation; ``recovery`` picks
  the latest per session on or before the date;
* ``conditions``: the live standing conditions; ``contraindication`` filters
  them by scope and dates.

Every rule's check is its module's (``homelog.rules.checks``); the engine builds
one ``Context``, asks each enabled rule of the registry, and orders the findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol

from homelog.records import (
    Application,
    AreaStatus,
    Condition,
    DeviceOutlook,
    DeviceUse,
    Finding,
    Reaction,
    Session,
    SessionInput,
    Verdict,
)
from homelog.rules.checks import aftercare, cartridge, contraindication, device_age, device_wear, recovery, rest_period, shared_device
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


#: The rules whose findings hold an area whatever the needle or device (``AreaStatus.holds``).
HOLD_RULES = (rest_period.ID, recovery.ID, contraindication.ID)
_PROBE_UM = 1  # the shortest needle: a hold never depends on it (only earlier sessions count)


def findings(ctx: Context, rules: Sequence[str] | None = None) -> list[Finding]:
    """Every finding of every enabled rule (of ``rules``, default all), sorted:
    most severe first, then registry order (stable: keeps date order within a rule);
    identical findings once."""
    table = ctx.table
    out: list[Finding] = []
    for rule in RULES:
        if table.is_enabled(rule.id) and (rules is None or rule.id in rules):
            out += [f._replace(sources=table.source_keys[rule.id]) for f in rule.check(ctx, table.params[rule.id])]
    unique = list(dict.fromkeys(out))
    unique.sort(key=lambda f: (LEVEL_RANK[f.level], RULE_RANK[f.rule]))
    return unique


def evaluate(
    candidate: SessionInput,
    history: Iterable[HasDateAreaNeedle],
    device: DeviceUse | None,
    table: RuleTable,
    *,
    reactions: Sequence[Reaction] = (),
    conditions: Sequence[Condition] = (),
    applications: Sequence[Application] = (),
) -> Verdict:
    """Every finding for ``candidate`` (stop, caution, note; then rule order) and the next safe date.

    ``reactions`` and ``conditions``: as the module docstring says; ``applications``:
    the live applications of products on the candidate's area (at least those
    inside its aftercare)."""
    group = table.group_of(candidate.area)  # KeyError for an unknown area
    same_area = _same_area(candidate.area, history)
    ctx = Context(candidate, same_area, group, device, table, reactions, conditions, applications)
    return Verdict(tuple(findings(ctx)), rest_period.next_safe(table, candidate.area, candidate.date, same_area))


def area_status(
    area: str,
    as_of: date,
    history: Iterable[HasDateAreaNeedle],
    last_session: Session | None,
    table: RuleTable,
    *,
    reactions: Sequence[Reaction] = (),
    conditions: Sequence[Condition] = (),
) -> AreaStatus:
    """``area`` on ``as_of``: resting until (rest-period's next safe date, when after
    ``as_of``), in aftercare until (``aftercare.aftercare_until``: the latest session
    date + its aftercare days over the sessions on or before ``as_of``, when after
    ``as_of``) and its holds: every stop or caution of ``HOLD_RULES`` that a session
    on ``as_of`` would get from the sessions on or before it, whatever its needle
    or device. ``ready``: not resting and no stop hold. ``last_session`` is passed
    through for display; ``reactions`` and ``conditions`` as for ``evaluate``."""
    group = table.group_of(area)
    earlier = [h for h in _same_area(area, history) if h.date <= as_of]
    nsd = rest_period.next_safe(table, area, as_of, earlier)
    probe = SessionInput(as_of, area, _PROBE_UM, None, True)
    ctx = Context(probe, earlier, group, None, table, reactions, conditions)
    holds = tuple(f for f in findings(ctx, HOLD_RULES) if f.level != "note")
    return AreaStatus(
        area=area, group=group, last_session=last_session, resting_until=nsd if nsd > as_of else None,
        aftercare_until=aftercare.aftercare_until(table, as_of, earlier), holds=holds,
    )


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


def device_outlook(
    uses: int, first_used: date | None, on: date, table: RuleTable, *, kind: str | None = None,
    shared_from: date | None = None,
) -> DeviceOutlook:
    """What the device rules say of one more session with a device on ``on``:
    shared with someone else first, then the wear level (rollers and stamps), else
    the age level; ``uses_left`` before the wear caution; a pen: ``new_cartridge``."""
    pen = kind == cartridge.PEN and table.is_enabled(cartridge.ID)
    if table.is_enabled(shared_device.ID) and shared_device.shared_on(shared_from, on):
        return DeviceOutlook(shared_device.params(table).level, shared_device.ID, None, pen)
    wear_on = table.is_enabled(device_wear.ID) and device_wear.counts(kind)
    wear = device_wear.params(table)
    worn = device_wear.next_use(wear, uses) if wear_on else None
    if worn is not None:
        return DeviceOutlook(worn[0], device_wear.ID, None, pen)
    age = device_age.params(table)
    if table.is_enabled(device_age.ID) and first_used is not None and device_age.too_old(age, (on - first_used).days):
        return DeviceOutlook(age.level, device_age.ID, None, pen)
    return DeviceOutlook(None, None, wear.caution_above - uses if wear_on else None, pen)
