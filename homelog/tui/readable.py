"""Theme colours made readable: every colour homelog draws text in reaches the
WCAG AA contrast (4.5:1) against the backgrounds it is drawn on, in whatever
theme is active. ``HomelogApp.get_css_variables`` passes the theme's variables
through ``readable_variables``; a colour that already passes is left as it is."""

from __future__ import annotations

from textual.color import BLACK, WHITE, Color

MINIMUM = 4.5
TARGET = 4.6  # a little above the minimum: rounding in terminals
STEP = 0.04

# Text colours (the theme's or Textual's) that homelog's screens draw text in.
TEXT_VARIABLES = (
    "text-primary",
    "text-secondary",
    "text-accent",
    "text-warning",
    "text-error",
    "text-success",
    "footer-key-foreground",
    "footer-description-foreground",
    "footer-foreground",
)
# The backgrounds that text lies on: the plain ones and the tints a table adds.
BACKGROUNDS = ("background", "surface", "panel", "footer-background")
TINTS = (0.0, 0.04, 0.08)  # zebra stripes, hover and header tint the background with the foreground
# "auto N%" text (a contrasting white or black at N% over the background): the theme's
# 60% muted and 38% disabled text are too faint on light and dark backgrounds alike.
AUTO_TEXT = {
    "text-muted": "auto 75%",
    "text-disabled": "auto 60%",
    "block-cursor-foreground": "auto 100%",
    "button-color-foreground": "auto 100%",
}


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable(color: Color, backgrounds: list[Color], target: float = TARGET) -> Color:
    """``color``, blended step by step away from the backgrounds (toward black on
    light ones, white on dark ones) until it reaches ``target`` against each."""
    away = BLACK if sum(luminance(b) for b in backgrounds) / len(backgrounds) > 0.18 else WHITE
    out = color
    amount = 0.0
    while amount < 1 and min(contrast(out, b) for b in backgrounds) < target:
        amount += STEP
        out = color.blend(away, min(amount, 1.0))
    return out


def readable_variables(variables: dict[str, str]) -> dict[str, str]:
    """The theme's variables with every text colour readable on homelog's backgrounds."""
    out = dict(variables)
    try:
        foreground = Color.parse(variables["foreground"])
        plain = [Color.parse(variables[name]) for name in BACKGROUNDS if name in variables]
    except Exception:  # a theme without these: leave it as it is
        return out
    plain = [b for b in plain if b.a > 0]
    backgrounds = [b.blend(foreground, tint) for b in plain for tint in TINTS]
    for name in TEXT_VARIABLES:
        value = variables.get(name, "")
        if not value.startswith("#"):
            continue
        color = Color.parse(value)
        fixed = readable(color, backgrounds)
        if fixed != color:
            out[name] = fixed.hex
    out.update({name: value for name, value in AUTO_TEXT.items() if name in out})
    return out
