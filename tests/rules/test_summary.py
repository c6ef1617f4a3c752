"""rules.summarise (many sessions at once) against rules.evaluate (one at a time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homelog.records import Condition, DeviceUse, Reaction, SessionInput
from homelog.rules import RULE_IDS, build_table, default_rules_dict, evaluate, load_rules, summarise
from homelog.rules.checks.frequency_cap import Window, most_in_window, over_cap
from homelog.rules.checks.rest_period import rest_ranks
from homelog.rules.unit import Observed

START = date(2024, 1, 1)
JOURNAL_IDS = 1  # the journal's sessions: ids from 1; the counted ones come after them
COUNTED_IDS = 10_000


def _table(changes: dict):
    d = default_rules_dict()
    for (rule, key), value in changes.items():
        d[rule][key] = value
    return build_table(d)


# The defaults; every level changed; a rest band of 0 days; two frequency windows;
# and each rule off in turn (so summarise cannot agree with evaluate by following the defaults).
_zero = default_rules_dict()
_zero["rest-period"]["bands"][0]["days"] = {"face": 0, "body": 0, "scalp": 0}
TABLES = [
    load_rules(),
    _table({
        ("device-age", "level"): "stop", ("disinfection", "level"): "note", ("recovery", "level"): "caution",
        ("recovery", "infection_level"): "note", ("aftercare", "level"): "caution",
    }),
    build_table(_zero),
    _table({("frequency-cap", "windows"): [
        {"days": 3, "max": 1, "level": "stop"}, {"days": 10, "max": 3, "level": "caution"},
    ]}),
] + [_table({(rule, "enabled"): False}) for rule in RULE_IDS]
KINDS = list(load_rules().condition_kinds)


@dataclass(frozen=True)
class Past:
    date: date
    area: str
    needle_um: int
    id: int


@dataclass(frozen=True)
class Logged:
    day: int  # days after START
    area: str
    needle_um: int
    disinfected: bool | None
    device: int | None  # index into the scenario's devices
    seen: tuple[tuple[int, int, bool], ...] = ()  # observations: (days after the session, redness, infection)


logged = st.builds(
    Logged,
    st.integers(0, 120),
    st.sampled_from(["face", "scalp", "legs"]),
    st.sampled_from([100, 250, 300, 500, 750, 1000, 1200, 1500, 2000, 3000]),
    st.sampled_from([True, False, None]),
    st.none() | st.integers(0, 1),
)
# The journal's sessions may carry observations (the counted ones are new: none yet).
journal = st.builds(
    Logged,
    st.integers(0, 120),
    st.sampled_from(["face", "scalp", "legs"]),
    st.sampled_from([100, 250, 500, 1000, 3000]),
    st.sampled_from([True, False, None]),
    st.none() | st.integers(0, 1),
    st.lists(st.tuples(st.integers(0, 10), st.integers(0, 3), st.sampled_from([False, False, False, True])), max_size=3).map(tuple),
)
conditions_st = st.lists(
    st.builds(
        lambda kind, area, start, length: Condition(0, "", kind, area, START + timedelta(days=start),
                                                    None if length is None else START + timedelta(days=start + length)),
        st.sampled_from(KINDS), st.none() | st.sampled_from(["face", "neck", "scalp", "legs"]),
        st.integers(0, 120), st.none() | st.integers(0, 40),
    ),
    max_size=3,
)


def _reactions(others: list[Logged]) -> list[Reaction]:
    out = []
    for j, o in enumerate(others):
        for after, redness, infection in o.seen:
            n = len(out) + 1
            out.append(Reaction(n, f"r{n}", JOURNAL_IDS + j, START + timedelta(days=o.day + after), redness,
                                infection=infection))
    return out


def _expected(table, counted: list[Logged], others: list[Logged], conditions=()) -> dict[tuple[str, str], int]:
    """evaluate() on each counted session against every other one: the worst level per rule."""
    everyone = counted + others
    ids = [COUNTED_IDS + i for i in range(len(counted))] + [JOURNAL_IDS + j for j in range(len(others))]
    reactions = _reactions(others)
    expected: dict[tuple[str, str], int] = {}
    for i, s in enumerate(counted):
        day = START + timedelta(days=s.day)
        history = [Past(START + timedelta(days=o.day), o.area, o.needle_um, ids[j]) for j, o in enumerate(everyone) if j != i]
        use = None
        if s.device is not None:
            days = sorted(o.day for o in everyone if o.device == s.device)
            use = DeviceUse(s.device, "Pen", sum(1 for x in days if x < s.day), START + timedelta(days=days[0]))
        worst: dict[str, str] = {}
        candidate = SessionInput(day, s.area, s.needle_um, s.device, s.disinfected)
        verdict = evaluate(candidate, history, use, table, reactions=reactions, conditions=conditions)
        for f in verdict.findings:
            worst.setdefault(f.rule, f.level)  # findings come most severe first
        for key in worst.items():
            expected[key] = expected.get(key, 0) + 1
    return expected


def _observed(counted: list[Logged], others: list[Logged]) -> dict[str, list[Observed]]:
    out: dict[str, list[Observed]] = {}
    for s in counted:
        out.setdefault(s.area, []).append(Observed(START.toordinal() + s.day, None))
    by_session: dict[int, list] = {}
    for r in _reactions(others):
        by_session.setdefault(r.session_id, []).append((r.date.toordinal(), r.id, r.healed, r.infection))
    for j, o in enumerate(others):
        sid = JOURNAL_IDS + j
        out.setdefault(o.area, []).append(Observed(START.toordinal() + o.day, sid, tuple(by_session.get(sid, ()))))
    return out


def _facts(counted: list[Logged], others: list[Logged]):
    everyone = counted + others
    out = []
    for s in counted:
        d = START.toordinal() + s.day
        if s.device is None:
            out.append((d, s.area, s.needle_um, s.disinfected, None, None))
        else:
            days = sorted(START.toordinal() + o.day for o in everyone if o.device == s.device)
            out.append((d, s.area, s.needle_um, s.disinfected, sum(1 for x in days if x < d), days[0]))
    history: dict[str, list[tuple[int, int]]] = {}
    for o in everyone:
        history.setdefault(o.area, []).append((START.toordinal() + o.day, o.needle_um))
    return out, history


@settings(max_examples=300, deadline=None)
@given(
    st.lists(logged, min_size=1, max_size=14), st.lists(journal, max_size=8), conditions_st,
    st.sampled_from(range(len(TABLES))),
)
def test_summarise_counts_what_evaluate_finds(counted, others, conditions, which):
    table = TABLES[which]
    facts, history = _facts(counted, others)
    summary = summarise(
        table, facts, history, observed=_observed(counted, others), conditions=conditions, examples=2
    )
    assert dict(summary.counts) == _expected(table, counted, others, conditions)
    for key, indices in summary.examples.items():
        assert len(indices) == min(2, summary.counts[key]) and list(indices) == sorted(indices)


def test_examples_are_the_first_sessions_with_that_finding():
    table = load_rules()
    day = START.toordinal()
    # Sessions 0, 2, 3 and 5 are not disinfected; the first two are the examples.
    facts = [(day + 10 * i, "face", 250, i not in (0, 2, 3, 5), None, None) for i in range(6)]
    summary = summarise(table, facts, {"face": [(f[0], 250) for f in facts]}, examples=2)
    assert summary.counts[("disinfection", "caution")] == 4
    assert summary.examples[("disinfection", "caution")] == (0, 2)
    # every session: aftercare (0.25 mm is within the home limit)
    assert summary.keys() == [("disinfection", "caution"), ("aftercare", "note")]
    assert summary.examples[("aftercare", "note")] == (0, 1)


@pytest.mark.parametrize(
    "gap, level",
    # 0.5 mm on the face: stop for 7 days (a dermatologist's week), then caution up to
    # 28 days (the pages' 2-4 weeks): day 6 is the last stop day, 7 the first caution
    # day, 27 the last, 28 the first free day.
    [(0, "stop"), (6, "stop"), (7, "caution"), (27, "caution"), (28, None), (29, None)],
)
def test_rest_ranks_boundaries(gap, level):
    table = load_rules()
    ranks = rest_ranks(table, "face", [(100, 500), (100 + gap, 500)])
    rank = {None: 9, "stop": 0, "caution": 1}[level]
    # Both sessions: the later one is too soon, the earlier one makes it so (backdated case).
    assert ranks[(100, 500)] == ranks[(100 + gap, 500)] == rank


def test_an_identical_session_conflicts_with_its_copy_only():
    table = load_rules()
    assert rest_ranks(table, "face", [(100, 500)]) == {(100, 500): 9}
    assert rest_ranks(table, "face", [(100, 500), (100, 500)]) == {(100, 500): 0}


def test_the_most_severe_level_wins():
    table = load_rules()
    # 0.25 mm a day after a 0.25 mm session (7 days, stop) and 8 days after a 0.5 mm
    # one (stop for 7 days, caution to 28): stop.
    ranks = rest_ranks(table, "face", [(100, 500), (107, 250), (108, 250)])
    assert ranks[(108, 250)] == 0
    # Only the 0.5 mm session's caution reaches day 110.
    ranks = rest_ranks(table, "face", [(100, 500), (110, 250)])
    assert ranks[(110, 250)] == 1
    # The backdated case: the earlier session is on the later one's caution day too.
    assert ranks[(100, 500)] == 1


def test_the_summary_counts_every_registered_rule_under_its_own_id():
    """Sessions that every rule finds something in: the summary names each
    registered rule once per session, at the level that rule gives it."""
    from homelog.records import Product

    table = _table({("device-age", "level"): "note", ("disinfection", "level"): "note"})
    # 1.5 mm on the face the day after a 1.0 mm session (rest stop, depth stop),
    # a device (kind not said: it wears) on its 16th use first used 200 days before,
    # used on someone else since the day before (shared stop), not disinfected, a
    # vitamin C serum on the skin (products stop). The face's last session (id 4, the
    # day before) still red, a pregnancy, and four sessions within 7 days (frequency cap
    # caution); aftercare note. A second session on the legs, months before, with a pen
    # whose cartridge was reused: cartridge stop (and aftercare).
    day = START.toordinal()
    serum = Product(1, "p", "C serum", "Aqua, Ascorbic Acid", sterile=True)
    sessions = [
        (day + 1, "face", 1500, False, 15, day - 199, None, day, None, (serum,)),
        (day - 300, "legs", 200, True, 0, day - 300, "pen", None, "reused", ()),
    ]
    history = {"face": [(day - 2, 250), (day - 1, 250), (day, 1000), (day + 1, 1500)], "legs": [(day - 300, 200)]}
    observed = {"face": [Observed(day, 4, ((day, 1, False, False),)), Observed(day + 1, None)]}
    conditions = [Condition(1, "c", "pregnancy", None, date.fromordinal(day - 30))]
    want = {
        "rest-period": "stop", "home-depth": "stop", "device-wear": "stop",
        "device-age": "note", "disinfection": "note", "recovery": "stop", "contraindication": "stop",
        "frequency-cap": "caution", "aftercare": "note", "products": "stop", "shared-device": "stop",
    }
    summary = summarise(table, sessions, history, observed=observed, conditions=conditions)
    assert set(want) | {"cartridge"} == set(RULE_IDS)
    counts = {rule: 1 for rule in want} | {"cartridge": 1, "aftercare": 2}
    assert dict(summary.counts) == {(rule, want.get(rule, "stop")): n for rule, n in counts.items()}
    levels = {**want, "cartridge": "stop"}
    assert summary.keys() == [(r, levels[r]) for level in ("stop", "caution", "note") for r in RULE_IDS if levels[r] == level]


def test_the_summary_key_follows_the_registry(monkeypatch):
    """summarise takes its rules, their order and its key from the registry alone:
    a registry in another order (or with a rule left out) still counts each rule as its own."""
    from homelog.rules import registry, summary

    day = START.toordinal()
    sessions = [(day, "face", 1500, False, None, None)]  # depth stop, not disinfected
    table = load_rules()
    reordered = tuple(reversed([r for r in registry.RULES if r.id != "device-age"]))
    monkeypatch.setattr(summary, "RULES", reordered)
    got = summarise(table, sessions, {"face": [(day, 1500)]})
    assert dict(got.counts) == {("home-depth", "stop"): 1, ("disinfection", "caution"): 1, ("aftercare", "note"): 1}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=30), st.integers(1, 10), st.integers(0, 5))
def test_over_cap_walks_to_what_most_in_window_finds(days, span, most):
    """frequency-cap's one pass per area agrees with its one-candidate search on every day."""
    days = sorted(days)
    window = Window(span, most, "caution")
    assert over_cap(days, window) == {d for d in days if most_in_window(days, d, span)[0] > most}


