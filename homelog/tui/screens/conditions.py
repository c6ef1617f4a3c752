"""Standing conditions (contraindications): list, add, end today, delete (undoable)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from homelog import messages as msg
from homelog.records import Condition
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.id_table import IdTable
from homelog.tui.widgets.journal_table import one_line
from homelog.tui.widgets.read_only import ChangesJournal


def condition_cells(c: Condition, applies_to: str) -> tuple:
    """One row (``applies_to``: the service's words for where the rules apply it).
    User text goes in ``Text`` so that brackets are never read as markup."""
    return (
        Text(str(c.id), justify="right"),
        Text(c.kind),
        Text(applies_to),
        Text(c.start.isoformat()),
        Text(c.end.isoformat() if c.end else T.CONDITION_ONGOING),
        Text(one_line(c.notes, 200), no_wrap=True, overflow="ellipsis"),
    )


class ConditionsScreen(ChangesJournal, Screen[None]):
    CHANGES = ("add", "end", "delete", "undo")
    BINDINGS = [
        Binding("a", "add", "Add condition"),
        Binding("x", "end", "End today"),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
        Binding("escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble((T.CONDITIONS_TITLE, "bold")), classes="screen-title")
        yield Static(id="conditions-empty")  # above the table, which takes the height left
        yield IdTable(id="conditions", flex=T.CONDITION_COLUMNS[-1])
        yield Static(Content.assemble((T.CONDITIONS_INFO, "$text-muted")), id="conditions-info")
        yield Footer(compact=True)

    @property
    def table(self) -> IdTable:
        return self.query_one("#conditions", IdTable)

    def on_mount(self) -> None:
        for label in T.CONDITION_COLUMNS:
            self.table.add_column(label, key=label)
        self.table.focus()
        self.reload()

    def reload(self, keep_id: int | None = None) -> None:
        app = homelog_app(self)
        found = app.attempt(app.journal.conditions)
        if not isinstance(found, list):
            return
        journal = app.journal
        self.table.refill(((c.id, condition_cells(c, journal.condition_applies_to(c))) for c in found), keep_id)
        empty = self.query_one("#conditions-empty", Static)
        empty.update(Content.assemble((T.CONDITIONS_EMPTY, "$text-muted")))
        empty.display = not found

    def _selected(self) -> Condition | None:
        cid = self.table.selected_id
        if cid is None:
            self.app.notify(T.NO_CONDITION_SELECTED, severity="warning")
            return None
        app = homelog_app(self)
        got = app.attempt(app.journal.condition, cid)
        return got if isinstance(got, Condition) else None

    def action_back(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        from homelog.tui.screens.condition_form import ConditionForm

        def added(c: Condition | None) -> None:
            if c is None:
                return
            where = homelog_app(self).journal.condition_where(c)
            self.app.notify(msg.CONDITION_ADDED.format(id=c.id, kind=c.kind, where=where, span=msg.span(c.start, c.end)))
            self.reload(keep_id=c.id)

        self.app.push_screen(ConditionForm(), added)

    def action_end(self) -> None:
        c = self._selected()
        if c is None:
            return
        app = homelog_app(self)
        ended = app.attempt(app.journal.end_condition, c.id, day=app.today())
        if isinstance(ended, Condition):
            app.notify(msg.CONDITION_ENDED.format(id=ended.id, kind=ended.kind, date=ended.end.isoformat()))
            self.reload(keep_id=ended.id)

    def action_delete(self) -> None:
        from homelog.tui.screens.confirm import ConfirmScreen

        c = self._selected()
        if c is None:
            return
        app = homelog_app(self)

        def done(yes: bool | None) -> None:
            if not yes:
                return
            gone = app.attempt(app.journal.delete_condition, c.id)
            if isinstance(gone, Condition):
                app.notify(T.CONDITION_DELETED.format(id=gone.id, kind=gone.kind))
                self.reload()

        question = T.CONDITION_DELETE_QUESTION.format(id=c.id, kind=c.kind, span=msg.span(c.start, c.end))
        app.push_screen(ConfirmScreen(question, T.DELETE_HINT, title=T.CONDITION_DELETE_TITLE), done)

    def action_undo(self) -> None:
        """The app's one undo (the last change, whatever it was), then show what it did here."""
        homelog_app(self).main_screen.action_undo()
        self.reload()
