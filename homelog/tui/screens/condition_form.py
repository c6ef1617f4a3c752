"""Add a standing condition: kind, optional area, from/to dates, notes.

Saving goes through ``Journal.add_condition``; a field it refuses is marked
with its message and the form stays open (nothing is saved)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from homelog.errors import HomelogError, InputError
from homelog.tui import text as T
from homelog.tui.screens.reaction_form import field_errors, mark_fields
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.field_focus import FieldFocusMixin

FIELDS = ("kind", "area", "start", "end", "notes")
ALL_AREAS = ""  # the area Select's value for "not limited to one area"


def date_field(message: str, start: str, end: str) -> str:
    """Which date field a bad-date message is about: it quotes the value it refused."""
    return "end" if end and end in message and start not in message else "start"


class ConditionForm(FieldFocusMixin, ModalScreen):
    """Dismisses with the new Condition, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

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
                yield Input(app.today().isoformat(), placeholder=T.DATE_PLACEHOLDER, id="start", compact=True)
            yield Static(id="start-error", classes="field-error")
            with Horizontal(classes="field"):
                yield Label(T.LABEL_TO, classes="field-label")
                yield Input(placeholder=T.TO_PLACEHOLDER, id="end", compact=True)
            yield Static(id="end-error", classes="field-error")
            with Horizontal(classes="field"):
                yield Label(T.LABEL_NOTES, classes="field-label")
                yield Input(placeholder=T.NOTES_PLACEHOLDER, id="notes", compact=True)
            yield Static(id="notes-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(T.SAVE, id="save", variant="primary", compact=True)
                yield Button(T.CANCEL, id="cancel", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#kind", Select).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        app = homelog_app(self)
        start = self.query_one("#start", Input).value.strip()
        end = self.query_one("#end", Input).value.strip()
        try:
            condition = app.journal.add_condition(
                self.query_one("#kind", Select).value,
                area=self.query_one("#area", Select).value or None,
                start=start,
                end=end or None,
                notes=self.query_one("#notes", Input).value,
            )
        except InputError as exc:
            errors = field_errors(exc, (*FIELDS, "date"), "kind")
            if "date" in errors:
                text = errors.pop("date")
                errors.setdefault(date_field(text, start, end), text)
            mark_fields(self, FIELDS, errors)
            return
        except HomelogError as exc:
            app.notify(str(exc), title=T.ERROR_TITLE, severity="error", timeout=10)
            return
        self.dismiss(condition)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
