"""Issue 23 through the service on real journal files: for random journals (future-dated
sessions, observations, conditions), ``status``'s ``ready_on``, ``check``'s
``next_safe_date`` and the calendar's ``day_holds`` agree on every day from the as-of
day to ``ready_on``, and ``check`` stops exactly the days before it."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homelog.rules import takes_area
from homelog.locations import Locations
from homelog.service import open_journal

TODAY = date(2025, 3, 1)
AREAS = ("face", "neck", "scalp")
NEEDLES = ("0.25", "0.5", "1.0", "1.5")
KINDS = ("pregnancy", "retinoid", "cold-sore", "acne", "peel", "sunburn")


def on(k: int) -> date:
    return TODAY + timedelta(days=k)


sessions_st = st.lists(
    st.tuples(st.integers(-40, 1), st.sampled_from(AREAS), st.sampled_from(NEEDLES),
              st.none() | st.tuples(st.integers(0, 8), st.integers(0, 3), st.booleans())),
    max_size=6,
)
conditions_st = st.lists(
    st.tuples(st.sampled_from(KINDS), st.none() | st.sampled_from(AREAS), st.integers(-30, 3), st.none() | st.integers(0, 20)),
    max_size=2,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions_st, conditions_st, st.integers(-3, 2))
def test_status_check_and_calendar_agree(sessions, conditions, shift):
    as_of = on(shift)
    with tempfile.TemporaryDirectory() as tmp:
        where = Locations(db=Path(tmp) / "journal.db", config_dir=Path(tmp) / "cfg", rules=None)
        j = open_journal(where, today=lambda: TODAY)
        try:
            for k, area, needle, seen in sessions:
                s = j.add(j.session_input(area=area, needle=needle, day=on(k).isoformat()), override="t").session
                if seen is not None:
                    after, redness, infection = seen
                    when = min(s.date + timedelta(days=after), on(1))
                    j.react(s.id, redness=redness, infection=infection, day=when.isoformat())
            for kind, area, start, length in conditions:
                area = area if takes_area(j.rules, kind) else None  # a kind for every area takes none
                end = None if length is None else on(start + length).isoformat()
                j.add_condition(kind, area=area, start=on(start).isoformat(), end=end)
            horizon = as_of + timedelta(days=70)
            shades = j.day_holds(list(AREAS), as_of, horizon)
            for st_ in j.status(as_of):
                if st_.area not in AREAS:
                    continue
                first = st_.ready_on
                last = first if first is not None else horizon
                stop_days = {d for d, found in shades[st_.area].items() if any(f.level == "stop" for f in found)}
                day = as_of
                while day <= last:
                    v = j.check(j.session_input(area=st_.area, needle="0.25", day=day.isoformat(), disinfected=True, planning=True))
                    assert v.ok == (day == first), (st_.area, day, first)
                    assert v.next_safe_date == first, (st_.area, day)
                    assert (day in stop_days) == (not v.ok)
                    day += timedelta(days=1)
        finally:
            j.close()
