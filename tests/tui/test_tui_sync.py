"""Pilot tests: the sync screen previews (Enter in the folder field), merges
another journal's file (the Sync button), asks for the passphrase when this
machine has no key for the folder, and starts with the folder synced last."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from homelog.service.sync import sync
from homelog.transfer import sync_crypto
from homelog.tui.screens.main import MainScreen
from homelog.tui.screens.sync import SyncScreen

from .conftest import open_at
from .test_tui_main import SIZE, notes, settle, text_of

PASSPHRASE = "tui test passphrase"


@pytest.fixture(autouse=True)
def cheap_key_derivation(monkeypatch):
    monkeypatch.setattr(sync_crypto, "SCRYPT_N", 2**10)
    monkeypatch.delenv("HOMELOG_SYNC_PASSPHRASE", raising=False)


def config_dir() -> Path:
    return Path(os.environ["HOMELOG_CONFIG_DIR"])


def other_journal_synced(tmp_path: Path, *, remember_here: bool) -> Path:
    folder = tmp_path / "Sync"
    folder.mkdir()
    other = open_at(tmp_path / "other")
    other.add(other.session_input(area="scalp", needle="0.5", day="2025-01-05"))
    keys = config_dir() if remember_here else tmp_path / "other-machine-config"
    sync(other, folder, config_dir=keys, passphrase=PASSPHRASE)
    other.db.close()
    return folder


async def open_sync(app, pilot) -> SyncScreen:
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(app.screen, SyncScreen)
    return app.screen


async def test_enter_previews_and_the_sync_button_brings_the_other_journal_in(app, journal, tmp_path):
    folder = other_journal_synced(tmp_path, remember_here=True)
    before = journal.count()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sync(app, pilot)
        screen.query_one("#sync-folder", Input).value = str(folder)
        await pilot.press("enter")  # Enter in the folder field: a preview, nothing written
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


async def test_the_passphrase_is_asked_when_this_machine_has_no_key(app, journal, tmp_path):
    folder = other_journal_synced(tmp_path, remember_here=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sync(app, pilot)
        screen.query_one("#sync-folder", Input).value = str(folder)
        await pilot.press("enter")
        await settle(pilot)
        field = screen.query_one("#sync-passphrase", Input)
        assert field.display and field.password and not screen.query_one("#sync-passphrase-again", Input).display
        assert "passphrase" in text_of(screen.query_one("#sync-result", Static))
        field.value = "not the passphrase"
        await pilot.press("enter")
        await settle(pilot)
        assert any("wrong passphrase" in n for n in notes(app))
        field.value = PASSPHRASE
        await pilot.press("enter")
        await settle(pilot)
        assert "Would merge 1 sync file: 1 session added" in text_of(screen.query_one("#sync-result", Static))
        assert not field.display  # the key is remembered now


async def test_a_new_folder_asks_twice_and_the_last_folder_is_remembered(app, journal, tmp_path):
    folder = tmp_path / "New"
    folder.mkdir()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sync(app, pilot)
        screen.query_one("#sync-folder", Input).value = str(folder)
        await pilot.click("#go")
        await settle(pilot)
        first, again = screen.query_one("#sync-passphrase", Input), screen.query_one("#sync-passphrase-again", Input)
        assert first.display and again.display
        first.value, again.value = PASSPHRASE, "something else"
        await pilot.click("#go")
        await settle(pilot)
        assert any("differ" in n for n in notes(app))
        assert not (folder / sync_crypto.HEADER_NAME).exists()
        again.value = PASSPHRASE
        again.focus()
        await pilot.press("enter")  # Enter in a passphrase field: what asked for it again (Sync)
        await settle(pilot)
        assert "Set up the sync folder" in text_of(screen.query_one("#sync-result", Static)), notes(app)
        assert (folder / sync_crypto.HEADER_NAME).exists()
        await pilot.press("escape")
        await settle(pilot)
        screen = await open_sync(app, pilot)
        assert screen.query_one("#sync-folder", Input).value == str(folder.resolve())


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
