"""Rule ``products``: what is on the skin during a session, and put on it after.

During a session (the candidate's ``products``), each product:

* holding a class of ``flagged`` (``rules.ingredients`` sorts its INCI list into
  the classes of ``[products.classes]``) -> ``during_level``: needling drives
  what is on the skin into it;
* with no ingredient list -> ``unknown_level`` (unknown is not safe);
* not marked sterile -> ``unsterile_level``.

After a session on day D with a needle whose aftercare band gives N days
(``[aftercare]``'s bands, whether that rule is on or off): a product holding a
flagged class applied on its area on a day D <= A < D + N -> ``after_level``,
naming the class and ``until`` = D + N, the first day out of aftercare (as the
aftercare rule's ``until``). ``check`` looks at the candidate's own aftercare;
``applied`` at the aftercare of the sessions before one application (``homelog apply``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from homelog.record_type import Record
from homelog.records import Application, ClassFound, Finding, Product
from homelog.rules import common as c
from homelog.rules import ingredients as inci
from homelog.rules.catalogue import shipped_kinds
from homelog.rules.checks import aftercare
from homelog.rules.unit import AREA, DAY, NEEDLE_UM, PRODUCTS, Context, Facts, at

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

ID = "products"
TITLE = "nothing flagged, unsterile or unknown on the skin while needling, no actives in aftercare"
_LEVEL_KEYS = ("during_level", "unsterile_level", "unknown_level", "after_level")
_CLASS_KEYS = ("title", "names", "more_names", "caveats", "sources")

TEMPLATES = {
    "during": (
        'Product "{product}" on the skin during this session contains {what}: needling drives what is on the '
        "skin into it (granulomas followed vitamin C serums); glide only with a sterile product free of these{caveats}"
    ),
    "unknown": (
        'Product "{product}" has no ingredient list: homelog cannot tell what needling would drive into the skin '
        "(unknown is not safe); add its INCI list with 'homelog product edit {id} --ingredients'"
    ),
    "unsterile": 'Product "{product}" is not marked sterile: only a sterile product belongs on the skin while needling',
    "after": (
        'Product "{product}" put on the {area} on {day} contains {what} inside the aftercare of the {session} '
        "session, which lasts until {until}: keep it off the needled skin until then{caveats}"
    ),
}


class Params(Record):
    during_level: str
    unsterile_level: str
    unknown_level: str
    after_level: str
    flagged: frozenset[str]
    classes: tuple[inci.ProductClass, ...]  # in table order


def params(table) -> Params:
    return table.params[ID]


def keys(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The section's own keys besides enabled and source."""
    return (*_LEVEL_KEYS, "flagged", "classes")


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise c.RulesError(f"{where} must be a list of strings, got {c.show(value)}")
    return value


def _class_id_ok(name: Any) -> bool:
    return isinstance(name, str) and name[:1].isalnum() and name == name.lower() and all(
        ch.isalnum() or ch == "-" for ch in name
    )


