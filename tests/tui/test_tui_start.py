"""run_tui and make_app: opening the journal, exit codes, import hygiene."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from homelog.errors import ExitCode
from homelog.tui import run_tui

from .conftest import TODAY, locations


def test_importing_the_package_does_not_import_textual():
    code = "import sys, homelog.tui; assert 'textual' not in sys.modules, 'textual imported'; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(_root()))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_damaged_journal_is_refused_untouched(tmp_path, capsys):
    where = locations(tmp_path)
    where.db.write_bytes(b"this is not a database at all" * 100)
    before = where.db.read_bytes()
    code = run_tui(where, today=lambda: TODAY)
    assert code == ExitCode.DAMAGED
    assert "left untouched" in capsys.readouterr().err
    assert where.db.read_bytes() == before


def test_read_only_without_a_journal(tmp_path, capsys):
    code = run_tui(locations(tmp_path), today=lambda: TODAY, read_only=True)
    assert code == ExitCode.DAMAGED  # exit 4, as for every command that finds no journal (issue 26)
    assert "There is no journal at" in capsys.readouterr().err
    assert not locations(tmp_path).db.exists()


def test_run_tui_runs_the_app_and_returns_0(tmp_path, monkeypatch):
    import homelog.tui.app as app_module

    ran = []

    def fake_run(self, *args, **kwargs):
        ran.append(self.today())
        return None

    monkeypatch.setattr(app_module.HomelogApp, "run", fake_run)
    assert run_tui(locations(tmp_path), today=lambda: date(2025, 3, 1)) == 0
    assert ran == [date(2025, 3, 1)]


def test_make_app_today_defaults_to_the_journal_clock(empty_journal):
    from homelog.tui import make_app

    assert make_app(empty_journal).today() == TODAY
    assert make_app(empty_journal, today=date(2030, 1, 2)).today() == date(2030, 1, 2)
    assert make_app(empty_journal, today=lambda: date(2031, 1, 2)).today() == date(2031, 1, 2)


def _root():
    from pathlib import Path

    return Path(__file__).resolve().parents[2]
