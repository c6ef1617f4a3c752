"""Export and import commands (CSV and JSON)."""

from __future__ import annotations


def register(sub) -> None:
    """Filled in by the export/import work."""
