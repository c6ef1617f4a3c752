"""Pilot tests: the forms check live (after a pause in typing, every bad field
at once, cleared when fixed), keys typed fast under a slow check keep their
order, and an overridden session's reason is shown and kept."""

from __future__ import annotations

import threading
import time

from textual import events
from textual.widgets import Button, Input, Select, Static

from homelog.tui.screens.condition_form import ConditionForm
from homelog.tui.screens.device_form import DeviceForm
from homelog.tui.screens.main import MainScreen
from homelog.tui.screens.reaction_form import ReactionForm
from homelog.tui.screens.reason import ReasonScreen
from homelog.tui.screens.session_form import SessionForm

from .conftest import settle
from .test_tui_main import SIZE, open_form, text_of

SLOW = 0.25  # seconds: an artificially slow journal check


def shown_errors(screen, fields) -> dict[str, str]:
    out = {}
    for name in fields:
        label = screen.query_one(f"#{name}-error", Static)
        if label.has_class("-shown") and not label.has_class("-quiet"):
            out[name] = text_of(label)
    return out


def burst(app, keys: str | list[str]) -> None:
    """Send keys back to back, as a terminal does when someone types fast
    (Pilot's press waits for each key to be handled; this does not)."""
    for key in keys:
        name = {"\b": "backspace", "-": "minus", ".": "full_stop"}.get(key, key)
        event = events.Key(name, key if len(key) == 1 and key != "\b" else None)
        event.set_sender(app)
        app._driver.send_message(event)


async def until(pilot, done, timeout: float = 3.0) -> None:
    """Pause until ``done()`` (the keys sent have been handled), at most ``timeout`` seconds."""
    end = time.perf_counter() + timeout
    while not done() and time.perf_counter() < end:
        await pilot.pause(0.01)


async def test_fast_typing_into_date_and_needle_under_a_slow_check_keeps_every_key(app, monkeypatch):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot)
        form.query_one("#area", Select).value = "neck"
        await settle(pilot)
        checks = []
        real_check = app.journal.check

        def slow_check(candidate, **kw):
            checks.append(candidate)
            time.sleep(SLOW)
            return real_check(candidate, **kw)

        monkeypatch.setattr(app.journal, "check", slow_check)
        date = form.query_one("#date", Input)
        date.focus()
        await pilot.pause()
        date.cursor_position = len(date.value)
        started = time.perf_counter()
        burst(app, ["\b"] * 10 + list("2025-02-2") + ["\b", "2", "8"])
        await until(pilot, lambda: date.value == "2025-02-28")
        needle = form.query_one("#needle", Input)
        # shift+tab back to the needle, in the same burst as its digits
        burst(app, ["shift+tab"] + list("0.55") + ["\b", "\b", "7", "5"])
        await until(pilot, lambda: needle.value == "0.75")
        typed = time.perf_counter() - started
        assert date.value == "2025-02-28"
        assert needle.value == "0.75"
        await settle(pilot)
        # One check per pause, not per key; none of the 31 keys waited for one.
        assert 1 <= len(checks) <= 3, len(checks)
        assert typed < SLOW * 3, typed
        last = checks[-1]
        assert (last.date.isoformat(), last.needle_um, last.area) == ("2025-02-28", 750, "neck")


async def test_the_session_form_checks_after_a_pause_not_on_every_key(app, monkeypatch):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot)
        form.query_one("#area", Select).value = "neck"
        await settle(pilot)
        threads = []
        real = form.compute_check
        monkeypatch.setattr(form, "compute_check", lambda values: threads.append(threading.get_ident()) or real(values))
        # A pause long enough that a busy test machine's slow key presses are not one (the
        # app's is CHECK_DELAY); settle waits for it.
        form.check_delay = 1.0
        form.query_one("#needle", Input).focus()
        await pilot.press(*"0.25")
        assert form.check_pending and threads == []
        await settle(pilot)
        # one check, off the main thread (the loop never waits for the journal)
        assert len(threads) == 1 and threads[0] != threading.get_ident() and not form.check_pending
        assert "Next safe date for neck" in form.query_one("#findings").plain


async def test_an_empty_date_is_an_error_not_today(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot)
        form.query_one("#area", Select).value = "neck"
        form.query_one("#needle", Input).value = "0.25"
        form.query_one("#date", Input).value = ""
        await settle(pilot)
        assert "Give the date as YYYY-MM-DD" in shown_errors(form, ["date"])["date"]
        assert form.query_one("#save", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and journal.count() == 8
        form.query_one("#date", Input).value = "2025-02-28"
        await settle(pilot)
        assert shown_errors(form, ["date"]) == {} and not form.query_one("#save", Button).disabled


async def open_reaction(pilot) -> ReactionForm:
    await pilot.press("o")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReactionForm)
    return pilot.app.screen


