"""Issue 23 in the TUI (Pilot): the areas panel, the form's next-safe line and the
calendar give the rules' one answer (``ready_on``), in the cases the issue found."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Select

from homelog.tui import text as T
from homelog.tui.screens.reason import ReasonScreen
from homelog.tui.widgets.area_panel import AreaPanel
from homelog.tui.widgets.month_grid import MARKS, DayCell

from .conftest import TODAY, build_app
from .test_tui_main import findings_text, open_form, settle, text_of, type_into

SIZE = (80, 24)


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


def add(journal, area: str, needle: str, on: date, **kwargs):
    return journal.add(journal.session_input(area=area, needle=needle, day=on.isoformat(), disinfected=True), override="t", **kwargs).session


async def start(pilot) -> None:
    """Past the welcome (a journal with no session yet shows it first)."""
    await settle(pilot)
    if not pilot.app.screen.query(AreaPanel):
        await pilot.press("escape")
        await settle(pilot)


def panel_line(app, area: str) -> str:
    return next(line for line in text_of(app.screen.query_one(AreaPanel)).splitlines() if line[2:].split()[0] == area)


async def calendar_marks(pilot, areas: list[str]) -> dict[date, str]:
    """day -> its marks line (one per area), for the grid's 42 days."""
    await pilot.press("c")
    await settle(pilot)
    screen = pilot.app.screen
    start = TODAY - timedelta(days=TODAY.weekday())
    out = {}
    for i, cell in enumerate(screen.query(DayCell)):
        out[start + timedelta(days=i)] = text_of(cell).split("\n")[1]
    return out


async def test_a_session_tomorrow_holds_face_to_day_8_everywhere(empty_journal):
    j = empty_journal
    add(j, "face", "0.5", TODAY)
    add(j, "face", "0.5", day(1))
    app = build_app(j)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        assert panel_line(app, "face").startswith("✗ face") and panel_line(app, "face").endswith(day(8).isoformat()[5:])
        areas = list(j.rules.areas)
        marks = await calendar_marks(pilot, areas)
        face = areas.index("face")
        assert all(marks[day(k)][face] == MARKS["rest"] for k in range(8))
        assert marks[day(8)][face] != MARKS["rest"]
        await pilot.press("escape")
        await settle(pilot)
        await open_form(pilot)
        app.screen.query_one("#area", Select).value = "face"
        await type_into(pilot, "#needle", "0.5")
        await type_into(pilot, "#date", day(7).isoformat())
        text = findings_text(app)
        assert "STOP" in text and f"Next safe date for face: {day(8).isoformat()}" in text


async def test_pregnancy_stops_with_no_date_not_ready(empty_journal):
    j = empty_journal
    j.add_condition("pregnancy", start=day(-20).isoformat())
    app = build_app(j)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        lines = text_of(app.screen.query_one(AreaPanel)).splitlines()
        assert len(lines) == len(j.rules.areas)  # all ten visible at 80x24
        assert all(line.startswith("✗") and line.endswith(T.AREA_NO_DATE) and "pregnancy"[:5] in line for line in lines)
        await open_form(pilot)
        app.screen.query_one("#area", Select).value = "neck"
        await type_into(pilot, "#needle", "0.25")
        text = findings_text(app)
        assert "STOP" in text and "(ready)" not in text
        assert "Next safe date for neck: no date" in text and "contraindication" in text


async def test_a_cold_sore_holds_face_past_its_rest_and_is_shaded(empty_journal):
    j = empty_journal
    add(j, "face", "0.5", TODAY)
    j.add_condition("cold-sore", area="face", start=day(-5).isoformat(), end=TODAY.isoformat())
    app = build_app(j)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        line = panel_line(app, "face")
        assert line.startswith("✗ face") and "cold-so" in line and line.endswith(day(14).isoformat()[5:])
        areas = list(j.rules.areas)
        marks = await calendar_marks(pilot, areas)
        face, neck = areas.index("face"), areas.index("neck")
        assert all(marks[day(k)][face] == MARKS["contra"] for k in range(14))
        assert marks[day(14)][face] not in (MARKS["contra"], MARKS["rest"])
        assert all(marks[day(k)][neck] != MARKS["contra"] for k in range(14))  # on the face only


async def test_a_caution_rest_is_not_drawn_as_a_stop(empty_journal):
    j = empty_journal
    add(j, "legs", "0.5", day(-10))  # 0.5 mm on the body: a stop for 7 days, then a caution to 28
    app = build_app(j)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        assert panel_line(app, "legs").startswith("! legs")
        areas = list(j.rules.areas)
        marks = await calendar_marks(pilot, areas)
        assert marks[TODAY][areas.index("legs")] == MARKS["caution"]


