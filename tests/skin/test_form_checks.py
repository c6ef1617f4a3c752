"""The service's checks for the forms: every bad field at once, nothing saved."""

from __future__ import annotations

import pytest

from homelog.errors import InputError, NotFound

from tests.skin.conftest import add


def test_check_reaction_names_every_bad_field_and_saves_nothing(journal):
    s = add(journal, "2025-02-27")
    with pytest.raises(InputError) as caught:
        journal.check_reaction(s.id, redness="7", day="2025-02-20", notes="x\x00")
    assert set(caught.value.errors) == {"redness", "date", "notes"}
    assert f"before session {s.id} (2025-02-27)" in caught.value.errors["date"]
    assert journal.reactions(s.id) == []


def test_check_reaction_accepts_what_react_saves(journal):
    s = add(journal, "2025-02-27")
    assert journal.check_reaction(s.id, redness="1", day="2025-02-28") is None
    with pytest.raises(InputError) as caught:
        journal.check_reaction(s.id, redness="1", day="2025-03-05")
    assert set(caught.value.errors) == {"date"} and "in the future" in str(caught.value)
    with pytest.raises(NotFound):
        journal.check_reaction(999, redness="1")
    # react refuses the same, every field at once
    with pytest.raises(InputError) as refused:
        journal.react(s.id, redness="7", day="2025-03-05")
    assert set(refused.value.errors) == {"redness", "date"}


def test_check_condition_puts_each_date_message_on_its_own_field(journal):
    with pytest.raises(InputError) as caught:
        journal.check_condition("nope", area="elbow", start="2025-13-01", end="soon")
    assert set(caught.value.errors) == {"kind", "area", "start", "end"}
    assert "2025-13-01" in caught.value.errors["start"] and "soon" in caught.value.errors["end"]
    with pytest.raises(InputError) as backwards:
        journal.check_condition("pregnancy", start="2025-03-01", end="2025-02-01")
    assert set(backwards.value.errors) == {"end"}
    assert journal.conditions() == []


def test_check_device_names_every_bad_field(journal):
    with pytest.raises(InputError) as caught:
        journal.check_device(name="  ", kind="laser", needle="9")
    assert set(caught.value.errors) == {"name", "kind", "needle"}
    with pytest.raises(InputError) as fixed:
        journal.check_device(name="r", kind="roller")
    assert set(fixed.value.errors) == {"needle"}
    assert journal.check_device(name=" pen ", kind="pen") == ("pen", "pen", None)
    assert journal.devices() == []
