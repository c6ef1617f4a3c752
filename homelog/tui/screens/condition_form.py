"""Add a standing condition: kind, optional area, from/to dates, notes.

Every field is checked as it changes (``Journal.check_condition``, after a
short pause in typing): all bad fields are marked at once, an empty From is an
error, and Save is disabled until they are fixed. Saving goes through
``Journal.add_condition``."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.field_focus import FieldFocusMixin
from homelog.tui.widgets.form_fields import FieldsCheck, FormInput, check_errors, save_cancel, saved

FIELDS = ("kind", "area", "start", "end", "notes")
ALL_AREAS = ""  # the area Select's value for "not limited to one area"


class ConditionForm(FieldsCheck, FieldFocusMixin, ModalScreen):
    """Dismisses with the new Condition, or None."""

    FIELDS = FIELDS

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self) -> None:
        super().__init__()

    def compose(self) -> ComposeResult:
        app = homelog_app(self)
        rules = app.journal.rules
        with Vertical(id="condition-dialog", classes="dialog") as box:
            box.border_title = T.CONDITION_FORM_TITLE
            with Horizontal(classes="field"):
                yield Label(T.LABEL_KIND, classes="field-label")
                kinds = [(k, k) for k in rules.condition_kinds]
                yield Select(kinds, value=kinds[0][1], allow_blank=False, id="kind", compact=True)
            yield Static(id="kind-error", classes="field-error")
            with Horizontal(classes="field"):
                yield Label(T.LABEL_AREA, classes="field-label")
                areas = [(T.FILTER_ALL, ALL_AREAS), *((a, a) for a in rules.areas)]
                yield Select(areas, value=ALL_AREAS, allow_blank=False, id="area", compact=True)
            yield Static(id="area-error", classes="field-error")
            with Horizontal(classes="field"):
                yield Label(T.LABEL_FROM, classes="field-label")
                yield FormInput(app.today().isoformat(), placeholder=T.DATE_PLACEHOLDER, id="start", compact=True)
            yield Static(id="start-error", classes="field-error")
            with Horizontal(classes="field"):
                yield Label(T.LABEL_TO, classes="field-label")
                yield FormInput(placeholder=T.TO_PLACEHOLDER, id="end", compact=True)
            yield Static(id="end-error", classes="field-error")
            with Horizontal(classes="field"):
                yield Label(T.LABEL_NOTES, classes="field-label")
                yield FormInput(placeholder=T.NOTES_PLACEHOLDER, id="notes", compact=True)
            yield Static(id="notes-error", classes="field-error")
            yield save_cancel(classes="buttons")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#kind", Select).focus()

    def values(self) -> dict:
        end = self.query_one("#end", Input).value.strip()
        return {
            "kind": self.query_one("#kind", Select).value,
            "area": self.query_one("#area", Select).value or None,
            "start": self.query_one("#start", Input).value.strip(),
            "end": end or None,
            "notes": self.query_one("#notes", Input).value,
        }

    # -- the live check (LiveCheck) ---------------------------------------------------

    def check_values(self) -> dict:
        return self.values()

    def compute_check(self, values: dict) -> dict[str, str]:
        """Every bad field: the service's own checks, and an empty From."""
        journal = homelog_app(self).journal
        return check_errors(lambda: journal.check_condition(**values), FIELDS, "kind", {"start": values["start"]})

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self.check_soon()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if not self.ready_to_save():
            return
        app = homelog_app(self)
        condition = saved(self, lambda: app.journal.add_condition(**self.values()), FIELDS, "kind")
        if condition is not None:
            self.dismiss(condition)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
