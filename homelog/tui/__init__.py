"""The terminal UI (Textual): a thin adapter over ``homelog.service``.

Importing this package does not import Textual (nor the service): both are
imported inside ``run_tui`` / ``make_app``, so the CLI stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from homelog.locations import Locations
    from homelog.service import Journal
    from homelog.tui.app import HomelogApp

__all__ = ["make_app", "run_tui"]


def make_app(
    journal: "Journal",
    *,
    today: "Callable[[], date] | date | None" = None,
    read_only: bool = False,
    config_dir: "Path | None" = None,
) -> "HomelogApp":
    """The app over ``journal``. ``today`` (a date or a clock) defaults to the journal's clock;
    ``config_dir`` (the sync folders' keys) to the platform's config folder."""
    from homelog.tui.app import HomelogApp  # Textual is imported here, not before

    return HomelogApp(journal, today=today, read_only=read_only, config_dir=config_dir)


def run_tui(locations: "Locations", *, today: Callable[[], date], read_only: bool = False, create: bool = True) -> int:
    """Open the journal and run the app; returns the exit code.

    A journal that cannot be opened (damaged, locked, too new, missing while
    read-only...) is left untouched: the message goes to stderr and its exit
    code is returned, before any screen is drawn. ``create``: make the journal if
    it is missing (the first start on the default location), else exit 4."""
    from homelog.errors import HomelogError
    from homelog.service import open_journal

    try:
        journal = open_journal(locations, today=today, read_only=read_only, create=create)
    except HomelogError as exc:
        print(f"homelog: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    try:
        app = make_app(journal, read_only=read_only, config_dir=locations.config_dir)
        app.run()
    finally:
        journal.close()
    return int(app.return_code or 0)
