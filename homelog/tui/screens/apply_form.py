"""Log an application: a product put on an area (the selected session's) on a day.

Every field is checked as it changes (``Journal.check_application``, after a
short pause in typing): a bad or future date, no product, is marked at once and
Save is disabled until it is fixed. Saving goes through ``Journal.apply``; its
findings (a flagged class inside a session's aftercare) come back to the caller
to show."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from homelog import messages as msg
from homelog.errors import HomelogError, InputError
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.field_focus import FieldFocusMixin
from homelog.tui.widgets.form_fields import FieldsCheck, FormInput, check_errors, field_errors, mark_fields, save_cancel

FIELDS = ("product", "area", "date")


class ApplyForm(FieldsCheck, FieldFocusMixin, ModalScreen):
    """Dismisses with the service's ``ApplyResult``, or None."""

    FIELDS = FIELDS

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, area: str | None = None) -> None:
        super().__init__()
        self.area = area

    def compose(self) -> ComposeResult:
        app = homelog_app(self)
        found = app.attempt(app.journal.products)
        products = found if isinstance(found, list) else []
        areas = list(app.journal.rules.areas)
        with Vertical(id="apply-dialog", classes="dialog") as box:
            box.border_title = T.APPLY_FORM_TITLE
            if not products:
                yield Static(Content.assemble((T.APPLY_NO_PRODUCTS, "$text-warning")), id="apply-empty")
            with Horizontal(classes="field"):
                yield Label(T.LABEL_PRODUCT, classes="field-label")
                options = [(Text(msg.safe(f"{p.name} (#{p.id})")), p.id) for p in products]  # never markup
                yield Select(options, value=options[0][1] if options else Select.NULL, id="product", compact=True)
            yield Static(id="product-error", classes="field-error")
            with Horizontal(classes="field"):
                yield Label(T.LABEL_AREA, classes="field-label")
                value = self.area if self.area in areas else areas[0]
                yield Select([(a, a) for a in areas], value=value, allow_blank=False, id="area", compact=True)
            yield Static(id="area-error", classes="field-error")
            with Horizontal(classes="field"):
                yield Label(T.LABEL_DATE, classes="field-label")
                yield FormInput(app.today().isoformat(), placeholder=T.DATE_PLACEHOLDER, id="date", compact=True)
            yield Static(id="date-error", classes="field-error")
            yield save_cancel(classes="buttons")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#product", Select).focus()

    def values(self) -> dict:
        product = self.query_one("#product", Select).value
        return {
            "product": "" if product is Select.NULL else product,
            "area": self.query_one("#area", Select).value,
            "day": self.query_one("#date", Input).value.strip(),
        }

    # -- the live check (LiveCheck) ---------------------------------------------------

    def check_values(self) -> dict:
        return self.values()

    def compute_check(self, values: dict) -> dict[str, str]:
        journal = homelog_app(self).journal
        return check_errors(lambda: journal.check_application(values["product"], area=values["area"], day=values["day"]), FIELDS, "product")

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
        values = self.values()
        try:
            result = app.journal.apply(values["product"], area=values["area"], day=values["day"])
        except InputError as exc:
            errors = field_errors(exc, (*FIELDS, "id"), "product")
            if "id" in errors:
                errors.setdefault("product", errors.pop("id"))
            mark_fields(self, FIELDS, errors)
            return
        except HomelogError as exc:
            app.notify(str(exc), title=T.ERROR_TITLE, severity="error", timeout=10)
            return
        self.dismiss(result)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
