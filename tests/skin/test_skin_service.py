"""The skin use cases: validation at the edge (nothing saved), one undo entry each."""

from __future__ import annotations

from datetime import date

import pytest

from homelog import messages as msg
from homelog.errors import InputError, NotFound
from homelog.records import Condition, Reaction

from tests.skin.conftest import add


def test_react_records_an_observation(journal):
    s = add(journal, "2025-02-27")
    r = journal.react(s.id, redness="2", swelling=True, day="2025-02-28", notes="warm")
    assert isinstance(r, Reaction)
    assert (r.session_id, r.date, r.redness, r.swelling, r.bleeding, r.infection, r.notes) == (s.id, date(2025, 2, 28), 2, True, False, False, "warm")
    assert not r.healed
    h = journal.healed(s.id)
    assert h.healed and h.date == date(2025, 3, 1) and h.redness == 0
    assert [x.id for x in journal.reactions(s.id)] == [r.id, h.id]
    assert r.to_json() == {
        "id": r.id, "uid": r.uid, "session_id": s.id, "date": "2025-02-28", "redness": 2,
        "swelling": True, "bleeding": False, "infection": False, "notes": "warm", "healed": False,
    }


@pytest.mark.parametrize("symptom", ["swelling", "bleeding", "infection"])
def test_any_symptom_is_not_healed(journal, symptom):
    s = add(journal, "2025-02-27")
    assert not journal.react(s.id, redness=0, **{symptom: True}).healed


def test_same_day_as_the_session_and_one_day_ahead_are_accepted(journal):
    s = add(journal, "2025-03-01")
    assert journal.react(s.id, redness=1, day="2025-03-01").date == date(2025, 3, 1)
    assert journal.react(s.id, redness=1, day="2025-03-02").date == date(2025, 3, 2)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"redness": 4}, "Redness '4'"),
        ({"redness": -1}, "Redness '-1'"),
        ({"redness": "x"}, "Redness 'x'"),
        ({"redness": True}, "Redness"),
        ({"redness": 1, "day": "2025-02-26"}, "before session"),
        ({"redness": 1, "day": "2025-03-03"}, "in the future"),
        ({"redness": 1, "day": "yesterday"}, "YYYY-MM-DD"),
    ],
)
def test_bad_reactions_are_refused_and_nothing_is_saved(journal, kwargs, words):
    s = add(journal, "2025-02-27")
    with pytest.raises(InputError) as info:
        journal.react(s.id, **kwargs)
    assert words in str(info.value)
    assert journal.reactions(s.id) == []


def test_unknown_or_deleted_session(journal):
    with pytest.raises(NotFound):
        journal.react(99, redness=1)
    s = add(journal, "2025-02-27")
    journal.delete(s.id)
    with pytest.raises(NotFound):
        journal.react(s.id, redness=1)
    with pytest.raises(NotFound):
        journal.reactions(s.id)


def test_conditions_add_end_list_delete_restore(journal):
    c = journal.add_condition("Retinoid", area="Face", start="2025-02-01", notes="tretinoin")
    assert isinstance(c, Condition)
    assert (c.kind, c.area, c.start, c.end, c.notes) == ("retinoid", "face", date(2025, 2, 1), None, "tretinoin")
    every = journal.add_condition("pregnancy")
    assert every.area is None and every.start == date(2025, 3, 1)
    assert [x.id for x in journal.conditions()] == [c.id, every.id]
    ended = journal.end_condition(c.id, day="2025-02-01")  # the same day as the start is fine
    assert ended.end == date(2025, 2, 1)
    assert journal.delete_condition(c.id).id == c.id
    assert [x.id for x in journal.conditions()] == [every.id]
    with pytest.raises(NotFound):
        journal.condition(c.id)
    assert journal.restore_condition(c.id).end == date(2025, 2, 1)
    assert journal.condition(c.id) == ended


def test_every_default_kind_is_accepted(journal):
    for kind in journal.rules.condition_kinds:
        journal.add_condition(kind)
    assert len(journal.rules.condition_kinds) == 18  # the 12 of issue 13 and 6 of issue 24
    assert {c.kind for c in journal.conditions()} == set(journal.rules.condition_kinds)


@pytest.mark.parametrize(
    ("args", "kwargs", "words"),
    [
        (("eczema",), {}, "Unknown condition kind 'eczema'"),
        (("acne",), {"area": "elbow"}, "Unknown area 'elbow'"),
        (("peel",), {"start": "2025-02-10", "end": "2025-02-09"}, "before the start"),
        (("peel",), {"start": "2025-02-30"}, "not valid"),
    ],
)
def test_bad_conditions_are_refused_and_nothing_is_saved(journal, args, kwargs, words):
    with pytest.raises(InputError) as info:
        journal.add_condition(*args, **kwargs)
    assert words in str(info.value)
    assert journal.conditions() == []


def test_bad_changes_to_conditions(journal):
    c = journal.add_condition("acne", start="2025-02-10")
    with pytest.raises(InputError, match="before the start"):
        journal.end_condition(c.id, day="2025-02-09")
    assert journal.condition(c.id).end is None
    with pytest.raises(InputError, match="not deleted"):
        journal.restore_condition(c.id)
    for change in (journal.end_condition, journal.delete_condition, journal.restore_condition):
        with pytest.raises(NotFound, match="no condition 99"):
            change(99)
    journal.delete_condition(c.id)
    with pytest.raises(NotFound):
        journal.delete_condition(c.id)
    with pytest.raises(NotFound):
        journal.end_condition(c.id)


def test_undo_reverts_each_skin_change_in_turn(journal):
    s = add(journal, "2025-02-27")
    r = journal.react(s.id, redness=2)
    c = journal.add_condition("retinoid", start="2025-02-01", end="2025-03-10")
    journal.end_condition(c.id, day="2025-02-20")
    journal.delete_condition(c.id)
    journal.restore_condition(c.id)
    assert "restoring condition" in msg.undone(journal.undo())
    assert journal.conditions() == []
    assert "deleting condition" in msg.undone(journal.undo())
    assert journal.condition(c.id).end == date(2025, 2, 20)
    assert "ending condition" in msg.undone(journal.undo())
    assert journal.condition(c.id).end == date(2025, 3, 10)  # the end it had before
    assert "adding condition" in msg.undone(journal.undo())
    assert journal.conditions() == []
    assert f"observation of session {s.id}" in msg.undone(journal.undo())
    assert journal.reactions(s.id) == [] and r.id
    assert "Undid adding session" in msg.undone(journal.undo())
