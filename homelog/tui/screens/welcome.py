"""Shown once the journal is empty: what homelog does and does not do."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from homelog import messages as msg
from homelog.tui import text as T


class WelcomeScreen(ModalScreen[str | None]):
    """Dismisses with "add", "devices" or None."""

    BINDINGS = [
        Binding("a", "choose('add')", "Log a session"),
        Binding("v", "choose('devices')", "Add a device"),
        Binding("escape,enter", "choose('')", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome-dialog", classes="dialog") as box:
            box.border_title = T.WELCOME_TITLE
            yield Static(T.WELCOME_DOES, classes="para")
            yield Static(T.WELCOME_DOES_NOT, classes="para")
            yield Static(Content.assemble((msg.DISCLAIMER, "bold $text-warning")), classes="para")
            yield Static(Content.assemble((T.WELCOME_NEXT, "$text-muted")), classes="para")
            with Horizontal(classes="buttons"):
                yield Button(f"{T.WELCOME_ADD} (a)", id="add", variant="primary", compact=True)
                yield Button(T.WELCOME_CLOSE, id="close", compact=True)
        yield Footer(compact=True)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss("add" if event.button.id == "add" else None)
