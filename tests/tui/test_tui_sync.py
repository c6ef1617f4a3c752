"""Pilot tests: the sync screen previews, merges another journal's file and shows what came in."""

from __future__ import annotations

from textual.widgets import Input, Static

from homelog.service.sync import sync
from homelog.tui.screens.main import MainScreen
from homelog.tui.screens.sync import SyncScreen

from .conftest import open_at
from .test_tui_main import SIZE, notes, settle, text_of


async def test_s_opens_sync_and_a_sync_brings_the_other_journal_in(app, journal, tmp_path):
    folder = tmp_path / "Sync"
    folder.mkdir()
    other = open_at(tmp_path / "other")
    other.add(other.session_input(area="scalp", needle="0.5", day="2025-01-05"))
    sync(other, folder)
    other.db.close()
    before = journal.count()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SyncScreen)
        screen.query_one("#sync-folder", Input).value = str(folder)
        await pilot.click("#preview")
        await settle(pilot)
        assert "Would merge 1 sync file: 1 session added" in text_of(screen.query_one("#sync-result", Static))
        assert journal.count() == before
        await pilot.click("#go")
        await settle(pilot)
        assert "Merged 1 sync file: 1 session added" in text_of(screen.query_one("#sync-result", Static))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert journal.count() == before + 1


async def test_a_missing_folder_is_an_error_notification(app, tmp_path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one("#sync-folder", Input).value = str(tmp_path / "nowhere")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SyncScreen)
        assert any("does not exist" in n for n in notes(app))
