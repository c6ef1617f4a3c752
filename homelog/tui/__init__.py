"""The terminal UI (Textual). Only ``run_tui`` is public; importing this
package does not import Textual until ``run_tui`` is called."""

from __future__ import annotations


def run_tui(locations, *, today, read_only: bool = False) -> int:
    print("The terminal UI is not built yet: use the commands ('homelog --help').")
    return 0
