"""The safety-rule engine: pure functions over plain records and a RuleTable.

No I/O, no clock: "today" is always an argument. History is anything with
``.date``, ``.area`` and ``.needle_um`` (Session records, or test doubles); the
engine keeps only the sessions of the candidate's own area (areas are isolated
by AREA, not by group). The caller leaves out the session being edited.

Rest periods (rule ``rest-period``)
    A session P rests its area for rest(P) days, from P's own needle band.
    A candidate on day D conflicts with
    * every P with P.date <= D and D - P.date < rest(P): level from P's band,
      ``until`` = P.date + rest(P) (the first day the area is ready again);
    * every P with P.date > D and P.date - D < rest(candidate): a backdated
      entry that makes a later session too soon. Level from the candidate's
      band; ``until`` = D + rest(candidate), the end of the rest this entry
      starts, which the later session falls inside. (Moving the candidate
      later cannot clear this conflict; the date says how long the area
      should have rested.)
    Identical findings (two identical sessions in the journal) are reported once.
    When the rule is disabled nothing rests: next_safe_date(area, D) == D.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable, Protocol

from homelog.records import AreaStatus, DeviceUse, Finding, Session, SessionInput, Verdict
from homelog.rules import wording
from homelog.rules.table import RULE_IDS, RuleTable

_LEVEL_RANK = {"stop": 0, "caution": 1, "note": 2}
_RULE_RANK = {rid: i for i, rid in enumerate(RULE_IDS)}


class HasDateAreaNeedle(Protocol):
    @property
    def date(self) -> date: ...
    @property
    def area(self) -> str: ...
    @property
    def needle_um(self) -> int: ...


def _plus(d: date, days: int) -> date:
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _same_area(area: str, history: Iterable[HasDateAreaNeedle]) -> list[HasDateAreaNeedle]:
    return [h for h in history if h.area == area]


def _next_safe(area: str, on: date, same_area: list[HasDateAreaNeedle], table: RuleTable) -> date:
    best = on
    if not table.is_enabled("rest-period"):
        return best
    for p in same_area:
        if p.date <= on:
            end = _plus(p.date, table.rest_for(area, p.needle_um)[0])
            if end > best:
                best = end
    return best


def next_safe_date(area: str, on: date, history: Iterable[HasDateAreaNeedle], table: RuleTable) -> date:
    """max(on, P.date + rest(P)) over every session P of ``area`` with P.date <= on.

    Looks only backwards: a backdated candidate can be refused while this
    still equals ``on``.
    """
    table.group_of(area)  # KeyError for an unknown area, as evaluate
    return _next_safe(area, on, _same_area(area, history), table)


def _rest_conflicts(c: SessionInput, same_area: list[HasDateAreaNeedle], table: RuleTable):
    """(P, days, level) for every session P of the area that conflicts with ``c``:
    P on or before the day and still resting it (days and level from P's band), or
    P after the day inside the rest ``c`` starts (days and level from ``c``'s band)."""
    area, d = c.area, c.date
    own_days, own_level = table.rest_for(area, c.needle_um)
    for p in same_area:
        if p.date <= d:
            days, level = table.rest_for(area, p.needle_um)
            if (d - p.date).days < days:
                yield p, days, level
        elif (p.date - d).days < own_days:
            yield p, own_days, own_level


def _rest_findings(c: SessionInput, same_area: list[HasDateAreaNeedle], table: RuleTable) -> list[Finding]:
    area, d = c.area, c.date
    source = table.source("rest-period")
    out = []
    for p, days, level in _rest_conflicts(c, sorted(same_area, key=lambda s: (s.date, s.needle_um)), table):
        if p.date <= d:
            until = _plus(p.date, days)
            msg = wording.resting(area, p.needle_um, p.date, until, days)
        else:
            until = _plus(d, days)
            msg = wording.later_too_soon(area, c.needle_um, d, p.date, until, days)
        out.append(Finding("rest-period", level, msg, until, source))
    return out


def _depth(needle_um: int, group: str, table: RuleTable) -> tuple[str, int] | None:
    """(level, the limit exceeded) when the needle is too deep for the group."""
    limit = table.depth_limits[group]
    if needle_um > limit.stop_above_um:
        return "stop", limit.stop_above_um
    if needle_um > limit.caution_above_um:
        return "caution", limit.caution_above_um
    return None


def _wear(uses: int, table: RuleTable) -> tuple[str, int] | None:
    """(level, the limit exceeded) when one more use after ``uses`` is too many."""
    n = uses + 1
    if n > table.wear_stop_above:
        return "stop", table.wear_stop_above
    if n > table.wear_caution_above:
        return "caution", table.wear_caution_above
    return None


def _too_old(age_days: int, table: RuleTable) -> bool:
    """Whether a device first used ``age_days`` before the session is past its age."""
    return age_days > table.age_caution_above_days


def _findings(c: SessionInput, same_area: list, group: str, device: DeviceUse | None, table: RuleTable) -> list[Finding]:
    """Every finding of every enabled rule (``homelog.rules.summary`` counts the same
    conditions for many sessions at once)."""
    out: list[Finding] = []
    if table.is_enabled("rest-period"):
        out += _rest_findings(c, same_area, table)
    if table.is_enabled("home-depth"):
        deep = _depth(c.needle_um, group, table)
        if deep is not None:
            msg = wording.too_deep(deep[0], c.area, c.needle_um, deep[1])
            out.append(Finding("home-depth", deep[0], msg, None, table.source("home-depth")))
    if device is not None:
        if table.is_enabled("device-wear"):
            worn = _wear(device.uses, table)
            if worn is not None:
                msg = wording.worn(worn[0], device.name, device.uses + 1, worn[1])
                out.append(Finding("device-wear", worn[0], msg, None, table.source("device-wear")))
        if table.is_enabled("device-age") and device.first_used is not None:
            age = (c.date - device.first_used).days
            if _too_old(age, table):
                msg = wording.old_device(device.name, device.first_used, age, table.age_caution_above_days)
                out.append(Finding("device-age", table.age_level, msg, None, table.source("device-age")))
    if table.is_enabled("disinfection") and not c.disinfected:
        out.append(Finding("disinfection", table.disinfection_level, wording.not_disinfected(), None, table.source("disinfection")))
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
    findings = _findings(candidate, same_area, group, device, table)
    unique = list(dict.fromkeys(findings))
    unique.sort(key=lambda f: (_LEVEL_RANK[f.level], _RULE_RANK[f.rule]))  # stable: keeps date order within a rule
    return Verdict(tuple(unique), _next_safe(candidate.area, candidate.date, same_area, table))


def area_status(
    area: str,
    as_of: date,
    history: Iterable[HasDateAreaNeedle],
    last_session: Session | None,
    table: RuleTable,
) -> AreaStatus:
    """Whether ``area`` is resting on ``as_of``; ``last_session`` is passed through for display."""
    group = table.group_of(area)
    nsd = _next_safe(area, as_of, _same_area(area, history), table)
    return AreaStatus(area=area, group=group, last_session=last_session, resting_until=nsd if nsd > as_of else None)


def history_window(table: RuleTable, area: str, on: date, needle_um: int | None = None) -> tuple[date, date]:
    """The inclusive date range of ``area``'s sessions that can change the answer.

    needle_um given (evaluate): [on - max_rest + 1, on + rest(candidate) - 1];
    needle_um None (next_safe_date / area_status): [on - max_rest + 1, on].
    The upper bound is never below ``on`` (same-day sessions always count).
    The range is empty (low > high) when no band rests the area at all.
    """
    low = _plus(on, 1 - table.max_rest_days(area))
    if needle_um is None:
        return low, on
    own = table.rest_for(area, needle_um)[0]
    return low, _plus(on, max(own - 1, 0))
