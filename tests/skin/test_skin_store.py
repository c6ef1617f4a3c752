"""The store's skin queries: what the rules will read, on their indexes."""

from __future__ import annotations

from datetime import date

from homelog.store import skin

from tests.skin.conftest import add
from tests.store.test_query_plans import capture_plans


def test_latest_reaction_on_or_before_a_day(journal):
    a, b, c = add(journal, "2025-02-01"), add(journal, "2025-02-10", "scalp"), add(journal, "2025-02-12", "legs")
    r1 = journal.react(a.id, redness=2, day="2025-02-02")
    r2 = journal.react(a.id, redness=0, day="2025-02-05")
    r3 = journal.react(a.id, redness=1, day="2025-02-05")  # the same day, logged later: it counts
    rb = journal.react(b.id, redness=3, day="2025-02-11")
    with journal.db.read() as s:
        assert [r.id for r in skin.reactions_on_or_before(s, [b.id, a.id, c.id], date(2025, 2, 5))] == [r1.id, r2.id, r3.id]
        assert skin.latest_reactions(s, [a.id, b.id, c.id], date(2025, 2, 4)) == {a.id: r1}
        assert skin.latest_reactions(s, [a.id, b.id, c.id], date(2025, 2, 11)) == {a.id: r3, b.id: rb}
        assert skin.latest_reactions(s, [], date(2025, 2, 11)) == {}
        assert [r.id for r in skin.reactions_of(s, a.id)] == [r1.id, r2.id, r3.id]
    journal.undo()  # the scalp observation is removed
    with journal.db.read() as s:
        assert b.id not in skin.latest_reactions(s, [b.id], date(2025, 3, 1))


def test_infected_sessions_are_those_whose_latest_observation_shows_infection(journal):
    a, b, gone = add(journal, "2025-02-01"), add(journal, "2025-02-03", "scalp"), add(journal, "2025-02-04", "legs")
    infected = journal.react(a.id, redness=2, infection=True, day="2025-02-02")
    journal.react(a.id, redness=0, day="2025-02-08")
    journal.react(b.id, redness=1, day="2025-02-04")
    journal.react(gone.id, redness=1, infection=True, day="2025-02-05")
    journal.delete(gone.id)
    with journal.db.read() as s:
        assert skin.infected_sessions(s, date(2025, 2, 1)) == []
        found = skin.infected_sessions(s, date(2025, 2, 7))
        assert [(sess.id, r.id) for sess, r in found] == [(a.id, infected.id)]
        assert skin.infected_sessions(s, date(2025, 2, 8)) == []  # healed that day


def test_conditions_overlapping_a_range(journal):
    closed = journal.add_condition("retinoid", start="2025-02-01", end="2025-02-10")
    open_ = journal.add_condition("pregnancy", start="2025-02-20")
    gone = journal.add_condition("acne", start="2025-01-01")
    journal.delete_condition(gone.id)

    def ids(lo, hi):
        with journal.db.read() as s:
            return [c.id for c in skin.conditions_overlapping(s, date.fromisoformat(lo), date.fromisoformat(hi))]

    assert ids("2025-01-01", "2025-01-31") == []
    assert ids("2025-01-01", "2025-02-01") == [closed.id]  # its start day
    assert ids("2025-02-10", "2025-02-10") == [closed.id]  # its end day
    assert ids("2025-02-11", "2025-02-19") == []
    assert ids("2025-02-11", "2025-02-20") == [open_.id]
    assert ids("2026-01-01", "2026-12-31") == [open_.id]  # no end: from its start on
    assert ids("2025-01-01", "2025-12-31") == [closed.id, open_.id]


def test_the_skin_queries_use_their_indexes(journal, monkeypatch):
    sessions = [add(journal, f"2025-02-{d:02d}") for d in (1, 3, 5)]
    for s in sessions:
        journal.react(s.id, redness=1, day=s.date.isoformat())
    journal.add_condition("acne", start="2025-02-01")
    day = date(2025, 2, 10)

    def run():
        with journal.db.read() as s:
            skin.latest_reactions(s, [x.id for x in sessions], day)
            skin.reactions_of(s, sessions[0].id)
            skin.conditions_overlapping(s, day, day)

    plans = capture_plans(journal, run, monkeypatch)
    assert len(plans) == 3
    for statement, plan in plans:
        text = " ".join(plan)
        assert "USING INDEX" in text and "SCAN reactions" not in text and "SCAN conditions" not in text, (statement, plan)