async def test_a_backdated_form_names_a_day_that_is_ok(empty_journal):
    j = empty_journal
    add(j, "face", "0.5", day(-10))
    app = build_app(j)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_form(pilot)
        app.screen.query_one("#area", Select).value = "face"
        await type_into(pilot, "#needle", "0.5")
        await type_into(pilot, "#date", day(-16).isoformat())
        text = findings_text(app)
        assert "STOP" in text and f"Next safe date for face: {day(-3).isoformat()}" in text
        assert day(-16).isoformat() not in text.split("Next safe date")[1]


async def test_a_retinoid_with_an_end_shows_its_day(empty_journal):
    j = empty_journal
    j.add_condition("retinoid", area="neck", start=day(-30).isoformat(), end=day(3).isoformat())
    app = build_app(j)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        line = panel_line(app, "neck")
        assert line.startswith("✗ neck") and "retinoid" in line and line.endswith(day(10).isoformat()[5:])


async def test_an_edit_says_what_save_will_do(empty_journal):
    j = empty_journal
    add(j, "face", "0.5", day(-1))
    second = j.add(j.session_input(area="face", needle="0.5", day=TODAY.isoformat()), override="my reason").session
    app = build_app(j)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        app.screen.table.move_cursor(row=0)
        await settle(pilot)
        assert app.screen.table.selected_id == second.id
        await open_form(pilot, "e")
        assert findings_text(app) == T.EDIT_NOT_RECHECKED  # no stale STOP, no reason asked
        await type_into(pilot, "#notes", "just notes")
        assert "STOP" not in findings_text(app)
        await type_into(pilot, "#needle", "0.75")  # now it is checked again, and says so
        text = findings_text(app)
        assert "STOP" in text and T.FINDINGS_STOP_HINT_REASON in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReasonScreen)
        assert app.screen.reason == "my reason"  # the saved reason, filled in


async def test_the_panel_scrolls_when_a_rules_file_adds_areas(tmp_path):
    from .conftest import open_at

    extra = "\n".join(f'spot{i:02} = "body"' for i in range(20))
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "rules.toml").write_text(f"[areas]\n{extra}\n", encoding="utf-8")
    j = open_at(tmp_path)
    try:
        add(j, "face", "0.5", TODAY)
        app = build_app(j)
        async with app.run_test(size=SIZE) as pilot:
            await start(pilot)
            box = app.screen.query_one("#areas-box")
            assert len(text_of(app.screen.query_one(AreaPanel)).splitlines()) == 30
            assert box.max_scroll_y > 0 and box.show_vertical_scrollbar
            box.scroll_end(animate=False)
            await settle(pilot)
            assert box.scroll_y == box.max_scroll_y > 0
    finally:
        j.db.close()


async def test_all_ten_areas_show_at_80x24_without_a_scrollbar(app):
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        box = app.screen.query_one("#areas-box")
        assert len(text_of(app.screen.query_one(AreaPanel)).splitlines()) == 10
        assert box.max_scroll_y == 0 and not box.show_vertical_scrollbar


async def test_a_lines_tooltip_gives_its_details(empty_journal):
    j = empty_journal
    add(j, "face", "0.5", TODAY)
    j.add_condition("cold-sore", area="face", start=day(-5).isoformat(), end=TODAY.isoformat())
    app = build_app(j)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.hover(AreaPanel, offset=(3, 0))  # the first line: face
        await settle(pilot)
        tip = str(app.screen.query_one(AreaPanel).tooltip)
        assert tip.startswith(f"face: not before {day(14).isoformat()}")
        assert "cold-sore" in tip and "still resting" in tip
        await pilot.hover(AreaPanel, offset=(3, 1))  # neck
        await settle(pilot)
        assert str(app.screen.query_one(AreaPanel).tooltip).startswith("neck: ready")
        await pilot.hover(AreaPanel, offset=(3, 0))
        await settle(pilot)
        assert "[rest-period]" in str(app.screen.query_one(AreaPanel).tooltip)  # not read as markup


async def test_the_details_follow_the_panels_focus(empty_journal):
    j = empty_journal
    add(j, "face", "0.5", TODAY)
    j.add_condition("retinoid", area="neck", start=day(-3).isoformat())
    app = build_app(j)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        panel = app.screen.query_one(AreaPanel)
        assert len(text_of(panel).splitlines()) == 10  # no details without focus
        panel.focus()
        await settle(pilot)
        text = text_of(panel)
        flat = " ".join(text.split())  # the details wrap to the panel's width
        assert f"face: not before {day(7).isoformat()}" in flat and "still resting" in flat
        await pilot.press("down")
        await settle(pilot)
        text = text_of(panel)
        assert "neck: no date" in text and "retinoid" in text and "face: not before" not in text
        assert max(len(line) for line in text.splitlines()) <= panel.size.width
        app.screen.table.focus()
        await settle(pilot)
        assert len(text_of(panel).splitlines()) == 10
