"""The safety-rule engine: pure functions over plain records and a RuleTable.

No I/O, no clock: "today" is always an argument. History is anything with
``.date``, ``.area``, ``.needle_um`` and ``.id`` (Session records, or test
doubles; ``.id`` is read only when there are reactions); the engine keeps only
the sessions of the candidate's own area (areas are isolated by AREA, not by
group). The caller leaves out the session being edited.

What the caller passes (the service does this):
* ``history``: the area's sessions from ``history_window``'s first day on, every
  later one included (future-dated too: ``ready_on`` walks forward through them),
  plus the area's latest session before that (``recovery`` looks at it however old);
* ``reactions``: every observation of those sessions, plus every observation of
  any session (any area) that has an infection observation, later ones included;
  ``recovery`` picks the latest per session on or before the date;
* ``conditions``: the live standing conditions; ``contraindication`` filters
  them by scope and dates.

Every rule's check is its module's (``homelog.rules.checks``); the engine builds
one ``Context``, asks each enabled rule of the registry, and orders the findings.

``ready_on`` is the one answer to "when is this area ready?": the first day D on
or after a given day on which the same session gets no stop from any enabled
rule, or None when waiting alone does not clear it. It asks each stopping rule
from which day it may clear (``Rule.clears``), moves to the latest of those days
and asks again, until nothing stops (a later day can fall into another session's
rest or another condition), at most ``MAX_STEPS`` times. Every day it skips is
stopped by some rule (``clears``' promise), so every surface that shows this day
(status, check, the TUI's panel, form and calendar) agrees with the rules.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import date
from homelog.record_type import Record
from homelog.records import (
    Application,
    AreaStatus,
    Condition,
    DeviceOutlook,
    DeviceUse,
    Finding,
    Reaction,
    Readiness,
    Session,
    SessionInput,
    Verdict,
)
from homelog.rules.checks import (
    aftercare,
    cartridge,
    device_age,
    device_wear,
    rest_period,
    shared_device,
)
from homelog.rules.common import LEVEL_RANK, plus_days
from homelog.rules.registry import RULE_RANK, RULES
from homelog.rules.table import RuleTable
from homelog.rules.unit import Context

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Protocol

    class HasDateAreaNeedle(Protocol):
        @property
        def date(self) -> date: ...
        @property
        def area(self) -> str: ...
        @property
        def needle_um(self) -> int: ...


_BY_ID = {rule.id: rule for rule in RULES}


def _same_area(area: str, history: Iterable[HasDateAreaNeedle]) -> list[HasDateAreaNeedle]:
    return [h for h in history if h.area == area]


#: The shortest needle a session may have (``validate.needle``: 0.1 mm): what holds it holds every session.
_PROBE_UM = 100


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
    same_area = _Area.of(candidate.area, history)
    ctx = Context(candidate, same_area.window(table, candidate), group, device, table, reactions, conditions, applications)
    found = tuple(findings(ctx))
    answer = _ready_on(candidate, same_area, group, device, table, reactions, conditions, None, found, applications)
    return Verdict(found, answer.ready_on, answer)


#: How many days ``ready_on`` asks at most before it gives no date (each step moves
#: at least a day, usually past a whole rest, a condition or a session).
MAX_STEPS = 5000


class _Area(Record):
    """One area's sessions by date, their dates (for bisect), and the rules' reach
    for each needle asked (``history_reach``: the walk of ``ready_on`` asks it of
    one table, area and needle at every step)."""

    sessions: list
    dates: list
    reaches: dict  # needle µm -> (days back, days ahead)

    @classmethod
    def of(cls, area: str, history: Iterable[HasDateAreaNeedle]) -> _Area:
        sessions = sorted(_same_area(area, history), key=lambda s: s.date)
        return cls(sessions, [s.date for s in sessions], {})

    def window(self, table: RuleTable, candidate: SessionInput) -> list:
        """The sessions a check of ``candidate`` looks at: those in ``history_window``,
        with every session of the last day before it (``recovery``'s latest) and of
        the first day after it (the next session, where ``recovery`` may change)."""
        dates = self.dates
        needle = candidate.needle_um
        reach = self.reaches.get(needle)
        if reach is None:
            reach = self.reaches[needle] = history_reach(table, candidate.area, needle)
        lo, hi = _window(candidate.date, reach)
        i, j = bisect_left(dates, lo), bisect_right(dates, hi)
        if i > 0:
            i = bisect_left(dates, dates[i - 1])
        if j < len(dates):
            j = bisect_right(dates, dates[j])
        return self.sessions[i:j]


def _ready_on(
    candidate: SessionInput,
    same_area: _Area,
    group: str,
    device: DeviceUse | None,
    table: RuleTable,
    reactions: Sequence[Reaction],
    conditions: Sequence[Condition],
    rules: Sequence[str] | None,
    first: tuple[Finding, ...] | None = None,
    applications: Sequence[Application] = (),
) -> Readiness:
    on = candidate.date
    met: dict[Finding, None] = {}
    for step in range(MAX_STEPS):
        cand = candidate if on == candidate.date else candidate._replace(date=on)
        ctx = Context(cand, same_area.window(table, cand), group, device, table, reactions, conditions, applications)
        found = first if step == 0 and first is not None and rules is None else findings(ctx, rules)
        stops = [f for f in found if f.level == "stop"]
        if not stops:
            return Readiness(on, tuple(met))
        met.update(dict.fromkeys(stops))
        clear = {
            rule_id: _BY_ID[rule_id].clears(ctx, table.params[rule_id], [f for f in stops if f.rule == rule_id])
            for rule_id in dict.fromkeys(f.rule for f in stops)
        }
        if None in clear.values():  # waiting does not clear these
            return Readiness(None, tuple(f for f in stops if clear[f.rule] is None))
        later = max(clear.values())  # type: ignore[type-var]
        if later <= on:
            later = plus_days(on, 1)
            if later <= on:  # the calendar's end
                break
        on = later
    return Readiness(None, tuple(met))


def ready_on(
    candidate: SessionInput,
    history: Iterable[HasDateAreaNeedle],
    device: DeviceUse | None,
    table: RuleTable,
    *,
    reactions: Sequence[Reaction] = (),
    conditions: Sequence[Condition] = (),
    rules: Sequence[str] | None = None,
    applications: Sequence[Application] = (),
) -> Readiness:
    """The first day D >= ``candidate.date`` on which ``candidate`` moved to D gets no
    stop from any enabled rule (of ``rules``, default all), counting every session of
    ``history`` (later ones too), observation and condition; ``ready_on`` None ("no
    date") when waiting alone does not clear it (an ongoing condition, an unhealed
    reaction, a needle over the home limit, a worn device), with the findings that
    hold it. For "whatever the needle" (an area's status) the candidate is
    ``probe(area, day)``."""
    group = table.group_of(candidate.area)
    same_area = _Area.of(candidate.area, history)
    return _ready_on(candidate, same_area, group, device, table, reactions, conditions, rules, None, applications)


def probe(area: str, on: date) -> SessionInput:
    """The session an area's status asks about: the shortest needle, disinfected, no
    device: what holds it holds every session."""
    return SessionInput(on, area, _PROBE_UM, None, True)


def day_holds(
    area: str,
    first: date,
    last: date,
    history: Iterable[HasDateAreaNeedle],
    table: RuleTable,
    *,
    reactions: Sequence[Reaction] = (),
    conditions: Sequence[Condition] = (),
) -> dict[date, tuple[Finding, ...]]:
    """day -> the stops and cautions a session on ``area`` that day gets whatever its
    needle or device (``probe``), most severe first, for each day from ``first`` to
    ``last`` that has any: what the calendar shades. A day is stopped exactly when it
    comes before ``ready_on`` asked from it."""
    group = table.group_of(area)
    same_area = _Area.of(area, history)
    out: dict[date, tuple[Finding, ...]] = {}
    day = first
    while day <= last:
        cand = probe(area, day)
        ctx = Context(cand, same_area.window(table, cand), group, None, table, reactions, conditions)
        found = tuple(f for f in findings(ctx) if f.level != "note")
        if found:
            out[day] = found
        day = plus_days(day, 1)
        if day == date.max:
            break
    return out


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
    """``area`` on ``as_of``: its ``readiness`` (``ready_on`` of ``probe(area, as_of)``),
    resting until (the same answer from rest-period alone, when after ``as_of``), in
    aftercare until (``aftercare.aftercare_until``: the latest session date + its
    aftercare days over the sessions on or before ``as_of``, when after ``as_of``) and
    its holds: every stop and caution that ``probe(area, as_of)`` gets, whatever its
    needle or device (rest-period, recovery, contraindication; frequency-cap). ``last_session`` is
    passed through for display; ``history``, ``reactions`` and ``conditions`` as for
    ``evaluate`` (later sessions included)."""
    group = table.group_of(area)
    same_area = _Area.of(area, history)
    cand = probe(area, as_of)
    ctx = Context(cand, same_area.window(table, cand), group, None, table, reactions, conditions)
    found = tuple(findings(ctx))
    holds = tuple(f for f in found if f.level != "note")
    answer = _ready_on(cand, same_area, group, None, table, reactions, conditions, None, found)
    if table.is_enabled(rest_period.ID):
        rest = _ready_on(cand, same_area, group, None, table, (), (), (rest_period.ID,)).ready_on
    else:
        rest = as_of
    earlier = [h for h in same_area.sessions if h.date <= as_of]
    return AreaStatus(
        area=area, group=group, last_session=last_session,
        resting_until=rest if rest is not None and rest > as_of else None,
        aftercare_until=aftercare.aftercare_until(table, as_of, earlier), holds=holds, as_of=as_of, readiness=answer,
    )


def history_window(table: RuleTable, area: str, on: date, needle_um: int | None = None) -> tuple[date, date]:
    """The inclusive date range of ``area``'s sessions that can change the answer:
    the widest ``reach`` of any rule (enabled or not).

    For rest-period, needle_um given (evaluate): [on - max_rest + 1, on + rest(candidate) - 1];
    needle_um None: [on - max_rest + 1, on].
    The upper bound is never below ``on`` (same-day sessions always count).
    The range is empty (low > high) when no rule looks back at all.
    """
    return _window(on, history_reach(table, area, needle_um))


def history_reach(table: RuleTable, area: str, needle_um: int | None = None) -> tuple[int, int]:
    """(days back, days ahead) of ``history_window``: the widest ``reach`` of any rule."""
    reaches = [rule.reach(table, area, needle_um) for rule in RULES]
    return max(r[0] for r in reaches), max(r[1] for r in reaches)


def _window(on: date, reach: tuple[int, int]) -> tuple[date, date]:
    back, ahead = reach
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
