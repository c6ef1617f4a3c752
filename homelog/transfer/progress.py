"""A one-line progress bar on standard error, only when it is a terminal.

The use cases in ``homelog.service.transfer`` report progress by calling
``progress(phase, done, total)`` (``total`` may be None when unknown); a
``ProgressBar`` is such a callable for the CLI, the TUI passes its own.
Nothing is drawn when the stream is not a terminal (a pipe, a log file,
``--json``), and at most ten redraws a second.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[str, int, "int | None"], None]

LABELS = {
    "export": "Exporting",
    "read": "Reading",
    "save": "Saving",
    "check": "Checking",
}


class ProgressBar:
    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        enabled: bool | None = None,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.interval = interval
        self._clock = clock
        self._last_draw = float("-inf")
        self._last_phase: str | None = None
        self._width = 0

    def __call__(self, phase: str, done: int, total: int | None = None) -> None:
        if not self.enabled:
            return
        now = self._clock()
        finished = total is not None and done >= total
        if phase == self._last_phase and not finished and now - self._last_draw < self.interval:
            return
        self._last_draw = now
        self._last_phase = phase
        self._draw(self.render(phase, done, total))

    def render(self, phase: str, done: int, total: int | None) -> str:
        label = f"{LABELS.get(phase, phase.capitalize()):<10}"
        if not total:
            return f"{label} {done:,} rows"
        done = min(done, total)
        counts = f" {done * 100 // total:3d}%"
        if phase != "read":  # reading counts bytes: the percentage says enough
            counts += f"  {done:,}/{total:,}"
        columns = shutil.get_terminal_size((80, 24)).columns
        bar_width = max(10, min(40, columns - len(label) - len(counts) - 4))
        filled = bar_width * done // total
        return f"{label} [{'#' * filled}{'.' * (bar_width - filled)}]{counts}"

    def _draw(self, line: str) -> None:
        pad = " " * max(0, self._width - len(line))
        self._width = len(line)
        self.stream.write("\r" + line + pad)
        self.stream.flush()

    def close(self) -> None:
        """Clear the line (the summary that follows starts on a clean line)."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
