"""Pure helpers of the TUI (no app needed), some with Hypothesis."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from homelog.records import Session
from homelog.tui.screens.calendar import add_months, month_first
from homelog.tui.widgets.journal_table import one_line, session_cells
from homelog.records import Finding
from homelog.tui.widgets.month_grid import MARKS, abbreviations, day_kinds, grid_start, hold_kind

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_0123456789", min_size=1, max_size=12)


@given(st.lists(names, min_size=1, max_size=30, unique=True))
def test_abbreviations_are_two_cells_and_unique(areas):
    got = abbreviations(areas)
    assert set(got) == set(areas)
    assert len(set(got.values())) == len(areas)
    assert all(len(a) == 2 for a in got.values())


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 1, 1)), st.integers(-240, 240))
def test_add_months_round_trips(d, n):
    first = month_first(d)
    moved = add_months(first, n)
    assert moved.day == 1
    assert add_months(moved, -n) == first
    assert (moved.year - first.year) * 12 + moved.month - first.month == n


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 1, 1)))
def test_grid_starts_on_the_monday_on_or_before(d):
    start = grid_start(d)
    assert start.weekday() == 0 and timedelta(0) <= d - start < timedelta(days=7)


def _f(rule: str, level: str) -> Finding:
    return Finding(rule, level, "", None, "")


def test_a_days_mark_is_its_most_severe_hold():
    assert hold_kind([]) is None and hold_kind([_f("aftercare", "note")]) is None
    assert hold_kind([_f("rest-period", "caution")]) == "caution"
    assert hold_kind([_f("rest-period", "stop"), _f("contraindication", "caution")]) == "rest"
    assert hold_kind([_f("rest-period", "stop"), _f("recovery", "stop")]) == "recovery"
    assert hold_kind([_f("recovery", "stop"), _f("contraindication", "stop")]) == "contra"
    assert hold_kind([_f("frequency-cap", "stop")]) == "stop"
    assert len(set(MARKS.values())) == len(MARKS)  # each kind its own mark
    d = date(2025, 3, 1)
    assert day_kinds({"face": {d: (_f("recovery", "stop"),)}, "neck": {d: (_f("aftercare", "note"),)}}) == {d: {"face": "recovery"}}


@given(st.text(max_size=300), st.integers(2, 80))
def test_one_line_fits(text, limit):
    out = one_line(text, limit)
    assert len(out) <= limit and "\n" not in out


def test_session_cells_never_read_user_text_as_markup():
    s = Session(7, "u", date(2025, 3, 1), "face", 250, notes="[bold]x[/bold] [/]", device_name="[red]r")
    cells = session_cells(s)
    assert str(cells[-1]) == "[bold]x[/bold] [/]"
    assert str(cells[5]) == "[red]r"
