"""Rule ``frequency-cap``: not too many sessions on one area in a rolling window.

For each window ``{days, max, level}``: ``level`` when some ``days`` consecutive
days that contain the candidate's date hold more than ``max`` sessions of its
area, the candidate included (sessions after it too: a backdated entry counts
in every window it falls in). One finding per window that is exceeded, naming
the fullest span; ``until`` is null.

The fullest span containing day D can always start on a session's day (slide
it right until its first session): ``most_in_window`` tries only those starts,
and ``over_cap`` (the import's count) walks each area's days once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from datetime import date

from homelog.record_type import Record
from homelog.records import Finding
from homelog.rules import common as c
from homelog.rules.unit import AREA, DAY, Context, Facts

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

ID = "frequency-cap"
TITLE = "not too many sessions on one area within a number of days"
_WINDOW_KEYS = ("days", "max", "level")

TEMPLATE = (
    "{Area}: this would make {n} sessions within {days} days ({first} to {last}; at most {max} advised): "
    "space the sessions out"
)


class Window(Record):
    days: int
    max: int
    level: str


class Params(Record):
    windows: tuple[Window, ...]


def params(table) -> Params:
    return table.params[ID]


def most_in_window(days: Sequence[int], on: int, span: int) -> tuple[int, int]:
    """(the most sessions in ``span`` consecutive days containing ``on``, the first
    day of such a span); ``days``: sorted day numbers, ``on`` among them."""
    best, first = 0, on
    lo = bisect_left(days, on - span + 1)
    hi = bisect_right(days, on)
    start = None
    for i in range(lo, hi):
        if days[i] == start:
            continue
        start = days[i]
        n = bisect_right(days, start + span - 1) - i
        if n > best:
            best, first = n, start
    return best, first


def keys(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The section's own keys besides enabled and source."""
    return ("windows",)


def parse(body: Mapping[str, Any], groups: tuple[str, ...]) -> Params:
    value = c.need(body, "windows", f"in [{ID}]")
    if not isinstance(value, list):
        raise c.RulesError(f"[{ID}] windows must be a list of tables, got {c.show(value)}")
    windows = []
    for i, raw in enumerate(value, start=1):
        where = f"[{ID}] windows[{i}]"
        t = c.table_value(raw, where)
        c.known(t, _WINDOW_KEYS, f"in {where}")
        days = c.days(c.need(t, "days", f"in {where}"), f"{where} days")
        if days < 1:
            raise c.RulesError(f"{where} days must be at least 1, got 0")
        most = c.count(c.need(t, "max", f"in {where}"), f"{where} max")
        windows.append(Window(days, most, c.level(c.need(t, "level", f"in {where}"), f"{where} level")))
    return Params(tuple(windows))


def check(ctx: Context, p_: Params) -> list[Finding]:
    cand = ctx.candidate
    on = cand.date.toordinal()
    days = sorted([on, *(s.date.toordinal() for s in ctx.same_area)])
    out = []
    for w in p_.windows:
        n, first = most_in_window(days, on, w.days)
        if n > w.max:
            msg = TEMPLATE.format(
                Area=c.area_title(cand.area), n=n, days=w.days, max=w.max,
                first=date.fromordinal(first).isoformat(), last=date.fromordinal(first + w.days - 1).isoformat(),
            )
            out.append(Finding(ID, w.level, msg, None, ctx.table.source(ID)))
    return out


def clears(ctx: Context, p_: Params, stops) -> date | None:
    """The day after the fullest span of each stopping window: the candidate moved to
    any day of that span still makes it too full."""
    on = ctx.candidate.date.toordinal()
    days = sorted([on, *(s.date.toordinal() for s in ctx.same_area)])
    best = on + 1
    for w in p_.windows:
        if w.level == "stop":
            n, first = most_in_window(days, on, w.days)
            if n > w.max:
                best = max(best, first + w.days)
    return date.fromordinal(min(best, date.max.toordinal()))


def reach(table, area: str, needle_um: int | None) -> tuple[int, int]:
    """The longest window less a day, both ways (a status looks back only)."""
    span = max((w.days for w in params(table).windows), default=1) - 1
    return span, span if needle_um is not None else 0


def over_cap(days: Sequence[int], w: Window) -> set[int]:
    """The days of ``days`` (sorted day numbers, repeats allowed) that ``w``'s cap
    finds: as ``most_in_window`` for each, in one pass. A span that starts on
    ``days[i]`` holds the sessions up to ``days[i] + w.days - 1`` (found by moving
    ``end`` forward); a day is over the cap when one of the previous ``w.days``
    days (itself included) starts a span holding more than ``w.max``."""
    found: set[int] = set()
    end = 0
    full_start = None  # the latest day that starts a span over the cap
    for i, start in enumerate(days):
        while end < len(days) and days[end] < start + w.days:
            end += 1
        if end - i > w.max:
            full_start = start
        if full_start is not None and full_start > start - w.days:
            found.add(start)
    return found


def counter(table, p_: Params, inputs):
    levels: dict[str, dict[int, str]] = {}  # area -> day -> the most severe level found
    for area, entries in inputs.history.items():
        days = sorted(day for day, _ in entries)
        found = levels[area] = {}
        for w in p_.windows:
            for day in over_cap(days, w):
                if day not in found or c.LEVEL_RANK[w.level] < c.LEVEL_RANK[found[day]]:
                    found[day] = w.level

    def level_of(f: Facts) -> str | None:
        return levels[f[AREA]].get(f[DAY])

    return level_of


def to_json(p_: Params, table) -> dict:
    return {"windows": [{"days": w.days, "max": w.max, "level": w.level} for w in p_.windows]}


def describe(p_: Params, table) -> list[str]:
    if not p_.windows:
        return ["  (no windows)"]
    rows = [["within days", "at most", "level"]] + [[str(w.days), str(w.max), w.level] for w in p_.windows]
    return [*c.grid(rows, right=(0, 1)), "  (sessions on one area, the new one included, in any such span)"]
