"""Log how the skin of a session reacted: redness 0-3, symptoms, the date, notes.

Every field is checked as it changes (``Journal.check_reaction``, after a short
pause in typing): all bad fields are marked at once and Save is disabled until
they are fixed. Saving goes through ``Journal.react``."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, Static

from homelog.records import REDNESS_LEVELS, Session
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.field_focus import FieldFocusMixin
from homelog.tui.widgets.form_fields import FieldsCheck, FormInput, TickBox, check_errors, save_cancel, saved

FIELDS = ("redness", "date", "notes")
SYMPTOMS = ("swelling", "bleeding", "infection")


class ReactionForm(FieldsCheck, FieldFocusMixin, ModalScreen):
    """Dismisses with the new Reaction, or None."""

    FIELDS = FIELDS

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        s = self.session
        today = homelog_app(self).today()
        with Vertical(id="reaction-dialog", classes="dialog") as box:
            box.border_title = T.REACTION_TITLE.format(id=s.id, area=s.area, date=s.date.isoformat())
            with Horizontal(classes="field"):
                yield Label(T.LABEL_REDNESS, classes="field-label")
                options = [(T.REDNESS_NAMES[level], level) for level in REDNESS_LEVELS]
                yield Select(options, value=REDNESS_LEVELS[1], allow_blank=False, id="redness", compact=True)
            yield Static(id="redness-error", classes="field-error")
            for name in SYMPTOMS:
                with Horizontal(classes="field"):
                    yield Label(T.SYMPTOM_LABELS[name], classes="field-label")
                    yield TickBox(T.SYMPTOM_TEXTS[name], id=name, compact=True)
            with Horizontal(classes="field"):
                yield Label(T.LABEL_SEEN_ON, classes="field-label")
                yield FormInput(today.isoformat(), placeholder=T.DATE_PLACEHOLDER, id="date", compact=True)
            yield Static(id="date-error", classes="field-error")
            with Horizontal(classes="field"):
                yield Label(T.LABEL_NOTES, classes="field-label")
                yield FormInput(placeholder=T.NOTES_PLACEHOLDER, id="notes", compact=True)
            yield Static(id="notes-error", classes="field-error")
            yield Static(T.REACTION_HINT, classes="hint")
            yield save_cancel(classes="buttons")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#redness", Select).focus()

    def values(self) -> dict:
        return {
            "redness": self.query_one("#redness", Select).value,
            "day": self.query_one("#date", Input).value.strip(),
            "notes": self.query_one("#notes", Input).value,
        }

    # -- the live check (LiveCheck) ---------------------------------------------------

    def check_values(self) -> dict:
        return self.values()

    def compute_check(self, values: dict) -> dict[str, str]:
        """Every bad field: the service's own checks, and an empty date."""
        journal, session = homelog_app(self).journal, self.session.id
        return check_errors(lambda: journal.check_reaction(session, **values), FIELDS, "redness", {"date": values["day"]})

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self.check_soon()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if not self.ready_to_save():
            return
        app = homelog_app(self)
        symptoms = {name: self.query_one(f"#{name}", TickBox).value for name in SYMPTOMS}
        reaction = saved(self, lambda: app.journal.react(self.session.id, **self.values(), **symptoms), FIELDS, "redness")
        if reaction is not None:
            self.dismiss(reaction)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
