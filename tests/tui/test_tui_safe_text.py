"""Issue 26 — the TUI shows user and file text safely: no control character from
a note, a reason, a device name, a condition or a product (its list, its form, the
apply and session forms, a session's edit form) reaches the rendered screen; notifications
are never read as markup; a screenshot goes to the journal's folder, 0600, and
the notification says where."""

from __future__ import annotations

import os
import sqlite3
import stat

from tests.tui.conftest import build_app, open_at, screen_text, seed

HOSTILE = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202eevil\ttab"


rendered = screen_text


def _assert_clean(text: str, where: str) -> None:
    bad = sorted({hex(ord(c)) for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F or c in "\u202e"})
    assert not bad, f"{where}: {bad} reached the screen"


def _hostile(tmp_path):
    journal = open_at(tmp_path)
    seed(journal)
    journal.react(1, redness=1, day="2025-01-11")
    journal.add_condition("retinoid", area="face", start="2025-02-20")
    product = journal.add_product(name="serum", ingredients="Aqua, Glycerin", notes="kept cold")
    journal.apply(product.id, area="face", day="2025-01-12")
    journal.db.close()
    con = sqlite3.connect(tmp_path / "j.db")
    con.execute("UPDATE devices SET name = name || ?", (HOSTILE,))
    con.execute("UPDATE sessions SET notes = ? WHERE id IN (1, 8)", ("n" + HOSTILE,))
    con.execute("UPDATE sessions SET override_reason = ? WHERE id = 8", ("r" + HOSTILE,))
    con.execute("UPDATE conditions SET notes = ?", ("c" + HOSTILE,))
    con.execute("UPDATE products SET name = ?, ingredients = ?, notes = ?", ("p" + HOSTILE, "Aqua, " + HOSTILE, "k" + HOSTILE))
    con.commit()
    con.close()
    return open_at(tmp_path)


async def test_no_control_character_reaches_the_screen(tmp_path):
    journal = _hostile(tmp_path)
    try:
        app = build_app(journal)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            text = rendered(app)
            _assert_clean(text, "main screen")
            assert "\\x1b]0;owned" in text  # shown visibly
            for key, where in (
                ("d", "delete question"), ("escape", "back"), ("v", "devices"), ("escape", "back"), ("k", "conditions"),
                ("escape", "back"), ("p", "products"), ("e", "product form"), ("escape", "back"), ("escape", "back"),
                ("l", "apply form"), ("escape", "back"), ("a", "session form"), ("escape", "back"),
                ("e", "session edit form"),
            ):
                await pilot.press(key)
                await pilot.pause()
                _assert_clean(rendered(app), where)
            app.notify("file " + HOSTILE + " [/nope]")  # a message naming a file: neither control nor markup
            await pilot.pause()
            _assert_clean(rendered(app), "notification")
    finally:
        journal.db.close()


async def test_a_screenshot_goes_to_the_journals_folder_private(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no ~/Downloads: it must not be needed
    old = os.umask(0o022)
    journal = open_at(tmp_path)
    try:
        app = build_app(journal)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            saved = app.deliver_screenshot()
            await pilot.pause()
        assert saved is not None
        path = tmp_path / os.path.basename(saved)
        assert path.exists() and path.parent == tmp_path and path.suffix == ".svg"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert any(str(path) in n.message for n in app.notified)
    finally:
        os.umask(old)
        journal.db.close()


async def test_a_finding_naming_a_hostile_device_or_product_is_shown_safely():
    """Findings quote device and product names ("Device "…" would be on its 41st
    use"): the form's findings show them as every other text, and so does a
    problem line."""
    from datetime import date

    from textual.app import App

    from homelog.records import Finding, Verdict
    from homelog.tui.widgets.findings import Findings

    class One(App):
        def compose(self):
            yield Findings(id="findings")

    app = One()
    async with app.run_test(size=(120, 12)) as pilot:
        widget = app.query_one(Findings)
        found = Finding("device-wear", "stop", f'Device "roller{HOSTILE}" would be on its 41st use', None, "")
        widget.show(Verdict((found,), None), "face", date(2025, 3, 1))
        await pilot.pause()
        text = rendered(app)
        _assert_clean(text, "findings")
        assert "\\x1b]0;owned" in text
        widget.waiting(f"Device roller{HOSTILE} is not known")
        await pilot.pause()
        _assert_clean(rendered(app), "a problem line")
