"""What the skin rules read (``store.rule_inputs``, plain sqlite3), on their indexes."""

from __future__ import annotations

from datetime import date

from homelog.store import rule_inputs, skin

from tests.skin.conftest import add
from tests.store.test_query_plans import capture_plans


def test_an_areas_observations_on_or_before_a_day(journal):
    a, b, c = add(journal, "2025-02-01"), add(journal, "2025-02-10", "scalp"), add(journal, "2025-02-12")
    r1 = journal.react(a.id, redness=2, day="2025-02-02")
    r2 = journal.react(a.id, redness=0, day="2025-02-05")
    r3 = journal.react(a.id, redness=1, day="2025-02-05")  # the same day, logged later: it comes last
    journal.react(b.id, redness=3, day="2025-02-11")
    journal.react(c.id, redness=1, day="2025-02-13")

    def ids(lo, hi, on):
        with journal.db.raw() as con:
            return [r.id for r in rule_inputs.reactions_for(con, "face", date.fromisoformat(lo), date.fromisoformat(hi), date.fromisoformat(on))]

    assert ids("2025-02-01", "2025-02-28", "2025-02-04") == [r1.id]  # observed later: not yet
    assert ids("2025-02-01", "2025-02-11", "2025-02-28") == [r1.id, r2.id, r3.id]  # c is after the window
    assert ids("2025-02-02", "2025-02-28", "2025-02-28")[-1] != r3.id  # a is before the window
    with journal.db.read() as s:
        assert [r.id for r in skin.reactions_of(s, a.id)] == [r1.id, r2.id, r3.id]
    journal.undo()  # c's observation is removed
    assert ids("2025-02-01", "2025-02-28", "2025-02-28") == [r1.id, r2.id, r3.id]


def test_infection_observations_of_any_area_and_not_of_deleted_sessions(journal):
    a, b, gone = add(journal, "2025-02-01"), add(journal, "2025-02-03", "scalp"), add(journal, "2025-02-04", "legs")
    infected = journal.react(a.id, redness=2, infection=True, day="2025-02-02")
    healed = journal.react(a.id, redness=0, day="2025-02-08")
    journal.react(b.id, redness=1, day="2025-02-04")
    journal.react(gone.id, redness=1, infection=True, day="2025-02-05")
    journal.delete(gone.id)

    def ids(on):
        with journal.db.raw() as con:
            return [r.id for r in rule_inputs.infection_reactions(con, date.fromisoformat(on))]

    assert ids("2025-02-01") == []
    assert ids("2025-02-07") == [infected.id]
    assert ids("2025-02-08") == [infected.id, healed.id]  # the rule sees the healing as the latest


def test_live_conditions_are_the_condition_list(journal):
    closed = journal.add_condition("retinoid", start="2025-02-01", end="2025-02-10")
    open_ = journal.add_condition("pregnancy", start="2025-01-20")
    gone = journal.add_condition("acne", start="2025-01-01")
    journal.delete_condition(gone.id)
    with journal.db.raw() as con:
        live = rule_inputs.live_conditions(con)
    assert [c.id for c in live] == [open_.id, closed.id]  # by start
    assert list(live) == journal.conditions()


def test_the_skin_queries_use_their_indexes(journal, monkeypatch):
    sessions = [add(journal, f"2025-02-{d:02d}") for d in (1, 3, 5)]
    for s in sessions:
        journal.react(s.id, redness=1, infection=s is sessions[0], day=s.date.isoformat())
    day = date(2025, 2, 10)

    def run():
        with journal.db.raw() as con:
            rule_inputs.reactions_for(con, "face", date(2025, 1, 1), day, day)
            rule_inputs.infection_reactions(con, day)
        with journal.db.read() as s:
            skin.reactions_of(s, sessions[0].id)

    plans = capture_plans(journal, run, monkeypatch)
    assert len(plans) == 3
    for statement, plan in plans:
        text = " ".join(plan)
        assert "USING" in text and "INDEX" in text and "SCAN reactions" not in text, (statement, plan)
