"""Yes or no before something that changes the journal."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from homelog import messages as msg
from homelog.tui import text as T


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, hint: str = "", *, title: str = "") -> None:
        super().__init__()
        self.question = question
        self.hint = hint
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog") as box:
            box.border_title = self.title_text
            yield Static(msg.safe(self.question), id="question", markup=False)
            if self.hint:
                yield Static(msg.safe(self.hint), id="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(f"{T.YES} (y)", id="yes", variant="error", compact=True)
                yield Button(f"{T.NO} (n)", id="no", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
