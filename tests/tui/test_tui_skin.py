"""Pilot tests: observing a session's reaction, healing, and the conditions screen."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Select, Static

from homelog import messages as msg
from homelog.tui.screens.condition_form import ConditionForm
from homelog.tui.screens.conditions import ConditionsScreen
from homelog.tui.screens.confirm import ConfirmScreen
from homelog.tui.screens.main import MainScreen
from homelog.tui.screens.reaction_form import ReactionForm
from homelog.tui.widgets.form_fields import TickBox

from .conftest import TODAY
from .test_tui_main import SIZE, notes, option_labels, settle, text_of


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def error_of(screen, field: str) -> str:
    label = screen.query_one(f"#{field}-error", Static)
    return text_of(label) if label.has_class("-shown") else ""


async def test_observe_logs_a_reaction_for_the_selected_session(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = app.screen.table.selected_id  # the newest: arms on 2025-02-28
        await press(pilot, "o")
        form = app.screen
        assert isinstance(form, ReactionForm)
        form.query_one("#redness", Select).value = 2
        form.query_one("#swelling", TickBox).value = True
        form.query_one("#date", Input).value = "2025-02-28"
        form.query_one("#notes", Input).value = "warm"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, MainScreen)
        [seen] = journal.reactions(target)
        assert (seen.redness, seen.swelling, seen.bleeding, seen.date, seen.notes) == (2, True, False, date(2025, 2, 28), "warm")
        assert "Logged for session 8 (arms, 2025-02-28) on 2025-02-28: redness 2, swelling." in notes(app)


async def test_a_refused_observation_keeps_the_form_open_and_saves_nothing(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = app.screen.table.selected_id
        await press(pilot, "o")
        form = app.screen
        form.query_one("#date", Input).value = "2025-02-01"  # before the session
        await press(pilot, "ctrl+s")
        assert app.screen is form
        assert "before session 8" in error_of(form, "date") and form.query_one("#date").has_class("-bad")
        form.query_one("#date", Input).value = "soon"
        await press(pilot, "ctrl+s")
        assert app.screen is form and "soon" in error_of(form, "date")
        assert journal.reactions(target) == []
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen) and journal.reactions(target) == []


async def test_h_marks_the_selected_session_healed_today(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = app.screen.table.selected_id
        await press(pilot, "h")
        [seen] = journal.reactions(target)
        assert seen.healed and seen.date == TODAY
        assert any(m.endswith(f"on {TODAY.isoformat()}: healed.") for m in notes(app))


async def open_conditions(pilot) -> ConditionsScreen:
    await press(pilot, "k")
    assert isinstance(pilot.app.screen, ConditionsScreen)
    return pilot.app.screen


async def add_condition(pilot, kind: str, *, area: str = "", start: str = "", end: str = "") -> ConditionForm:
    await press(pilot, "a")
    form = pilot.app.screen
    assert isinstance(form, ConditionForm)
    form.query_one("#kind", Select).value = kind
    form.query_one("#area", Select).value = area
    if start:
        form.query_one("#start", Input).value = start
    form.query_one("#end", Input).value = end
    await press(pilot, "ctrl+s")
    return form


async def test_conditions_add_end_delete_and_undo(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_conditions(pilot)
        assert "No conditions recorded" in text_of(screen.query_one("#conditions-empty", Static))
        await add_condition(pilot, "retinoid", area="face", start="2025-02-20")
        assert app.screen is screen
        [c] = journal.conditions()
        assert (c.kind, c.area, c.start, c.end) == ("retinoid", "face", date(2025, 2, 20), None)
        row = [str(cell) for cell in screen.table.get_row_at(0)]
        assert row[1:5] == ["retinoid", "face", "2025-02-20", "ongoing"]
        assert f"Added condition {c.id}: retinoid (on the face), from 2025-02-20, ongoing." in notes(app)
        await press(pilot, "x")
        assert journal.condition(c.id).end == TODAY
        assert str(screen.table.get_row_at(0)[4]) == TODAY.isoformat()
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert journal.conditions() == [] and screen.table.row_count == 0
        await press(pilot, "u")  # the app's undo: the delete
        assert [x.id for x in journal.conditions()] == [c.id] and screen.table.row_count == 1
        assert msg.UNDONE_CONDITION_DELETE.format(id=c.id, kind="retinoid") in notes(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)


async def test_undo_after_adding_a_condition_removes_it(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_conditions(pilot)
        await add_condition(pilot, "pregnancy")
        [c] = journal.conditions()
        assert c.area is None and c.start == TODAY and str(screen.table.get_row_at(0)[2]) == "every area"
        await press(pilot, "escape", "u")  # from the main screen this time
        assert journal.conditions() == []
        assert msg.UNDONE_CONDITION_ADD.format(id=c.id, kind="pregnancy") in notes(app)


async def test_a_refused_condition_keeps_the_form_open_and_saves_nothing(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_conditions(pilot)
        form = await add_condition(pilot, "infection", start="2025-02-20", end="2025-02-10")
        assert app.screen is form
        assert "before the start" in error_of(form, "end") and not error_of(form, "start")
        form.query_one("#end", Input).value = "later"
        form.query_one("#start", Input).value = "2025-02-20"
        await press(pilot, "ctrl+s")
        assert app.screen is form and "later" in error_of(form, "end") and not error_of(form, "start")
        form.query_one("#start", Input).value = "yesterday"
        form.query_one("#end", Input).value = ""
        await press(pilot, "ctrl+s")
        assert app.screen is form and "yesterday" in error_of(form, "start") and not error_of(form, "end")
        assert journal.conditions() == []


async def test_the_condition_kinds_come_from_the_rules(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_conditions(pilot)
        await press(pilot, "a")
        assert tuple(option_labels(app.screen.query_one("#kind", Select))) == tuple(journal.rules.condition_kinds)


async def test_palette_and_help_offer_the_skin_commands(app):
    from homelog.tui.commands import HomelogCommands
    from homelog.tui.screens.help import HelpScreen

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        provider = HomelogCommands(app.screen)
        names = [hit.text async for hit in provider.discover()]
        for expected in ("Observe reaction", "Healed", "Conditions"):
            assert expected in names
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = app.screen.plain
        for key, what in (("o", "reacted"), ("h", "healed"), ("k", "conditions")):
            assert any(line.lstrip().startswith(key + " ") and what in line for line in shown.splitlines()), key


async def test_the_new_kinds_are_offered_and_say_where_they_apply(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_conditions(pilot)
        await press(pilot, "a")
        offered = [value for _, value in app.screen.query_one("#kind", Select)._options]
        for kind in ("bleeding-disorder", "metal-allergy", "skin-cancer", "chemo-radiotherapy", "immune-suppression", "open-wound"):
            assert kind in offered
        await press(pilot, "escape")
        await add_condition(pilot, "skin-cancer", area="chest")
        await add_condition(pilot, "metal-allergy")
        rows = {str(screen.table.get_row_at(i)[1]): str(screen.table.get_row_at(i)[2]) for i in range(screen.table.row_count)}
        assert rows == {"skin-cancer": "chest", "metal-allergy": "every area"}
        assert any(m.startswith("Added condition") and "skin-cancer (on the chest)" in m for m in notes(app))


async def test_a_kind_for_every_area_refuses_an_area_in_the_form(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_conditions(pilot)
        form = await add_condition(pilot, "isotretinoin", area="face")
        assert app.screen is form and journal.conditions() == []
        assert 'Condition "isotretinoin" applies to every area whatever its area' in error_of(form, "area")
