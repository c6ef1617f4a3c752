"""The import checks each distinct cell text once (``import_rows``' cached cell
checks, issue 15): a repeated value gets the same answer, and a refused value
is refused every time it appears (a refusal is never remembered as an answer)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homelog.errors import InputError
from homelog.rules import load_rules
from homelog.service.import_rows import UID_PATTERN, Validator

TODAY = date(2025, 3, 1)


def cells(disinfected: object = "true", notes: object = "calm") -> tuple:
    # RECORD_FIELDS order: uid, date, area, needle, disinfected, notes, reason, rules, device cells
    return ("", "2025-02-01", "face", "0.5", disinfected, notes, "", "", "", "", "", "", "")


@pytest.fixture
def validator() -> Validator:
    return Validator(load_rules().areas, TODAY)


def test_repeated_cells_get_the_same_answer(validator):
    for line in (2, 3, 4):
        row = validator.row(line, cells(" Yes ", "calm\r\nafter"))
        assert (row.disinfected, row.notes) == (1, "calm\nafter")
    assert validator.row(5, cells("no", "")).disinfected == 0


@pytest.mark.parametrize("bad", [{"disinfected": "maybe"}, {"notes": "bell\x07"}], ids=["flag", "notes"])
def test_a_refused_cell_is_refused_each_time(validator, bad):
    for line in (2, 3):
        with pytest.raises(InputError):
            validator.row(line, cells(**bad))
    assert validator.row(4, cells()).disinfected == 1  # a good row after them is still fine


def test_a_cell_that_is_not_text_is_refused_before_any_cache(validator):
    with pytest.raises(InputError, match="disinfected"):
        validator.row(2, cells(disinfected=["true"]))


UIDS = [
    "0f8e2b9c-3a1d-4e5f-9a7b-1c2d3e4f5a6b",  # what homelog makes
    "a",
    "x" * 36,
    "x" * 37,
    "has space",
    "tab\there",
    "bell\x07",
    "del\x7f",
    "nbsp\u00a0inside",
    "line\u2028sep",
    "café-42",
    "zero\u200bwidth",
    "~!@#$%^&*()_+{}|:<>?",
]


@pytest.mark.parametrize("text", UIDS)
def test_a_session_uid_is_checked_as_its_pattern_says(validator, text):
    """The ASCII shortcut in ``Validator.uid`` agrees with ``UID_PATTERN`` on every kind of text."""
    if UID_PATTERN.fullmatch(text):
        assert validator.uid(text) == text
    else:
        with pytest.raises(InputError, match="uid"):
            validator.uid(text)


@given(st.text(max_size=40))
def test_the_uid_shortcut_never_disagrees_with_the_pattern(text):
    expected = text.strip() if UID_PATTERN.fullmatch(text.strip()) else None
    try:
        got = Validator.uid(text)
    except InputError:
        got = None
    assert got == (expected or None)
