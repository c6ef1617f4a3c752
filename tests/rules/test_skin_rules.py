"""The skin-aware rules at every edge issue 13 names: recovery, contraindication,
frequency-cap, aftercare, and the area status's holds and aftercare end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from homelog.records import Condition, Reaction, SessionInput, mm_to_um
from homelog.rules import RulesError, area_status, build_table, default_rules_dict, evaluate, history_window, load_rules

TABLE = load_rules()
D = date(2025, 3, 10)


@dataclass(frozen=True)
class Past:
    date: date
    area: str
    needle_um: int
    id: int


def day(k: int) -> date:
    return D + timedelta(days=k)


def past(k: int, area: str = "face", mm: str = "0.25", id: int = 1) -> Past:
    return Past(day(k), area, mm_to_um(mm), id)


def cand(k: int = 0, area: str = "face", mm: str = "0.25") -> SessionInput:
    return SessionInput(day(k), area, mm_to_um(mm), None, True)


def seen(id: int, session: int, k: int, redness: int = 0, **signs) -> Reaction:
    return Reaction(id, f"r{id}", session, day(k), redness, **signs)


def of(rule: str, v, table=TABLE):
    return [(f.level, f.until, f.message) for f in v.findings if f.rule == rule]


def levels(rule: str, v) -> list[str]:
    return [f.level for f in v.findings if f.rule == rule]


# -- recovery ---------------------------------------------------------------------------------


def test_a_session_without_observation_gives_no_recovery_finding():
    assert of("recovery", evaluate(cand(3), [past(0)], None, TABLE)) == []


def test_not_healed_stops_the_area_until_the_healing_is_logged():
    v = evaluate(cand(3), [past(0, id=5)], None, TABLE, reactions=[seen(1, 5, 1, redness=2, swelling=True)])
    [(level, until, message)] = of("recovery", v)
    assert (level, until) == ("stop", None) and not v.ok
    assert message == (
        "Face: the skin after the session on 2025-03-10 (session 5) was not healed when last seen on 2025-03-11 "
        "(redness 2, swelling): log it healed first"
    )
    healed = [seen(1, 5, 1, redness=2), seen(2, 5, 2)]
    assert of("recovery", evaluate(cand(3), [past(0, id=5)], None, TABLE, reactions=healed)) == []


def test_only_observations_on_or_before_the_day_count():
    red = [seen(1, 5, 1, redness=1), seen(2, 5, 4)]  # healed on day 4
    assert levels("recovery", evaluate(cand(3), [past(0, id=5)], None, TABLE, reactions=red)) == ["stop"]
    assert levels("recovery", evaluate(cand(4), [past(0, id=5)], None, TABLE, reactions=red)) == []
    # An observation after the day does not count at all.
    assert levels("recovery", evaluate(cand(0), [past(0, id=5)], None, TABLE, reactions=[seen(1, 5, 1, 3)])) == []


@pytest.mark.parametrize("first, then, stopped", [(1, 2, False), (2, 1, True)])
def test_healing_the_same_day_as_redness_latest_by_id(first, then, stopped):
    """Two observations on one day: the one with the higher id is the latest."""
    both = [seen(first, 5, 1, redness=2), seen(then, 5, 1)]  # ids: redness `first`, healed `then`
    v = evaluate(cand(2), [past(0, id=5)], None, TABLE, reactions=both)
    assert bool(levels("recovery", v)) is stopped


def test_only_the_latest_session_of_the_area_counts():
    red_old = [seen(1, 5, 1, redness=2)]
    # A later session without observation: nothing (its skin has not been looked at).
    assert of("recovery", evaluate(cand(9), [past(0, id=5), past(8, id=6)], None, TABLE, reactions=red_old)) == []
    # Same day: the higher id is the latest.
    assert levels("recovery", evaluate(cand(9), [past(0, id=6), past(0, id=5)], None, TABLE, reactions=[seen(1, 6, 1, 1)])) == ["stop"]
    assert levels("recovery", evaluate(cand(9), [past(0, id=6), past(0, id=7)], None, TABLE, reactions=[seen(1, 6, 1, 1)])) == []
    # A later session (backdated candidate): the latest on or before the candidate's day counts.
    assert levels("recovery", evaluate(cand(3), [past(0, id=5), past(8, id=6)], None, TABLE, reactions=red_old)) == ["stop"]


def test_another_area_is_not_held_by_redness():
    v = evaluate(cand(3, "neck"), [past(0, "face", id=5)], None, TABLE, reactions=[seen(1, 5, 1, 2)])
    assert of("recovery", v) == []


# Home needles' redness lasts minutes to a day or two: from day 2 the message advises a professional.
@pytest.mark.parametrize("k, professional", [(1, False), (2, True), (3, True), (7, True)])
def test_still_not_healed_on_the_2nd_day_advises_a_professional(k, professional):
    v = evaluate(cand(k + 1), [past(0, id=5)], None, TABLE, reactions=[seen(1, 5, k, redness=1)])
    [(level, until, message)] = of("recovery", v)
    assert (level, until) == ("stop", None)
    assert ("see a professional" in message) is professional
    if professional:
        assert f"still not healed {k} days after it" in message


def test_see_professional_after_days_is_in_the_table():
    t = build_table(default_rules_dict(), {"recovery": {"see_professional_after_days": 3, "level": "caution"}})
    v = evaluate(cand(4), [past(0, id=5)], None, t, reactions=[seen(1, 5, 3, redness=1)])
    assert [(lvl, "see a professional" in m) for lvl, _, m in of("recovery", v)] == [("caution", True)]


def test_an_infection_in_another_area_stops_every_area():
    infected = [seen(1, 9, 1, redness=1, infection=True)]  # session 9: legs, not in the face's history
    for area in ("face", "scalp", "legs"):
        v = evaluate(cand(3, area), [], None, TABLE, reactions=infected)
        [(level, until, message)] = of("recovery", v)
        assert (level, until) == ("stop", None)
        assert message == (
            "An infection was logged on 2025-03-11 after session 9: no needling on any area until it is logged "
            "healed, and see a professional"
        )
    # Healed later: no longer.
    assert of("recovery", evaluate(cand(3), [], None, TABLE, reactions=infected + [seen(2, 9, 2)])) == []
    # Before the observation: not yet.
    assert of("recovery", evaluate(cand(0), [], None, TABLE, reactions=infected)) == []


def test_an_infection_on_the_latest_session_is_reported_once():
    v = evaluate(cand(3), [past(0, id=5)], None, TABLE, reactions=[seen(1, 5, 1, redness=2, infection=True)])
    assert [m.startswith("An infection") for _, _, m in of("recovery", v)] == [True]


def test_recovery_table_values_are_checked():
    with pytest.raises(RulesError, match=r"\[recovery\] see_professional_after_days must be a whole number"):
        build_table(default_rules_dict(), {"recovery": {"see_professional_after_days": -1}})
    with pytest.raises(RulesError, match=r"\[recovery\] infection_level must be one of"):
        build_table(default_rules_dict(), {"recovery": {"infection_level": "block"}})


# -- contraindication -------------------------------------------------------------------------


def cond(kind: str, start: int, end: int | None = None, area: str | None = None) -> Condition:
    return Condition(1, "c1", kind, area, day(start), None if end is None else day(end))


def test_condition_kinds_are_the_tables_in_order():
    assert TABLE.condition_kinds == (
        "pregnancy", "breastfeeding", "isotretinoin", "retinoid", "cold-sore", "infection", "skin-flare",
        "acne", "anticoagulant", "keloid", "peel", "sunburn", "bleeding-disorder", "metal-allergy",
        "skin-cancer", "chemo-radiotherapy", "immune-suppression", "open-wound",
    )
    t = build_table(default_rules_dict(), {"contraindication": {"kinds": {"chemo": {"level": "stop", "scope": "all"}}}})
    assert t.condition_kinds[-1] == "chemo"


@pytest.mark.parametrize(
    "kind, level, after",
    [("pregnancy", "stop", 0), ("isotretinoin", "stop", 180), ("retinoid", "stop", 7), ("acne", "stop", 0),
     ("anticoagulant", "stop", 0), ("keloid", "stop", 0), ("sunburn", "stop", 0), ("bleeding-disorder", "stop", 0),
     ("metal-allergy", "stop", 0), ("skin-cancer", "stop", 0), ("chemo-radiotherapy", "stop", 90),
     ("immune-suppression", "stop", 0), ("open-wound", "stop", 0)],
)
def test_after_days_edges(kind, level, after):
    c = [cond(kind, 0, 10)]
    last = 10 + after - 1  # end + after_days - 1: still applies; end + after_days: no longer
    assert [(lv, u) for lv, u, _ in of("contraindication", evaluate(cand(-1), [], None, TABLE, conditions=c))] == []
    for k in (0, last) if last >= 0 else (0,):
        got = [(lv, u) for lv, u, _ in of("contraindication", evaluate(cand(k), [], None, TABLE, conditions=c))]
        assert got == ([(level, day(10 + after))] if k <= last else [])
    assert of("contraindication", evaluate(cand(10 + after), [], None, TABLE, conditions=c)) == []


def test_pregnancy_ends_on_its_end_day():
    c = [cond("pregnancy", 0, 10)]
    assert levels("contraindication", evaluate(cand(9), [], None, TABLE, conditions=c)) == ["stop"]
    assert levels("contraindication", evaluate(cand(10), [], None, TABLE, conditions=c)) == []


def test_an_open_condition_applies_from_its_start_on():
    c = [cond("isotretinoin", 0)]
    assert of("contraindication", evaluate(cand(-1), [], None, TABLE, conditions=c)) == []
    [(level, until, message)] = of("contraindication", evaluate(cand(0), [], None, TABLE, conditions=c))
    assert (level, until) == ("stop", None)
    assert message == 'Condition "isotretinoin" (from 2025-03-10, for every area) rules out needling while it lasts'
    assert levels("contraindication", evaluate(cand(3000), [], None, TABLE, conditions=c)) == ["stop"]


def test_a_peel_applies_30_days_from_its_start_whatever_its_end():
    for c in ([cond("peel", 0)], [cond("peel", 0, 1)]):
        assert [(lv, u) for lv, u, _ in of("contraindication", evaluate(cand(29), [], None, TABLE, conditions=c))] == [
            ("stop", day(30))
        ]
        assert of("contraindication", evaluate(cand(30), [], None, TABLE, conditions=c)) == []


@pytest.mark.parametrize("kind", ["acne", "skin-cancer", "open-wound"])
def test_area_scope(kind):
    on_face = [cond(kind, 0, area="face")]
    assert levels("contraindication", evaluate(cand(1, "face"), [], None, TABLE, conditions=on_face)) == ["stop"]
    assert levels("contraindication", evaluate(cand(1, "neck"), [], None, TABLE, conditions=on_face)) == []
    anywhere = [cond(kind, 0)]
    assert levels("contraindication", evaluate(cand(1, "legs"), [], None, TABLE, conditions=anywhere)) == ["stop"]


def test_every_area_kinds_hold_every_area():
    for kind in ("pregnancy", "anticoagulant", "keloid", "bleeding-disorder", "metal-allergy",
                 "chemo-radiotherapy", "immune-suppression", "isotretinoin"):
        for area in ("face", "legs", "scalp"):
            assert levels("contraindication", evaluate(cand(1, area), [], None, TABLE, conditions=[cond(kind, 0)])) == ["stop"]


def test_isotretinoin_holds_180_days_after_its_end():
    c = [cond("isotretinoin", 0, 10)]  # ended on day 10
    assert [(lv, u) for lv, u, _ in of("contraindication", evaluate(cand(189), [], None, TABLE, conditions=c))] == [
        ("stop", day(190))
    ]  # day 189: the last day it applies (10 + 180 - 1)
    assert of("contraindication", evaluate(cand(190), [], None, TABLE, conditions=c)) == []  # the first free day

    # "all": every area even when the condition names one.
    named = [cond("pregnancy", 0, area="face")]
    assert levels("contraindication", evaluate(cand(1, "legs"), [], None, TABLE, conditions=named)) == ["stop"]


def test_a_cold_sore_without_area_holds_the_face_group_only():
    c = [cond("cold-sore", 0, 5)]
    for area in ("face", "neck", "chest"):
        assert [(lv, u) for lv, u, _ in of("contraindication", evaluate(cand(18, area), [], None, TABLE, conditions=c))] == [
            ("stop", day(19))
        ]
    assert of("contraindication", evaluate(cand(18, "scalp"), [], None, TABLE, conditions=c)) == []
    assert of("contraindication", evaluate(cand(19, "face"), [], None, TABLE, conditions=c)) == []
    on_neck = [cond("cold-sore", 0, 5, area="neck")]
    assert of("contraindication", evaluate(cand(1, "face"), [], None, TABLE, conditions=on_neck)) == []


def test_an_unknown_kind_is_no_finding():
    assert of("contraindication", evaluate(cand(1), [], None, TABLE, conditions=[cond("gone", 0)])) == []


@pytest.mark.parametrize(
    "kind, error",
    [
        ({"level": "stop", "scope": "area"}, "scope must be one of all, area-or-all, area-or-group"),
        ({"level": "stop", "scope": "area-or-group"}, '"group" is needed with scope "area-or-group"'),
        ({"level": "stop", "scope": "area-or-group", "group": "feet"}, "unknown group"),
        ({"level": "stop", "scope": "all", "after_days": 1, "from_start_days": 2}, "not both"),
        ({"level": "stop", "scope": "all", "afterdays": 1}, "did you mean 'after_days'"),
        ({"scope": "all"}, "missing key 'level'"),
    ],
)
def test_kind_values_are_checked(kind, error):
    with pytest.raises(RulesError, match=error):
        build_table(default_rules_dict(), {"contraindication": {"kinds": {"new-kind": kind}}})


# -- frequency cap ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "others, capped",
    [
        ((-6, -4), True),   # three in days -6..0
        ((-7, -4), False),  # the first is outside any 7-day span with the other and the candidate
        ((-3, 3), True),    # later sessions count (a backdated entry): -3..3
        ((-3, 4), False),   # -3..3 holds two; 0..6 holds two
        ((-6, 1), False),   # -6..0 and -5..1 hold two each (day 1 is the 8th day from -6)
        ((0, 0), True),     # the same day
    ],
)
def test_more_than_two_in_seven_days_is_a_caution(others, capped):
    v = evaluate(cand(0, "legs", "0.1"), [past(k, "legs", "0.1", id=i) for i, k in enumerate(others)], None, TABLE)
    assert levels("frequency-cap", v) == (["caution"] if capped else [])


def test_frequency_message_and_areas():
    v = evaluate(cand(0), [past(k, id=k + 10) for k in (-6, -4)], None, TABLE)
    [(level, until, message)] = of("frequency-cap", v)
    assert (level, until) == ("caution", None)
    assert message == (
        "Face: this would make 3 sessions within 7 days (2025-03-04 to 2025-03-10; at most 2 advised): "
        "space the sessions out"
    )
    other_area = [past(k, "neck") for k in (-6, -4)]
    assert of("frequency-cap", evaluate(cand(0), other_area, None, TABLE)) == []


def test_a_user_window_and_the_history_window_widens():
    t = build_table(default_rules_dict(), {"frequency-cap": {"windows": [
        {"days": 7, "max": 3, "level": "caution"}, {"days": 28, "max": 8, "level": "stop"},
    ]}})
    hist = [past(k, "legs", "0.1") for k in range(-26, 0, 3)]  # 9 sessions in -26..-2: with the candidate 10
    assert levels("frequency-cap", evaluate(cand(0, "legs", "0.1"), hist, None, t)) == ["stop"]
    lo, hi = history_window(t, "legs", D, mm_to_um("0.1"))
    assert (lo, hi) == (day(-55), day(27))  # rest 56 days back; the 28-day window 27 ahead
    with pytest.raises(RulesError, match=r"windows\[1\] days must be at least 1"):
        build_table(default_rules_dict(), {"frequency-cap": {"windows": [{"days": 0, "max": 1, "level": "stop"}]}})


# -- aftercare --------------------------------------------------------------------------------


# No source ties aftercare to the needle: 10 days for every needle.
@pytest.mark.parametrize("mm, days", [("0.25", 10), ("0.5", 10), ("0.51", 10), ("3.0", 10), ("3.5", 10)])
def test_aftercare_note_by_needle(mm, days):
    [(level, until, message)] = of("aftercare", evaluate(cand(0, "legs", mm), [], None, TABLE))
    assert (level, until) == ("note", day(days))
    assert message.endswith(f"until {day(days).isoformat()} ({days} days)")


def test_aftercare_bands_are_checked():
    with pytest.raises(RulesError, match="strictly increasing"):
        build_table(default_rules_dict(), {"aftercare": {"bands": [{"up_to_mm": 1.0, "days": 3}, {"up_to_mm": 0.5, "days": 7}]}})


# -- area status: aftercare end and holds -----------------------------------------------------


def test_aftercare_until_is_the_first_day_out_of_aftercare():
    hist = [past(0, "legs", "1.0")]  # 10 days: aftercare on days 0..9, out on day 10
    assert area_status("legs", day(9), hist, None, TABLE).aftercare_until == day(10)
    assert area_status("legs", day(10), hist, None, TABLE).aftercare_until is None
    assert area_status("legs", day(-1), hist, None, TABLE).aftercare_until is None  # a later session: not yet
    both = [past(0, "legs", "1.0"), past(2, "legs", "0.25")]  # 2 + 10 beats 0 + 10
    assert area_status("legs", day(3), both, None, TABLE).aftercare_until == day(12)


def test_holds_and_ready():
    s = area_status("face", day(1), [past(0, mm="0.5", id=5)], None, TABLE)
    assert [(f.rule, f.level) for f in s.holds] == [("rest-period", "stop")]
    assert not s.ready and s.resting_until == day(7)
    # After the rest: a red skin and a condition still hold the area, and the rest's caution.
    red = [seen(1, 5, 2, redness=1)]
    s = area_status("face", day(8), [past(0, mm="0.5", id=5)], None, TABLE, reactions=red, conditions=[cond("acne", 0)])
    assert [(f.rule, f.level) for f in s.holds] == [
        ("recovery", "stop"), ("contraindication", "stop"), ("rest-period", "caution"),
    ]
    assert s.resting_until is None and not s.ready
    j = s.to_json()
    assert j["ready"] is False and j["aftercare_until"] == day(10).isoformat()
    assert [h["rule"] for h in j["holds"]] == ["recovery", "contraindication", "rest-period"]
    # A caution hold alone leaves the area ready; no aftercare note among the holds.
    s = area_status("face", day(8), [past(0, mm="0.5", id=5)], None, TABLE)
    assert s.resting_until is None and s.ready and [(f.rule, f.level) for f in s.holds] == [("rest-period", "caution")]
    assert s.aftercare_until == day(10)


def test_a_later_session_counts_but_only_as_far_as_the_rules_say():
    """A session the day after the as-of date: today's shortest session would rest the area
    into it. By default the first band stops (7 days on the face), so today is held until
    the later session's own rest (42 days) is over; with a first band of level caution,
    today is ready with a caution. From the later session on, its own rest holds the area."""
    s = area_status("face", day(0), [past(1, mm="1.0")], None, TABLE)
    assert not s.ready and s.state == "stop" and s.ready_on == day(43)
    data = default_rules_dict()
    data["rest-period"]["bands"][0]["level"] = "caution"
    s = area_status("face", day(0), [past(1, mm="1.0")], None, build_table(data))
    assert s.ready and s.state == "caution" and [(f.rule, f.level) for f in s.holds] == [("rest-period", "caution")]
    t = area_status("face", day(1), [past(1, mm="1.0")], None, TABLE)
    assert not t.ready and t.ready_on == day(43) and t.state == "stop"


def test_applies_to_says_what_covers_decides():
    """The words a list shows for a condition name exactly the areas it covers."""
    from homelog.records import Condition
    from homelog.rules.checks import contraindication as ci

    table = build_table(default_rules_dict())
    kinds = ci.params(table).kinds
    for name, kind in kinds.items():
        for area in (None, *table.areas):
            cond = Condition(1, "u", name, area, date(2025, 1, 1))
            words, _ = ci.applies_to(kind, cond)
            covered = {a for a in table.areas if ci.covers(table, kind, cond, a)}
            if words == "every area":
                assert covered == set(table.areas), (name, area)
            elif words.endswith(" group"):
                group = words.removesuffix(" group")
                assert covered == {a for a, g in table.areas.items() if g == group}, (name, area)
            else:
                assert covered == {words}, (name, area)
