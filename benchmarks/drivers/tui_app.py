"""First frame of homelog's TUI with the area panel filled (benchmark figure).

Usage: python tui_app.py --db JOURNAL   (arguments go to ``homelog.cli.main.main``)

Runs the real entry point (``homelog --db JOURNAL``: argparse, the context,
``run_tui`` -> ``open_journal`` -> ``make_app`` -> ``app.run()``); only
``homelog.tui.make_app`` is wrapped so that the app runs headless and
reports its first filled frame (see ``frame.py``). Exit codes: 0 measured,
3 the TUI is not built yet, 5 no filled frame was seen.
"""

from __future__ import annotations

import sys

from frame import instrument, watchdog


def area_panel_filled(app) -> bool:
    for screen in app.screen_stack:
        for panel in screen.query("AreaPanel"):
            if getattr(panel, "statuses", None):
                return True
    return False


def main() -> int:
    watchdog()
    try:
        import homelog.tui as tui

        real_make_app = tui.make_app
    except (ImportError, AttributeError) as exc:
        print(f"not built yet: {exc}", file=sys.stderr)
        return 3
    state: dict = {}

    def make_app(journal, **kwargs):
        app = real_make_app(journal, **kwargs)
        state["frame"] = instrument(app, lambda: area_panel_filled(app))
        return app

    tui.make_app = make_app
    from homelog.cli.main import main as cli_main

    code = cli_main(sys.argv[1:])
    if code:
        return code
    return 0 if state.get("frame", {}).get("moment") else 5


if __name__ == "__main__":
    sys.exit(main())
