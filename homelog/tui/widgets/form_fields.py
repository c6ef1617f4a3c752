"""What every form screen shares: its input widgets, how a field's message is
shown under it, and the live check that runs after a short pause in typing.

Form screens import from here, never from one another."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Static

from homelog.errors import InputError
from homelog.tui import text as T

COMMON_NEEDLES = ("0.25", "0.5", "0.75", "1.0", "1.5")
# The live check waits this long after the last change: typing is never held up
# by a check (each one reads the journal), and a burst of keys costs one check.
CHECK_DELAY = 0.15


class TickBox(Checkbox):
    """A checkbox that shows ✓ only when ticked, so it reads without colour."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "✓" if self.value else " "


class FormInput(Input):
    """An Input that runs its own key bindings (backspace, delete, arrows...) at once.

    Textual inserts a typed character as soon as the Input gets the key, but runs
    a binding only after the key has bubbled up to the app, one message hop per
    container (Textual 8.2): in a form nested a few containers deep, keys typed
    back to back came out of order ("2025-02-228": the backspace after the 8)."""

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable:
            return  # Input's own handler inserts it
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()  # handled: Input's _on_key and the bubbling are skipped
                return


class NeedleInput(FormInput):
    """A needle length; up/down step through the common sizes."""

    BINDINGS = [
        Binding("up", "step(-1)", "Shorter", show=False),
        Binding("down", "step(1)", "Longer", show=False),
    ]

    def action_step(self, delta: int) -> None:
        current = self.value.strip()
        if current in COMMON_NEEDLES:
            i = COMMON_NEEDLES.index(current) + delta
        else:
            i = 0 if delta > 0 else len(COMMON_NEEDLES) - 1
        self.value = COMMON_NEEDLES[max(0, min(i, len(COMMON_NEEDLES) - 1))]
        self.cursor_position = len(self.value)


def field_errors(exc: InputError, fields: tuple[str, ...], fallback: str) -> dict[str, str]:
    """The service's messages by form field; one about no field of the form goes to ``fallback``."""
    found: dict[str, str] = {}
    for field, text in (exc.errors or {fallback: str(exc)}).items():
        found.setdefault(field if field in fields else fallback, text)
    return found


def required_errors(values: dict[str, str], required: tuple[str, ...]) -> dict[str, str]:
    """An empty required field is an error (never a silent default), in the form's words."""
    return {name: T.EMPTY_FIELD.get(name, T.EMPTY_REQUIRED) for name in required if not values.get(name, "").strip()}


def mark_fields(screen, fields: tuple[str, ...], errors: dict[str, str], quiet: frozenset[str] = frozenset()) -> None:
    """Show each field's message under it (and mark the field); clear the others.
    A ``quiet`` field's message is a hint (dimmed, the field not marked): it has not been touched yet."""
    for name in fields:
        shown = errors.get(name, "")
        hushed = bool(shown) and name in quiet
        label = screen.query_one(f"#{name}-error", Static)
        label.update(shown)
        label.set_class(bool(shown), "-shown")
        label.set_class(hushed, "-quiet")
        screen.query_one(f"#{name}").set_class(bool(shown) and not hushed, "-bad")


class LiveCheck:
    """For a form Screen with a ``recheck()``: ``check_soon()`` on every change runs
    it once typing pauses for CHECK_DELAY; ``check_now()`` runs a pending one at once
    (before saving). ``check_pending`` says whether one is waiting."""

    check_delay: float = CHECK_DELAY
    _check_timer: Timer | None = None

    def recheck(self) -> None:  # pragma: no cover - each form has its own
        raise NotImplementedError

    @property
    def check_pending(self) -> bool:
        return self._check_timer is not None

    def check_soon(self) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(self.check_delay, self._timed_check)  # type: ignore[attr-defined]

    def _timed_check(self) -> None:
        self._check_timer = None
        if self.is_attached:  # type: ignore[attr-defined]
            self.recheck()

    def check_now(self) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
            self._check_timer = None
        self.recheck()
