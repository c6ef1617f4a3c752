"""Shared by the two first-frame drivers: catch the first frame that shows
the area panel filled, write the wall-clock moment, and exit.

Textual composes every frame and hands it to ``App._display`` (which, when
headless, writes nothing). We wrap that method on the app instance: the
first call with a frame while ``filled()`` is true is "the first frame with
the area panel filled". The moment (``time.time()``) goes to the file named
by ``$HOMELOG_BENCH_OUT``; the benchmark subtracts the moment it started the
process, so interpreter start-up and every import are included. The app then
exits; its shutdown is not timed.
"""

from __future__ import annotations

import os
import threading
import time
from functools import partial

SIZE = (120, 40)  # a comfortable terminal: the area panel shows full dates
TIMEOUT_S = 60.0


def watchdog() -> None:
    """Never hang the benchmark: give up after TIMEOUT_S (exit code 4)."""
    timer = threading.Timer(TIMEOUT_S, lambda: os._exit(4))
    timer.daemon = True
    timer.start()


def instrument(app, filled) -> dict:
    """Make ``app.run()`` headless at ``SIZE`` and stop at the first filled frame."""
    state = {"moment": None}
    original = app._display

    def display(screen, renderable) -> None:
        original(screen, renderable)
        if renderable is not None and state["moment"] is None and filled():
            state["moment"] = time.time()
            out = os.environ.get("HOMELOG_BENCH_OUT")
            if out:
                with open(out, "w") as f:
                    f.write(repr(state["moment"]))
            app.call_later(app.exit)

    app._display = display
    app.run = partial(type(app).run, app, headless=True, size=SIZE)
    return state
