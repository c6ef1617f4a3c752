"""Outcomes the service reports as data, worded by ``messages``: what undo
reverted (``UndoResult``), and every bad field of a session at once."""

from __future__ import annotations

from datetime import date

import pytest

from homelog import messages as msg
from homelog.errors import InputError, NotFound
from homelog.locations import Locations
from homelog.service import UndoResult, open_journal

TODAY = date(2025, 3, 1)


@pytest.fixture
def journal(tmp_path):
    where = Locations(db=tmp_path / "j.db", config_dir=tmp_path / "cfg", rules=None)
    opened = open_journal(where, today=lambda: TODAY)
    yield opened
    opened.close()


def test_undo_says_what_it_reverted(journal):
    assert journal.undo() == UndoResult() and not UndoResult().undone
    assert msg.undone(UndoResult()) == msg.NOTHING_TO_UNDO
    pen = journal.add_device(name="pen", kind="pen")
    saved = journal.add(journal.session_input(area="neck", needle="0.25", device=pen.id), override="x").session
    journal.edit(saved.id, notes="changed")

    edit = journal.undo()
    assert (edit.entity, edit.action, edit.ids, edit.undone) == ("session", "edit", (saved.id,), True)
    assert edit.session.notes == "" and msg.undone(edit) == msg.UNDONE_EDIT.format(
        id=saved.id, area="neck", needle="0.25", date=TODAY.isoformat()
    )
    add = journal.undo()
    assert (add.action, add.session.id) == ("add", saved.id)
    device = journal.undo()  # the session still names it: retired, not removed
    assert (device.entity, device.action, device.ids, device.device_name) == ("device", "add", (pen.id,), "pen")
    assert (device.devices_removed, device.devices_retired) == (0, 1)
    assert msg.undone(device) == msg.UNDONE_DEVICE_ADD_RETIRED.format(id=pen.id, name="pen")
    assert not journal.undo().undone


def test_every_bad_field_is_reported_the_first_one_is_the_message(journal):
    with pytest.raises(InputError) as raised:
        journal.session_input(area="elbow", needle="abc", day="2025-02-30", notes="x" * 5000)
    exc = raised.value
    assert list(exc.errors) == ["area", "date", "needle", "notes"]
    assert str(exc) == exc.errors["area"] and exc.field == "area"
    assert "abc" in exc.errors["needle"] and "2025-02-30" in exc.errors["date"] and "Notes" in exc.errors["notes"]


def test_a_missing_device_keeps_its_own_error_type_and_the_needle_is_still_asked_for(journal):
    with pytest.raises(NotFound) as raised:
        journal.session_input(area="face", device="99")
    assert list(raised.value.errors) == ["device", "needle"]
    assert raised.value.hint == "device-ids"


def test_one_bad_field_is_one_entry(journal):
    with pytest.raises(InputError) as raised:
        journal.session_input(area="face")
    assert raised.value.errors == {"needle": msg.NEEDLE_NEEDED}
