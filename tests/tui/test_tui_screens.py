"""Pilot tests: calendar, devices, rules, help, welcome, command palette, theme."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select, Static

from homelog import messages as msg
from homelog.rules import RULE_IDS
from homelog.tui.screens.calendar import CalendarScreen
from homelog.tui.screens.confirm import ConfirmScreen
from homelog.tui.screens.device_form import DeviceForm
from homelog.tui.screens.devices import DevicesScreen
from homelog.tui.screens.help import HelpScreen
from homelog.tui.screens.main import MainScreen
from homelog.tui.screens.rules import RulesScreen
from homelog.tui.screens.session_form import SessionForm
from homelog.tui.screens.sources import SourcesScreen
from homelog.tui.widgets.findings import Findings
from homelog.tui.screens.welcome import WelcomeScreen
from homelog.tui.widgets.month_grid import DayCell, abbreviations

from .conftest import build_app, screen_text
from .test_tui_main import SIZE, notes, open_form, option_labels, settle, text_of, type_into


def marks_of(cell: DayCell) -> str:
    """The cell's second line: one mark per area, in the rules' order."""
    return text_of(cell).split("\n")[1]


def badges_of(cell: DayCell) -> str:
    return text_of(cell).split("\n")[0][3:]


def cell_for(screen: CalendarScreen, day: int) -> DayCell:
    for cell in screen.query(DayCell):
        if not cell.has_class("-outside") and text_of(cell).lstrip(" ▸").split(" ")[0].split("\n")[0] == str(day):
            return cell
    raise AssertionError(f"no cell for day {day}")


async def test_calendar_months_and_rest(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CalendarScreen)
        assert screen.month_label == "March 2025"
        first = cell_for(screen, 1)
        assert first.has_class("-today") and "▸" in text_of(first)
        # face rests until 2025-04-09 (the 0.75 mm session on 02-26, 42 days): all of March is shaded
        areas = list(app.journal.rules.areas)
        face = areas.index("face")
        assert cell_for(screen, 11).has_class("-rest") and marks_of(cell_for(screen, 11))[face] == "~"
        assert cell_for(screen, 31).has_class("-rest") and marks_of(cell_for(screen, 31))[face] == "~"
        assert all(len(marks_of(cell)) == len(areas) for cell in screen.query(DayCell))  # one mark per area, every day
        await pilot.press("left")
        await settle(pilot)
        assert screen.month_label == "February 2025"
        assert "fa" in badges_of(cell_for(screen, 24)) and "fa" in badges_of(cell_for(screen, 26))
        assert "le" in badges_of(cell_for(screen, 10))
        assert "6 sessions this month" in text_of(screen.query_one("#month-summary", Static))
        await pilot.press("h")
        await settle(pilot)
        assert screen.month_label == "January 2025"
        await pilot.press("l", "l", "l")
        await settle(pilot)
        assert screen.month_label == "April 2025"
        # the 8th of April is the face's last day of rest, the 9th its first free day
        assert cell_for(screen, 8).has_class("-rest") and marks_of(cell_for(screen, 8))[face] == "~"
        assert not cell_for(screen, 9).has_class("-rest") and marks_of(cell_for(screen, 9))[face] != "~"
        await pilot.press("t")
        await settle(pilot)
        assert screen.month_label == "March 2025"
        await pilot.press("left", "left", "left")
        await settle(pilot)
        assert screen.month_label == "December 2024"
        legend = text_of(screen.query_one("#legend", Static))
        assert " ".join(abbreviations(areas).values()) in legend
        for mark in ("~ rest", "+ healing", "× condition", "! caution"):
            assert mark in legend
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_calendar_follows_the_area_filter(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.set_filter("legs")
        await pilot.press("c", "left")
        await settle(pilot)
        screen = app.screen
        assert screen.month_label == "February 2025  ·  only legs"
        assert "fa" not in badges_of(cell_for(screen, 24))
        assert len(marks_of(cell_for(screen, 24))) == 1
        assert "1 session this month" in text_of(screen.query_one("#month-summary", Static))


def test_abbreviations_are_unique():
    got = abbreviations(["face", "fat", "fa", "f", "neck"])
    assert len(set(got.values())) == 5
    assert got["face"] == "fa" and got["neck"] == "ne"


async def test_devices_add_and_retire(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DevicesScreen)
        table = screen.query_one("#devices", DataTable)
        assert table.row_count == 4
        rows = {str(table.get_row_at(i)[1]): [str(c) for c in table.get_row_at(i)] for i in range(table.row_count)}
        assert rows["face roller"][4] == "3" and rows["face roller"][5] == "2025-01-10"
        assert rows["face roller"][7].startswith("! old: replace soon")  # first used 50 days ago: more than 42
        assert rows["derma pen"][7].startswith("✓ new cartridge each session")  # a pen does not wear by use (issue 25)
        assert rows["old roller"][6] == "retired"
        wear = text_of(screen.query_one("#wear-rules", Static))
        assert wear.startswith("Wear (next use): a roller or stamp: replace after 8 uses (device-wear); a pen: a new cartridge each session (cartridge); caution 42 days after")

        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, DeviceForm)
        await pilot.press("enter")  # no name yet
        await settle(pilot)
        assert "needs a name" in text_of(form.query_one("#name-error", Static))
        form.query_one("#name", Input).value = "neck stamp"
        form.query_one("#kind", Select).value = "stamp"
        await pilot.press("enter")  # a stamp needs its length
        await settle(pilot)
        assert "A stamp has fixed needles" in text_of(form.query_one("#needle-error", Static))
        form.query_one("#needle", Input).value = "0.25"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and table.row_count == 5
        added = [d for d in journal.devices() if d.name == "neck stamp"]
        assert len(added) == 1 and added[0].kind == "stamp" and added[0].needle_um == 250
        assert table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value == str(added[0].id)

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert journal.device(added[0].id).retired
        assert msg.DEVICE_RETIRED.format(id=added[0].id, name="neck stamp") in [n.message for n in app.notified]
        assert str(table.get_row_at(table.cursor_row)[6]) == "retired"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        # A retired device is not offered for a new session.
        await pilot.press("a")
        await settle(pilot)
        labels = option_labels(app.screen.query_one("#device", Select))
        assert not any("neck stamp" in label for label in labels)


async def test_device_wear_states(empty_journal):
    from homelog.tui.screens.devices import wear_text

    from datetime import date

    from homelog.records import Device

    def dev(uses, first=date(2025, 2, 1), retired=False):
        return Device(1, "u", "d", "roller", 500, uses=uses, first_used=first, retired=retired)

    today = date(2025, 3, 1)

    def text(d):
        return wear_text(d, empty_journal.device_outlook(d, today))

    assert text(dev(7)) == ("✓ ok (1 uses left)", "ok")
    assert text(dev(8)) == ("✗ replace", "stop")  # the next would be use 9: past the sellers' 8
    assert text(dev(15)) == ("✗ replace", "stop")
    assert text(dev(1, first=date(2024, 11, 1)))[1] == "caution"
    assert text(dev(20, retired=True))[0] == "-"


async def test_a_long_name_or_note_is_cut_with_an_ellipsis_not_off_the_screen(journal):
    """Devices: the name takes the width the other columns leave (never under 16),
    cut with "…"; conditions: the notes do; both follow a resize."""
    from homelog.tui.screens.conditions import ConditionsScreen

    long_name = "a very long device name for the stamp bought online last spring, blue"
    journal.add_device(name=long_name, kind="stamp", needle="1.0")
    journal.add_condition("retinoid", area="face", start="2025-02-20", notes="tretinoin nightly " * 8)
    async with build_app(journal).run_test(size=(100, 30)) as pilot:
        await pilot.press("v")
        await settle(pilot)
        table = pilot.app.screen.query_one(DataTable)
        lines = [line for line in screen_text(pilot.app).split("\n") if "very long" in line]
        assert lines and "…" in lines[0] and "stamp" in lines[0] and long_name not in lines[0]
        total = sum(c.get_render_width(table) for c in table.columns.values())
        assert total <= table.scrollable_content_region.width  # no sideways scroll at 100 columns
        name = table.columns[next(k for k in table.columns if k.value == "Name")]
        assert not name.auto_width and 16 <= name.width < len(long_name)
        await pilot.resize_terminal(200, 30)
        await settle(pilot)
        assert name.width == len(long_name)  # room enough: the whole name, no wider
        await pilot.resize_terminal(100, 30)
        await pilot.press("escape", "k")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ConditionsScreen)
        row = [line for line in screen_text(pilot.app).split("\n") if "retinoid" in line][0]
        assert "tretinoin nightly" in row and row.rstrip().endswith("…")


async def test_rules_and_help_screens(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RulesScreen)
        rules_text = app.screen.plain
        for rule in ("rest-period", "home-depth", "device-wear", "device-age", "disinfection"):
            assert rule in rules_text
        assert rules_text.count("Evidence: ") == rules_text.count("Sources:") == len(RULE_IDS) and msg.DISCLAIMER in rules_text
        assert "- Microneedling (news release, 16 February 2018) — American Academy of Dermatology" in rules_text
        assert "https://aad.org/news/microneedling" in rules_text and "No study backs this rule" in rules_text
        await pilot.press("escape")
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        help_text = app.screen.plain
        assert msg.DISCLAIMER in help_text
        for level in ("NOTE", "CAUTION", "STOP"):
            assert level in help_text
        for key in ("e / enter", "ctrl+r / F5", "ctrl+p", "escape"):
            assert key in help_text
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_welcome_on_an_empty_journal(empty_journal):
    app = build_app(empty_journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        texts = " ".join(text_of(w) for w in app.screen.query(Static))
        assert "does not control any device" in texts and msg.DISCLAIMER in texts
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, SessionForm)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "No sessions yet" in text_of(app.screen.query_one("#table-info", Static))


async def test_command_palette_runs_app_commands(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"neck")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.area_filter == "neck" and app.screen.table.row_count == 1


async def test_palette_offers_every_command(app):
    from homelog.tui.commands import HomelogCommands

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        provider = HomelogCommands(app.screen)
        names = [hit.text async for hit in provider.discover()]  # before typing
        names += [hit.text async for hit in provider.search("Filter: face")]
        for expected in (
            "Add session", "Edit session", "Delete session", "Undo", "Calendar", "Devices",
            "Rules", "Help", "Filter", "Refresh", "Toggle dark/light", "Filter: face",
        ):
            assert expected in names


async def test_toggle_dark_and_light(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.theme == "textual-light"
        await pilot.press("v")  # the devices table restyles from the theme
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.theme == "textual-dark"


async def test_quit(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running


def test_the_help_keys_come_from_the_bindings(monkeypatch):
    from textual.binding import Binding

    from homelog.tui import text as T
    from homelog.tui.app import HomelogApp
    from homelog.tui.screens.help import key_items

    app = HomelogApp.__new__(HomelogApp)  # only its class attributes are read
    keys = [key for key, _what in key_items(app)]
    for binding in [*MainScreen.BINDINGS, *HomelogApp.BINDINGS]:
        assert any(binding.key.split(",")[0] in key.replace("?", "question_mark") for key in keys), binding
    monkeypatch.setattr(MainScreen, "BINDINGS", [*MainScreen.BINDINGS, Binding("g", "go", "Go")])
    monkeypatch.setitem(T.HELP_ACTIONS, "go", "go somewhere")
    assert ("g", "go somewhere") in key_items(app)


async def test_a_finding_opens_to_its_sources(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot)
        await pilot.press("ctrl+o")  # nothing checked yet: a notice, no screen
        await settle(pilot)
        assert app.screen is form and any("nothing to show the sources of" in m for m in notes(app))
        form.query_one("#area", Select).value = "face"
        await type_into(pilot, "#needle", "0.75")
        assert "Ctrl+O or a click on a finding" in form.query_one(Findings).plain
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        text = screen.plain
        assert text.startswith("rest-period (STOP)") and "disinfection (CAUTION)" in text
        # the findings' rules first, with their levels: rest-period, home-depth (0.75 mm is above
        # 0.5), disinfection, frequency-cap (02-24, 02-26 and this one in 7 days), aftercare
        assert "aftercare (NOTE)" in text and "home-depth (CAUTION)" in text and "frequency-cap (CAUTION)" in text
        assert "https://instyle.com/news/how-to-use-dermarollers" in text
        # then every other rule, without a level
        assert text.index("aftercare (NOTE)") < text.index("\ndevice-wear\n")
        assert text.count("Evidence: ") == len(app.journal.rules.source_keys)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form
        await pilot.click(Findings)
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)


async def test_sources_from_the_palette_the_key_and_help(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"sour")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        text = screen.plain
        assert text.startswith("rest-period\n") and text.count("Evidence: ") == len(app.journal.rules.source_keys)
        assert "homelog sources" not in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)
        await pilot.press("escape", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen) and "the sources every safety rule rests on" in app.screen.plain
