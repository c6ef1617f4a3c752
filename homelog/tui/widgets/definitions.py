"""Terms and their texts, with the text wrapped under itself (a hanging indent):

    ✗ STOP     Face is still resting after the 0.5 mm session on 2025-02-24:
               next session from 2025-03-03 (7 days)
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.widget import Widget

Item = tuple[Content | str | None, Content | str]  # (term or None for a full-width line, text)


def _content(value: Content | str) -> Content:
    return value if isinstance(value, Content) else Content(value)


class Definitions(Widget):
    DEFAULT_CSS = """
    Definitions { height: auto; }
    """

    def __init__(self, items: Iterable[Item] = (), *, term_width: int | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[Item] = []
        self._term_width = term_width
        self.set_items(items)

    def set_items(self, items: Iterable[Item]) -> None:
        self._items = list(items)
        self.refresh(layout=True)

    @property
    def term_width(self) -> int:
        if self._term_width is not None:
            return self._term_width
        terms = [_content(t).cell_length for t, _ in self._items if t is not None]
        return max(terms, default=0) + 1

    def lines(self, width: int) -> list[Content]:
        out: list[Content] = []
        indent = self.term_width
        for term, text in self._items:
            body = _content(text)
            if term is None or width <= indent + 10:
                out.extend(body.wrap(max(width, 1)) if term is None else [_content(term) + " " + body])
                continue
            head = _content(term)
            head = head + " " * max(0, indent - head.cell_length)
            wrapped = body.wrap(width - indent) or [Content("")]
            out.append(head + wrapped[0])
            out.extend(Content(" " * indent) + line for line in wrapped[1:])
        return out

    def render(self) -> Content:
        width = self.content_region.width or self.size.width or 80
        return Content("\n").join(self.lines(width))

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self.lines(width))) if self._items else 0

    @property
    def plain(self) -> str:
        """The text, unwrapped (for tests and screen readers of the code)."""
        parts = []
        for term, text in self._items:
            parts.append(f"{_content(term).plain} {_content(text).plain}" if term is not None else _content(text).plain)
        return "\n".join(parts)
