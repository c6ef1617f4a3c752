"""A small form to register a device.

Every field is checked as it changes (``Journal.check_device``, after a short
pause in typing), all bad fields at once; a field not yet touched shows its
message as a quiet hint. Save is disabled until every field is good."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from homelog import messages as msg
from homelog.records import DEVICE_KINDS, Device, um_to_mm_text
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.field_focus import FieldFocusMixin
from homelog.tui.widgets.form_fields import FieldsCheck, FormInput, NeedleInput, check_errors, save_cancel, saved

FIELDS = ("name", "kind", "needle")  # the service says an empty name is an error


class DeviceForm(FieldsCheck, FieldFocusMixin, ModalScreen):
    """Dismisses with the new Device, or None."""

    FIELDS = FIELDS
    QUIET_UNTIL_TOUCHED = True

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self) -> None:
        super().__init__()

    def compose(self) -> ComposeResult:
        with Vertical(id="device-dialog", classes="dialog") as box:
            box.border_title = T.DEVICE_FORM_TITLE
            with Horizontal(classes="field"):
                yield Label(T.LABEL_NAME, classes="field-label")
                yield FormInput(placeholder=T.NAME_PLACEHOLDER, id="name", compact=True)
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
            yield save_cancel(classes="buttons")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self.recheck()

    def values(self) -> dict:
        needle = self.query_one("#needle", Input).value.strip()
        return {
            "name": self.query_one("#name", Input).value,
            "kind": self.query_one("#kind", Select).value,
            "needle": needle or None,
        }

    # -- the live check (LiveCheck) ---------------------------------------------------

    def check_values(self) -> dict:
        return self.values()

    def compute_check(self, values: dict) -> dict[str, str]:
        """Every bad field, in the service's words."""
        journal = homelog_app(self).journal
        return check_errors(lambda: journal.check_device(**values), FIELDS, "name")

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self, event: Input.Changed | Select.Changed) -> None:
        # A Select says Changed once as it mounts: only a change the person made touches it.
        if event.control.id and (isinstance(event, Input.Changed) or event.control.has_focus):
            self.touch(event.control.id)
            if event.control.id == "kind":
                self.touch("needle")  # the kind decides whether a needle is needed
        self.check_soon()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if not self.ready_to_save():
            return
        app = homelog_app(self)
        device = saved(self, lambda: app.journal.add_device(**self.values()), FIELDS, "name")
        if not isinstance(device, Device):
            return
        needle_text = "" if device.needle_um is None else f", {um_to_mm_text(device.needle_um)} mm"
        app.notify(msg.DEVICE_ADDED.format(id=device.id, name=device.name, kind=device.kind, needle=needle_text))
        self.dismiss(device)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
