"""A month of sessions: area badges by day; what holds each area each day (rest,
healing, a condition, a caution: the rules' one answer) marked and shaded."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from homelog.records import SessionFilter
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.month_grid import (
    WEEKS,
    MonthGrid,
    abbreviations,
    area_colours,
    badge,
    day_kinds,
    grid_start,
)


def month_first(d: date) -> date:
    return d.replace(day=1)


def add_months(first: date, n: int) -> date:
    index = first.year * 12 + first.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


class CalendarScreen(Screen):
    BINDINGS = [
        Binding("left,h", "month(-1)", "Previous month"),
        Binding("right,l", "month(1)", "Next month"),
        Binding("t", "this_month", "This month"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, *, area: str | None = None, month: date | None = None) -> None:
        super().__init__()
        self.area = area
        self.first = month_first(month) if month else None
        self.month_label = ""

    def compose(self) -> ComposeResult:
        with Horizontal(id="calendar-head"):
            yield Static(id="month-label")
            yield Static(id="month-summary")
        yield MonthGrid(id="month")
        yield Static(id="legend")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.first is None:
            self.first = month_first(homelog_app(self).today())
        self.reload()

    def reload(self) -> None:
        app = homelog_app(self)
        journal = app.journal
        assert self.first is not None
        areas = journal.areas
        shown_areas = [self.area] if self.area else areas
        start = grid_start(self.first)
        end = start + timedelta(days=7 * WEEKS - 1)
        flt = SessionFilter(area=self.area, date_from=start, date_to=end)
        sessions = app.attempt(journal.list, flt)
        holds = app.attempt(journal.day_holds, shown_areas, start, end)
        if not isinstance(sessions, list) or not isinstance(holds, dict):
            return
        abbrev = abbreviations(areas)
        colours = area_colours(areas)
        grid = self.query_one(MonthGrid)
        room = max((app.size.width - 2 - 6) // 7, 6)  # #month's padding, the grid's six gutters
        grid.show(self.first, app.today(), sessions, day_kinds(holds), shown_areas, abbrev, colours, room)

        title = grid.month_title()
        if self.area:
            title += "  ·  " + T.CALENDAR_FILTER.format(area=self.area)
        self.month_label = title
        self.query_one("#month-label", Static).update(Content.assemble(("◀ ", "$text-muted"), (title, "bold $text-accent"), (" ▶", "$text-muted")))
        in_month = sum(1 for s in sessions if s.date.year == self.first.year and s.date.month == self.first.month)
        summary = T.MONTH_SUMMARY_ONE if in_month == 1 else T.MONTH_SUMMARY.format(count=in_month)
        self.query_one("#month-summary", Static).update(Content.assemble((summary, "$text-muted")))

        if len(shown_areas) == 1:
            (a,) = shown_areas
            areas_line = Content.assemble((T.LEGEND_AREA, "bold"), " ", badge(abbrev[a], colours[a]), " ", a)
        else:
            areas_line = Content.assemble(
                (T.LEGEND_AREAS, "bold"), " ",
                Content(" ").join(Content.assemble((abbrev[a], f"#000000 on {colours[a]}")) for a in shown_areas),
            )
        marks = Content("  ").join(Content.assemble((text, "$text-muted")) for text in T.LEGEND_MARKS)
        self.query_one("#legend", Static).update(Content("\n").join([areas_line, marks]))

    def action_month(self, delta: int) -> None:
        assert self.first is not None
        self.first = add_months(self.first, delta)
        self.reload()

    def action_this_month(self) -> None:
        self.first = month_first(homelog_app(self).today())
        self.reload()
