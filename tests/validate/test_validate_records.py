"""``homelog.validate_records``: one record of each kind from a file, checked with
the CLI's validators; the import's fast path (``import_rows.Validator``) agrees with it."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homelog import validate_records as vr
from homelog.errors import InputError
from homelog.rules import load_rules
from homelog.service.import_rows import Validator

RULES = load_rules()
AREAS = RULES.areas
KINDS = RULES.condition_kinds
TODAY = date(2025, 3, 1)
STAMP = "2025-03-01 10:00:00.123456"
ORIGIN = "0123456789abcdef0123456789abcdef"


def _field(call) -> str | None:
    with pytest.raises(InputError) as caught:
        call()
    return caught.value.field


GOOD_SESSION = {"uid": "s-1", "date": "2025-02-01", "area": "face", "needle_um": 250, "device_uid": "d-1", "disinfected": 1,
                "notes": "ok\tfine\nnext", "override_reason": None, "overridden_rules": None,
                "created_at": STAMP, "updated_at": STAMP, "origin": ORIGIN, "deleted_at": None}


def test_a_stored_session_comes_back_unchanged():
    got = vr.session(GOOD_SESSION, areas=AREAS, today=TODAY, stored=True)
    assert got._asdict() == GOOD_SESSION


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date", "garbage"), ("date", "2025-1-5"), ("date", "2025-03-03"), ("date", 20250201),
        ("area", "Face"), ("area", "elbow"), ("area", None),
        ("needle_um", 255), ("needle_um", 3010), ("needle_um", "250"), ("needle_um", True), ("needle_um", None),
        ("disinfected", 7), ("disinfected", "yes"),
        ("notes", "a\x1b]0;owned\x07"), ("notes", "x" * 2001), ("notes", 5),
        ("uid", "has space"), ("uid", "nul\x00"), ("uid", "esc\x1b"), ("uid", "c1\x9b"), ("uid", "x" * 37),
        ("device_uid", "\x1b[2J"),
        ("override_reason", " padded "), ("overridden_rules", "Rest Period"),
        ("created_at", "yesterday"), ("updated_at", "2025-02-30 10:00:00.000000"), ("origin", "ABC"),
    ],
)
def test_a_stored_session_with_a_bad_field_is_refused_naming_it(field, value):
    record = {**GOOD_SESSION, field: value}
    assert _field(lambda: vr.session(record, areas=AREAS, today=TODAY, stored=True)) == field


def test_a_file_session_is_read_as_a_person_writes_it():
    got = vr.session(
        {"uid": " u1 ", "date": "2025-02-01", "area": " Face ", "needle_mm": "0.25mm", "disinfected": "yes",
         "notes": "a\r\nb", "override_reason": "  ", "overridden_rules": ["rest-period", "home-depth"]},
        areas=AREAS, today=TODAY,
    )
    assert (got.uid, got.area, got.needle_um, got.disinfected, got.notes, got.override_reason, got.overridden_rules) == (
        "u1", "face", 250, 1, "a\nb", None, "rest-period,home-depth"
    )


def test_a_session_two_days_ahead_is_refused_and_today_none_skips_that():
    record = {**GOOD_SESSION, "date": "2025-03-03"}
    assert _field(lambda: vr.session(record, areas=AREAS, today=TODAY, stored=True)) == "date"
    assert vr.session(record, areas=AREAS, today=None, stored=True).date == "2025-03-03"
    # the last day there is: no overflow
    far = {**GOOD_SESSION, "date": "9999-12-31"}
    assert vr.session(far, areas=AREAS, today=date.max, stored=True).date == "9999-12-31"


def test_devices():
    good = {"uid": "d-1", "name": "face roller", "kind": "roller", "needle_um": 500, "created_at": STAMP,
            "retired_at": None, "updated_at": STAMP, "origin": ORIGIN, "deleted": 0}
    assert vr.device(good, stored=True)._asdict() == good
    pen = {**good, "kind": "pen", "needle_um": None}
    assert vr.device(pen, stored=True).needle_um is None
    assert _field(lambda: vr.device({**good, "needle_um": None}, stored=True)) == "needle_um"
    assert _field(lambda: vr.device({**good, "kind": "laser"}, stored=True)) == "kind"
    assert _field(lambda: vr.device({**good, "name": " padded"}, stored=True)) == "name"
    assert _field(lambda: vr.device({**good, "name": "\x1b[31mred"}, stored=True)) == "name"
    tomb = {"uid": "d-2", "name": None, "kind": None, "needle_um": None, "created_at": None, "retired_at": None,
            "updated_at": STAMP, "origin": ORIGIN, "deleted": 1}
    assert vr.device(tomb, stored=True)._asdict() == tomb
    assert _field(lambda: vr.device({**tomb, "name": "x"}, stored=True)) == "name"
    file_device = vr.device({"uid": "", "name": " roller ", "kind": "Stamp", "needle_mm": 0.5})
    assert (file_device.uid, file_device.name, file_device.kind, file_device.needle_um) == (None, "roller", "stamp", 500)


def test_reactions():
    good = {"uid": "r-1", "session_uid": "s-1", "date": "2025-02-02", "redness": 2, "swelling": 1, "bleeding": 0,
            "infection": 0, "notes": "", "created_at": STAMP, "updated_at": STAMP, "origin": ORIGIN, "deleted_at": None}
    assert vr.reaction(good, today=TODAY, session_date=date(2025, 2, 1), stored=True)._asdict() == good
    assert _field(lambda: vr.reaction(good, today=TODAY, session_date=date(2025, 2, 3), stored=True)) == "date"
    assert _field(lambda: vr.reaction({**good, "date": "2099-01-01"}, today=TODAY, stored=True)) == "date"
    assert _field(lambda: vr.reaction({**good, "redness": 4}, today=TODAY, stored=True)) == "redness"
    assert _field(lambda: vr.reaction({**good, "redness": "2"}, today=TODAY, stored=True)) == "redness"
    assert _field(lambda: vr.reaction({**good, "swelling": 2}, today=TODAY, stored=True)) == "swelling"
    assert _field(lambda: vr.reaction({**good, "swelling": True}, today=TODAY, stored=True)) == "swelling"
    assert _field(lambda: vr.reaction({**good, "session_uid": "a\x00"}, today=TODAY, stored=True)) == "session_uid"
    from_file = vr.reaction({"uid": "r", "session_uid": "s", "date": "2025-02-02", "redness": 0, "infection": True}, today=TODAY)
    assert (from_file.swelling, from_file.infection, from_file.notes) == (0, 1, "")


def test_conditions():
    good = {"uid": "c-1", "kind": "retinoid", "area": "face", "start": "2025-01-01", "end": "2025-02-01", "notes": "tret",
            "created_at": STAMP, "updated_at": STAMP, "origin": ORIGIN, "deleted_at": None}
    assert vr.condition(good, kinds=KINDS, areas=AREAS, stored=True)._asdict() == good
    assert vr.condition({**good, "area": None, "end": None}, kinds=KINDS, areas=AREAS, stored=True).area is None
    assert _field(lambda: vr.condition({**good, "uid": "c\x00\x1b"}, kinds=KINDS, areas=AREAS)) == "uid"
    assert _field(lambda: vr.condition({**good, "end": "2024-12-31"}, kinds=KINDS, areas=AREAS)) == "end"
    assert _field(lambda: vr.condition({**good, "kind": "flu"}, kinds=KINDS, areas=AREAS)) == "kind"
    assert _field(lambda: vr.condition({**good, "kind": "Retinoid"}, kinds=KINDS, areas=AREAS, stored=True)) == "kind"
    assert _field(lambda: vr.condition({**good, "start": "9999-99-99"}, kinds=KINDS, areas=AREAS)) == "start"


# -- the import's fast path agrees with the one home ---------------------------------------

_cells = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5000), st.floats(allow_nan=False), st.text(max_size=12),
    st.sampled_from(["face", " Scalp ", "0.25", "0.5mm", "3.0", "2025-02-01", "2025-03-02", "2025-03-03", "9999-12-31",
                     "yes", "no", "true", "rest-period,home-depth", "u-1", "a b", "\x1b[2J", "", " "]),
)


@settings(max_examples=400, deadline=None, database=None, derandomize=True)
@given(st.fixed_dictionaries({k: _cells for k in ("uid", "date", "area", "needle_mm", "disinfected", "notes", "override_reason", "overridden_rules")}))
def test_the_import_fast_path_gives_what_the_one_home_gives(record):
    values = tuple(record[k] for k in ("uid", "date", "area", "needle_mm", "disinfected", "notes", "override_reason", "overridden_rules")) + (None, None, None, None, False)
    try:
        expected = vr.session(record, areas=AREAS, today=TODAY)
    except InputError:
        expected = None
    try:
        row = Validator(AREAS, TODAY).row(1, values)
    except InputError:
        row = None
    if expected is None:
        assert row is None, record
    else:
        assert row is not None, record
        assert (row.uid, row.date, row.area, row.needle_um, row.disinfected, row.notes, row.override_reason, row.overridden_rules) == (
            expected.uid, expected.date, expected.area, expected.needle_um, expected.disinfected, expected.notes,
            expected.override_reason, expected.overridden_rules,
        )


def test_the_records_have_the_sync_files_fields_in_order():
    from homelog.store.sync_rows import FIELDS

    assert vr.SessionRecord._fields == FIELDS["sessions"]
    assert vr.DeviceRecord._fields == FIELDS["devices"]
    assert vr.ReactionRecord._fields == FIELDS["reactions"]
    assert vr.ConditionRecord._fields == FIELDS["conditions"]


def test_stored_notes_must_be_text():
    assert _field(lambda: vr.session({**GOOD_SESSION, "notes": None}, areas=AREAS, today=TODAY, stored=True)) == "notes"
