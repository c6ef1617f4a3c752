"""Add or edit a product: name, its INCI ingredient list pasted in one field (the
classes it holds shown live, with the names matched), sterile, notes.

Every field is checked as it changes (``Journal.check_product``, after a short
pause in typing): an empty name, a list or notes too long are marked at once and
Save is disabled until they are fixed. Saving goes through ``Journal.add_product``
/ ``edit_product``; a field it refuses is marked too and the form stays open."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static, TextArea

from homelog.records import ClassFound, Product
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.field_focus import FieldFocusMixin
from homelog.tui.widgets.form_fields import FieldsCheck, FormInput, TickBox, check_errors, editable, save_cancel, saved

FIELDS = ("name", "ingredients", "notes")


def classes_line(ingredients: str, found: tuple[ClassFound, ...]) -> Content:
    """What the list holds, as the form shows it live: flagged classes in bold, with the names matched."""
    if not ingredients.strip():
        return Content.assemble((T.CLASSES_NONE_GIVEN, "bold $text-warning"))
    if not found:
        return Content.assemble((T.CLASSES_NONE_FOUND, "$text-muted"))
    parts = []
    for c in found:
        names = ", ".join(c.matched) + (f" — {'; '.join(c.caveats)}" if c.caveats else "")
        parts.append(Content.assemble((("⚠ " if c.flagged else "") + c.title, "bold $text-error" if c.flagged else ""), f" ({names})"))
    return Content(T.CLASSES_FOUND.format(found="")) + Content("; ").join(parts)


class ProductForm(FieldsCheck, FieldFocusMixin, ModalScreen):
    """Dismisses with the saved Product, or None."""

    FIELDS = FIELDS
    QUIET_UNTIL_TOUCHED = True

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, *, editing: Product | None = None) -> None:
        super().__init__()
        self.editing = editing

    def compose(self) -> ComposeResult:
        e = self.editing
        with Vertical(id="product-dialog", classes="dialog") as box:
            box.border_title = T.PRODUCT_FORM_EDIT_TITLE.format(id=e.id) if e else T.PRODUCT_FORM_ADD_TITLE
            with Horizontal(classes="field"):
                yield Label(T.LABEL_NAME, classes="field-label")
                yield FormInput(editable(e.name) if e else "", id="name", compact=True)
            yield Static(id="name-error", classes="field-error")
            yield Label(T.LABEL_INGREDIENTS, classes="field-label")
            area = TextArea(editable(e.ingredients) if e else "", id="ingredients", soft_wrap=True, compact=True)
            area.placeholder = T.INGREDIENTS_PLACEHOLDER
            yield area
            yield Static(id="ingredients-error", classes="field-error")
            yield Static(id="classes")
            with Horizontal(classes="field"):
                yield Label(T.LABEL_STERILE, classes="field-label")
                yield TickBox(T.STERILE_TEXT, value=bool(e and e.sterile), id="sterile", compact=True)
            with Horizontal(classes="field"):
                yield Label(T.LABEL_NOTES, classes="field-label")
                yield FormInput(editable(e.notes) if e else "", placeholder=T.NOTES_PLACEHOLDER, id="notes", compact=True)
            yield Static(id="notes-error", classes="field-error")
            yield save_cancel(classes="buttons")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self._show_classes()

    def _show_classes(self) -> None:
        text = self.query_one("#ingredients", TextArea).text
        found = homelog_app(self).journal.product_classes(text)
        self.query_one("#classes", Static).update(classes_line(text, found))

    def values(self) -> dict:
        return dict(
            name=self.query_one("#name", Input).value,
            ingredients=self.query_one("#ingredients", TextArea).text,
            sterile=self.query_one("#sterile", Checkbox).value,
            notes=self.query_one("#notes", Input).value,
        )

    # -- the live check (LiveCheck) ---------------------------------------------------

    def check_values(self) -> dict:
        return self.values()

    def compute_check(self, values: dict) -> dict[str, str]:
        journal = homelog_app(self).journal
        return check_errors(
            lambda: journal.check_product(name=values["name"], ingredients=values["ingredients"], notes=values["notes"]),
            FIELDS, "name", {"name": values["name"].strip()},
        )

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.control.id:
            self.touch(event.control.id)
        self.check_soon()

    @on(TextArea.Changed)
    def _ingredients_changed(self) -> None:
        self.touch("ingredients")
        self._show_classes()
        self.check_soon()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if not self.ready_to_save():
            return
        app = homelog_app(self)
        values = self.values()
        editing = self.editing
        product = saved(
            self, lambda: app.journal.add_product(**values) if editing is None else app.journal.edit_product(editing.id, **values),
            FIELDS, "name",
        )
        if product is not None:
            self.dismiss(product)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
