"""Marks the form row that holds the focus (class ``-focused``), so its label
can light up. ``:focus-within`` alone does not restyle the label, a sibling
of the focused widget, when the focus moves (Textual 8.2)."""

from __future__ import annotations

from textual import events


class FieldFocusMixin:
    """For a Screen whose form rows carry the class ``field``."""

    def _mark_field_focus(self) -> None:
        focused = self.app.focused  # type: ignore[attr-defined]
        for row in self.query(".field"):  # type: ignore[attr-defined]
            row.set_class(focused is not None and row in focused.ancestors, "-focused")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._mark_field_focus()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.call_after_refresh(self._mark_field_focus)
