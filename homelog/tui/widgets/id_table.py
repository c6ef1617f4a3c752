"""A row table keyed by record ids (sessions, devices, conditions): which id
the cursor is on, a refill that keeps the cursor on the same record, and one
column (``flex``) that takes the width the others leave, its cells cut with "…"
(give them ``Text(..., no_wrap=True, overflow="ellipsis")``), so that a long
name or note never pushes the other columns off the screen."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import Column, ColumnKey

FLEX_MIN = 8  # the flexible column's narrowest, unless a table asks for more


def _cell_width(cell: object) -> int:
    return cell.cell_len if isinstance(cell, Text) else len(str(cell))


class IdTable(DataTable):
    BINDINGS = [
        # Home/End: the first and the last row (DataTable's own scroll sideways).
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None, flex: str | None = None, flex_min: int = FLEX_MIN) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.flex = flex  # the key of the column that takes the width left
        self.flex_min = flex_min  # never narrower (the table scrolls sideways then)
        self.flex_widest = 0  # its widest cell, as last filled

    def set_width(self, column: Column, width: int) -> None:
        """Fix ``column`` at ``width`` cells (its cells cut to it)."""
        if column.auto_width or column.width != width:
            column.auto_width = False
            column.width = width
            # DataTable has no public call to re-measure a column (Textual 8.2).
            self._require_update_dimensions = True
            self._clear_caches()
            self.refresh(layout=True)

    def room_for(self, key: str) -> int:
        """The width the columns other than ``key`` leave it."""
        others = sum(c.get_render_width(self) for k, c in self.columns.items() if k != ColumnKey(key))
        return self.scrollable_content_region.width - others - 2 * self.cell_padding

    def fit_flex(self) -> None:
        column = self.columns.get(ColumnKey(self.flex)) if self.flex is not None else None
        if column is None or not self.size.width:
            return
        # No wider than its widest cell (a fixed width does not follow the content).
        widest = max(self.flex_widest, len(column.label.plain))
        self.set_width(column, min(widest, max(self.flex_min, self.room_for(self.flex))))

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.fit_flex)

    @property
    def selected_id(self) -> int | None:
        if not self.row_count:
            return None
        row = min(self.cursor_row, self.row_count - 1)
        key = self.coordinate_to_cell_key((row, 0)).row_key.value
        return int(key) if key is not None else None

    def keep_cursor(self, keep_id: int | None, previous_row: int) -> None:
        """Back on ``keep_id`` when it is still listed, else on the row it was on (or the last)."""
        if keep_id is not None and str(keep_id) in self.rows:
            self.move_cursor(row=self.get_row_index(str(keep_id)), animate=False)
        elif self.row_count:
            self.move_cursor(row=min(previous_row, self.row_count - 1), animate=False)

    def refill(self, rows: Iterable[tuple[int, tuple]], keep_id: int | None = None) -> None:
        """Replace every row by ``(id, cells)``; the cursor stays on ``keep_id`` or the selected record."""
        if keep_id is None:
            keep_id = self.selected_id
        previous_row = self.cursor_row
        self.clear()
        keys = list(self.columns)
        at = keys.index(ColumnKey(self.flex)) if self.flex is not None and ColumnKey(self.flex) in keys else None
        self.flex_widest = 0
        for record_id, cells in rows:
            self.add_row(*cells, key=str(record_id))
            if at is not None:
                self.flex_widest = max(self.flex_widest, _cell_width(cells[at]))
        self.keep_cursor(keep_id, previous_row)
        self.call_after_refresh(self.fit_flex)
