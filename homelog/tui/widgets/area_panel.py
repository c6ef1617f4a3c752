"""Every area of the rule table, one line each: its state, one word why, and the day.

A line reads without colour: ``✓`` ready, ``!`` ready with a caution (you may go
ahead), ``✗`` stopped; then the area, one word (``resting``, ``healing``, a
condition's kind such as ``pregnancy``, or the rule) and the day it is ready
(``ready_on``, the rules' one answer) or ``no date`` when waiting alone does not
clear it. The findings behind a line are its tooltip (move the mouse over it),
and, from the keyboard, shown under the lines while the panel has focus (Tab to
it, ↑/↓ to pick an area). The panel's box scrolls, with a scrollbar, when a
``rules.toml`` adds more areas than fit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from homelog import messages as msg
from homelog.records import AreaStatus, Finding
from homelog.tui import text as T

MARK = {"ready": "✓", "caution": "!", "stop": "✗"}
STYLE = {"ready": "$text-success", "caution": "$text-warning", "stop": "$text-error"}
_QUOTED = re.compile(r'"([^"]+)"')
_FULL_DATE = 10  # "2025-03-12"
_SHORT_DATE = len(T.AREA_NO_DATE)  # "no date", "~03-12" and "03-12" fit in it


def hold_kind(f: Finding) -> str:
    """The condition kind a contraindication finding names (its message quotes it), else the rule id."""
    found = _QUOTED.search(f.message)
    return found.group(1) if found else f.rule


def hold_word(f: Finding) -> str:
    """A hold in one word: ``resting``, ``healing``, a condition's kind, else the rule id."""
    if f.rule == "contraindication":
        return hold_kind(f)
    return T.AREA_HOLD_WORDS.get(f.rule, f.rule)


def main_hold(st: AreaStatus) -> Finding | None:
    """The finding a line names: when stopped, the one that holds the area up to
    ``ready_on`` (the last met on the way; with no date the first that never clears);
    with a caution only, the first caution."""
    if st.state == "stop":
        held = st.readiness.held_by if st.readiness is not None else tuple(f for f in st.holds if f.level == "stop")
        if not held:
            return None
        if st.ready_on is None:
            return held[0]
        ending = [f for f in held if f.until == st.ready_on]
        return ending[0] if ending else held[-1]
    if st.state == "caution":
        return next((f for f in st.holds if f.level == "caution"), None)
    return None


def details(st: AreaStatus) -> str:
    """What the tooltip of an area's line says: its state in words, then each finding."""
    if st.state == "ready":
        head = T.AREA_TIP_READY.format(area=st.area)
    elif st.state == "caution":
        head = T.AREA_TIP_CAUTION.format(area=st.area)
    elif st.ready_on is None:
        head = T.AREA_TIP_NO_DATE.format(area=st.area)
    else:
        head = T.AREA_TIP_UNTIL.format(area=st.area, date=st.ready_on.isoformat())
    found = list(st.readiness.held_by) if st.readiness is not None and st.state == "stop" else []
    found += [f for f in st.holds if f not in found]
    lines = [head] + [f"{T.LEVEL_SYMBOL.get(f.level, '?')} {msg.safe(f.message)} [{f.rule}]" for f in found]
    if st.aftercare_until is not None:
        lines.append(T.AREA_TIP_AFTERCARE.format(date=st.aftercare_until.isoformat()))
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def area_line(
    st: AreaStatus, width: int, name_width: int, current: bool = False, short_width: int = _SHORT_DATE
) -> Content:
    """One line: mark, area, one word, the day (short ``MM-DD`` when the full date does
    not fit; ``short_width``: the room for it then, 7 when a line says "no date")."""
    state = st.state
    f = main_hold(st)
    date_width = _FULL_DATE if width >= 2 + name_width + 1 + 12 + 1 + _FULL_DATE else short_width
    if state == "stop":
        word = hold_word(f) if f is not None else T.AREA_HELD
        day = T.AREA_NO_DATE if st.ready_on is None else _day(st.ready_on, date_width)
    elif state == "caution":
        word = hold_word(f) if f is not None else T.AREA_CAUTION
        day = _day(f.until, date_width) if f is not None and f.until is not None else ""
    else:
        word, day = T.AREA_READY, ""
    word_width = max(width - 2 - name_width - 1 - 1 - date_width, 3)
    name = (st.area.ljust(name_width), "bold underline" if current else "bold")
    parts: list = [(f"{MARK[state]} ", f"bold {STYLE[state]}"), name, " ", (_clip(word, word_width).ljust(word_width), STYLE[state])]
    if day:
        parts += [" ", (day.rjust(date_width), STYLE[state] if state == "stop" else "$text-muted")]
    elif st.aftercare_until is not None and state == "ready":
        parts += [" ", (("~" + _day(st.aftercare_until, date_width - 1)).rjust(date_width), "$text-muted")]
    return Content.assemble(*parts)


def _day(d: date, width: int) -> str:
    return d.isoformat() if width >= _FULL_DATE else d.isoformat()[5:]


class AreaPanel(Widget, can_focus=True):
    """Renders the statuses it was given, one line per area; ``show`` replaces them.
    With focus, ↑/↓ pick an area and its details follow the lines."""

    DEFAULT_CSS = """
    AreaPanel { height: auto; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Previous area", show=False),
        Binding("down", "move(1)", "Next area", show=False),
    ]

    cursor: reactive[int] = reactive(0, layout=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._statuses: list[AreaStatus] = []
        self._as_of: date | None = None
        self._current: str | None = None

    def show(self, statuses: Sequence[AreaStatus], as_of: date, current: str | None = None) -> None:
        self._statuses = list(statuses)
        self._as_of = as_of
        self._current = current
        self.cursor = min(self.cursor, max(len(self._statuses) - 1, 0))
        self.tooltip = None
        self.refresh(layout=True)

    @property
    def statuses(self) -> list[AreaStatus]:
        return list(self._statuses)

    def lines(self, width: int) -> list[Content]:
        """One line per area, each at most ``width`` cells."""
        name_width = max((len(s.area) for s in self._statuses), default=4)
        no_date = any(st.state == "stop" and st.ready_on is None for st in self._statuses)
        short = _SHORT_DATE if no_date else 6  # "~03-12", "03-12"
        return [area_line(st, width, name_width, st.area == self._current, short) for st in self._statuses]

    def details_lines(self, width: int) -> list[Content]:
        """With focus: a blank line, then the picked area's details, wrapped to ``width``."""
        if not self.has_focus or not self._statuses:
            return []
        out = [Content("")]
        for line in details(self._statuses[self.cursor]).splitlines():
            out += Content.assemble((line, "$text-muted")).wrap(max(width, 10))
        return out

    def render(self) -> Content:
        if not self._statuses:
            return Content("")
        width = self.size.width
        lines = self.lines(width)
        if self.has_focus:
            lines[self.cursor] = lines[self.cursor].stylize("reverse")
        return Content("\n").join(lines + self.details_lines(width))

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: D401
        return max(1, len(self._statuses) + len(self.details_lines(width)))

    def action_move(self, delta: int) -> None:
        if self._statuses:
            self.cursor = (self.cursor + delta) % len(self._statuses)
            self.scroll_visible()

    def on_focus(self) -> None:
        self.refresh(layout=True)

    def on_blur(self) -> None:
        self.refresh(layout=True)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """The tooltip is the details of the line under the mouse (as plain content: a
        finding's ``[rule]`` is not markup)."""
        row = event.y
        self.tooltip = Content(details(self._statuses[row])) if 0 <= row < len(self._statuses) else None
