"""The journal's health report for ``homelog doctor``: read-only, changes nothing."""

from __future__ import annotations

from homelog.locations import Locations


def diagnose(where: Locations) -> dict:
    """Integrity, schema, counts, backups and permissions of ``where.db``;
    ``ok`` is False (with ``exit_code``) when something is wrong."""
    from homelog.store.doctor import diagnose as diagnose_file

    return diagnose_file(where.db)