async def test_the_reaction_form_shows_every_error_live_and_clears_them(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = app.screen.table.selected_id  # arms, 2025-02-28
        form = await open_reaction(pilot)
        form.query_one("#date", Input).value = "2025-02-01"
        form.query_one("#notes", Input).value = "x" * 3000
        await settle(pilot)  # no Save pressed: the form checked by itself
        errors = shown_errors(form, ("redness", "date", "notes"))
        assert set(errors) == {"date", "notes"}
        assert "before session 8" in errors["date"] and "2000" in errors["notes"]
        assert form.query_one("#save", Button).disabled
        form.query_one("#date", Input).value = ""
        await settle(pilot)
        assert "Give the date" in shown_errors(form, ("date",))["date"]
        form.query_one("#date", Input).value = "2025-02-28"
        form.query_one("#notes", Input).value = "ok"
        await settle(pilot)
        assert shown_errors(form, ("redness", "date", "notes")) == {}
        assert not form.query_one("#date").has_class("-bad")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and len(journal.reactions(target)) == 1


async def test_the_device_form_shows_every_error_at_once(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, DeviceForm)
        assert shown_errors(form, ("name", "kind", "needle")) == {}  # untouched: hints only
        form.query_one("#needle", Input).value = "9"
        form.query_one("#name", Input).value = "   "
        await settle(pilot)
        errors = shown_errors(form, ("name", "kind", "needle"))
        assert set(errors) == {"name", "needle"} and "'9'" in errors["needle"]
        form.query_one("#name", Input).value = "new roller"
        form.query_one("#needle", Input).value = "0.5"
        await settle(pilot)
        assert shown_errors(form, ("name", "kind", "needle")) == {}
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any(d.name == "new roller" for d in journal.devices())


async def test_the_condition_form_shows_every_error_live(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ConditionForm)
        form.query_one("#start", Input).value = ""
        form.query_one("#end", Input).value = "later"
        await settle(pilot)
        errors = shown_errors(form, ("kind", "area", "start", "end", "notes"))
        assert set(errors) == {"start", "end"} and "later" in errors["end"]
        form.query_one("#start", Input).value = "2025-02-20"
        form.query_one("#end", Input).value = "2025-02-10"
        await settle(pilot)
        errors = shown_errors(form, ("kind", "area", "start", "end", "notes"))
        assert set(errors) == {"end"} and "before the start" in errors["end"]
        form.query_one("#end", Input).value = ""
        await settle(pilot)
        assert shown_errors(form, ("kind", "area", "start", "end", "notes")) == {}
        assert journal.conditions() == []


async def _edit_overridden(pilot, journal) -> SessionForm:
    table = pilot.app.screen.table
    target = next(s.id for s in journal.list() if s.override_reason)
    table.move_cursor(row=table.get_row_index(str(target)))
    await settle(pilot)
    return await open_form(pilot, "e")


async def test_the_selected_session_shows_its_override_reason(app, journal):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        detail = app.screen.query_one("#session-detail", Static)
        assert not detail.display  # the newest session has no override
        table = app.screen.table
        target = next(s for s in journal.list() if s.override_reason)
        table.move_cursor(row=table.get_row_index(str(target.id)))
        await settle(pilot)
        assert detail.display
        shown = text_of(detail)
        assert f"#{target.id}" in shown and "rest-period" in shown and "my dermatologist" in shown


async def test_the_edit_form_keeps_the_reason_and_asks_again_prefilled(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await _edit_overridden(pilot, journal)
        reason = form.query_one("#reason", Input)
        assert reason.value == "my dermatologist said it is fine"
        target = form.editing.id
        # A deeper needle: checked again, the stop asks for a reason, starting from the old one.
        form.query_one("#needle", Input).value = "1.0"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        asked = app.screen
        assert isinstance(asked, ReasonScreen)
        assert asked.query_one("#reason", Input).value == "my dermatologist said it is fine"
        assert not asked.query_one("#go", Button).disabled
        await pilot.press("enter")
        await settle(pilot)
        saved = journal.get(target)
        assert saved.needle_um == 1000 and saved.override_reason == "my dermatologist said it is fine"


async def test_a_changed_reason_is_saved_and_an_empty_one_is_an_error(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await _edit_overridden(pilot, journal)
        target = form.editing.id
        reason = form.query_one("#reason", Input)
        reason.value = "  "
        await settle(pilot)
        assert "reason" in shown_errors(form, ("reason",))
        assert form.query_one("#save", Button).disabled
        reason.value = "the dermatologist checked the skin first"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        saved = journal.get(target)
        assert saved.override_reason == "the dermatologist checked the skin first"
        assert saved.overridden_rules
