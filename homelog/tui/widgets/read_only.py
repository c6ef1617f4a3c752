"""Screens whose actions change the journal: with ``--read-only`` those actions
are disabled up front (dimmed in the footer, left out of the palette) instead
of refusing once a form has been filled."""

from __future__ import annotations


class ChangesJournal:
    """For a Screen: ``CHANGES`` names its actions that write to the journal."""

    CHANGES: tuple[str, ...] = ()

    @property
    def read_only(self) -> bool:
        return bool(getattr(self.app, "read_only", False))  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.CHANGES and self.read_only:
            return None  # shown, dimmed: it cannot run
        return True

    def allowed(self, action: str) -> bool:
        """Whether ``action`` may run now (for calls that do not come from a key binding)."""
        return bool(self.check_action(action, ()))
