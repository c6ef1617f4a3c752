"""Log how the skin of a session reacted: redness 0-3, symptoms, the date, notes.

Saving goes through ``Journal.react``; a field it refuses is marked with its
message and the form stays open (nothing is saved)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from homelog.errors import HomelogError, InputError
from homelog.records import REDNESS_LEVELS, Session
from homelog.tui import text as T
from homelog.tui.screens.session_form import TickBox
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.field_focus import FieldFocusMixin

FIELDS = ("redness", "date", "notes")
SYMPTOMS = ("swelling", "bleeding", "infection")


def mark_fields(screen, fields: tuple[str, ...], errors: dict[str, str]) -> None:
    """Show each field's message under it (and mark it); clear the others."""
    for name in fields:
        shown = errors.get(name, "")
        label = screen.query_one(f"#{name}-error", Static)
        label.update(shown)
        label.set_class(bool(shown), "-shown")
        screen.query_one(f"#{name}").set_class(bool(shown), "-bad")


def field_errors(exc: InputError, fields: tuple[str, ...], fallback: str) -> dict[str, str]:
    """The service's messages by form field; one about no field of the form goes to ``fallback``."""
    found: dict[str, str] = {}
    for field, text in (exc.errors or {fallback: str(exc)}).items():
        found.setdefault(field if field in fields else fallback, text)
    return found


class ReactionForm(FieldFocusMixin, ModalScreen):
    """Dismisses with the new Reaction, or None."""

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
                yield Input(today.isoformat(), placeholder=T.DATE_PLACEHOLDER, id="date", compact=True)
            yield Static(id="date-error", classes="field-error")
            with Horizontal(classes="field"):
                yield Label(T.LABEL_NOTES, classes="field-label")
                yield Input(placeholder=T.NOTES_PLACEHOLDER, id="notes", compact=True)
            yield Static(id="notes-error", classes="field-error")
            yield Static(T.REACTION_HINT, classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(T.SAVE, id="save", variant="primary", compact=True)
                yield Button(T.CANCEL, id="cancel", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#redness", Select).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        app = homelog_app(self)
        try:
            reaction = app.journal.react(
                self.session.id,
                redness=self.query_one("#redness", Select).value,
                **{name: self.query_one(f"#{name}", TickBox).value for name in SYMPTOMS},
                day=self.query_one("#date", Input).value.strip(),
                notes=self.query_one("#notes", Input).value,
            )
        except InputError as exc:
            mark_fields(self, FIELDS, field_errors(exc, FIELDS, "redness"))
            return
        except HomelogError as exc:
            app.notify(str(exc), title=T.ERROR_TITLE, severity="error", timeout=10)
            return
        self.dismiss(reaction)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
