"""Rule ``aftercare``: after a session its area is in aftercare (no sun, no active
skincare: retinoids, acids, vitamin C) for the days of the needle's band.

A session on day D with a needle in a band of ``days`` is in aftercare on the
days D .. D + days - 1; ``until`` = D + days, the first day out of it (as the
rest period's ``until`` is the first day ready again). The bands work like the
rest period's: the smallest band whose ``up_to_mm`` is >= the needle, longer
needles take the last one.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache

from homelog.record_type import Record
from homelog.records import Finding
from homelog.rules import common as c
from homelog.rules.unit import NEEDLE_UM, Context, Facts

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

ID = "aftercare"
TITLE = "avoid sun and active skincare for some days after a session"
_BAND_KEYS = ("up_to_mm", "days")

TEMPLATE = (
    "Aftercare after this {mm} mm session: avoid sun exposure and active skincare "
    "(retinoids, acids, vitamin C) until {until} ({days})"
)


class Band(Record):
    up_to_um: int
    days: int


class Params(Record):
    bands: tuple[Band, ...]  # strictly increasing up_to_um
    level: str
    edges: tuple[int, ...]  # the bands' up_to_um, for bisect

    def days(self, needle_um: int) -> int:
        """The aftercare days of a session with this needle."""
        i = bisect_left(self.edges, needle_um)
        return self.bands[min(i, len(self.bands) - 1)].days


def params(table) -> Params:
    return table.params[ID]


def aftercare_until(table, on: date, same_area: Iterable[Any]) -> date | None:
    """The latest ``P.date + days(P)`` over the area's sessions P on or before ``on``,
    when it is after ``on`` (the area is in aftercare on ``on``); else None, and
    always None while the rule is disabled."""
    if not table.is_enabled(ID):
        return None
    p_ = params(table)
    ends = [c.plus_days(s.date, p_.days(s.needle_um)) for s in same_area if s.date <= on]
    best = max(ends, default=None)
    return best if best is not None and best > on else None


def keys(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The section's own keys besides enabled and source."""
    return ("bands", "level")


def parse(body: Mapping[str, Any], groups: tuple[str, ...]) -> Params:
    bands = [
        Band(up_to, c.days(c.need(t, "days", f"in {where}"), f"{where} days"))
        for where, t, up_to in c.bands(c.need(body, "bands", f"in [{ID}]"), f"[{ID}]", _BAND_KEYS)
    ]
    level = c.level(c.need(body, "level", f"in [{ID}]"), f"[{ID}] level")
    return Params(tuple(bands), level, tuple(b.up_to_um for b in bands))


def check(ctx: Context, p_: Params) -> list[Finding]:
    cand = ctx.candidate
    days = p_.days(cand.needle_um)
    if days == 0:
        return []
    until = c.plus_days(cand.date, days)
    msg = TEMPLATE.format(mm=c.mm_text(cand.needle_um), until=until.isoformat(), days=c.days_text(days))
    return [Finding(ID, p_.level, msg, until, ctx.table.source(ID))]


def reach(table, area: str, needle_um: int | None) -> tuple[int, int]:
    """Back: the longest aftercare less a day (what ``aftercare_until`` looks at)."""
    return max(max(b.days for b in params(table).bands) - 1, 0), 0


def counter(table, p_: Params, inputs):
    level = p_.level
    days = cache(p_.days)  # a file repeats a few needle lengths

    def level_of(f: Facts) -> str | None:
        return level if days(f[NEEDLE_UM]) > 0 else None

    return level_of


def to_json(p_: Params, table) -> dict:
    return {"bands": [{"up_to_mm": c.mm_number(b.up_to_um), "days": b.days} for b in p_.bands], "level": p_.level}


def describe(p_: Params, table) -> list[str]:
    rows = [["needle up to", "days"]] + [[f"{c.mm_text(b.up_to_um)} mm", str(b.days)] for b in p_.bands]
    return [
        *c.grid(rows, right=(1,)),
        f"  ({p_.level}: days of aftercare after a session, no sun or active skincare; longer needles use the last row)",
    ]
