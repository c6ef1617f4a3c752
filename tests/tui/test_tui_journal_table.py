"""Pilot tests: the journal table in an 80x24 terminal with a few hundred
sessions: it never scrolls sideways, ids keep every digit, Home/End go to the
first and last row, and cut notes end with "…"."""

from __future__ import annotations

import json

import pytest

from homelog.service.importing import import_sessions

from .conftest import build_app, open_at, settle

COUNT = 130
NOTE = "a long note about the session that goes on well past the column"


@pytest.fixture
def big_journal(tmp_path):
    journal = open_at(tmp_path)
    sessions = [
        {"date": f"2024-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}", "area": "legs", "needle_mm": "0.25", "notes": NOTE}
        for i in range(COUNT)
    ]
    source = tmp_path / "seed.json"
    source.write_text(json.dumps({"format": "homelog", "version": 1, "sessions": sessions}))
    assert import_sessions(journal, source).added == COUNT
    yield journal
    journal.db.close()


def screen_lines(widget) -> list[str]:
    """What the widget shows, line by line."""
    return [strip.text for strip in widget.render_lines(widget.region.reset_offset)]


async def test_the_journal_fits_80_columns_and_home_end_move_by_rows(big_journal, monkeypatch):
    from homelog.tui.widgets import journal_table

    monkeypatch.setattr(journal_table, "PAGE", 40)
    app = build_app(big_journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.table
        assert table.max_scroll_x == 0  # nothing to scroll sideways to
        lines = screen_lines(table)
        newest = max(s.id for s in big_journal.list(limit=1))
        assert lines[1].split()[0] == str(newest)  # every digit of the id
        assert "…" in lines[1] and NOTE not in lines[1]  # cut notes say so
        await pilot.press("end")
        await settle(pilot)
        assert table.scroll_x == 0
        assert table.row_count == COUNT and table.cursor_row == COUNT - 1
        assert table.selected_id == min(s.id for s in big_journal.list())
        await pilot.press("home")
        await settle(pilot)
        assert table.cursor_row == 0 and table.scroll_x == 0 and table.selected_id == newest
        # No scrollbar or other glyph between the table and the info line.
        info = app.screen.query_one("#table-info")
        assert info.region.y == table.region.bottom


async def test_device_and_clean_come_back_when_there_is_room(big_journal):
    from homelog.tui.text import COLUMNS

    app = build_app(big_journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.table
        assert "Device" not in table.shown
        await pilot.resize_terminal(160, 40)
        await settle(pilot)
        assert table.shown == COLUMNS and table.max_scroll_x == 0
