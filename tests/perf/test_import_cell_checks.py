"""The import checks each distinct cell text once (``import_rows``' cached cell
checks, issue 15): a repeated value gets the same answer, and a refused value
is refused every time it appears (a refusal is never remembered as an answer)."""

from __future__ import annotations

from datetime import date

import pytest

from homelog.errors import InputError
from homelog.rules import load_rules
from homelog.service.import_rows import Validator

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
