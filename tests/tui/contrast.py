"""WCAG contrast of what a screen shows, from the colours Textual renders."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.color import Color as RichColor
from rich.style import Style

MINIMUM = 4.5  # WCAG 2 AA for normal text
DIM = 0.5  # a terminal's dim text is about half-way to the background (Textual's DimFilter)


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@dataclass(frozen=True)
class Low:
    text: str
    line: int
    ratio: float
    fg: tuple[int, int, int]
    bg: tuple[int, int, int]


def _rgb(color: RichColor | None, default: tuple[int, int, int]) -> tuple[int, int, int]:
    if color is None or color.is_default:
        return default
    t = color.get_truecolor()
    return (t.red, t.green, t.blue)


def is_graphic(char: str) -> bool:
    """Lines, boxes, blocks and shapes (borders, scrollbars, a Select's arrow): not text."""
    return 0x2500 <= ord(char) <= 0x25FF or char.isspace()


def low_contrast(app, minimum: float = MINIMUM) -> Iterator[Low]:
    """Every run of visible text on the current screen under ``minimum`` contrast.
    On a modal screen, only its own widgets: what shows through behind it is
    dimmed on purpose, not meant to be read."""
    from textual.color import Color
    from textual.screen import ModalScreen

    variables = app.get_css_variables()
    screen_bg = Color.parse(variables["background"]).rgb
    screen_fg = Color.parse(variables["foreground"]).rgb
    screen = app.screen
    regions = [w.region for w in screen.children] if isinstance(screen, ModalScreen) else [screen.region]
    for y, strip in enumerate(screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            start, x = x, x + segment.cell_length
            text = "".join(c for c in segment.text if not is_graphic(c))
            style: Style | None = segment.style
            if not text or style is None or segment.control:
                continue
            if not any(r.contains(start, y) for r in regions):
                continue
            bg = _rgb(style.bgcolor, screen_bg)
            fg = _rgb(style.color, screen_fg)
            if style.reverse:
                fg, bg = bg, fg
            if style.dim:
                fg = tuple(round(b + (f - b) * DIM) for f, b in zip(fg, bg))
            r = ratio(fg, bg)
            if r < minimum:
                yield Low(text, y, round(r, 2), fg, bg)
