"""A journal (the service) on a file in tmp_path, with today pinned."""

from __future__ import annotations

from datetime import date

import pytest

from homelog.locations import Locations
from homelog.service import open_journal

TODAY = date(2025, 3, 1)


@pytest.fixture
def journal(db_path, tmp_path):
    j = open_journal(Locations(db=db_path, config_dir=tmp_path / "cfg", rules=None), today=lambda: TODAY)
    yield j
    j.close()
