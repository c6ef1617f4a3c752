"""A month as a 7 x 6 grid of days: sessions as area badges, holds marked and shaded.

Each cell has a fixed width and two lines: the day (▸ today) with a badge per
session (the area's two letters on its colour; ``+N`` when more do not fit),
then one mark per area, in the rules' area order (the legend's), for what a
session on that area and day would meet (``rules.day_holds``, the same answer as
``ready_on``): ``~`` rest, ``+`` healing (recovery), ``×`` condition
(contraindication), ``✗`` another rule's stop, ``!`` a caution, ``·`` ready. A
held area's mark sits on its colour, so a mark says both what and where; the cell
is shaded by its most severe hold, days outside the month too. Colour is never
the only signal. The badges carry their own background and text colour, so they
read the same on the dark and the light theme."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from textual.app import ComposeResult
from textual.containers import Grid
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from homelog.records import Finding, Session
from homelog.tui import text as T

# Light, mid-saturation backgrounds with black text (ColorBrewer Set3): readable
# on both themes because the badge brings its own contrast.
PALETTE = (
    "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462",
    "#b3de69", "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f",
)
WEEKS = 6


def abbreviations(areas: Iterable[str]) -> dict[str, str]:
    """Two letters per area, unique: 'face' -> 'fa', 'back' -> 'ba', 'arms' -> 'ar'."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for area in areas:
        candidates = [area[:2]] + [area[0] + c for c in area[2:]] + [f"{area[0]}{i}" for i in range(10)]
        for cand in candidates:
            cand = cand.ljust(2)
            if cand not in used:
                out[area] = cand
                used.add(cand)
                break
    return out


def area_colours(areas: Iterable[str]) -> dict[str, str]:
    return {area: PALETTE[i % len(PALETTE)] for i, area in enumerate(areas)}


def badge(abbrev: str, colour: str) -> Content:
    return Content.assemble((f" {abbrev} ", f"#000000 on {colour}"))


def grid_start(first: date) -> date:
    """The Monday on or before the first of the month."""
    return first - timedelta(days=first.weekday())


#: A day's hold for one area, by kind: its mark, most severe first.
MARKS = {"contra": "×", "recovery": "+", "rest": "~", "stop": "✗", "caution": "!"}
READY_MARK = "·"
_RULE_KIND = {"contraindication": "contra", "recovery": "recovery", "rest-period": "rest"}
KIND_RANK = {kind: i for i, kind in enumerate(MARKS)}


def hold_kind(found: Iterable[Finding]) -> str | None:
    """The kind of a day's holds on one area (``MARKS``' keys), the most severe; None: ready."""
    kinds = [_RULE_KIND.get(f.rule, "stop") if f.level == "stop" else "caution" for f in found if f.level != "note"]
    return min(kinds, key=KIND_RANK.__getitem__, default=None)


def day_kinds(holds: Mapping[str, Mapping[date, Sequence[Finding]]]) -> dict[date, dict[str, str]]:
    """day -> area -> its hold kind, from ``JournalFile.day_holds``; ready areas left out."""
    out: dict[date, dict[str, str]] = {}
    for area, days in holds.items():
        for day, found in days.items():
            kind = hold_kind(found)
            if kind is not None:
                out.setdefault(day, {})[area] = kind
    return out


class DayCell(Static):
    pass


def _badges(todays: Sequence[Session], abbrev: Mapping[str, str], colours: Mapping[str, str], room: int) -> Content:
    """One two-letter badge per session, as many as fit ``room`` cells, then ``+N``."""
    n = len(todays)
    k = n if 2 * n <= room else max(k for k in range(n) if 2 * k + len(f"+{n - k}") <= room or k == 0)
    parts: list = [(abbrev.get(s.area, s.area[:2]), f"#000000 on {colours.get(s.area, PALETTE[0])}") for s in todays[:k]]
    if k < n:
        parts.append((f"+{n - k}", "bold"))
    return Content.assemble(*parts)


def marks_line(areas: Sequence[str], kinds: Mapping[str, str], colours: Mapping[str, str]) -> Content:
    """One mark per area of ``areas``, in order: a held area's on its colour."""
    parts = []
    for area in areas:
        kind = kinds.get(area)
        if kind is None:
            parts.append((READY_MARK, "$text-muted"))
        else:
            parts.append((MARKS[kind], f"bold #000000 on {colours.get(area, PALETTE[0])}"))
    return Content.assemble(*parts)


class MonthGrid(Widget):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.first = date(2000, 1, 1)

    def compose(self) -> ComposeResult:
        with Grid(id="weekdays"):
            for name in T.WEEKDAYS:
                yield Static(name, classes="weekday")
        with Grid(id="days"):
            for i in range(7 * WEEKS):
                yield DayCell("", id=f"day-{i}")

    def show(
        self,
        first: date,
        today: date,
        sessions: Sequence[Session],
        kinds: Mapping[date, Mapping[str, str]],
        areas: Sequence[str],
        abbrev: Mapping[str, str],
        colours: Mapping[str, str],
        room: int = 10,
    ) -> None:
        """``kinds``: day -> area -> its hold kind (``day_kinds``); ``areas``: the areas
        shown, in order (one mark each); ``room``: the cells' width."""
        self.first = first
        by_day: dict[date, list[Session]] = {}
        for s in sessions:
            by_day.setdefault(s.date, []).append(s)
        start = grid_start(first)
        order = {a: i for i, a in enumerate(abbrev)}
        for i, cell in enumerate(self.query(DayCell)):
            day = start + timedelta(days=i)
            inside = day.month == first.month
            held = {a: k for a, k in kinds.get(day, {}).items() if a in areas}
            worst = min(held.values(), key=KIND_RANK.__getitem__, default=None)
            cell.set_class(not inside, "-outside")
            cell.set_class(day == today, "-today")
            for kind in ("contra", "recovery", "rest", "stop", "caution"):
                cell.set_class(worst == kind, f"-{kind}")
            todays = sorted(by_day.get(day, []), key=lambda s: (order.get(s.area, 99), s.id))
            number_style = "bold" if day == today else "" if inside else "$text-disabled"
            head = Content.assemble(("▸" if day == today else " ", "bold $text-accent"), (f"{day.day:>2}", number_style))
            if todays:
                head = Content.assemble(head, " ", _badges(todays, abbrev, colours, max(room - 4, 2)))
            cell.update(Content("\n").join([head, marks_line(areas, held, colours)]))

    def month_title(self) -> str:
        return f"{calendar.month_name[self.first.month]} {self.first.year}"