def parse(body: Mapping[str, Any], groups: tuple[str, ...]) -> Params:
    levels = [c.level(c.need(body, k, f"in [{ID}]"), f"[{ID}] {k}") for k in _LEVEL_KEYS]
    table = c.table_value(c.need(body, "classes", f"in [{ID}]"), f"[{ID}.classes]")
    citable = {*shipped_kinds(), *(body.get("sources") or ())}
    classes = []
    for cid, raw in table.items():
        where = f"[{ID}.classes.{cid}]"
        if not _class_id_ok(cid):
            raise c.RulesError(f"{where}: a class name must be lower-case letters, digits or '-'")
        t = c.table_value(raw, where)
        c.known(t, _CLASS_KEYS, f"in {where}")
        title = c.need(t, "title", f"in {where}")
        if not isinstance(title, str) or not title.strip():
            raise c.RulesError(f"{where} title must be a non-empty string, got {c.show(title)}")
        names = _strings(c.need(t, "names", f"in {where}"), f"{where} names") + _strings(
            t.get("more_names", []), f"{where} more_names"
        )
        if not any(inci.key(n) for n in names):
            raise c.RulesError(f"{where}: names must list at least one ingredient name")
        caveats = c.table_value(t.get("caveats", {}), f"{where} caveats")
        for name, text in caveats.items():
            if not isinstance(text, str):
                raise c.RulesError(f"{where} caveats: {c.show(name)} must be a text, got {c.show(text)}")
        sources = _strings(t.get("sources", []), f"{where} sources")
        for k in sources:
            if k not in citable:
                raise c.RulesError(f"{where} sources: unknown source key {c.show(k)}")
        classes.append(inci.build_class(cid, title.strip(), names, caveats, sources))
    flagged = _strings(c.need(body, "flagged", f"in [{ID}]"), f"[{ID}] flagged")
    for cid in flagged:
        if cid not in table:
            raise c.RulesError(f"[{ID}] flagged: unknown class {c.show(cid)}; classes: {', '.join(table)}")
    return Params(*levels, frozenset(flagged), tuple(classes))


# -- what a product holds ------------------------------------------------------------


def classify(table, text: str) -> tuple[inci.Match, ...]:
    """Every class of the table an ingredient list holds (flagged or not), in table order."""
    return inci.classify(text, params(table).classes)


def found_in(table, text: str) -> tuple[ClassFound, ...]:
    """``classify`` for a front end: each class found, its matches and whether it is flagged."""
    p_ = params(table)
    return tuple(ClassFound(m.cls, m.title, m.matched, m.caveats, m.cls in p_.flagged) for m in classify(table, text))


def longest_aftercare(table) -> int:
    """The most days any needle's aftercare lasts: how far back a session's aftercare reaches."""
    return max(b.days for b in aftercare.params(table).bands)


def flagged_in(p_: Params, text: str) -> tuple[inci.Match, ...]:
    return tuple(m for m in inci.classify(text, p_.classes) if m.cls in p_.flagged)


def _what(matches: Sequence[inci.Match]) -> str:
    return "; ".join(f"{m.title} ({', '.join(m.matched)})" for m in matches)


def _caveats(matches: Sequence[inci.Match]) -> str:
    notes = [note for m in matches for note in m.caveats]
    return f" ({'; '.join(notes)})" if notes else ""


def during(p_: Params, product: Product) -> list[tuple[str, str]]:
    """(kind, level) of each finding a product on the skin during a session gets."""
    out = []
    if flagged_in(p_, product.ingredients):
        out.append(("during", p_.during_level))
    if not inci.known(product.ingredients):
        out.append(("unknown", p_.unknown_level))
    if not product.sterile:
        out.append(("unsterile", p_.unsterile_level))
    return out


def _during_findings(table, p_: Params, product: Product) -> list[Finding]:
    out = []
    for kind, level in during(p_, product):
        matches = flagged_in(p_, product.ingredients)
        msg = TEMPLATES[kind].format(product=product.name, id=product.id, what=_what(matches), caveats=_caveats(matches))
        out.append(Finding(ID, level, msg, None, table.source(ID)))
    return out


def aftercare_end(table, day: date, needle_um: int) -> date:
    """The first day out of a session's aftercare (its day when the band gives 0 days)."""
    return c.plus_days(day, aftercare.params(table).days(needle_um))


def _after_finding(table, p_: Params, app: Application, session_day: date, until: date) -> Finding | None:
    matches = flagged_in(p_, app.product.ingredients)
    if not matches or not session_day <= app.date < until:
        return None
    msg = TEMPLATES["after"].format(
        product=app.product.name, area=app.area, day=app.date.isoformat(), what=_what(matches),
        session=session_day.isoformat(), until=until.isoformat(), caveats=_caveats(matches),
    )
    return Finding(ID, p_.after_level, msg, until, table.source(ID))


