"""Rule ``contraindication``: standing conditions that rule a session out or call for care.

Each kind in ``[contraindication.kinds.<kind>]`` has a ``level``, a ``scope`` and
how long it lasts:

* ``scope``: ``"all"`` (every area, whatever the condition's area),
  ``"area-or-all"`` (the condition's area, else every area) or
  ``"area-or-group"`` (the condition's area, else every area of ``group``);
* ``after_days``: the condition applies on the days ``start <= D < end + after_days``
  (from its start on while it has no end); ``until`` = end + after_days, or null;
* or ``from_start_days`` instead (e.g. a chemical peel: one day, no end needed):
  ``start <= D < start + from_start_days``; ``until`` = start + from_start_days.

``RuleTable.condition_kinds`` lists the kinds in table order: what a condition may be.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType

from homelog.record_type import Record
from homelog.records import Condition, Finding
from homelog.rules import common as c
from homelog.rules.unit import AREA, DAY, Context, Facts

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

ID = "contraindication"
TITLE = "standing conditions that rule needling out or call for care"
SCOPES = ("all", "area-or-all", "area-or-group")
_KIND_KEYS = ("level", "scope", "group", "after_days", "from_start_days")

TEMPLATES = {
    "stop": 'Condition "{kind}" ({since}, {where}) rules out needling {until}',
    "caution": 'Condition "{kind}" ({since}, {where}): take extra care or ask a professional {until}',
    "note": 'Condition "{kind}" ({since}, {where}) is noted {until}',
}


class Kind(Record):
    level: str
    scope: str
    group: str | None  # for "area-or-group"
    after_days: int
    from_start_days: int | None


class Params(Record):
    kinds: Mapping[str, Kind]  # in table order


def params(table) -> Params:
    return table.params[ID]


def extent(kind: Kind, cond: Condition) -> tuple[str, str | None]:
    """What ``cond`` (of ``kind``) concerns: ("all", None), ("group", its kind's
    group) or ("area", its own area)."""
    if kind.scope == "all" or (cond.area is None and kind.scope == "area-or-all"):
        return "all", None
    if cond.area is None:
        return "group", kind.group
    return "area", cond.area


def covers(table, kind: Kind, cond: Condition, area: str) -> bool:
    """Whether ``cond`` (of ``kind``) concerns a session on ``area``."""
    where, name = extent(kind, cond)
    if where == "group":
        return table.areas.get(area) == name
    return where == "all" or name == area


def applies_to(kind: Kind, cond: Condition) -> tuple[str, str]:
    """``extent`` in words, for a list and for a finding: ("face", "on the face"),
    ("face group", "for the face group") or ("every area", "for every area")."""
    where, name = extent(kind, cond)
    if where == "area":
        return name, f"on the {name}"  # type: ignore[return-value]
    if where == "group":
        return f"{name} group", f"for the {name} group"
    return "every area", "for every area"


def condition_applies_to(table, cond: Condition) -> str:
    """``applies_to``'s words for a list; a kind the table no longer knows: its area or "?"."""
    kind = params(table).kinds.get(cond.kind)
    return applies_to(kind, cond)[0] if kind is not None else (cond.area or "?")


def condition_where(table, cond: Condition) -> str:
    """``applies_to``'s words for a sentence ("on the face", "for every area"), as a finding says them."""
    kind = params(table).kinds.get(cond.kind)
    if kind is None:
        return f"on the {cond.area}" if cond.area else "for every area"
    return applies_to(kind, cond)[1]


def takes_area(table, kind_name: str) -> bool:
    """Whether a condition of this kind may name an area: not when its scope is "all"
    (it applies to every area whatever the area, so naming one would mislead)."""
    kind = params(table).kinds.get(kind_name)
    return kind is None or kind.scope != "all"


def ends(kind: Kind, cond: Condition) -> date | None:
    """The first day the condition no longer applies (None: open, or not before the
    calendar ends: it applies on 9999-12-31 too)."""
    if kind.from_start_days is not None:
        return c.after_days(cond.start, kind.from_start_days)
    return None if cond.end is None else c.after_days(cond.end, kind.after_days)


def applying(table, p_: Params, conditions: Iterable[Condition], area: str, on: date):
    """(condition, its kind, its end) for every condition that applies to ``area`` on ``on``."""
    for cond in conditions:
        kind = p_.kinds.get(cond.kind)
        if kind is None or not covers(table, kind, cond, area) or on < cond.start:
            continue
        end = ends(kind, cond)
        if end is None or on < end:
            yield cond, kind, end


