"""Every area of the rule table: ready, or resting until a date.

Reads without colour: ✓ ready / ✗ resting, and the date and days left in words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.content import Content
from textual.widget import Widget

from homelog.records import AreaStatus
from homelog.tui import text as T

class AreaPanel(Widget):
    """Renders the statuses it was given; ``show`` replaces them."""

    DEFAULT_CSS = """
    AreaPanel { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._statuses: list[AreaStatus] = []
        self._as_of: date | None = None
        self._current: str | None = None

    def show(self, statuses: Sequence[AreaStatus], as_of: date, current: str | None = None) -> None:
        self._statuses = list(statuses)
        self._as_of = as_of
        self._current = current
        self.refresh(layout=True)

    @property
    def statuses(self) -> list[AreaStatus]:
        return list(self._statuses)

    def _state(self, st: AreaStatus, form: str) -> str:
        assert self._as_of is not None and st.resting_until is not None
        n = (st.resting_until - self._as_of).days
        until = st.resting_until.isoformat()
        days = "1 day" if n == 1 else f"{n} days"
        return form.format(date=until, short=until[5:], n=n, days=days)

    def _lines(self, form: str) -> list[Content]:
        name_width = max((len(s.area) for s in self._statuses), default=4)
        lines = []
        for st in self._statuses:
            name = st.area.ljust(name_width)
            name_style = "bold underline" if st.area == self._current else ""
            if st.ready:
                lines.append(
                    Content.assemble(("✓ ", "bold $text-success"), (name, name_style), " ", (T.AREA_READY, "$text-success"))
                )
            else:
                state = self._state(st, form) if st.resting_until else "held by " + ", ".join(st.held_by)
                lines.append(
                    Content.assemble(("✗ ", "bold $text-warning"), (name, name_style), " ", (state, "$text-warning"))
                )
        return lines

    def render(self) -> Content:
        if not self._statuses:
            return Content("")
        width = self.size.width
        for form in T.AREA_RESTING_FORMS:
            lines = self._lines(form)
            if max(line.cell_length for line in lines) <= width:
                break
        return Content("\n").join(lines)

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: D401
        return max(1, len(self._statuses))
