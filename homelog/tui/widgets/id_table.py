"""A row table keyed by record ids (sessions, devices, conditions): which id
the cursor is on, and a refill that keeps the cursor on the same record."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding
from textual.widgets import DataTable


class IdTable(DataTable):
    BINDINGS = [
        # Home/End: the first and the last row (DataTable's own scroll sideways).
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

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
        for record_id, cells in rows:
            self.add_row(*cells, key=str(record_id))
        self.keep_cursor(keep_id, previous_row)
