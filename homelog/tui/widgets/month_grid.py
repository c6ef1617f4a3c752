"""A month as a 7 x 6 grid of days: sessions as area badges, rest shaded.

Colour is never the only signal: each area badge carries the area's two
letters, a resting day lists ``~xy`` for each area at rest, and today has ▸.
The badges carry their own background and text colour, so they read the same
on the dark and the light theme."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from textual.app import ComposeResult
from textual.containers import Grid
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from homelog.records import Session
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


def resting_days(sessions: Iterable[Session], rest_days) -> dict[date, set[str]]:
    """day -> areas resting that day: from each session's date up to (not including) its next safe date."""
    out: dict[date, set[str]] = {}
    for s in sessions:
        days = rest_days(s)
        for i in range(days):
            out.setdefault(s.date + timedelta(days=i), set()).add(s.area)
    return out


class DayCell(Static):
    pass


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
        resting: Mapping[date, set[str]],
        abbrev: Mapping[str, str],
        colours: Mapping[str, str],
    ) -> None:
        self.first = first
        by_day: dict[date, list[Session]] = {}
        for s in sessions:
            by_day.setdefault(s.date, []).append(s)
        start = grid_start(first)
        order = {a: i for i, a in enumerate(abbrev)}
        for i, cell in enumerate(self.query(DayCell)):
            day = start + timedelta(days=i)
            inside = day.month == first.month
            cell.set_class(not inside, "-outside")
            cell.set_class(day == today, "-today")
            rest = resting.get(day, set()) if inside else set()
            cell.set_class(bool(rest), "-resting")
            if not inside:
                cell.update(Content.assemble((f"{day.day:>2}", "$text-disabled")))
                continue
            todays = sorted(by_day.get(day, []), key=lambda s: (order.get(s.area, 99), s.id))
            here = {s.area for s in todays}
            head = Content.assemble(("▸" if day == today else " ", "bold $text-accent"), (f"{day.day:>2}", "bold" if day == today else ""))
            marks = [f"~{abbrev.get(a, a[:2])}" for a in sorted(rest - here, key=lambda a: order.get(a, 99))]
            if marks:
                head = Content.assemble(head, " ", (" ".join(marks), "$text-muted"))
            badges = Content(" ").join(
                badge(abbrev.get(s.area, s.area[:2]), colours.get(s.area, PALETTE[0])) for s in todays
            )
            cell.update(Content("\n").join([head, badges]) if todays else head)

    def month_title(self) -> str:
        return f"{calendar.month_name[self.first.month]} {self.first.year}"
