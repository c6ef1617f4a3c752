"""Pilot tests: the products screen, the product form's live classes, logging an
application, the session form's products and cartridge, and marking a device shared."""

from __future__ import annotations

from textual.widgets import Input, Select, SelectionList, Static, TextArea

from homelog.tui.screens.apply_form import ApplyForm
from homelog.tui.screens.confirm import ConfirmScreen
from homelog.tui.screens.main import MainScreen
from homelog.tui.screens.product_form import ProductForm
from homelog.tui.screens.products import ProductsScreen
from homelog.tui.screens.session_form import SessionForm

from .test_tui_main import SIZE, notes, settle, text_of


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def test_add_a_product_with_its_classes_shown_live_then_undo(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        assert isinstance(app.screen, ProductsScreen)
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, ProductForm)
        assert "unknown, which is not safe" in text_of(form.query_one("#classes", Static))
        form.query_one("#name", Input).value = "C serum"
        form.query_one("#ingredients", TextArea).text = "Aqua, ASCORBIC acid"
        await settle(pilot)
        assert "vitamin C (ASCORBIC acid)" in text_of(form.query_one("#classes", Static))
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ProductsScreen)
        [p] = journal.products()
        assert (p.name, p.ingredients, p.sterile) == ("C serum", "Aqua, ASCORBIC acid", False)
        assert app.screen.table.row_count == 1
        await press(pilot, "u")
        assert journal.products() == [] and app.screen.table.row_count == 0


async def test_a_refused_product_keeps_the_form_open_and_saves_nothing(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "p", "a")
        form = app.screen
        form.query_one("#ingredients", TextArea).text = "a" * 5001
        form.query_one("#name", Input).value = "Big"
        await press(pilot, "ctrl+s")
        assert app.screen is form and journal.products() == []
        assert "Ingredients" in text_of(form.query_one("#ingredients-error", Static))


async def test_the_product_form_marks_bad_fields_as_they_are_typed(app, journal):
    """Live, before any Save: too-long notes marked and Save disabled; a name left
    empty only hints until it is touched; fixing them enables Save."""
    from textual.widgets import Button

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "p", "a")
        form = app.screen
        form.query_one("#notes", Input).value = "x" * 2001
        await settle(pilot)
        assert "Notes" in text_of(form.query_one("#notes-error", Static))
        assert form.query_one("#save", Button).disabled
        assert not form.query_one("#name-error", Static).has_class("-bad")  # untouched: a quiet hint
        form.query_one("#name", Input).value = "Glide"
        form.query_one("#notes", Input).value = "sterile HA"
        await settle(pilot)
        assert not form.errors and not form.query_one("#save", Button).disabled
        await press(pilot, "ctrl+s")
        assert [p.name for p in journal.products()] == ["Glide"]


async def test_the_apply_form_marks_a_bad_date_as_it_is_typed(app, journal):
    from textual.widgets import Button

    journal.add_product(name="Night cream", ingredients="Aqua, Retinol")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "l")
        form = app.screen
        assert isinstance(form, ApplyForm)
        form.query_one("#date", Input).value = "2025-02-31"
        await settle(pilot)
        assert "2025-02-31" in text_of(form.query_one("#date-error", Static))
        assert form.query_one("#save", Button).disabled
        await press(pilot, "ctrl+s")
        assert app.screen is form and journal.applications() == []
        form.query_one("#date", Input).value = "2025-02-28"
        await settle(pilot)
        assert not form.errors
        await press(pilot, "ctrl+s")
        assert [a.date.isoformat() for a in journal.applications()] == ["2025-02-28"]


async def test_log_an_application_for_the_selected_sessions_area(app, journal):
    journal.add_product(name="Night cream", ingredients="Aqua, Retinol")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "l")  # the newest session: arms on 2025-02-28 (in aftercare today)
        form = app.screen
        assert isinstance(form, ApplyForm)
        assert form.query_one("#area", Select).value == "arms"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, MainScreen)
        [a] = journal.applications()
        assert (a.product.name, a.area) == ("Night cream", "arms")
        said = " ".join(notes(app))
        from datetime import date, timedelta

        from homelog.rules.checks import aftercare

        until = date(2025, 2, 28) + timedelta(days=aftercare.params(journal.rules).days(250))
        assert "a retinoid (Retinol)" in said and f"until {until.isoformat()}" in said


async def test_the_session_form_saves_products_and_a_pens_cartridge(app, journal):
    ha = journal.add_product(name="HA glide", ingredients="Aqua, Sodium Hyaluronate", sterile=True)
    pen = next(d for d in journal.devices() if d.kind == "pen")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, SessionForm)
        assert form.query_one("#cartridge-field").has_class("-hidden")  # no device yet
        form.query_one("#area", Select).value = "hands"
        form.query_one("#needle", Input).value = "0.25"
        form.query_one("#device", Select).value = pen.id
        await settle(pilot)
        assert not form.query_one("#cartridge-field").has_class("-hidden")
        form.query_one("#cartridge", Select).value = "new"
        form.query_one("#products-list", SelectionList).select(ha.id)
        await settle(pilot)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, MainScreen)
        saved = journal.list()[0]
        assert (saved.area, saved.cartridge, saved.product_ids) == ("hands", "new", (ha.id,))


async def test_mark_a_device_shared(app, journal):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "v")
        target = app.screen.table.selected_id
        await press(pilot, "s")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert journal.device(target).shared_from is not None
        assert "someone else" in " ".join(notes(app))


async def test_the_product_list_ticks_only_the_chosen_rows(app, journal):
    """A ticked row reads ✓ and an unticked one blank, without relying on colour."""
    ha = journal.add_product(name="HA glide", ingredients="Aqua, Sodium Hyaluronate", sterile=True)
    journal.add_product(name="C serum", ingredients="Aqua, Ascorbic Acid")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        products = app.screen.query_one("#products-list", SelectionList)
        products.select(ha.id)
        await settle(pilot)
        rows = [products.render_line(y).text for y in range(products.option_count)]
        ticked = [row for row in rows if "HA glide" in row]
        unticked = [row for row in rows if "C serum" in row]
        assert ticked and ticked[0].startswith("▐✓▌")
        assert unticked and unticked[0].startswith("▐ ▌")
