"""Pilot tests: undo on every screen that changes something, and --read-only
disabling those changes up front (not refusing once a form is filled)."""

from __future__ import annotations

from homelog.tui.screens.devices import DevicesScreen
from homelog.tui.screens.main import MainScreen

from .conftest import build_app, open_at, settle
from .test_tui_main import notes, text_of


def footer_keys(app) -> dict[str, bool]:
    """The footer's keys by action: whether each is enabled."""
    return {k.action: not k.has_class("-disabled") for k in app.screen.query("FooterKey")}


async def test_undo_on_the_devices_screen_brings_back_a_retired_device(app, journal):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DevicesScreen)
        assert footer_keys(app).get("undo") is True
        roller = next(d for d in journal.devices() if d.name == "face roller")
        screen.table.move_cursor(row=screen.table.get_row_index(str(roller.id)))
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert journal.device(roller.id).retired
        await pilot.press("u")
        await settle(pilot)
        assert app.screen is screen and not journal.device(roller.id).retired
        assert any("Undid retiring device" in m for m in notes(app))
        row = screen.table.get_row(str(roller.id))
        assert str(row[6]) != "retired"


def read_only_app(tmp_path, seeded_file):
    import shutil

    shutil.copyfile(seeded_file, tmp_path / "j.db")
    return build_app(open_at(tmp_path, read_only=True), read_only=True)


async def test_read_only_shows_a_badge_and_disables_changes_up_front(tmp_path, seeded_file):
    app = read_only_app(tmp_path, seeded_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "read-only" in text_of(app.screen.query_one("#topbar"))
        keys = footer_keys(app)
        assert keys["add"] is False and keys["delete"] is False and keys["undo"] is False
        assert keys["filter"] is True and keys["calendar"] is True
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)  # no form to fill in vain
        await pilot.press("enter")  # enter on a row would edit
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen)
        keys = footer_keys(app)
        assert keys["add"] is False and keys["retire"] is False and keys["undo"] is False
        await pilot.press("escape", "k")
        await settle(pilot)
        keys = footer_keys(app)
        assert keys["add"] is False and keys["end"] is False and keys["delete"] is False
        assert not [n for n in app.notified if n.severity == "error"]


async def test_read_only_palette_offers_no_change(tmp_path, seeded_file):
    from homelog.tui.commands import HomelogCommands

    app = read_only_app(tmp_path, seeded_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        provider = HomelogCommands(app.screen)
        names = [name for name, _, _ in provider._commands()]
        assert "Calendar" in names and "Sources" in names
        assert not {"Add session", "Delete session", "Undo"} & set(names), names
