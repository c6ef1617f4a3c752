"""Issue 6.2 (TUI part) — the TUI open while the CLI adds: the CLI is not
blocked, and the TUI shows the new session after a reload (ctrl+r), without a
restart."""

from __future__ import annotations

import asyncio
import json
import subprocess
from datetime import date

import pytest

from ._support import child_env, homelog_cmd, make_journal

pytest.importorskip("textual")
TUI_CLI_ADDS = 3  # sessions a CLI process adds while the TUI is open
TODAY = date(2025, 3, 1)


def _cli_add(db, note: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        homelog_cmd(db, "add", "--area", "neck", "--needle", "0.2", "--disinfected", "--override", "tui test", "--notes", note, "--json"),
        capture_output=True, text=True, env=child_env(), stdin=subprocess.DEVNULL, timeout=60,
    )


async def test_tui_shows_a_session_the_cli_added_after_ctrl_r(tmp_path):
    from homelog.locations import resolve
    from homelog.service import open_journal
    from homelog.tui import make_app
    from homelog.tui.widgets.journal_table import JournalTable

    db = make_journal(tmp_path / "journal.db", sessions=2)
    journal = open_journal(resolve(db=db), today=lambda: TODAY)
    app = make_app(journal, today=TODAY)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            table = app.screen.query_one(JournalTable)
            assert table.row_count == 2 and table.total == 2
            added = []
            for i in range(TUI_CLI_ADDS):
                r = await asyncio.to_thread(_cli_add, db, f"from the cli {i}")
                assert r.returncode == 0, r.stderr  # the open TUI holds no lock
                added.append(json.loads(r.stdout)["session"]["id"])
            await pilot.pause()
            assert table.row_count == 2, "the table changed before a reload (test assumption)"
            await pilot.press("ctrl+r")
            await pilot.pause()
            table = app.screen.query_one(JournalTable)
            assert table.total == 2 + TUI_CLI_ADDS
            for sid in added:
                assert str(sid) in table.rows, f"session {sid} from the CLI is not shown after ctrl+r"
            notes = [str(table.get_row(str(sid))[-1]) for sid in added]
            assert notes == [f"from the cli {i}" for i in range(TUI_CLI_ADDS)]
    finally:
        journal.db.close()
