"""Choose the area whose sessions the journal shows (or all of them)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from homelog.tui import text as T

ALL = ""


class AreaFilterScreen(ModalScreen[str | None]):
    """Dismisses with an area, ALL ("") for every area, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, areas: list[str], current: str | None) -> None:
        super().__init__()
        self.areas = areas
        self.current = current

    def compose(self) -> ComposeResult:
        options = [Option(T.FILTER_ALL, id=ALL or "-all")]
        options += [Option(a, id=a) for a in self.areas]
        with Vertical(id="filter-dialog", classes="dialog") as box:
            box.border_title = T.FILTER_TITLE
            yield OptionList(*options, id="filter-options")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0 if self.current is None else self.areas.index(self.current) + 1
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        self.dismiss(ALL if chosen == "-all" else chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
