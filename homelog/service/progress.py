"""How export and import report progress, and the bar that shows it on a terminal.

The use cases call ``progress(phase, done, total)`` (a ``Progress``); the CLI
passes a ``terminal_bar``, the TUI its own callable.
"""

from __future__ import annotations

from typing import TextIO

from homelog.transfer.progress import Progress, ProgressBar

__all__ = ["Progress", "ProgressBar", "terminal_bar"]


def terminal_bar(stream: TextIO, *, enabled: bool) -> ProgressBar:
    """A bar drawn on ``stream`` when ``enabled`` and ``stream`` is a terminal; else silent."""
    return ProgressBar(stream, enabled=enabled and stream.isatty())
