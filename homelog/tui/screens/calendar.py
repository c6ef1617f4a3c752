"""A month of sessions: area badges by day, rest periods shaded."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from homelog.records import Session, SessionFilter
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.month_grid import (
    WEEKS,
    MonthGrid,
    abbreviations,
    area_colours,
    badge,
    grid_start,
    resting_days,
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
        # Sessions before the grid can still rest into it: look back the longest rest.
        back = max(journal.max_rest_days(a) for a in shown_areas)
        flt = SessionFilter(area=self.area, date_from=start - timedelta(days=back), date_to=end)
        sessions = app.attempt(journal.list, flt)
        if not isinstance(sessions, list):
            return

        def rest(s: Session) -> int:
            return journal.rest_days(s.area, s.needle_um)

        abbrev = abbreviations(areas)
        colours = area_colours(areas)
        grid = self.query_one(MonthGrid)
        in_grid = [s for s in sessions if start <= s.date <= end]
        grid.show(self.first, app.today(), in_grid, resting_days(sessions, rest), abbrev, colours)

        title = grid.month_title()
        if self.area:
            title += "  ·  " + T.CALENDAR_FILTER.format(area=self.area)
        self.month_label = title
        self.query_one("#month-label", Static).update(Content.assemble(("◀ ", "$text-muted"), (title, "bold $text-accent"), (" ▶", "$text-muted")))
        in_month = sum(1 for s in sessions if s.date.year == self.first.year and s.date.month == self.first.month)
        summary = T.MONTH_SUMMARY_ONE if in_month == 1 else T.MONTH_SUMMARY.format(count=in_month)
        self.query_one("#month-summary", Static).update(Content.assemble((summary, "$text-muted")))

        legend = [Content.assemble((T.LEGEND, "bold"))]
        for a in shown_areas:
            legend.append(Content.assemble(badge(abbrev[a], colours[a]), " ", a))
        legend.append(Content.assemble((T.LEGEND_REST, "$text-muted")))
        legend.append(Content.assemble((T.LEGEND_TODAY, "$text-muted")))
        self.query_one("#legend", Static).update(Content("  ").join(legend))

    def action_month(self, delta: int) -> None:
        assert self.first is not None
        self.first = add_months(self.first, delta)
        self.reload()

    def action_this_month(self) -> None:
        self.first = month_first(homelog_app(self).today())
        self.reload()
