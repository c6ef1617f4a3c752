"""What every form screen shares: its input widgets, how a field's message is
shown under it, and the live check that runs after a short pause in typing.

Form screens import from here, never from one another."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import events
from textual.binding import Binding
from textual.timer import Timer
from rich.segment import Segment
from textual.strip import Strip
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Input, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist

from homelog import messages as msg
from homelog.errors import HomelogError, InputError
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


class TickList(SelectionList):
    """A selection list whose rows show ✓ only when ticked (Textual's shows X on every
    row, telling them apart by colour alone), as ``TickBox``."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 2 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip  # a line with no button (past the last option)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:  # pragma: no cover - the button says there is one
            return strip
        tick = "✓" if option.value in self._selected else " "
        segments[1] = Segment(tick, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)


class FormInput(Input):
    """An Input that runs the key bindings in effect (its own: backspace, delete,
    arrows; the form's and the app's: tab, ctrl+s, escape) as soon as it gets a key.

    Textual inserts a typed character as soon as the Input gets the key, but runs
    a binding only after the key has bubbled up to the app, one message hop per
    container (Textual 8.2): in a form nested a few containers deep, keys typed
    back to back came out of order ("2025-02-228": the backspace after the 8; a
    tab after the letters meant for the next field). Keys that reach an Input
    after a tab moved the focus on are passed on to the focused widget, in order."""

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not self:
            # A key typed after a tab that moved the focus, already on its way here:
            # it belongs to the field that has the focus now (and keeps its place in line).
            event.stop()
            event.prevent_default()
            if focused is not None:
                focused.post_message(events.Key(event.key, event.character))
            return
        if event.is_printable:
            return  # Input's own handler inserts it
        active = self.screen.active_bindings.get(event.key)
        if active is None or active.binding.priority or not active.enabled:
            return  # priority bindings ran before the key got here; a disabled one does nothing
        if await self.app.run_action(active.binding.action, active.node):
            event.stop()
            event.prevent_default()  # handled: Input's _on_key and the bubbling are skipped


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


def editable(stored: str | None) -> str:
    """A stored text as a form gives it to edit: what ``messages.safe`` escapes as
    its visible escape (a journal changed outside homelog may hold controls), but
    a tab, which notes may hold and a field shows as spaces; saving keeps what is
    shown."""
    return "\t".join(msg.safe(part) for part in (stored or "").split("\t"))


def field_errors(exc: InputError, fields: tuple[str, ...], fallback: str) -> dict[str, str]:
    """The service's messages by form field; one about no field of the form goes to ``fallback``."""
    found: dict[str, str] = {}
    for field, text in (exc.errors or {fallback: str(exc)}).items():
        found.setdefault(field if field in fields else fallback, text)
    return found


def required_errors(values: dict[str, str], required: tuple[str, ...]) -> dict[str, str]:
    """An empty required field is an error (never a silent default), in the form's words."""
    return {name: T.EMPTY_FIELD.get(name, T.EMPTY_REQUIRED) for name in required if not values.get(name, "").strip()}


def check_errors(check: Callable[[], object], fields: tuple[str, ...], fallback: str, required: dict[str, str] | None = None) -> dict[str, str]:
    """Every bad field of a form: its empty ``required`` ones (name -> value) first,
    then what the service's ``check`` says, by field (as ``field_errors``)."""
    errors = required_errors(required or {}, tuple(required or ()))
    try:
        check()
    except InputError as exc:
        for name, text in field_errors(exc, fields, fallback).items():
            errors.setdefault(name, text)
    return errors


def save_cancel(**attrs: str) -> Horizontal:
    """A form's button row: Save (primary), then Cancel (``attrs``: the row's id or classes)."""
    return Horizontal(
        Button(T.SAVE, id="save", variant="primary", compact=True), Button(T.CANCEL, id="cancel", compact=True), **attrs
    )


