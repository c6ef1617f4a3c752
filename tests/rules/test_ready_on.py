"""``ready_on`` (issue 23) over random journals: sessions on random areas, needles and
dates (later than the as-of day too), observations, conditions with and without ends.

For every area: a session on ``ready_on`` gets no stop, one on every day from the
as-of day to the day before gets one (judged by ``evaluate`` alone, day by day), and
``day_holds`` (the calendar) stops exactly those days. With no date: no day in a
long stretch after the as-of day is free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from homelog.records import Condition, Reaction, SessionInput
from homelog.rules import area_status, day_holds, evaluate, load_rules, probe, ready_on

TABLE = load_rules()
AS_OF = date(2025, 3, 1)
AREAS = ("face", "neck", "scalp", "legs")
NEEDLES_UM = (100, 250, 300, 500, 750, 1000, 1200, 1500, 2000)
KINDS = tuple(TABLE.condition_kinds)
HORIZON = 150  # days: longer than any rest, condition tail or window the defaults give


@dataclass(frozen=True)
class Past:
    id: int
    date: date
    area: str
    needle_um: int


def on(k: int) -> date:
    return AS_OF + timedelta(days=k)


@st.composite
def journals(draw):
    n = draw(st.integers(0, 12))
    sessions = [
        Past(i + 1, on(draw(st.integers(-60, 3))), draw(st.sampled_from(AREAS)), draw(st.sampled_from(NEEDLES_UM)))
        for i in range(n)
    ]
    reactions = []
    for s in sessions:
        for _ in range(draw(st.integers(0, 2))):
            redness = draw(st.integers(0, 3))
            reactions.append(
                Reaction(
                    len(reactions) + 1, f"r{len(reactions)}", s.id, s.date + timedelta(days=draw(st.integers(0, 10))),
                    redness, draw(st.booleans()), False, draw(st.integers(0, 9)) == 0,
                )
            )
    conditions = []
    for i in range(draw(st.integers(0, 3))):
        start = on(draw(st.integers(-40, 5)))
        end = draw(st.none() | st.integers(0, 30).map(lambda k, s=start: s + timedelta(days=k)))
        area = draw(st.none() | st.sampled_from(AREAS))
        conditions.append(Condition(i + 1, f"c{i}", draw(st.sampled_from(KINDS)), area, start, end, ""))
    return sessions, reactions, conditions


def stopped(candidate: SessionInput, sessions, reactions, conditions, device=None) -> bool:
    return not evaluate(candidate, sessions, device, TABLE, reactions=reactions, conditions=conditions).ok


@settings(max_examples=100, deadline=None)
@given(journals(), st.integers(-5, 5))
def test_ready_on_is_the_first_day_nothing_stops(journal, shift):
    sessions, reactions, conditions = journal
    as_of = on(shift)
    for area in AREAS:
        st_ = area_status(area, as_of, sessions, None, TABLE, reactions=reactions, conditions=conditions)
        first = st_.ready_on
        last = first if first is not None else as_of + timedelta(days=HORIZON)
        day = as_of
        while day < last:
            assert stopped(probe(area, day), sessions, reactions, conditions), (area, day, first)
            day += timedelta(days=1)
        if first is not None:
            assert not stopped(probe(area, first), sessions, reactions, conditions)
            assert st_.ready == (first == as_of)
        else:
            assert st_.held_by and not st_.ready
        assert st_.state == ("stop" if not st_.ready else "caution" if any(f.level == "caution" for f in st_.holds) else "ready")
        # The calendar: a day is shaded as a stop exactly when a session that day is stopped.
        shades = day_holds(area, as_of, last, sessions, TABLE, reactions=reactions, conditions=conditions)
        stop_days = {d for d, found in shades.items() if any(f.level == "stop" for f in found)}
        want = {as_of + timedelta(days=k) for k in range((last - as_of).days)} | ({last} if first is None else set())
        assert stop_days == want


@settings(max_examples=100, deadline=None)
@given(journals(), st.sampled_from(AREAS), st.sampled_from(NEEDLES_UM), st.integers(-20, 5))
def test_a_candidates_next_safe_date_is_the_first_day_it_is_ok(journal, area, needle_um, shift):
    sessions, reactions, conditions = journal
    candidate = SessionInput(on(shift), area, needle_um, None, True)
    v = evaluate(candidate, sessions, None, TABLE, reactions=reactions, conditions=conditions)
    answer = ready_on(candidate, sessions, None, TABLE, reactions=reactions, conditions=conditions)
    assert answer.ready_on == v.next_safe_date
    first = v.next_safe_date
    last = first if first is not None else candidate.date + timedelta(days=HORIZON)
    day = candidate.date
    while day < last:
        assert stopped(candidate._replace(date=day), sessions, reactions, conditions)
        day += timedelta(days=1)
    if first is not None:
        assert not stopped(candidate._replace(date=first), sessions, reactions, conditions)
    assert v.ok == (first == candidate.date)
    # A 0.25 mm session stops on the same days as the status's probe (the same first band).
    if needle_um == 250:
        status = area_status(area, candidate.date, sessions, None, TABLE, reactions=reactions, conditions=conditions)
        assert status.ready_on == first