def applied(table, app: Application, sessions: Iterable[Any]) -> list[Finding]:
    """What the rule says of one application (``homelog apply``): for each of the
    area's ``sessions`` (``.date``, ``.area``, ``.needle_um``) whose aftercare holds its day,
    a finding (``[]`` while the rule is off)."""
    if not table.is_enabled(ID):
        return []
    p_ = params(table)
    out = []
    for s in sessions:
        if s.area == app.area:
            found = _after_finding(table, p_, app, s.date, aftercare_end(table, s.date, s.needle_um))
            if found is not None:
                out.append(found._replace(sources=table.source_keys[ID]))
    return list(dict.fromkeys(out))


def check(ctx: Context, p_: Params) -> list[Finding]:
    cand = ctx.candidate
    out: list[Finding] = []
    for product in cand.products:
        out += _during_findings(ctx.table, p_, product)
    until = aftercare_end(ctx.table, cand.date, cand.needle_um)
    for app in ctx.applications:
        if app.area == cand.area:
            found = _after_finding(ctx.table, p_, app, cand.date, until)
            if found is not None:
                out.append(found)
    return out


def clears(ctx: Context, p_: Params, stops: Sequence[Finding]) -> date | None:
    """A product on the skin during the session (its findings have no ``until``) stays
    whatever the date: never. An application inside the aftercare (``after_level`` set
    to stop) leaves the window of a session dated after it: the day after the latest."""
    if not stops or any(f.until is None for f in stops):
        return None
    cand = ctx.candidate
    until = aftercare_end(ctx.table, cand.date, cand.needle_um)
    days = [
        a.date for a in ctx.applications
        if a.area == cand.area and cand.date <= a.date < until and flagged_in(p_, a.product.ingredients)
    ]
    return c.plus_days(max(days), 1) if days else None


def counter(table, p_: Params, inputs):
    worst_of = c.LEVEL_RANK.__getitem__
    per_product: dict[Product, str | None] = {}
    flagged_days: dict[str, list[int]] = {}  # area -> day numbers of applications of a flagged class
    for area, apps in inputs.applications.items():
        flagged_days[area] = sorted(a.date.toordinal() for a in apps if flagged_in(p_, a.product.ingredients))
    days_of = aftercare.params(table).days

    def level_of(f: Facts) -> str | None:
        levels = []
        for product in at(f, PRODUCTS, ()):
            if product not in per_product:
                per_product[product] = min((lv for _, lv in during(p_, product)), key=worst_of, default=None)
            if per_product[product] is not None:
                levels.append(per_product[product])
        days = flagged_days.get(f[AREA])
        if days:
            start, end = f[DAY], f[DAY] + days_of(f[NEEDLE_UM])
            if any(start <= d < end for d in days):
                levels.append(p_.after_level)
        return min(levels, key=worst_of, default=None)

    return level_of


def to_json(p_: Params, table) -> dict:
    return {
        "during_level": p_.during_level,
        "unsterile_level": p_.unsterile_level,
        "unknown_level": p_.unknown_level,
        "after_level": p_.after_level,
        "flagged": [cls.id for cls in p_.classes if cls.id in p_.flagged],
        "classes": {
            cls.id: {"title": cls.title, "names": list(dict.fromkeys(cls.names.values())), "sources": list(cls.sources)}
            for cls in p_.classes
        },
    }


def describe(p_: Params, table) -> list[str]:
    rows = [["class", "flagged", "names (some)"]]
    for cls in p_.classes:
        names = list(dict.fromkeys(cls.names.values()))
        shown = ", ".join(names[:4]) + (f", … ({len(names)} in all)" if len(names) > 4 else "")
        rows.append([cls.id, "yes" if cls.id in p_.flagged else "no", shown])
    return [
        f"  during a session: {p_.during_level} for a flagged class, {p_.unknown_level} with no ingredient list, "
        f"{p_.unsterile_level} when not marked sterile",
        f"  after: {p_.after_level} for a flagged class put on the area inside the session's aftercare",
        *c.grid(rows),
    ]