# -- what touches the skin: products, applications, cartridges, shared devices -----------

from homelog.records import Application, Product  # noqa: E402

PRODUCTS = [
    Product(1, "p1", "HA glide", "Aqua, Sodium Hyaluronate", sterile=True),
    Product(2, "p2", "C serum", "Aqua, Ascorbic Acid", sterile=True),
    Product(3, "p3", "Mystery", ""),
    Product(4, "p4", "Toner", "Aqua, Glycolic Acid, Parfum"),
]
SKIN_TABLES = [
    load_rules(),
    _table({("products", "during_level"): "caution", ("products", "after_level"): "stop", ("cartridge", "unknown_level"): "note"}),
    _table({("products", "flagged"): ["fragrance"], ("shared-device", "level"): "caution"}),
    _table({("device-wear", "caution_above"): 1, ("device-wear", "stop_above"): 2}),
] + [_table({(rule, "enabled"): False}) for rule in ("products", "cartridge", "shared-device", "device-wear", "aftercare")]


@dataclass(frozen=True)
class Touched:
    day: int
    area: str
    needle_um: int
    device: int | None
    cartridge: str | None
    products: tuple[int, ...]


touched = st.builds(
    Touched,
    st.integers(0, 60),
    st.sampled_from(["face", "legs"]),
    st.sampled_from([250, 500, 1000, 2000]),
    st.none() | st.integers(0, 2),
    st.sampled_from([None, "new", "reused"]),
    st.lists(st.integers(0, 3), max_size=2, unique=True).map(tuple),
)
devices_st = st.lists(
    st.tuples(st.sampled_from(["roller", "stamp", "pen"]), st.none() | st.integers(0, 60)), min_size=3, max_size=3
)
applications_st = st.lists(
    st.tuples(st.integers(0, 3), st.sampled_from(["face", "legs"]), st.integers(0, 70)), max_size=5
)


