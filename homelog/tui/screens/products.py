"""Products: list (with the classes their ingredients hold), add, edit, delete (undoable)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from homelog import messages as msg
from homelog.records import ClassFound, Product
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.id_table import IdTable
from homelog.tui.widgets.journal_table import one_line


def classes_text(p: Product, found: tuple[ClassFound, ...]) -> str:
    if not p.ingredients:
        return T.PRODUCT_UNKNOWN_CLASSES
    return ", ".join(c.cls for c in found) if found else T.PRODUCT_NO_CLASSES


def product_cells(p: Product, found: tuple[ClassFound, ...]) -> tuple:
    """One row; user text in ``Text`` so brackets are never read as markup."""
    flagged = any(c.flagged for c in found) or not p.ingredients
    return (
        Text(str(p.id), justify="right"),
        Text(msg.safe(p.name)),
        Text("yes" if p.sterile else "no", style="" if p.sterile else "bold"),
        Text(classes_text(p, found), style="bold" if flagged else ""),
        Text(one_line(p.ingredients, 200), no_wrap=True, overflow="ellipsis"),
    )


class ProductsScreen(Screen[None]):
    BINDINGS = [
        Binding("a", "add", "Add product"),
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
        Binding("escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble((T.PRODUCTS_TITLE, "bold")), classes="screen-title")
        yield Static(id="products-empty")
        yield IdTable(id="products", flex=T.PRODUCT_COLUMNS[-1])
        yield Static(Content.assemble((T.PRODUCTS_INFO, "$text-muted")), id="products-info")
        yield Footer(compact=True)

    @property
    def table(self) -> IdTable:
        return self.query_one("#products", IdTable)

    def on_mount(self) -> None:
        for label in T.PRODUCT_COLUMNS:
            self.table.add_column(label, key=label)
        self.table.focus()
        self.reload()

    def reload(self, keep_id: int | None = None) -> None:
        app = homelog_app(self)
        found = app.attempt(app.journal.products)
        if not isinstance(found, list):
            return
        journal = app.journal
        self.table.refill(((p.id, product_cells(p, journal.product_classes(p.ingredients))) for p in found), keep_id)
        empty = self.query_one("#products-empty", Static)
        empty.update(Content.assemble((T.PRODUCTS_EMPTY, "$text-muted")))
        empty.display = not found

    def _selected(self) -> Product | None:
        pid = self.table.selected_id
        if pid is None:
            self.app.notify(T.NO_PRODUCT_SELECTED, severity="warning")
            return None
        app = homelog_app(self)
        got = app.attempt(app.journal.product, pid)
        return got if isinstance(got, Product) else None

    def action_back(self) -> None:
        self.dismiss(None)

    def _saved(self, template: str):
        def done(p: Product | None) -> None:
            if p is None:
                return
            sterile = msg.PRODUCT_STERILE if p.sterile else msg.PRODUCT_NOT_STERILE
            self.app.notify(template.format(id=p.id, name=p.name, sterile=sterile))
            self.reload(keep_id=p.id)

        return done

    def action_add(self) -> None:
        from homelog.tui.screens.product_form import ProductForm

        self.app.push_screen(ProductForm(), self._saved(msg.PRODUCT_ADDED))

    def action_edit(self) -> None:
        from homelog.tui.screens.product_form import ProductForm

        p = self._selected()
        if p is not None:
            self.app.push_screen(ProductForm(editing=p), self._saved(msg.PRODUCT_EDITED))

    def action_delete(self) -> None:
        from homelog.tui.screens.confirm import ConfirmScreen

        p = self._selected()
        if p is None:
            return
        app = homelog_app(self)

        def done(yes: bool | None) -> None:
            if not yes:
                return
            gone = app.attempt(app.journal.delete_product, p.id)
            if isinstance(gone, Product):
                app.notify(T.PRODUCT_DELETED.format(id=gone.id, name=gone.name))
                self.reload()

        question = T.PRODUCT_DELETE_QUESTION.format(id=p.id, name=p.name)
        app.push_screen(ConfirmScreen(question, T.DELETE_HINT, title=T.PRODUCT_DELETE_TITLE), done)

    def action_undo(self) -> None:
        """The app's one undo (the last change, whatever it was), then show what it did here."""
        homelog_app(self).main_screen.action_undo()
        self.reload()
