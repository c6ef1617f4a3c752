"""Fixtures for the TUI tests: real journals in tmp_path, seeded through the
service, and apps built with ``make_app`` with a fixed today."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from homelog.locations import Locations

TODAY = date(2025, 3, 1)

# (date, area, needle mm, device name or None, disinfected, notes, override reason)
SEED = (
    ("2025-01-10", "face", "0.5", "face roller", True, "first session", None),
    ("2025-01-25", "neck", "0.25", "derma pen", True, "", None),
    ("2025-02-01", "face", "0.5", "face roller", True, "", None),
    ("2025-02-10", "legs", "1.0", "body stamp", True, "stretch marks", None),
    ("2025-02-20", "scalp", "1.0", "derma pen", True, "", None),
    ("2025-02-24", "face", "0.5", "face roller", True, "", None),
    ("2025-02-26", "face", "0.75", "derma pen", True, "a bit early", "my dermatologist said it is fine"),
    ("2025-02-28", "arms", "0.25", None, False, "[red]not markup[/red]", None),
)


def locations(tmp_path: Path) -> Locations:
    return Locations(db=tmp_path / "j.db", config_dir=tmp_path / "cfg", rules=None)


def open_at(tmp_path: Path, *, today: date = TODAY, read_only: bool = False):
    from homelog.service import open_journal

    return open_journal(locations(tmp_path), today=lambda: today, read_only=read_only)


def seed(journal) -> dict[str, int]:
    """Devices and the SEED sessions, through the journal API. Returns device ids by name."""
    ids = {}
    for name, kind, needle in (
        ("face roller", "roller", "0.5"),
        ("body stamp", "stamp", "1.0"),
        ("derma pen", "pen", None),
        ("old roller", "roller", "0.25"),
    ):
        ids[name] = journal.add_device(name=name, kind=kind, needle=needle).id
    journal.retire_device(ids["old roller"])
    for day, area, needle, device, clean, notes, override in SEED:
        candidate = journal.session_input(
            area=area, needle=needle, day=day, device=ids.get(device) if device else None, disinfected=clean, notes=notes
        )
        result = journal.add(candidate, override=override)
        assert result.saved, (day, area, result.verdict)
    return ids


@pytest.fixture
def empty_journal(tmp_path):
    journal = open_at(tmp_path)
    yield journal
    journal.db.close()


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory) -> Path:
    """Seed once (every write is fsynced, so this is the slow part), copy per test."""
    where = tmp_path_factory.mktemp("seeded")
    journal = open_at(where)
    seed(journal)
    journal.db.close()  # the last connection checkpoints the WAL into the file
    assert not (where / "j.db-wal").exists() or (where / "j.db-wal").stat().st_size == 0
    return where / "j.db"


@pytest.fixture
def journal(tmp_path, seeded_file):
    shutil.copyfile(seeded_file, tmp_path / "j.db")
    journal = open_at(tmp_path)
    yield journal
    journal.db.close()


def build_app(journal, **kwargs):
    from homelog.tui import make_app

    app = make_app(journal, today=TODAY, **kwargs)
    app.animation_level = "none"
    record_notifications(app)
    return app


@dataclass(frozen=True)
class Notified:
    message: str
    severity: str


def record_notifications(app) -> None:
    """Keep what the app notifies in ``app.notified`` (through ``notify``, its public API)."""
    app.notified = []
    notify = app.notify

    def recording(message, *, severity="information", **kwargs):
        app.notified.append(Notified(str(message), severity))
        notify(message, severity=severity, **kwargs)

    app.notify = recording


@pytest.fixture
def app(journal):
    return build_app(journal)


async def settle(pilot, n: int = 3) -> None:
    """Let pending messages run, then any form's live check that waits for a pause in typing."""
    for _ in range(n):
        await pilot.pause()
    for _ in range(100):
        if not any(getattr(screen, "check_pending", False) for screen in pilot.app.screen_stack):
            break
        await pilot.pause(0.05)
    else:  # pragma: no cover - a check that never comes is a bug in the form
        raise AssertionError("the live check never ran")
    await pilot.pause()


def screen_text(app) -> str:
    """The screen as the terminal would get it (every segment's text), without styles."""
    import io

    from rich.console import Console

    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), record=True, force_terminal=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)
