"""The main screen: area status on the left, the journal on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from homelog import messages as msg
from homelog.records import Reaction, Session, SessionFilter
from homelog.service import SaveResult, UndoResult
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.area_panel import AreaPanel
from homelog.tui.widgets.journal_table import JournalTable, one_line
from homelog.tui.widgets.read_only import ChangesJournal


def findings_summary(result: SaveResult) -> str:
    counts: dict[str, int] = {}
    for f in result.verdict.findings:
        counts[f.level] = counts.get(f.level, 0) + 1
    parts = []
    for level in ("stop", "caution", "note"):
        n = counts.get(level)
        if n:
            parts.append(f"{n} stop" if level == "stop" else msg.plural(n, level))
    return ", ".join(parts)


def saved_message(result: SaveResult, *, edited: bool, override: str | None = None) -> str:
    s = result.session
    assert s is not None
    if override is not None:
        text = msg.SAVED_OVERRIDE
    else:
        text = msg.EDITED if edited else msg.SAVED
    out = text.format(
        id=s.id, area=s.area, needle=s.needle_mm_text, date=s.date.isoformat(), rules=", ".join(s.overridden_rules)
    )
    summary = findings_summary(result)
    return out + (T.CAUTIONS_SUFFIX.format(summary=summary) if summary else "")


class MainScreen(ChangesJournal, Screen):
    CHANGES = ("add", "edit", "delete", "undo", "observe", "healed", "sync")
    BINDINGS = [
        Binding("a", "add", "Add"),
        # Not in the footer, which must fit 80 columns with "? Help" (the app's, shown
        # last): enter on a row edits too; help and the palette list these.
        Binding("e", "edit", "Edit", show=False),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
        Binding("f", "filter", "Filter"),
        Binding("c", "calendar", "Calendar"),
        Binding("v", "devices", "Devices"),
        Binding("r", "rules", "Rules", show=False),
        Binding("o", "observe", "Observe", show=False),
        Binding("h", "healed", "Healed", show=False),
        Binding("k", "conditions", "Conditions"),
        Binding("s", "sync", "Sync", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="topbar")
        with Horizontal(id="body"):
            with VerticalScroll(id="areas-box") as box:  # scrolls when a rules.toml adds many areas
                box.border_title = T.AREAS_TITLE
                box.can_focus = False
                yield AreaPanel(id="areas")
            with Vertical(id="journal-box") as box:
                box.border_title = T.JOURNAL_TITLE
                yield JournalTable(id="journal")
                yield Static(id="session-detail")
                yield Static(id="table-info")
        yield Footer(compact=True)

    @property
    def table(self) -> JournalTable:
        return self.query_one(JournalTable)

    @property
    def area_filter(self) -> str | None:
        return self.table.flt.area

    def on_mount(self) -> None:
        self.table.focus()
        self.reload_status()
        self._update_topbar()
        # The table waits for the first frame: its queries grow with the journal.
        self.call_after_refresh(self.reload_table)

    # -- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        self._update_topbar()  # "today" may have moved on
        self.reload_status()
        self.reload_table()

    def reload_status(self) -> None:
        app = homelog_app(self)
        statuses = app.attempt(app.journal.status, app.today())
        if isinstance(statuses, list):
            self.query_one(AreaPanel).show(statuses, app.today(), self.area_filter)

    def reload_table(self, keep_id: int | None = None) -> None:
        table = self.table
        table.reload(keep_id=keep_id, at_least=max(table.row_count, 1))
        self._update_info()

    def _update_topbar(self) -> None:
        app = homelog_app(self)
        parts = [
            Content.assemble((T.APP_TITLE, "bold $text-accent")),
            Content(T.TOP_TODAY.format(date=app.today().isoformat())),
            Content(T.FILTER_LABEL.format(area=self.area_filter or T.FILTER_ALL)),
        ]
        if getattr(app, "read_only", False):
            parts.append(Content.assemble((T.READ_ONLY_BADGE, "bold $text-warning")))
        self.query_one("#topbar", Static).update(Content(" · ").join(parts))

    def _update_info(self) -> None:
        table = self.table
        info = self.query_one("#table-info", Static)
        self._update_detail()
        area = self.area_filter
        if table.total == 0:
            info.update(T.TABLE_EMPTY_FILTERED.format(area=area) if area else T.TABLE_EMPTY)
            return
        sessions = msg.plural(table.total, "session")
        count = sessions if table.total == 1 else T.TABLE_INFO_SHOWN.format(shown=f"{table.row_count:,}", sessions=sessions)
        on = T.TABLE_INFO_ON.format(area=area) if area else ""
        info.update(T.TABLE_INFO.format(count=count, on=on))

    def _update_detail(self) -> None:
        """The selected session's override: its reason and the rules it went past."""
        detail = self.query_one("#session-detail", Static)
        s = self.table.selected
        shown = s is not None and bool(s.override_reason)
        if shown:
            text = T.OVERRIDE_DETAIL.format(id=s.id, past=T.override_past(s.overridden_rules), reason=one_line(s.override_reason, 500))
            detail.update(Content(text))
        detail.display = shown

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.call_later(self._update_info)  # after the table may have loaded a page

    def set_filter(self, area: str | None) -> None:
        self.table.flt = SessionFilter(area=area)
        self.table.reload(at_least=1)
        self.table.move_cursor(row=0, animate=False)
        self._update_topbar()
        self._update_info()
        self.reload_status()

    # -- actions ----------------------------------------------------------------------

    def _selected(self) -> Session | None:
        sid = self.table.selected_id
        if sid is None:
            self.app.notify(T.NO_SELECTION, severity="warning")
            return None
        app = homelog_app(self)
        got = app.attempt(app.journal.get, sid)
        return got if isinstance(got, Session) else None

    def action_add(self) -> None:
        from homelog.tui.screens.session_form import SessionForm

        self.app.push_screen(SessionForm(area=self.area_filter), self._after_save)

    def action_edit(self) -> None:
        from homelog.tui.screens.session_form import SessionForm

        session = self._selected()
        if session is not None:
            self.app.push_screen(SessionForm(editing=session), self._after_save)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.allowed("edit"):
            self.action_edit()

    def _after_save(self, outcome) -> None:
        if outcome is None:
            return
        result = outcome.result
        text = saved_message(result, edited=outcome.edited, override=outcome.override)
        self.app.notify(text, severity="warning" if result.verdict.findings else "information")
        self.reload_status()
        self.reload_table(keep_id=result.session.id)

    def action_delete(self) -> None:
        from homelog.tui.screens.confirm import ConfirmScreen

        session = self._selected()
        if session is None:
            return
        question = T.DELETE_QUESTION.format(
            id=session.id, area=session.area, needle=session.needle_mm_text, date=session.date.isoformat()
        )

        def done(yes: bool | None) -> None:
            if not yes:
                return
            app = homelog_app(self)
            gone = app.attempt(app.journal.delete, session.id)
            if isinstance(gone, Session):
                self.app.notify(T.DELETED.format(id=gone.id, area=gone.area, date=gone.date.isoformat()))
                self.reload()

        self.app.push_screen(ConfirmScreen(question, T.DELETE_HINT, title=T.DELETE_TITLE), done)

    def action_undo(self) -> None:
        app = homelog_app(self)
        result = app.attempt(app.journal.undo)
        if isinstance(result, UndoResult):
            self.app.notify(msg.undone(result), severity="information" if result.undone else "warning")
            self.reload()

    def action_filter(self) -> None:
        from homelog.tui.screens.area_filter import AreaFilterScreen

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            area = choice or None
            self.set_filter(area)
            self.app.notify(T.FILTER_SET.format(area=area or T.FILTER_ALL), timeout=2)

        areas = list(homelog_app(self).journal.rules.areas)
        self.app.push_screen(AreaFilterScreen(areas, self.area_filter), chosen)

    def action_calendar(self) -> None:
        from homelog.tui.screens.calendar import CalendarScreen

        self.app.push_screen(CalendarScreen(area=self.area_filter))

    def action_devices(self) -> None:
        from homelog.tui.screens.devices import DevicesScreen

        self.app.push_screen(DevicesScreen(), lambda _: self.reload())

    def action_rules(self) -> None:
        from homelog.tui.screens.rules import RulesScreen

        self.app.push_screen(RulesScreen())

    # -- skin: reactions and conditions -----------------------------------------------

    def _reacted(self, session: Session, reaction: Reaction | None) -> None:
        if reaction is None:
            return
        text = msg.REACTED.format(
            id=session.id,
            area=session.area,
            date=session.date.isoformat(),
            day=reaction.date.isoformat(),
            what=msg.reaction_what(reaction),
        )
        self.app.notify(text)
        self.reload_status()

    def action_observe(self) -> None:
        from homelog.tui.screens.reaction_form import ReactionForm

        session = self._selected()
        if session is not None:
            self.app.push_screen(ReactionForm(session), lambda r: self._reacted(session, r))

    def action_healed(self) -> None:
        session = self._selected()
        if session is None:
            return
        app = homelog_app(self)
        reaction = app.attempt(app.journal.healed, session.id)
        self._reacted(session, reaction if isinstance(reaction, Reaction) else None)

    def action_conditions(self) -> None:
        from homelog.tui.screens.conditions import ConditionsScreen

        self.app.push_screen(ConditionsScreen(), lambda _: self.reload())

    def action_sync(self) -> None:
        from homelog.tui.screens.sync import SyncScreen

        self.app.push_screen(SyncScreen(), lambda changed: self.reload() if changed else None)
