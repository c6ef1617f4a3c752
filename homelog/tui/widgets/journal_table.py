"""The journal, newest first, loaded a page at a time.

A 100,000-session journal must not make the first frame wait, so the table
asks the service for ``PAGE`` rows and asks for the next page when the cursor
(or the scroll position) nears the end of what is loaded."""

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


def one_line(text: str, limit: int) -> str:
    """User text on one line, shown safely (``messages.safe``), at most ``limit`` characters."""
    flat = msg.safe(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "-"}[value]


def session_cells(s: Session) -> tuple:
    """One row. User text goes in ``Text`` so that brackets are never read as markup."""
    device = s.device_name or ("-" if s.device_id is None else f"#{s.device_id}")
    return (
        Text(str(s.id), justify="right"),
        Text(s.date.isoformat()),
        Text(s.area),
        Text(s.needle_mm_text, justify="right"),
        Text("⚑", style="bold") if s.override_reason else Text(""),
        Text(one_line(device, 18)),
        Text(yes_no(s.disinfected)),
        Text(one_line(s.notes, 200), no_wrap=True, overflow="ellipsis"),
    )


class JournalTable(IdTable):
    """Sessions for one filter. ``reload`` starts again; pages come on demand."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.flt = SessionFilter()
        self.total = 0
        self.exhausted = True

    def on_mount(self) -> None:
        for label in T.COLUMNS:
            self.add_column(label, key=label)

    # -- the notes column takes the width that is left ------------------------------

    def fit_notes(self) -> None:
        """Give Notes the room the other columns leave, so the table scrolls
        sideways only when even the fixed columns do not fit."""
        notes = self.columns.get(ColumnKey(T.COLUMNS[-1]))
        if notes is None or not self.size.width:
            return
        others = sum(c.get_render_width(self) for c in self.columns.values() if c is not notes)
        width = max(12, self.scrollable_content_region.width - others - 2 * self.cell_padding)
        if notes.auto_width or notes.width != width:
            notes.auto_width = False
            notes.width = width
            # DataTable has no public call to re-measure a column (Textual 8.2).
            self._require_update_dimensions = True
            self._clear_caches()

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
            self.add_row(*session_cells(s), key=key)

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

    def _near_end(self) -> bool:
        return not self.exhausted and self.row_count - self.cursor_row <= NEAR_END

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self._near_end():
            self.load_more()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if not self.exhausted and new >= self.max_scroll_y - NEAR_END:
            self.call_later(self.load_more)
