"""Pilot tests: the main screen, the session form, delete/undo, filter, refresh."""

from __future__ import annotations

from textual import events
from textual.widgets import Button, Checkbox, Input, OptionList, Select, Static

from homelog import messages as msg
from homelog.records import SessionFilter
from homelog.tui import text as T
from homelog.tui.screens.confirm import ConfirmScreen
from homelog.tui.screens.main import MainScreen
from homelog.tui.screens.reason import ReasonScreen
from homelog.tui.screens.session_form import SessionForm
from homelog.tui.widgets.area_panel import AreaPanel
from homelog.tui.widgets.findings import Findings

from .conftest import build_app, open_at, settle

SIZE = (120, 40)


def text_of(widget) -> str:
    return str(widget.render())


def notes(app) -> list[str]:
    return [n.message for n in app.notified]


def option_labels(select: Select) -> list[str]:
    """What a Select offers, as its drop-down list shows it."""
    return [str(option.prompt) for option in select.query_one(OptionList).options]


def findings_text(app) -> str:
    return app.screen.query_one(Findings).plain


async def open_form(pilot, key: str = "a") -> SessionForm:
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, SessionForm)
    return pilot.app.screen


async def type_into(pilot, selector: str, value: str, *, keys: bool = False) -> None:
    """Fill an input: by key presses (slow, ~60 ms a key) or by setting its value."""
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    if keys:
        widget.value = ""
        await pilot.press(*value)
    else:
        widget.value = value
    await settle(pilot, 2)


