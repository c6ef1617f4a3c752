"""Every area of the rule table: ready, or why not, and when aftercare ends.

Reads without colour: ✓ ready / ✗ not ready, then each reason in words under
the area (✗ a stop, ! a caution): resting until a date, recovering (a
``recovery`` hold), contraindicated (a ``contraindication`` hold, with its
kind), and "aftercare until" a date. The texts come in forms from the longest
to the shortest (``text.AREA_*_FORMS``); each line takes the longest that fits."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from textual.content import Content
from textual.widget import Widget

from homelog.records import AreaStatus, Finding
from homelog.tui import text as T

SYMBOL = {"stop": "✗", "caution": "!"}
HELD_STYLE = "$text-warning"  # the symbol and the words say the level
REASON_INDENT = 2  # the reasons under an area, under its name
_QUOTED = re.compile(r'"([^"]+)"')


def hold_kind(f: Finding) -> str:
    """The condition kind a contraindication finding names (its message quotes it), else the rule id."""
    found = _QUOTED.search(f.message)
    return found.group(1) if found else f.rule


def _form(forms: Sequence[str], i: int) -> str:
    return forms[min(i, len(forms) - 1)]


def hold_text(f: Finding, i: int) -> str:
    """A hold in words, in form ``i`` (0 the longest)."""
    forms = T.AREA_HOLD_FORMS.get((f.rule, f.level)) or T.AREA_HOLD_FORMS.get((f.rule, None)) or T.AREA_HOLD_OTHER
    until = T.AREA_HOLD_UNTIL.format(short=f.until.isoformat()[5:]) if f.until else ""
    return _form(forms, i).format(kind=hold_kind(f), rule=f.rule, until=until)


def reasons(st: AreaStatus, i: int, as_of: date) -> list[tuple[str, str]]:
    """(level, text) for why the area is held, stops first; the rest itself comes first.
    The same holds at every form ``i`` (repeats are found by their longest words)."""
    out: list[tuple[str, str]] = []
    if st.resting_until is not None:
        n = (st.resting_until - as_of).days
        until = st.resting_until.isoformat()
        days = "1 day" if n == 1 else f"{n} days"
        out.append(("stop", _form(T.AREA_RESTING_FORMS, i).format(date=until, short=until[5:], n=n, days=days)))
    holds = [f for f in st.holds if not (f.rule == "rest-period" and st.resting_until is not None)]
    seen = set()
    for level in ("stop", "caution"):
        for f in holds:
            if f.level == level and (level, hold_text(f, 0)) not in seen:
                seen.add((level, hold_text(f, 0)))
                out.append((level, hold_text(f, i)))
    return out


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

    def _area_lines(self, st: AreaStatus, i: int, name_width: int) -> list[Content]:
        assert self._as_of is not None
        name = (st.area.ljust(name_width), "bold underline" if st.area == self._current else "")
        why = reasons(st, i, self._as_of)
        if st.ready:
            lines = [Content.assemble(("✓ ", "bold $text-success"), name, " ", (T.AREA_READY, "$text-success"))]
        else:
            _level, first = why.pop(0)
            lines = [Content.assemble(("✗ ", "bold $text-warning"), name, " ", (first, HELD_STYLE))]
        indent = " " * REASON_INDENT
        for level, text in why:
            lines.append(Content.assemble(indent, (f"{SYMBOL[level]} {text}", HELD_STYLE)))
        if st.aftercare_until is not None:
            until = st.aftercare_until.isoformat()
            text = _form(T.AREA_AFTERCARE_FORMS, i).format(date=until, short=until[5:])
            lines.append(Content.assemble(indent, (f"~ {text}", "$text-muted")))
        return lines

    def lines(self, width: int) -> list[Content]:
        """Each line in the longest of its forms that fits ``width`` (else the shortest)."""
        name_width = max((len(s.area) for s in self._statuses), default=4)
        forms = [
            [line for st in self._statuses for line in self._area_lines(st, i, name_width)]
            for i in range(T.AREA_FORM_COUNT)
        ]
        return [next((line for line in alike if line.cell_length <= width), alike[-1]) for alike in zip(*forms)]

    def render(self) -> Content:
        if not self._statuses:
            return Content("")
        return Content("\n").join(self.lines(self.size.width))

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: D401
        return max(1, len(self.lines(width))) if self._statuses else 1
