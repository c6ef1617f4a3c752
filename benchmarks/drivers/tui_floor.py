"""The floor of the first-frame row: a bare Textual app with the widget types
of homelog's main screen (Static top bar, Horizontal/Vertical boxes, a
rendered panel of 10 area lines, DataTable, Static info line, Footer), run
headless the same way, plus ``import sqlalchemy.orm`` (the ORM any journal
front end built on SQLAlchemy must load). No database, no rules, no CSS file.
"""

from __future__ import annotations

import sys

from frame import instrument, watchdog

AREAS = ("face", "neck", "chest", "scalp", "hands", "arms", "legs", "abdomen", "back", "buttocks")


def main() -> int:
    watchdog()
    import sqlalchemy.orm  # noqa: F401
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, Vertical
    from textual.widgets import DataTable, Footer, Static

    class Bare(App):
        filled = False

        def compose(self) -> ComposeResult:
            yield Static(id="topbar")
            with Horizontal():
                with Vertical():
                    yield Static(id="areas")
                with Vertical():
                    yield DataTable(id="journal")
                    yield Static(id="info")
            yield Footer()

        def on_mount(self) -> None:
            self.query_one("#topbar", Static).update("homelog · today 2025-03-01 · all areas")
            self.query_one("#areas", Static).update("\n".join(f"✓ {a:<9} ready" for a in AREAS))
            self.query_one(DataTable).add_columns("id", "date", "area", "needle", "device", "notes")
            self.query_one(DataTable).focus()
            self.filled = True

    app = Bare()
    state = instrument(app, lambda: app.filled)
    app.run()
    return 0 if state["moment"] else 5


if __name__ == "__main__":
    sys.exit(main())
