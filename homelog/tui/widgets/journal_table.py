"""The journal, newest first, loaded a page at a time.

A 100,000-session journal must not make the first frame wait, so the table
asks the service for ``PAGE`` rows and asks for the next page when the cursor
(or the scroll position) nears the end of what is loaded.

The table never scrolls sideways: Notes takes the width the other columns
leave (cut with "…"), and where even the fixed columns would not fit (80
columns) Device and Clean make way (the edit form shows them)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import events
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from homelog import messages as msg
from homelog.records import Session, SessionFilter
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.id_table import IdTable

PAGE = 200
NEAR_END = 25  # rows from the end of what is loaded that trigger the next page
END_PAGES = 50  # End loads at most this many more pages (10,000 rows) to reach the last row
FULL = T.COLUMNS
COMPACT = tuple(c for c in T.COLUMNS if c not in T.NARROW_DROPS)
NOTES_MIN = 8  # Notes narrower than this: Device and Clean make way


def one_line(text: str, limit: int) -> str:
    """User text on one line, shown safely (``messages.safe``), at most ``limit`` characters."""
    flat = msg.safe(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "-"}[value]


def device_label(s: Session) -> str:
    return one_line(s.device_name or ("-" if s.device_id is None else f"#{s.device_id}"), 18)


def session_cells(s: Session, columns: tuple[str, ...] = FULL) -> tuple:
    """One row (the cells of ``columns``). User text goes in ``Text`` so that
    brackets are never read as markup."""
    cells = dict(
        zip(
            FULL,
            (
                Text(str(s.id), justify="right", no_wrap=True),
                Text(s.date.isoformat()),
                Text(s.area),
                Text(s.needle_mm_text, justify="right"),
                Text("⚑", style="bold") if s.override_reason else Text(""),
                Text(device_label(s), no_wrap=True, overflow="ellipsis"),
                Text(yes_no(s.disinfected)),
                Text(one_line(s.notes, 200), no_wrap=True, overflow="ellipsis"),
            ),
        )
    )
    return tuple(cells[c] for c in columns)


class JournalTable(IdTable):
    """Sessions for one filter. ``reload`` starts again; pages come on demand."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.flt = SessionFilter()
        self.total = 0
        self.exhausted = True
        self.loaded: dict[int, Session] = {}  # the listed sessions by id
        self.shown: tuple[str, ...] = FULL

    def on_mount(self) -> None:
        for label in self.shown:
            self.add_column(label, key=label)

    # -- the notes column takes the width that is left ------------------------------

    def _show(self, columns: tuple[str, ...]) -> None:
        """Show these columns, the loaded rows again in them (no reading the journal)."""
        keep_id, previous_row = self.selected_id, self.cursor_row
        self.shown = columns
        self.clear(columns=True)
        for label in columns:
            self.add_column(label, key=label)
        for s in self.loaded.values():
            self.add_row(*session_cells(s, columns), key=str(s.id))
        self.keep_cursor(keep_id, previous_row)

    def _room_for_notes(self, columns: tuple[str, ...]) -> int:
        """Notes' width with these columns, shown or not (a hidden one's from the loaded rows)."""
        pad = 2 * self.cell_padding
        widths = {c.label.plain: c.get_render_width(self) for c in self.columns.values()}
        device = max([len(T.COLUMNS[5]), *(len(device_label(s)) for s in self.loaded.values())]) + pad
        clean = max(len(T.COLUMNS[6]), 3) + pad
        guess = {T.COLUMNS[5]: device, T.COLUMNS[6]: clean}
        others = sum(widths.get(c, guess.get(c, 0)) for c in columns if c != T.COLUMNS[-1])
        return self.scrollable_content_region.width - others - pad

    def fit_notes(self) -> None:
        """Give Notes the room the other columns leave; where that is too little,
        Device and Clean make way (and come back when there is room)."""
        if not self.size.width:
            return
        wanted = FULL if self._room_for_notes(FULL) >= NOTES_MIN else COMPACT
        if wanted != self.shown:
            self._show(wanted)
        notes = self.columns.get(ColumnKey(T.COLUMNS[-1]))
        if notes is None:
            return
        self.set_width(notes, max(NOTES_MIN, self.room_for(T.COLUMNS[-1])))

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.fit_notes)

    # -- loading ----------------------------------------------------------------------

    def _fetch(self, offset: int) -> list[Session] | None:
        app = homelog_app(self)
        got = app.attempt(app.journal.list, self.flt, limit=PAGE, offset=offset)
        return got if isinstance(got, list) else None

    def _append(self, sessions: Iterable[Session]) -> None:
        for s in sessions:
            key = str(s.id)
            if key in self.rows:  # a session added elsewhere shifted the pages
                continue
            self.loaded[s.id] = s
            self.add_row(*session_cells(s, self.shown), key=key)

    def reload(self, *, keep_id: int | None = None, at_least: int = PAGE) -> None:
        """Load again from the top, as many rows as before (at least one page)."""
        previous_row = self.cursor_row
        if keep_id is None:
            keep_id = self.selected_id
        app = homelog_app(self)
        total = app.attempt(app.journal.count, self.flt)
        if not isinstance(total, int):
            return
        self.clear()
        self.loaded.clear()
        self.total = total
        self.exhausted = False
        while not self.exhausted and self.row_count < at_least:
            page = self._fetch(self.row_count)
            if page is None:
                break
            self._append(page)
            self.exhausted = len(page) < PAGE
        self.keep_cursor(keep_id, previous_row)
        self.call_after_refresh(self.fit_notes)

    @property
    def selected(self) -> Session | None:
        """The session the cursor is on, as listed."""
        sid = self.selected_id
        return None if sid is None else self.loaded.get(sid)

    def load_more(self) -> bool:
        if self.exhausted:
            return False
        page = self._fetch(self.row_count)
        if page is None:
            self.exhausted = True
            return False
        self._append(page)
        self.exhausted = len(page) < PAGE
        self.call_after_refresh(self.fit_notes)
        return bool(page)

    def action_scroll_bottom(self) -> None:
        """End: the last row, loading the pages before it (up to END_PAGES more)."""
        for _ in range(END_PAGES):
            if not self.load_more():
                break
        super().action_scroll_bottom()

    def _near_end(self) -> bool:
        return not self.exhausted and self.row_count - self.cursor_row <= NEAR_END

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self._near_end():
            self.load_more()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if not self.exhausted and new >= self.max_scroll_y - NEAR_END:
            self.call_later(self.load_more)