def saved(screen, save: Callable[[], object], fields: tuple[str, ...], fallback: str) -> object | None:
    """What ``save()`` returns; None when it refused: an ``InputError`` marks the fields
    it names (``field_errors``), any other homelog error is shown as a notice."""
    try:
        return save()
    except InputError as exc:  # also: changed elsewhere since the last live check
        mark_fields(screen, fields, field_errors(exc, fields, fallback))
    except HomelogError as exc:
        screen.app.notify(str(exc), title=T.ERROR_TITLE, severity="error", timeout=10)
    return None


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
    """For a form Screen: ``check_soon()`` on every change checks the form once
    typing pauses for CHECK_DELAY, in a worker thread, so a check that reads the
    journal never holds up a keystroke; ``check_now()`` checks at once on the
    main thread (before saving). A form gives three steps:

    - ``check_values()`` reads its fields (main thread);
    - ``compute_check(values)`` asks the service (any thread: every service call
      opens its own connection);
    - ``show_check(values, result)`` marks the fields (main thread).

    A result that a newer check has overtaken is dropped. ``check_pending`` says
    whether a check is waiting or running."""

    check_delay: float = CHECK_DELAY
    _check_timer: Timer | None = None
    _check_generation = 0
    _checks_running = 0

    def check_values(self) -> object:  # pragma: no cover - each form has its own
        raise NotImplementedError

    def compute_check(self, values: object) -> object:  # pragma: no cover
        raise NotImplementedError

    def show_check(self, values: object, result: object) -> None:  # pragma: no cover
        raise NotImplementedError

    def recheck(self) -> None:
        """Check now, on this thread (a journal failure is notified, as every service error)."""
        values = self.check_values()
        try:
            result = self.compute_check(values)
        except HomelogError as exc:
            self.app.notify(str(exc), title=T.ERROR_TITLE, severity="error", timeout=10)  # type: ignore[attr-defined]
            return
        self.show_check(values, result)

    @property
    def check_pending(self) -> bool:
        return self._check_timer is not None or self._checks_running > 0

    def check_soon(self) -> None:
        self._check_generation += 1  # whatever is running now is already out of date
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(self.check_delay, self._timed_check)  # type: ignore[attr-defined]

    def check_now(self) -> None:
        self._check_generation += 1
        if self._check_timer is not None:
            self._check_timer.stop()
            self._check_timer = None
        self.recheck()

    def _timed_check(self) -> None:
        self._check_timer = None
        if not self.is_attached:  # type: ignore[attr-defined]
            return
        values = self.check_values()
        generation = self._check_generation
        self._checks_running += 1
        self.run_worker(  # type: ignore[attr-defined]
            partial(self._check_in_thread, values, generation), thread=True, group="live-check"
        )

    def _check_in_thread(self, values: object, generation: int) -> None:
        try:
            result: object = self.compute_check(values)
        except HomelogError as exc:
            result = exc
        self.app.call_from_thread(self._checked, values, generation, result)  # type: ignore[attr-defined]

    def _checked(self, values: object, generation: int, result: object) -> None:
        self._checks_running -= 1
        if generation != self._check_generation or not self.is_attached:  # type: ignore[attr-defined]
            return  # typing went on: a newer check is on its way
        if isinstance(result, HomelogError):
            self.app.notify(str(result), title=T.ERROR_TITLE, severity="error", timeout=10)  # type: ignore[attr-defined]
            return
        self.show_check(values, result)


class FieldsCheck(LiveCheck):
    """``LiveCheck`` for a form whose check gives ``{field: message}`` over its
    ``FIELDS`` (the condition, reaction, device, product and apply forms): every bad
    field marked, Save disabled while one is. ``QUIET_UNTIL_TOUCHED``: a field the
    person has not changed yet shows its message as a quiet hint (``touch``)."""

    FIELDS: tuple[str, ...] = ()
    QUIET_UNTIL_TOUCHED = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.errors: dict[str, str] = {}  # the last check's
        self.touched: set[str] = set()

    def touch(self, *fields: str) -> None:
        self.touched.update(fields)

    def show_check(self, values: object, errors: dict[str, str]) -> None:
        self.errors = errors
        quiet = frozenset(self.FIELDS) - self.touched if self.QUIET_UNTIL_TOUCHED else frozenset()
        mark_fields(self, self.FIELDS, errors, quiet=quiet)
        self.query_one("#save", Button).disabled = bool(errors)  # type: ignore[attr-defined]

    def ready_to_save(self) -> bool:
        """Check at once (every field counts as touched); False, with a notice, while a field is bad."""
        self.touch(*self.FIELDS)
        self.check_now()
        if self.errors:
            self.app.notify(T.FIX_FIELDS, severity="warning")  # type: ignore[attr-defined]
            return False
        return True
