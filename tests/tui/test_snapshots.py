"""SVG snapshots of the main views (pytest-textual-snapshot).

Sync tests on purpose: ``snap_compare`` runs the app itself, and must not
share a module with asyncio tests (Textual issue #5788). Deterministic: a
fixed today, a seeded journal, no animations, no cursor blink.

Update after a deliberate change, then look at the SVGs:
    python -m pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations


from textual.widgets import Input, Select

from .conftest import build_app, settle

SIZE = (100, 32)


async def _steady(pilot) -> None:
    """No blinking cursor, everything loaded (and checked)."""
    await settle(pilot)
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def _keys(*keys: str):
    async def run_before(pilot) -> None:
        await _steady(pilot)
        if keys:
            await pilot.press(*keys)
        await _steady(pilot)

    return run_before


def test_main_screen(snap_compare, journal):
    """Area status (face and scalp resting) and the journal, newest first, one ⚑."""
    assert snap_compare(build_app(journal), terminal_size=SIZE, run_before=_keys())


def test_main_screen_80x24(snap_compare, journal):
    """The smallest supported terminal: shorter area texts, everything reachable."""
    assert snap_compare(build_app(journal), terminal_size=(80, 24), run_before=_keys())


def test_main_screen_light(snap_compare, journal):
    """The light theme stays readable (theme variables only)."""
    assert snap_compare(build_app(journal), terminal_size=SIZE, run_before=_keys("ctrl+t"))


def test_welcome_on_empty_journal(snap_compare, empty_journal):
    assert snap_compare(build_app(empty_journal), terminal_size=SIZE, run_before=_keys())


def _face_too_soon(*keys: str, focus_needle: bool = False):
    """The add form on face with a 0.5 mm needle (face is resting: STOP), then ``keys``."""

    async def run_before(pilot) -> None:
        await _steady(pilot)
        await pilot.press("a")
        await _steady(pilot)
        form = pilot.app.screen
        form.query_one("#area", Select).value = "face"
        form.query_one("#needle", Input).value = "0.5"
        if focus_needle:
            form.query_one("#needle", Input).focus()
        await _steady(pilot)
        if keys:
            await pilot.press(*keys)
            await _steady(pilot)

    return run_before


def test_add_form_with_stop_finding(snap_compare, journal):
    """Face is still resting: the form says STOP before anything is saved."""
    assert snap_compare(build_app(journal), terminal_size=SIZE, run_before=_face_too_soon(focus_needle=True))


def test_reason_dialog(snap_compare, journal):
    assert snap_compare(build_app(journal), terminal_size=SIZE, run_before=_face_too_soon("ctrl+s"))


def test_finding_sources(snap_compare, journal):
    """The add form's findings opened to their rules' sources (Ctrl+O)."""
    assert snap_compare(build_app(journal), terminal_size=SIZE, run_before=_face_too_soon("ctrl+o"))


def test_calendar(snap_compare, journal):
    """February 2025: area badges, face and legs rest shaded."""
    assert snap_compare(build_app(journal), terminal_size=SIZE, run_before=_keys("c", "left"))


def test_devices(snap_compare, journal):
    assert snap_compare(build_app(journal), terminal_size=SIZE, run_before=_keys("v"))


def test_rules(snap_compare, journal):
    assert snap_compare(build_app(journal), terminal_size=SIZE, run_before=_keys("r"))


def test_help(snap_compare, journal):
    assert snap_compare(build_app(journal), terminal_size=SIZE, run_before=_keys("question_mark"))


def test_conditions(snap_compare, journal):
    """Two conditions: one on an area and ongoing, one on every area and ended."""
    journal.add_condition("retinoid", area="face", start="2025-02-20", notes="tretinoin 0.025%")
    journal.add_condition("cold-sore", start="2025-01-05", end="2025-01-12")
    assert snap_compare(build_app(journal), terminal_size=SIZE, run_before=_keys("k"))


def test_observation_form(snap_compare, journal):
    assert snap_compare(build_app(journal), terminal_size=SIZE, run_before=_keys("o"))


def _held_everywhere(journal) -> None:
    """Holds of every kind on every area (issue 23/28): conditions, an unhealed session,
    rests, cautions; and a busy day (five sessions on 2025-02-27)."""
    for area in ("scalp", "hands", "abdomen", "buttocks"):
        journal.add(journal.session_input(area=area, needle="0.25", day="2025-02-27", disinfected=True))
    neck = journal.add(journal.session_input(area="neck", needle="0.25", day="2025-02-27", disinfected=True)).session
    journal.react(neck.id, redness=2, day="2025-02-28")
    journal.add_condition("retinoid", area="face", start="2025-02-20")
    journal.add_condition("cold-sore", area="chest", start="2025-02-22", end="2025-02-27")
    journal.add_condition("sunburn", area="scalp", start="2025-02-28", end="2025-03-02")
    journal.add_condition("acne", area="arms", start="2025-02-01")
    journal.add_condition("skin-flare", area="abdomen", start="2025-02-25")
    journal.add_condition("peel", area="back", start="2025-02-20")
    journal.add_condition("infection", area="hands", start="2025-02-26", end="2025-03-04")


def test_main_screen_with_held_areas(snap_compare, journal):
    """At 80x24 every area shows on one line: ✗ stop (with its day, or "no date"),
    ! caution, ✓ ready, each with one word (the rules' one answer, ``ready_on``)."""
    _held_everywhere(journal)
    assert snap_compare(build_app(journal), terminal_size=(80, 24), run_before=_keys())


# -- issue 28, at the smallest supported size ----------------------------------------

SMALL = (80, 24)


def test_override_reason_under_the_journal_80x24(snap_compare, journal):
    """The selected ⚑ session: its reason and the rule it went past, under the table."""
    assert snap_compare(build_app(journal), terminal_size=SMALL, run_before=_keys("down"))


def test_edit_form_with_the_reason_80x24(snap_compare, journal):
    """Editing a session saved with an override: the reason is a field, filled in."""
    assert snap_compare(build_app(journal), terminal_size=SMALL, run_before=_keys("down", "e"))


def test_reason_prefilled_when_asked_again_80x24(snap_compare, journal):
    async def run_before(pilot) -> None:
        await _steady(pilot)
        await pilot.press("down", "e")
        await _steady(pilot)
        pilot.app.screen.query_one("#needle", Input).value = "1.0"
        await _steady(pilot)
        await pilot.press("ctrl+s")
        await _steady(pilot)

    assert snap_compare(build_app(journal), terminal_size=SMALL, run_before=run_before)


def test_sources_from_the_palette_80x24(snap_compare, journal):
    assert snap_compare(
        build_app(journal), terminal_size=SMALL, run_before=_keys("ctrl+p", *"sour", "wait:200", "enter")
    )


def test_devices_with_undo_80x24(snap_compare, journal):
    """u Undo in the footer; the retired roller is in use again after it."""
    assert snap_compare(build_app(journal), terminal_size=SMALL, run_before=_keys("v", "x", "y", "u"))


def test_read_only_80x24(snap_compare, tmp_path, seeded_file):
    """The badge, and Add, Delete and Undo dimmed in the footer from the start."""
    import shutil

    from .conftest import open_at

    shutil.copyfile(seeded_file, tmp_path / "j.db")
    app = build_app(open_at(tmp_path, read_only=True), read_only=True)
    assert snap_compare(app, terminal_size=SMALL, run_before=_keys())


def test_form_errors_live_80x24(snap_compare, journal):
    """The observation form marks a bad date and too-long notes as they are typed, no Save pressed."""

    async def run_before(pilot) -> None:
        await _steady(pilot)
        await pilot.press("o")
        await _steady(pilot)
        form = pilot.app.screen
        form.query_one("#date", Input).value = "2025-02-01"
        form.query_one("#notes", Input).value = "x" * 2001
        await _steady(pilot)

    assert snap_compare(build_app(journal), terminal_size=SMALL, run_before=run_before)


def test_main_screen_light_80x24(snap_compare, journal):
    assert snap_compare(build_app(journal), terminal_size=SMALL, run_before=_keys("ctrl+t"))


def test_calendar_holds_80x24(snap_compare, journal):
    """One mark per area and day, fixed-width cells: rest (~), healing (+) and condition
    (×) shaded each their own way, cautions (!), days outside the month too; a busy
    day's badges end in +N; the legend fits 80 columns."""
    _held_everywhere(journal)
    assert snap_compare(build_app(journal), terminal_size=(80, 24), run_before=_keys("c"))