async def test_main_screen_shows_status_and_journal_newest_first(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        table = screen.table
        assert table.row_count == journal.count() == 8
        first = table.get_row_at(0)
        assert str(first[1]) == "2025-02-28" and str(first[2]) == "arms"
        assert str(first[7]) == "[red]not markup[/red]"  # user text is never markup
        flagged = [str(table.get_row_at(i)[4]) for i in range(table.row_count)]
        assert flagged.count("⚑") == 1
        panel = text_of(screen.query_one(AreaPanel))
        assert "✗ face" in panel and "2025-04-09" in panel  # the 0.75 mm session of 02-26 rests it 42 days
        assert "✓ neck" in panel
        for area in journal.rules.areas:
            assert area in panel
        assert "8 of 8 sessions" in text_of(screen.query_one("#table-info", Static))
        assert "today 2025-03-01" in text_of(screen.query_one("#topbar", Static))


async def test_fits_80x24(app, journal):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(AreaPanel)
        lines = text_of(panel).splitlines()
        # one line per area: its state mark (✓ ready, ! caution, ✗ stop), name, one word, its day
        assert [line[:1] for line in lines] == [{"ready": "✓", "caution": "!", "stop": "✗"}[s.state] for s in journal.status()]
        assert [line[2:].split()[0] for line in lines] == list(journal.rules.areas)
        assert max(len(line) for line in lines) <= panel.size.width
        assert panel.size.height >= len(lines)
        form = await open_form(pilot)
        save = form.query_one("#save", Button)
        assert save.region.bottom <= 24 and save.region.height == 1


async def test_footer_at_80_columns_shows_help(app):
    """Every key the main screen's footer shows fits 80 columns, the help key (the
    app's, shown last) included: the rest are on the help screen and the palette."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = {k.action: k.region for k in app.screen.query("FooterKey") if k.action != "command_palette"}
        assert "app.help" in keys or "help" in keys
        assert all(region.right <= 80 and region.width > 0 for region in keys.values()), keys


async def test_add_valid_session(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot)
        form.query_one("#area", Select).value = "chest"
        await type_into(pilot, "#needle", "0.2", keys=True)
        form.query_one("#disinfected", Checkbox).value = True
        await type_into(pilot, "#notes", "evening")
        await settle(pilot)
        assert not form.query_one("#save", Button).disabled
        shown = findings_text(app)  # only the aftercare note
        assert shown.count("NOTE") == 1 and "NOTE Aftercare" in shown
        assert "CAUTION" not in shown and "STOP" not in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        newest = journal.list(SessionFilter(area="chest"))
        assert len(newest) == 1
        s = newest[0]
        assert (s.date.isoformat(), s.needle_um, s.disinfected, s.notes, s.override_reason) == (
            "2025-03-01", 200, True, "evening", None
        )
        assert any(m.startswith(f"Saved session {s.id}: chest") for m in notes(app))
        assert app.screen.table.selected_id == s.id
        assert app.screen.table.row_count == 9


async def test_keyboard_only_add(app, journal):
    """Area chosen by typing in the Select, needle with the arrow keys."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot)
        assert app.focused is form.query_one("#area", Select)
        await pilot.press("enter", "h", "a", "enter")  # open, type to search "hands", choose
        await settle(pilot)
        assert form.query_one("#area", Select).value == "hands"
        await pilot.press("tab")  # the needle
        await pilot.press("down", "down")
        await settle(pilot)
        assert form.query_one("#needle", Input).value == "0.5"
        await pilot.press("enter")  # submit from an input saves
        await settle(pilot)
        assert [s.area for s in journal.list(limit=1)] == ["hands"]


async def test_stop_asks_for_a_reason_then_saves_with_override(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot)
        form.query_one("#area", Select).value = "face"
        await type_into(pilot, "#needle", "0.5")
        assert "STOP" in findings_text(app) and "still resting" in findings_text(app)
        assert not form.query_one("#save", Button).disabled  # stop is allowed with a reason
        before = journal.count()
        await pilot.press("ctrl+s")
        await settle(pilot)
        reason = app.screen
        assert isinstance(reason, ReasonScreen)
        assert reason.query_one("#go", Button).disabled
        await pilot.press("enter")  # an empty reason does nothing
        await settle(pilot)
        assert isinstance(app.screen, ReasonScreen) and journal.count() == before
        await pilot.press(*"skin is calm")
        await settle(pilot)
        assert not reason.query_one("#go", Button).disabled
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert journal.count() == before + 1
        saved = journal.get(app.screen.table.selected_id)
        assert saved.override_reason == "skin is calm"
        assert "rest-period" in saved.overridden_rules
        assert str(app.screen.table.get_row_at(0)[4]) == "⚑"
        assert any("with your override (rest-period)" in m for m in notes(app))


async def test_reason_dialog_cancel_keeps_form(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot)
        form.query_one("#area", Select).value = "face"
        await type_into(pilot, "#needle", "0.5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form and journal.count() == 8
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and journal.count() == 8


async def test_live_findings_follow_needle_and_date(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot)
        assert "Fill in the marked fields" in findings_text(app)
        form.query_one("#area", Select).value = "neck"
        await type_into(pilot, "#needle", "0.25")
        calm = findings_text(app)
        assert calm.count("NOTE") == 1 and "NOTE Aftercare" in calm and "STOP" not in calm
        assert "Next safe date for neck: 2025-03-01 (ready)" in calm
        await type_into(pilot, "#needle", "1.5")
        deep = findings_text(app)
        assert deep != calm and "too deep for home use" in deep and "STOP" in deep
        # Waiting does not make a needle shorter: no date, and why.
        assert "Next safe date for neck: no date" in deep and "home-depth" in deep

        form.query_one("#area", Select).value = "face"
        await type_into(pilot, "#needle", "0.5")
        resting = findings_text(app)
        assert "still resting" in resting and "2025-04-09" in resting
        await type_into(pilot, "#date", "2025-04-09")
        later = findings_text(app)
        assert "still resting" not in later and "Next safe date for face: 2025-04-09 (ready)" in later
        # Not yet disinfected: a caution, and it goes when ticked.
        assert "not marked as disinfected" in later
        form.query_one("#disinfected", Checkbox).value = True
        await settle(pilot)
        assert "not marked as disinfected" not in findings_text(app)


async def test_invalid_fields_are_marked_and_disable_save(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot)
        save = form.query_one("#save", Button)
        assert save.disabled  # nothing chosen yet
        form.query_one("#area", Select).value = "neck"
        await type_into(pilot, "#needle", "abc")
        assert save.disabled
        error = form.query_one("#needle-error", Static)
        assert "Needle length 'abc' is not valid" in text_of(error)
        assert error.has_class("-shown") and form.query_one("#needle").has_class("-bad")
        await type_into(pilot, "#needle", "0.5")
        assert not save.disabled and not error.has_class("-shown")

        await type_into(pilot, "#date", "2025-02-30")
        assert save.disabled and "2025-02-30" in text_of(form.query_one("#date-error", Static))
        await type_into(pilot, "#date", "2025-04-01")  # checkable, but a logged session cannot be in the future
        assert save.disabled
        assert "2025-04-01 is in the future" in text_of(form.query_one("#date-error", Static))
        assert "Next safe date" in findings_text(app)  # still shows what check says
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form


async def test_every_bad_field_is_marked_from_one_check(app, monkeypatch):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot)
        await type_into(pilot, "#needle", "abc")
        await type_into(pilot, "#date", "2025-02-30")
        await type_into(pilot, "#notes", "x" * 5000)
        calls = []
        checked = app.journal.session_input
        monkeypatch.setattr(app.journal, "session_input", lambda **kw: calls.append(kw) or checked(**kw))
        found = form.check_fields()
        assert len(calls) == 1 and found.candidate is None
        assert set(found.errors) == {"area", "needle", "day", "notes"}
        form.touched.update(("area", "needle", "date", "notes"))
        form.recheck()
        await settle(pilot)
        for name in ("area", "needle", "date", "notes"):
            assert form.query_one(f"#{name}-error", Static).has_class("-shown"), name
        assert "abc" in text_of(form.query_one("#needle-error", Static))
        assert "2025-02-30" in text_of(form.query_one("#date-error", Static))


async def test_device_fills_fixed_needle(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot)
        device = form.query_one("#device", Select)
        names = option_labels(device)
        assert any("face roller" in n for n in names) and not any("old roller" in n for n in names)
        roller = next(d.id for d in journal.devices() if d.name == "body stamp")
        device.value = roller
        await settle(pilot)
        assert form.query_one("#needle", Input).value == "1.0"


async def test_edit_selected_session(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.table
        table.move_cursor(row=1)  # 2025-02-26 face (the override)
        await settle(pilot)
        target = table.selected_id
        original = journal.get(target)
        form = await open_form(pilot, "e")
        assert form.editing.id == target
        assert form.query_one("#needle", Input).value == "0.75"
        # Nothing the rules look at changes: no stale findings, no reason asked (issue 23).
        assert findings_text(app) == T.EDIT_NOT_RECHECKED
        await type_into(pilot, "#notes", "edited")
        assert "STOP" not in findings_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        edited = journal.get(target)
        assert edited.notes == "edited"
        assert (edited.date, edited.area, edited.needle_um, edited.override_reason) == (
            original.date, original.area, original.needle_um, original.override_reason
        )
        assert any(m.startswith(f"Updated session {target}") for m in notes(app))


async def test_enter_on_a_row_edits_it(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionForm) and app.screen.editing is not None


async def test_delete_after_confirmation_then_undo(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = app.screen.table.selected_id
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert journal.count() == 8
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert journal.count() == 7
        assert str(target) not in app.screen.table.rows
        assert any(m.startswith(f"Deleted session {target}") for m in notes(app))
        await pilot.press("u")
        await settle(pilot)
        assert journal.count() == 8 and str(target) in app.screen.table.rows
        assert msg.UNDONE_DELETE.format(id=target, area="arms", date="2025-02-28") in notes(app)
        await pilot.press("u")  # undoes the seed's last change
        await pilot.press("u")
        await settle(pilot)
        assert journal.count() == 6


async def test_filter_by_area(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("down", "enter")  # "All areas" is first, then face
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        table = screen.table
        assert table.row_count == 4
        assert {str(table.get_row_at(i)[2]) for i in range(table.row_count)} == {"face"}
        assert "filter: face" in text_of(screen.query_one("#topbar", Static))
        assert "4 of 4 sessions on face" in text_of(screen.query_one("#table-info", Static))
        await pilot.press("a")
        await settle(pilot)
        assert app.screen.query_one("#area", Select).value == "face"  # the form starts on the filtered area
        await pilot.press("escape", "f", "home", "enter")
        await settle(pilot)
        assert table.row_count == 8 and "filter: all areas" in text_of(screen.query_one("#topbar", Static))


async def test_refresh_picks_up_sessions_from_another_process(app, journal, tmp_path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        other = open_at(tmp_path)  # like a second homelog process on the same file
        try:
            other.add(other.session_input(area="back", needle="0.25", day="2025-03-01", disinfected=True))
        finally:
            other.db.close()
        assert app.screen.table.row_count == 8
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.screen.table.row_count == 9
        assert str(app.screen.table.get_row_at(0)[2]) == "back"
        panel = text_of(app.screen.query_one(AreaPanel))
        assert "✗ back" in panel  # a 0.25 mm session rests the back 7 days: a stop

        other = open_at(tmp_path)
        try:
            other.add(other.session_input(area="chest", needle="0.25", day="2025-03-01", disinfected=True))
        finally:
            other.db.close()
        app.post_message(events.AppFocus())  # the terminal regains focus
        await settle(pilot)
        assert app.screen.table.row_count == 10


async def test_service_error_is_a_notification_not_a_crash(journal, tmp_path):
    read_only = open_at(tmp_path, read_only=True)
    try:
        # The app not told (--read-only disables these actions up front: test_tui_read_only),
        # so the service refuses: a notification, not a crash.
        app = build_app(read_only)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("u")
            await settle(pilot)
            errors = [n for n in app.notified if n.severity == "error"]
            assert errors and "read-only" in errors[0].message
            await pilot.press("d", "y")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen) and app.is_running
            assert app.screen.table.row_count == 8
    finally:
        read_only.db.close()


async def test_paging_loads_more_near_the_end(tmp_path, monkeypatch):
    from homelog.tui.widgets import journal_table

    monkeypatch.setattr(journal_table, "PAGE", 20)
    monkeypatch.setattr(journal_table, "NEAR_END", 5)
    journal = open_at(tmp_path)
    try:
        for i in range(45):
            day = f"2025-02-{i % 28 + 1:02d}"
            journal.add(journal.session_input(area="legs", needle="0.25", day=day, disinfected=True), override="seed")
        app = build_app(journal)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            table = app.screen.table
            assert table.row_count == 20 and table.total == 45
            assert "20 of 45 sessions" in text_of(app.screen.query_one("#table-info", Static))
            table.move_cursor(row=16)
            await settle(pilot)
            assert table.row_count == 40
            table.move_cursor(row=39)
            await settle(pilot)
            assert table.row_count == 45 and table.exhausted
            assert "45 of 45 sessions" in text_of(app.screen.query_one("#table-info", Static))
            ids = [int(k.value) for k in table.rows]
            assert len(set(ids)) == 45
            assert ids == [s.id for s in journal.list()]
    finally:
        journal.db.close()


async def test_edit_that_a_rule_stops_needs_a_reason(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.table
        target = next(s.id for s in journal.list() if s.date.isoformat() == "2025-02-01")
        table.move_cursor(row=table.get_row_index(str(target)))
        await settle(pilot)
        await open_form(pilot, "e")
        await type_into(pilot, "#date", "2025-02-23")  # the day before another face session
        assert "would come too soon" in findings_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReasonScreen)
        assert journal.get(target).date.isoformat() == "2025-02-01"  # nothing saved yet
        await type_into(pilot, "#reason", "moved to the real day")
        await pilot.press("enter")
        await settle(pilot)
        edited = journal.get(target)
        assert edited.date.isoformat() == "2025-02-23"
        assert edited.override_reason == "moved to the real day"
        assert any("with your override (rest-period)" in m for m in notes(app))