def keys(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The section's own keys besides enabled and source."""
    return ("kinds",)


def parse(body: Mapping[str, Any], groups: tuple[str, ...]) -> Params:
    t = c.table_value(c.need(body, "kinds", f"in [{ID}]"), f"[{ID}.kinds]")
    kinds = {}
    for name, raw in t.items():
        where = f"[{ID}.kinds.{name}]"
        if not _kind_name_ok(name):
            raise c.RulesError(f"{where}: a kind name must be lower-case letters, digits or '-'")
        k = c.table_value(raw, where)
        c.known(k, _KIND_KEYS, f"in {where}")
        level = c.level(c.need(k, "level", f"in {where}"), f"{where} level")
        scope = c.need(k, "scope", f"in {where}")
        if scope not in SCOPES:
            raise c.RulesError(f"{where} scope must be one of {', '.join(SCOPES)}, got {c.show(scope)}")
        group = k.get("group")
        if (scope == "area-or-group") != (group is not None):
            raise c.RulesError(f'{where}: "group" is needed with scope "area-or-group" and only there')
        if group is not None and group not in groups:
            raise c.RulesError(f"{where} group: unknown group {c.show(group)}; use one of {', '.join(groups)}")
        if "after_days" in k and "from_start_days" in k:
            raise c.RulesError(f"{where}: give after_days or from_start_days, not both")
        after = c.days(k.get("after_days", 0), f"{where} after_days")
        from_start = k.get("from_start_days")
        if from_start is not None:
            from_start = c.days(from_start, f"{where} from_start_days")
        kinds[name] = Kind(level, scope, group, after, from_start)
    return Params(MappingProxyType(kinds))


def _kind_name_ok(name: Any) -> bool:
    return isinstance(name, str) and name[:1].isalnum() and name == name.lower() and all(
        ch.isalnum() or ch == "-" for ch in name
    )


def check(ctx: Context, p_: Params) -> list[Finding]:
    cand = ctx.candidate
    out = []
    for cond, kind, end in applying(ctx.table, p_, ctx.conditions, cand.area, cand.date):
        since = f"from {cond.start.isoformat()}" + (f" to {cond.end.isoformat()}" if cond.end else "")
        where = applies_to(kind, cond)[1]
        until = f"until {end.isoformat()}" if end is not None else "while it lasts"
        msg = TEMPLATES[kind.level].format(kind=cond.kind, since=since, where=where, until=until)
        out.append(Finding(ID, kind.level, msg, end, ctx.table.source(ID)))
    return out


def clears(ctx: Context, p_: Params, stops) -> date | None:
    """The latest end of the stopping conditions (each applies every day up to its
    end); None while one of them has no end."""
    ends = [f.until for f in stops]
    if not ends or any(end is None for end in ends):
        return None
    return max(ends)


def counter(table, p_: Params, inputs):
    conditions = tuple(inputs.conditions)
    if not conditions:
        return lambda f: None
    seen: dict[tuple[str, int], str | None] = {}

    def level_of(f: Facts) -> str | None:
        key = (f[AREA], f[DAY])
        if key not in seen:
            found = [k.level for _, k, _ in applying(table, p_, conditions, key[0], date.fromordinal(key[1]))]
            seen[key] = min(found, key=c.LEVEL_RANK.__getitem__, default=None)
        return seen[key]

    return level_of


def _lasts(kind: Kind) -> str:
    if kind.from_start_days is not None:
        return f"{kind.from_start_days} days from its start"
    return f"its end + {kind.after_days} days" if kind.after_days else "until its end"


def _scope_text(kind: Kind) -> str:
    return {"all": "every area", "area-or-all": "its area, else every area"}.get(
        kind.scope, f"its area, else the {kind.group} group"
    )


def to_json(p_: Params, table) -> dict:
    kinds = {}
    for name, k in p_.kinds.items():
        entry: dict[str, Any] = {"level": k.level, "scope": k.scope}
        if k.group is not None:
            entry["group"] = k.group
        if k.from_start_days is not None:
            entry["from_start_days"] = k.from_start_days
        else:
            entry["after_days"] = k.after_days
        kinds[name] = entry
    return {"kinds": kinds}


def describe(p_: Params, table) -> list[str]:
    rows = [["kind", "level", "applies", "scope"]]
    rows += [[name, k.level, _lasts(k), _scope_text(k)] for name, k in p_.kinds.items()]
    return c.grid(rows)
