"""A small form to register a device."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from homelog import messages as msg
from homelog.errors import HomelogError, InputError
from homelog.records import DEVICE_KINDS, um_to_mm_text
from homelog.tui import text as T
from homelog.tui.screens.session_form import NeedleInput
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.field_focus import FieldFocusMixin

FIELDS = ("name", "kind", "needle")


class DeviceForm(FieldFocusMixin, ModalScreen):
    """Dismisses with the new Device, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def compose(self) -> ComposeResult:
        with Vertical(id="device-dialog", classes="dialog") as box:
            box.border_title = T.DEVICE_FORM_TITLE
            with Horizontal(classes="field"):
                yield Label(T.LABEL_NAME, classes="field-label")
                yield Input(placeholder=T.NAME_PLACEHOLDER, id="name", compact=True)
            yield Static(id="name-error", classes="field-error")
            with Horizontal(classes="field"):
                yield Label(T.LABEL_KIND, classes="field-label")
                yield Select([(k, k) for k in DEVICE_KINDS], value="roller", allow_blank=False, id="kind", compact=True)
            yield Static(id="kind-error", classes="field-error")
            with Horizontal(classes="field"):
                yield Label(T.LABEL_NEEDLE, classes="field-label")
                yield NeedleInput(placeholder=T.NEEDLE_PLACEHOLDER, id="needle", compact=True)
            yield Static(T.DEVICE_NEEDLE_HINT, id="needle-hint", classes="hint")
            yield Static(id="needle-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(T.SAVE, id="save", variant="primary", compact=True)
                yield Button(T.CANCEL, id="cancel", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def _mark(self, field: str | None, text: str) -> None:
        for name in FIELDS:
            shown = text if name == field else ""
            label = self.query_one(f"#{name}-error", Static)
            label.update(shown)
            label.set_class(bool(shown), "-shown")
            self.query_one(f"#{name}").set_class(bool(shown), "-bad")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        app = homelog_app(self)
        name = self.query_one("#name", Input).value
        kind = self.query_one("#kind", Select).value
        needle = self.query_one("#needle", Input).value.strip()
        try:
            device = app.journal.add_device(name=name, kind=kind, needle=needle or None)
        except InputError as exc:
            self._mark(exc.field if exc.field in FIELDS else "name", str(exc))
            return
        except HomelogError as exc:
            app.notify(str(exc), title=T.ERROR_TITLE, severity="error", timeout=10)
            return
        needle_text = "" if device.needle_um is None else f", {um_to_mm_text(device.needle_um)} mm"
        app.notify(msg.DEVICE_ADDED.format(id=device.id, name=device.name, kind=device.kind, needle=needle_text))
        self.dismiss(device)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
