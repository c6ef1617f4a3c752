"""Engine behaviour at every edge the contract names (default rule table)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from homelog.records import DeviceUse, Session, SessionInput, Verdict, mm_to_um
from homelog.rules import (
    area_status,
    build_table,
    default_rules_dict,
    evaluate,
    history_window,
    max_rest_days,
    probe,
    ready_on,
    rest_for,
)

# The defaults without the aftercare note (which every session gets; its own
# tests are in test_skin_rules.py), so the exact finding lists below stay about
# the rules they test.
TABLE = build_table(default_rules_dict(), {"aftercare": {"enabled": False}})
D = date(2025, 1, 10)

# The contract's rest table, written out independently of defaults.toml.
# (Sessions are 0.2 mm where their needle does not matter: the longest needle for
# home use that no source calls too long.)
BANDS = [  # (up to mm, face days, body days, scalp days, level)
    ("0.30", 7, 7, 3, "stop"),
    ("0.50", 7, 7, 3, "stop"),
    ("0.75", 42, 42, 7, "stop"),
    ("1.00", 42, 42, 7, "stop"),
    ("1.50", 56, 56, 7, "stop"),
    ("3.00", 56, 56, 56, "stop"),
]
# Where the sources run longer than the stop: caution up to these days (0.5 mm on
# the face and body: 7 days stop, then caution to 28).
CAUTION_TO = {("0.50", "face"): 28, ("0.50", "body"): 28}
GROUP_AREAS = {"face": ("face", "neck", "chest"), "body": ("legs", "back"), "scalp": ("scalp",)}
GROUP_COL = {"face": 1, "body": 2, "scalp": 3}


@dataclass(frozen=True)
class Past:
    """A minimal history entry: the engine needs only date, area and needle_um."""

    date: date
    area: str
    needle_um: int


def past(on: date, area: str, mm: str | float) -> Past:
    return Past(on, area, mm_to_um(mm))


def cand(on: date, area: str, mm: str | float, disinfected: bool | None = True) -> SessionInput:
    return SessionInput(date=on, area=area, needle_um=mm_to_um(mm), disinfected=disinfected)


def rest(v: Verdict):
    return [f for f in v.findings if f.rule == "rest-period"]


def rules_of(v: Verdict) -> list[tuple[str, str]]:
    return [(f.rule, f.level) for f in v.findings]


def band_cases():
    for i, (up_to, *days, level) in enumerate(BANDS):
        for group, areas in GROUP_AREAS.items():
            for area in areas:
                yield pytest.param(i, up_to, days[GROUP_COL[group] - 1], level, area, id=f"{area}-{up_to}")


def caution_to(up_to: str, area: str, days: int) -> int:
    return CAUTION_TO.get((up_to, TABLE.group_of(area)), days)


def rest_ready(area: str, on, history, table=TABLE):
    """The first day from ``on`` on which the rest periods alone stop no session on ``area``."""
    return ready_on(probe(area, on), history, None, table, rules=("rest-period",)).ready_on


# -- rest-period: band edges ----------------------------------------------------------------


@pytest.mark.parametrize("i, up_to, days, level, area", list(band_cases()))
def test_needle_exactly_at_band_edge_uses_that_band(i, up_to, days, level, area):
    assert rest_for(TABLE, area, mm_to_um(up_to)) == (days, level)
    p = D - timedelta(days=days)
    history = [past(p, area, up_to)]
    free = p + timedelta(days=caution_to(up_to, area, days))
    # D - P = rest - 1: the last stop day; = rest: the first caution day (where the
    # sources run longer) or free; the first free day and the one after: nothing.
    day_before = evaluate(cand(D - timedelta(days=1), area, "0.2"), history, None, TABLE)
    assert [(f.level, f.until) for f in rest(day_before)] == [(level, D)]
    on_d = [(f.level, f.until) for f in rest(evaluate(cand(D, area, "0.2"), history, None, TABLE))]
    assert on_d == ([("caution", free)] if free > D else [])
    last_caution = free - timedelta(days=1)
    if free > D:
        assert [(f.level, f.until) for f in rest(evaluate(cand(last_caution, area, "0.2"), history, None, TABLE))] == [("caution", free)]
    assert rest(evaluate(cand(free, area, "0.2"), history, None, TABLE)) == []
    assert rest(evaluate(cand(free + timedelta(days=1), area, "0.2"), history, None, TABLE)) == []
    # the stop ends with the rest; the caution after it stops nothing
    assert rest_ready(area, D - timedelta(days=1), history) == (D if level == "stop" else D - timedelta(days=1))
    assert rest_ready(area, D, history) == D


@pytest.mark.parametrize("i, up_to, days, level, area", list(band_cases()))
def test_needle_a_hundredth_above_band_edge_uses_next_band(i, up_to, days, level, area):
    nxt = BANDS[min(i + 1, len(BANDS) - 1)]  # above the last band: still the last band
    col = GROUP_COL[TABLE.group_of(area)]
    want_days, want_level = nxt[col], nxt[4]
    needle = str(float(up_to) + 0.01)
    assert rest_for(TABLE, area, mm_to_um(needle)) == (want_days, want_level)
    p = D - timedelta(days=want_days)
    history = [past(p, area, needle)]
    conflict = rest(evaluate(cand(D - timedelta(days=1), area, "0.2"), history, None, TABLE))
    assert [(f.level, f.until) for f in conflict] == [(want_level, D)]
    free = p + timedelta(days=caution_to(nxt[0], area, want_days))
    assert [f.level for f in rest(evaluate(cand(D, area, "0.2"), history, None, TABLE))] == (["caution"] if free > D else [])
    assert rest(evaluate(cand(free, area, "0.2"), history, None, TABLE)) == []


@pytest.mark.parametrize("needle", ["3.01", "3.5", "5.0", "10"])
def test_needle_beyond_last_band_uses_last_band(needle):
    assert rest_for(TABLE, "face", mm_to_um(needle)) == (56, "stop")
    assert rest_for(TABLE, "scalp", mm_to_um(needle)) == (56, "stop")
    assert rest_for(TABLE, "arms", mm_to_um(needle)) == (56, "stop")


def test_off_band_lengths_take_the_next_longer_band():
    assert rest_for(TABLE, "face", mm_to_um("0.6")) == (42, "stop")
    assert rest_for(TABLE, "face", mm_to_um("1.2")) == (56, "stop")
    assert rest_for(TABLE, "scalp", mm_to_um("0.31")) == (3, "stop")
    assert rest_for(TABLE, "face", mm_to_um("0.1")) == (7, "stop")


def test_max_rest_days_per_group():
    assert max_rest_days(TABLE, "face") == 56
    assert max_rest_days(TABLE, "chest") == 56
    assert max_rest_days(TABLE, "legs") == 56
    assert max_rest_days(TABLE, "scalp") == 56


@pytest.mark.parametrize(
    "gap, level, until_gap",
    # 0.5 mm on the face: day 6 the last stop day, 7 the first caution day, 27 the last, 28 free
    [(0, "stop", 7), (6, "stop", 7), (7, "caution", 28), (10, "caution", 28), (27, "caution", 28), (28, None, None)],
)
def test_half_millimetre_on_the_face_stops_for_a_week_then_cautions_to_four(gap, level, until_gap):
    p = D - timedelta(days=gap)
    v = evaluate(cand(D, "face", "0.2"), [past(p, "face", "0.5")], None, TABLE)
    got = rest(v)
    if level is None:
        assert got == [] and v.next_safe_date == D
        return
    (f,) = got
    assert (f.level, f.until) == (level, p + timedelta(days=until_gap))
    assert v.next_safe_date == max(D, p + timedelta(days=7))
    assert "sources give 7 to 28 days" in f.message and f"you are at day {gap}" in f.message
    assert v.ok is (level != "stop")


def test_the_caution_message_says_the_range_and_the_day():
    (f,) = rest(evaluate(cand(date(2025, 1, 20), "face", "0.2"), [past(date(2025, 1, 10), "face", "0.5")], None, TABLE))
    assert f.message == (
        "Face: sources give 7 to 28 days of rest for 0.5 mm on the face; you are at day 10 after the "
        "session on 2025-01-10 (no finding from 2025-02-07)"
    )


# -- rest-period: same day, messages, until -------------------------------------------------


def test_same_day_sessions_conflict_even_for_the_shallowest_band():
    v = evaluate(cand(D, "scalp", "0.2"), [past(D, "scalp", "0.2")], None, TABLE)
    assert [(f.rule, f.level, f.until) for f in v.findings] == [("rest-period", "stop", D + timedelta(days=3))]
    assert not v.ok
    v = evaluate(cand(D, "face", "0.2"), [past(D, "face", "0.5")], None, TABLE)
    assert [(f.level, f.until) for f in rest(v)] == [("stop", D + timedelta(days=7))]
    assert not v.ok


def test_exact_example_message():
    history = [past(date(2025, 1, 10), "face", "1.0")]
    v = evaluate(cand(date(2025, 1, 20), "face", "0.2"), history, None, TABLE)
    (f,) = rest(v)
    assert f.message == (
        "Face is still resting after the 1.0 mm session on 2025-01-10: next session from 2025-02-21 (42 days)"
    )
    assert f.until == date(2025, 2, 21)
    assert f.level == "stop"
    assert f.source == TABLE.source("rest-period")
    assert v.next_safe_date == date(2025, 2, 21)
    assert not v.ok


def test_message_names_area_dates_and_days_for_other_areas():
    history = [Session(1, "u1", date(2025, 3, 1), "scalp", 1500)]
    (f,) = rest(evaluate(cand(date(2025, 3, 4), "scalp", "0.2"), history, None, TABLE))
    assert f.message == (
        "Scalp is still resting after the 1.5 mm session on 2025-03-01: next session from 2025-03-08 (7 days)"
    )


def test_real_session_records_work_as_history():
    history = [Session(1, "u1", D, "neck", 750, device_id=3, disinfected=True)]
    v = evaluate(cand(D + timedelta(days=41), "neck", "0.2"), history, None, TABLE)
    assert [(f.level, f.until) for f in rest(v)] == [("stop", D + timedelta(days=42))]


# -- rest-period: backdated entries ---------------------------------------------------------


def test_backdated_entry_that_makes_a_later_session_too_soon():
    later = D + timedelta(days=10)
    history = [past(later, "face", "0.2")]
    v = evaluate(cand(D, "face", "1.0"), history, None, TABLE)
    (f,) = rest(v)
    assert f.level == "stop"  # from the candidate's 1.0 mm band
    assert f.until == D + timedelta(days=42)  # the end of the rest the candidate starts
    assert f.message == (
        "Face: the later session on 2025-01-20 would come too soon after this 1.0 mm session on "
        "2025-01-10, which rests the area for 42 days (until 2025-02-21)"
    )
    assert not v.ok
    # Refused on D; on the later session's own day its 0.2 mm rest (7 days on the face)
    # stops it, so the first day nothing stops it is a week after that.
    assert v.next_safe_date == later + timedelta(days=7)


def test_backdated_level_comes_from_the_candidates_band_not_the_later_session():
    history = [past(D + timedelta(days=1), "scalp", "1.0")]
    v = evaluate(cand(D, "scalp", "0.2"), history, None, TABLE)
    # the candidate's 0.2 mm band rests the scalp 3 days (the later 1.0 mm would give 7)
    assert [(f.level, f.until) for f in rest(v)] == [("stop", D + timedelta(days=3))]
    assert not v.ok
    history = [past(D + timedelta(days=10), "face", "0.5")]
    v = evaluate(cand(D, "face", "0.5"), history, None, TABLE)
    assert [(f.level, f.until) for f in rest(v)] == [("caution", D + timedelta(days=28))]
    assert v.ok


@pytest.mark.parametrize("gap, conflict", [(41, True), (42, False), (43, False)])
def test_backdated_edges(gap, conflict):
    history = [past(D + timedelta(days=gap), "face", "3.0")]
    v = evaluate(cand(D, "face", "1.0"), history, None, TABLE)
    assert bool(rest(v)) is conflict


def test_backdated_far_enough_is_fine():
    history = [past(D + timedelta(days=7), "face", "1.0")]
    assert rest(evaluate(cand(D, "face", "0.2"), history, None, TABLE)) == []


def test_backdated_and_earlier_conflicts_together_in_date_order():
    history = [past(D + timedelta(days=5), "face", "0.2"), past(D - timedelta(days=3), "face", "0.5")]
    v = evaluate(cand(D, "face", "0.5"), history, None, TABLE)
    assert [(f.level, f.until) for f in rest(v)] == [
        ("stop", D + timedelta(days=4)),  # the earlier 0.5 mm session rests the face 7 days
        ("stop", D + timedelta(days=7)),  # this 0.5 mm session would make D+5 too soon
    ]


# -- rest-period: mixed needle lengths --------------------------------------------------------


def test_deep_session_three_weeks_ago_outlasts_shallow_one_yesterday():
    history = [past(D - timedelta(days=21), "face", "1.0"), past(D - timedelta(days=1), "face", "0.2")]
    assert rest_ready("face", D, history) == D + timedelta(days=21)
    v = evaluate(cand(D, "face", "0.2"), history, None, TABLE)
    assert [(f.level, f.until) for f in rest(v)] == [
        ("stop", D + timedelta(days=21)),
        ("stop", D + timedelta(days=6)),
    ]
    assert v.next_safe_date == D + timedelta(days=21)
    assert not v.ok
    status = area_status("face", D, history, None, TABLE)
    assert status.resting_until == D + timedelta(days=21)
    assert not status.ready


def test_next_safe_date_is_the_day_itself_when_nothing_rests():
    assert rest_ready("face", D, []) == D
    old = [past(D - timedelta(days=100), "face", "3.0")]
    assert rest_ready("face", D, old) == D
    v = evaluate(cand(D, "face", "0.2"), old, None, TABLE)
    assert v.findings == () and v.ok and v.next_safe_date == D


def test_a_later_session_only_cautions_the_shortest_session_the_day_before():
    # With a first band of level caution (the defaults' before issue 24; a rules.toml may set it):
    data = default_rules_dict()
    data["rest-period"]["bands"][0]["level"] = "caution"
    table = build_table(data)
    later = [past(D + timedelta(days=1), "face", "3.0")]
    assert rest_ready("face", D, later, table) == D
    assert rest_ready("face", D + timedelta(days=1), later, table) == D + timedelta(days=57)
    # By default the shortest band stops too (7 days on the face): the day before is stopped
    # as well, until the later session's own rest is over.
    assert rest_ready("face", D, later) == D + timedelta(days=57)


# -- areas are isolated by area, not group ---------------------------------------------------


def test_face_history_does_not_rest_the_neck_or_scalp():
    history = [past(D, "face", "1.0"), past(D - timedelta(days=1), "legs", "1.5")]
    for area in ("neck", "chest", "scalp", "arms"):
        v = evaluate(cand(D, area, "0.2"), history, None, TABLE)
        assert rest(v) == [], area
        assert v.next_safe_date == D
        assert area_status(area, D, history, None, TABLE).resting_until is None
    assert rest(evaluate(cand(D, "face", "0.2"), history, None, TABLE))
    assert rest(evaluate(cand(D, "legs", "0.2"), history, None, TABLE))


def test_unknown_area_is_a_key_error():
    with pytest.raises(KeyError):
        evaluate(cand(D, "elbow", "0.2"), [], None, TABLE)
    with pytest.raises(KeyError):
        rest_ready("elbow", D, [])


# -- home-depth -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "area, mm, level",
    [
        # every group: caution above 0.5 mm (the confirmed pages' home limit; a clinic's
        # 0.2 mm is unconfirmed and sets nothing), stop above 1.0 mm (a dermatologist's
        # at-home devices of 0.2 to 1 mm)
        ("face", "0.2", None),
        ("face", "0.5", None),
        ("face", "0.51", "caution"),
        ("face", "1.0", "caution"),
        ("face", "1.01", "stop"),
        ("neck", "0.51", "caution"),
        ("chest", "1.01", "stop"),
        ("legs", "0.5", None),
        ("legs", "0.51", "caution"),
        ("legs", "1.0", "caution"),
        ("legs", "1.01", "stop"),
        ("back", "1.51", "stop"),
        ("scalp", "0.5", None),
        ("scalp", "1.0", "caution"),
        ("scalp", "1.01", "stop"),
    ],
)
def test_home_depth_edges(area, mm, level):
    v = evaluate(cand(D, area, mm), [], None, TABLE)
    got = [f for f in v.findings if f.rule == "home-depth"]
    if level is None:
        assert got == []
    else:
        (f,) = got
        assert f.level == level
        assert f.until is None
        assert "professional" in f.message
        assert f"{area}" in f.message and f"{mm} mm" in f.message
        assert f.source == TABLE.source("home-depth")
    assert v.ok is (level != "stop")


def test_home_depth_message_wording():
    (f,) = evaluate(cand(D, "face", "1.5"), [], None, TABLE).findings
    assert f.message == (
        "A 1.5 mm needle on the face is too deep for home use (above 1.0 mm): "
        "deeper needling belongs with a professional"
    )


# -- device-wear and device-age -----------------------------------------------------------------


def device(uses: int = 0, first_used: date | None = None, name: str = "Roller A") -> DeviceUse:
    return DeviceUse(id=1, name=name, uses=uses, first_used=first_used)


@pytest.mark.parametrize(
    "uses, level, nth",
    # the sellers' 8-10 uses: the 9th use stops, with no caution before (8 is also the caution's)
    [(0, None, None), (7, None, None), (8, "stop", "9th"), (15, "stop", "16th"), (40, "stop", "41st")],
)
def test_device_wear(uses, level, nth):
    v = evaluate(cand(D, "face", "0.2"), [], device(uses, D), TABLE)
    got = [f for f in v.findings if f.rule == "device-wear"]
    if level is None:
        assert got == []
    else:
        (f,) = got
        assert f.level == level and f.until is None
        assert '"Roller A"' in f.message and nth in f.message
        assert ("dull needles tear skin" in f.message) is (level == "stop")
        assert ("replace it soon" in f.message) is (level == "caution")
    assert v.ok is (level != "stop")


@pytest.mark.parametrize("age, caution", [(0, False), (42, False), (43, True), (400, True), (-5, False)])
def test_device_age(age, caution):
    first = D - timedelta(days=age)
    v = evaluate(cand(D, "face", "0.2"), [], device(1, first), TABLE)
    got = [f for f in v.findings if f.rule == "device-age"]
    assert bool(got) is caution
    if caution:
        (f,) = got
        assert f.level == "caution" and f.until is None
        assert first.isoformat() in f.message and f"{age} days" in f.message
        assert v.ok


def test_device_never_used_has_no_age_finding():
    v = evaluate(cand(D, "face", "0.2"), [], device(0, None), TABLE)
    assert v.findings == ()


def test_no_device_no_device_findings():
    v = evaluate(cand(D, "face", "0.2"), [], None, TABLE)
    assert v.findings == ()


# -- disinfection ---------------------------------------------------------------------------------


@pytest.mark.parametrize("disinfected, finding", [(True, False), (False, True), (None, True)])
def test_disinfection(disinfected, finding):
    v = evaluate(cand(D, "face", "0.2", disinfected=disinfected), [], None, TABLE)
    got = [f for f in v.findings if f.rule == "disinfection"]
    assert bool(got) is finding
    if finding:
        (f,) = got
        assert f.level == "caution" and f.until is None
        assert "70% isopropyl alcohol" in f.message and "before and after" in f.message
        assert v.ok


# -- ordering, determinism ------------------------------------------------------------------------


def test_findings_are_ordered_by_level_then_rule():
    history = [past(D - timedelta(days=10), "face", "0.5")]  # day 10 of 7-28: rest-period caution
    v = evaluate(cand(D, "face", "1.2", disinfected=None), history, device(15, D - timedelta(days=200)), TABLE)
    assert rules_of(v) == [
        ("home-depth", "stop"),
        ("device-wear", "stop"),
        ("rest-period", "caution"),
        ("device-age", "caution"),
        ("disinfection", "caution"),
    ]
    assert v.stopped_rules == ("home-depth", "device-wear")


def test_note_level_sorts_last():
    data = default_rules_dict()
    data["disinfection"]["level"] = "note"
    table = build_table(data)
    v = evaluate(cand(D, "face", "0.6", disinfected=False), [], None, table)
    # Notes in registry order too: the aftercare note comes after disinfection's.
    assert rules_of(v) == [("home-depth", "caution"), ("disinfection", "note"), ("aftercare", "note")]


def test_verdict_does_not_depend_on_history_order_or_container():
    history = [past(D - timedelta(days=k), "face", mm) for k, mm in [(1, "0.2"), (5, "0.5"), (20, "1.0"), (3, "0.3")]]
    history += [past(D + timedelta(days=4), "face", "0.2"), past(D, "neck", "1.0")]
    want = evaluate(cand(D, "face", "0.5"), history, None, TABLE)
    rng = random.Random(7)
    for _ in range(10):
        shuffled = history[:]
        rng.shuffle(shuffled)
        assert evaluate(cand(D, "face", "0.5"), shuffled, None, TABLE) == want
        assert evaluate(cand(D, "face", "0.5"), iter(shuffled), None, TABLE) == want


def test_identical_sessions_are_reported_once():
    history = [past(D - timedelta(days=1), "face", "0.5")] * 2
    v = evaluate(cand(D, "face", "0.2"), history, None, TABLE)
    assert len(rest(v)) == 1


def test_every_conflicting_session_is_reported():
    history = [past(D - timedelta(days=k), "face", "1.0") for k in (1, 2, 3)]
    v = evaluate(cand(D, "face", "0.2"), history, None, TABLE)
    assert sorted(f.until for f in rest(v)) == [D + timedelta(days=39), D + timedelta(days=40), D + timedelta(days=41)]
    assert v.next_safe_date == D + timedelta(days=41)


def test_verdict_to_json_round_trip():
    v = evaluate(cand(date(2025, 1, 20), "face", "0.2"), [past(date(2025, 1, 10), "face", "1.0")], None, TABLE)
    j = v.to_json()
    assert j["ok"] is False
    assert j["next_safe_date"] == "2025-02-21"
    assert j["findings"][0]["until"] == "2025-02-21"
    assert j["findings"][0]["rule"] == "rest-period"


# -- area_status and history_window -----------------------------------------------------------------


def test_area_status_passes_last_session_through():
    last = Session(9, "u9", D - timedelta(days=2), "face", 500)
    st = area_status("face", D, [last], last, TABLE)
    assert st.area == "face" and st.group == "face"
    assert st.last_session is last
    # 0.5 mm two days ago: resting to D + 5, then a caution hold to D + 26 (the first free day)
    assert st.resting_until == D + timedelta(days=5)
    st = area_status("face", D + timedelta(days=5), [last], last, TABLE)
    assert st.resting_until is None and st.ready
    assert [(h.rule, h.level, h.until) for h in st.holds] == [("rest-period", "caution", D + timedelta(days=26))]
    st = area_status("face", D + timedelta(days=26), [last], last, TABLE)
    assert st.resting_until is None and st.ready and st.holds == ()
    st = area_status("legs", D, [], None, TABLE)
    assert st.group == "body" and st.ready and st.last_session is None


def test_history_window_bounds():
    assert history_window(TABLE, "face", D) == (D - timedelta(days=55), D)
    assert history_window(TABLE, "scalp", D) == (D - timedelta(days=55), D)
    assert history_window(TABLE, "face", D, mm_to_um("1.0")) == (D - timedelta(days=55), D + timedelta(days=41))
    # 0.5 mm on the face reaches as far ahead as its caution: 27 days.
    assert history_window(TABLE, "face", D, mm_to_um("0.5")) == (D - timedelta(days=55), D + timedelta(days=27))
    # frequency-cap's 7-day window reaches 6 days ahead, beyond the 0.25 mm rest of 3 days.
    assert history_window(TABLE, "scalp", D, mm_to_um("0.25")) == (D - timedelta(days=55), D + timedelta(days=6))


def test_history_window_edges_are_exactly_the_sessions_that_matter():
    low, high = history_window(TABLE, "face", D, mm_to_um("1.0"))
    # A 3.0 mm session at the low edge still rests the face on D; one day earlier it does not.
    assert rest(evaluate(cand(D, "face", "1.0"), [past(low, "face", "3.0")], None, TABLE))
    assert not rest(evaluate(cand(D, "face", "1.0"), [past(low - timedelta(days=1), "face", "3.0")], None, TABLE))
    # A later session at the high edge is too soon after the 1.0 mm candidate; one day later it is not.
    assert rest(evaluate(cand(D, "face", "1.0"), [past(high, "face", "0.2")], None, TABLE))
    assert not rest(evaluate(cand(D, "face", "1.0"), [past(high + timedelta(days=1), "face", "0.2")], None, TABLE))
