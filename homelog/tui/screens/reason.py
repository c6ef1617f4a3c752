"""Asks for the reason to save a session a rule says stop to."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from homelog.records import Finding
from homelog.tui import text as T
from homelog.tui.widgets.findings import TERM_WIDTH, finding_items
from homelog.tui.widgets.definitions import Definitions
from homelog.tui.widgets.form_fields import FormInput, editable


class ReasonScreen(ModalScreen[str | None]):
    """Dismisses with the (stripped, non-empty) reason, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, findings: tuple[Finding, ...], reason: str = "") -> None:
        """``reason``: filled in (an edit asks again with the reason saved before)."""
        super().__init__()
        self.findings = tuple(f for f in findings if f.level == "stop") or tuple(findings)
        self.prefill = editable(reason)

    def compose(self) -> ComposeResult:
        with Vertical(id="reason-dialog", classes="dialog") as dialog:
            dialog.border_title = T.REASON_TITLE
            with VerticalScroll(id="reason-findings"):
                yield Definitions(finding_items(self.findings), term_width=TERM_WIDTH)
            yield Static(T.REASON_PROMPT, id="reason-prompt")
            yield FormInput(self.prefill, placeholder=T.REASON_PLACEHOLDER, id="reason")
            with Horizontal(classes="buttons"):
                yield Button(T.REASON_SAVE, id="go", variant="warning", compact=True, disabled=not self.prefill.strip())
                yield Button(T.CANCEL, id="cancel", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @property
    def reason(self) -> str:
        return self.query_one("#reason", Input).value.strip()

    @on(Input.Changed, "#reason")
    def _changed(self) -> None:
        self.query_one("#go", Button).disabled = not self.reason

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        if not self.reason:
            self.app.notify(T.REASON_EMPTY, severity="warning")
            return
        self.dismiss(self.reason)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