@settings(max_examples=300, deadline=None)
@given(st.lists(touched, min_size=1, max_size=10), devices_st, applications_st, st.sampled_from(range(len(SKIN_TABLES))))
def test_summarise_counts_what_evaluate_finds_of_what_touches_the_skin(counted, devices, apps, which):
    table = SKIN_TABLES[which]
    base = START.toordinal()
    applications = [
        Application(i + 1, f"a{i}", PRODUCTS[p], area, START + timedelta(days=day)) for i, (p, area, day) in enumerate(apps)
    ]
    by_area: dict[str, list[Application]] = {}
    for a in applications:
        by_area.setdefault(a.area, []).append(a)
    facts, history, expected = [], {}, {}
    for s in counted:
        history.setdefault(s.area, []).append((base + s.day, s.needle_um))
    for i, s in enumerate(counted):
        products = tuple(PRODUCTS[p] for p in s.products)
        use, row = None, [base + s.day, s.area, s.needle_um, True, None, None, None, None, s.cartridge, products]
        if s.device is not None:
            kind, shared = devices[s.device]
            days = sorted(base + o.day for o in counted if o.device == s.device)
            uses = sum(1 for x in days if x < base + s.day)
            shared_day = None if shared is None else START + timedelta(days=shared)
            use = DeviceUse(s.device, "Dev", uses, date.fromordinal(days[0]), False, kind, shared_day)
            row[4:8] = [uses, days[0], kind, None if shared_day is None else shared_day.toordinal()]
        facts.append(tuple(row))
        history_i = [Past(START + timedelta(days=o.day), o.area, o.needle_um, 100 + j) for j, o in enumerate(counted) if j != i]
        candidate = SessionInput(START + timedelta(days=s.day), s.area, s.needle_um, s.device, True, "", s.cartridge, products)
        verdict = evaluate(candidate, history_i, use, table, applications=by_area.get(s.area, ()))
        worst: dict[str, str] = {}
        for f in verdict.findings:
            worst.setdefault(f.rule, f.level)
        for key in worst.items():
            expected[key] = expected.get(key, 0) + 1
    summary = summarise(table, facts, history, observed={}, applications=by_area)
    assert dict(summary.counts) == expected
