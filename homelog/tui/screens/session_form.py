"""Add or edit a session, with the rules' findings shown live.

Every change re-runs what ``homelog check`` does (``session_input(...,
planning=True)`` then ``check``) once typing pauses (``LiveCheck``), so the
person sees the findings and the next safe date before anything is saved and
a keystroke never waits for a check. Every field the service refuses is
marked with the service's own message, an empty Date is an error (not
"today"), and Save is disabled. Saving goes through ``add``/``edit``; when a
rule says stop, a reason is asked for (prefilled with the session's reason
when editing one saved with an override, whose reason is a field of the form)
and the save is retried with ``override=reason``. Ctrl+O (or a click on the
findings) opens the sources the findings' rules rest on."""

from __future__ import annotations

from dataclasses import dataclass
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, SelectionList, Static

from rich.text import Text

from homelog import messages as msg
from homelog import validate
from homelog.errors import InputError
from homelog.records import FIXED_NEEDLE_KINDS, Device, Session, SessionInput, Verdict, um_to_mm_text
from homelog.service import UNSET, SaveResult
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.field_focus import FieldFocusMixin
from homelog.tui.widgets.findings import Findings
from homelog.tui.widgets.form_fields import COMMON_NEEDLES, FormInput, LiveCheck, NeedleInput, TickBox, TickList, editable, save_cancel

NO_DEVICE = 0  # the Select value for "no device"
FIELDS = ("area", "needle", "date", "device", "notes", "reason")
FORM_KEYS = ("area", "needle", "day", "device", "notes", "reason")  # FIELDS as the service's arguments


def _by_form_key(exc: InputError) -> dict[str, str]:
    """The service's per-field messages by form key; one about no field is the form's."""
    found = {}
    for field, text in (exc.errors or {"form": str(exc)}).items():
        key = {"date": "day"}.get(field, field)
        found[key if key in FORM_KEYS else "form"] = text
    return found


@dataclass(frozen=True)
class Outcome:
    """What the form did: the service's result, and whether it was an edit / an override."""

    result: SaveResult
    edited: bool
    override: str | None = None


@dataclass
class Check:
    """The outcome of checking the form as it stands."""

    errors: dict[str, str]
    candidate: SessionInput | None
    verdict: Verdict | None
    rest: int | None = None  # the candidate's rest days (for the next safe date)
    #: whether Save checks it again (an edit of notes or disinfection only is not)
    rechecked: bool = True


class SessionForm(LiveCheck, FieldFocusMixin, ModalScreen):
    """Dismisses with an ``Outcome`` once saved, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+o", "sources", T.KEY_SOURCES),
    ]

    def __init__(self, *, editing: Session | None = None, area: str | None = None) -> None:
        super().__init__()
        self.editing = editing
        self.initial_area = editing.area if editing else area
        self.devices: dict[int, Device] = {}
        self.products: list = []
        self.last_check: Check | None = None
        self.touched: set[str] = set()

    @property
    def has_reason(self) -> bool:
        """Editing a session saved with an override: its reason is a field of the form."""
        return self.editing is not None and bool(self.editing.override_reason)

    # -- building ----------------------------------------------------------------------

    def _device_options(self) -> list[tuple[str, int]]:
        app = homelog_app(self)
        found = app.attempt(app.journal.devices)
        devices = found if isinstance(found, list) else []
        keep = self.editing.device_id if self.editing else None
        self.devices = {d.id: d for d in devices if not d.retired or d.id == keep}
        options = [(T.NO_DEVICE, NO_DEVICE)]
        for d in self.devices.values():
            needle = f", {um_to_mm_text(d.needle_um)} mm" if d.needle_um else ""
            label = Text(msg.safe(f"{d.name} ({d.kind}{needle})" + (T.RETIRED_SUFFIX if d.retired else "")))
            options.append((label, d.id))
        return options

    def compose(self) -> ComposeResult:
        app = homelog_app(self)
        e = self.editing
        areas = list(app.journal.rules.areas)
        title = T.FORM_EDIT_TITLE.format(id=e.id) if e else T.FORM_ADD_TITLE
        with Vertical(id="form-dialog", classes="dialog") as dialog:
            dialog.border_title = title
            with VerticalScroll(id="form-body"):
                with Horizontal(classes="field"):
                    yield Label(T.LABEL_AREA, classes="field-label")
                    yield Select(
                        [(a, a) for a in areas],
                        prompt=T.PROMPT_AREA,
                        value=self.initial_area if self.initial_area in areas else Select.NULL,
                        id="area",
                        compact=True,
                    )
                yield Static(id="area-error", classes="field-error")
                with Horizontal(classes="field"):
                    yield Label(T.LABEL_NEEDLE, classes="field-label")
                    yield NeedleInput(
                        e.needle_mm_text if e else "", placeholder=T.NEEDLE_PLACEHOLDER, id="needle", compact=True
                    )
                    with Horizontal(id="needle-presets"):
                        for size in COMMON_NEEDLES:
                            yield Button(size, id=f"preset-{size.replace('.', '_')}", classes="preset", compact=True)
                yield Static(id="needle-error", classes="field-error")
                with Horizontal(classes="field"):
                    yield Label(T.LABEL_DATE, classes="field-label")
                    when = e.date if e else app.today()
                    yield FormInput(when.isoformat(), placeholder=T.DATE_PLACEHOLDER, id="date", compact=True)
                yield Static(id="date-error", classes="field-error")
                with Horizontal(classes="field"):
                    yield Label(T.LABEL_DEVICE, classes="field-label")
                    options = self._device_options()
                    current = e.device_id if e and e.device_id in self.devices else NO_DEVICE
                    yield Select(options, value=current, allow_blank=False, id="device", compact=True)
                yield Static(id="device-error", classes="field-error")
                with Horizontal(classes="field"):
                    yield Label(T.LABEL_DISINFECTED, classes="field-label")
                    yield TickBox(T.DISINFECTED_TEXT, value=bool(e and e.disinfected), id="disinfected", compact=True)
                yield from self._skin_fields()
                with Horizontal(classes="field"):
                    yield Label(T.LABEL_NOTES, classes="field-label")
                    yield FormInput(editable(e.notes) if e else "", placeholder=T.NOTES_PLACEHOLDER, id="notes", compact=True)
                yield Static(id="notes-error", classes="field-error")
                if self.has_reason:
                    with Horizontal(classes="field"):
                        yield Label(T.LABEL_REASON, classes="field-label")
                        yield FormInput(editable(e.override_reason), placeholder=T.REASON_PLACEHOLDER, id="reason", compact=True)
                    yield Static(id="reason-error", classes="field-error")
                    yield Static(T.REASON_FIELD_HINT.format(past=T.override_past(e.overridden_rules)), classes="hint")
                yield Static(T.FINDINGS_TITLE, id="findings-title")
                yield Findings(id="findings")
            yield save_cancel(id="form-buttons")
        yield Footer(compact=True)

    def _skin_fields(self) -> ComposeResult:
        """The cartridge question (shown for a pen) and the products on the skin (when there are any)."""
        e = self.editing
        with Horizontal(classes="field", id="cartridge-field"):
            yield Label(T.LABEL_CARTRIDGE, classes="field-label")
            yield Select(list(T.CARTRIDGE_OPTIONS), value=(e.cartridge or "") if e else "", allow_blank=False, id="cartridge", compact=True)
        yield Static(id="cartridge-error", classes="field-error")
        app = homelog_app(self)
        found = app.attempt(app.journal.products)
        self.products = found if isinstance(found, list) else []
        chosen = set(e.product_ids) if e else set()
        with Horizontal(classes="field", id="products-field"):
            yield Label(T.LABEL_PRODUCTS, classes="field-label")
            options = [(Text(msg.safe(p.name)), p.id, p.id in chosen) for p in self.products]  # never markup
            yield TickList(*options, id="products-list", compact=True)
        yield Static(id="products-error", classes="field-error")

    def _show_skin_fields(self) -> None:
        device = self.query_one("#device", Select).value
        pen = device in self.devices and self.devices[device].kind == "pen"
        self.query_one("#cartridge-field").set_class(not pen, "-hidden")
        self.query_one("#products-field").set_class(not self.products, "-hidden")

    def on_mount(self) -> None:
        self._show_skin_fields()
        for button in self.query(".preset"):
            button.can_focus = False
        self.query_one("#area" if self.initial_area is None else "#needle").focus()
        self.recheck()

    # -- reading the fields ---------------------------------------------------------------

    def raw(self) -> dict:
        area = self.query_one("#area", Select).value
        device = self.query_one("#device", Select).value
        return {
            "area": "" if area is Select.NULL else area,
            "needle": self.query_one("#needle", Input).value.strip(),
            "day": self.query_one("#date", Input).value.strip(),
            "device": None if device in (NO_DEVICE, Select.NULL) else device,
            "disinfected": self.query_one("#disinfected", Checkbox).value,
            "notes": self.query_one("#notes", Input).value,
            "products": list(self.query_one("#products-list", SelectionList).selected),
            "cartridge": self._cartridge(device),
        }

    def _cartridge(self, device) -> str | None:
        """The cartridge answer, only for a pen (another device has none)."""
        value = self.query_one("#cartridge", Select).value
        pen = device in self.devices and self.devices[device].kind == "pen"
        return value if pen and value not in ("", Select.NULL) else None

    def reason_text(self) -> str | None:
        """The reason field's text (None when the form has none)."""
        return self.query_one("#reason", Input).value.strip() if self.has_reason else None

    def check_values(self) -> dict:
        return {"raw": self.raw(), "reason": self.reason_text()}

    def compute_check(self, values: dict) -> Check:
        return self.check_fields(values["raw"], values["reason"])

    def check_fields(self, raw: dict | None = None, reason: str | None = None) -> Check:
        """Validate as the service does (one call marks every bad field); any thread
        (``raw``: the fields as read on the main thread; default: read them now)."""
        journal = homelog_app(self).journal
        if raw is None:
            raw, reason = self.raw(), self.reason_text()
        errors: dict[str, str] = {}
        if not raw["day"]:  # the service would take today: in a form, an empty date is an error
            errors["day"] = T.EMPTY_FIELD["day"]
        if reason is not None:
            try:
                validate.reason(reason)
            except InputError as exc:
                errors["reason"] = str(exc)
        candidate = None
        try:
            candidate = journal.session_input(**raw, planning=True)
        except InputError as exc:
            errors.update(_by_form_key(exc))
        if candidate is not None:
            # What saving additionally requires: a date that is not in the future.
            keep_retired = self.editing is not None and raw["device"] == self.editing.device_id
            try:
                journal.session_input(**raw, allow_retired=keep_retired)
            except InputError as exc:
                for key, text in _by_form_key(exc).items():
                    # The date parsed for planning, so this is the "not in the future" rule;
                    # the form's own words add that its findings show the plan's check.
                    errors[key] = T.FUTURE_DATE.format(date=candidate.date.isoformat()) if key == "day" else text
        verdict = rest = None
        rechecked = True
        if candidate is not None:
            exclude = self.editing.id if self.editing else None
            verdict = journal.check(candidate, exclude_id=exclude)
            rest = journal.rest_days(candidate.area, candidate.needle_um)
            rechecked = self.editing is None or journal.edit_rechecks(self.editing, candidate)
        return Check(errors, candidate, verdict, rest, rechecked)

    def show_check(self, values: dict, result: Check) -> None:
        self.last_check = result
        raw, reason = values["raw"], values["reason"]
        for name in FIELDS:
            if name == "reason" and not self.has_reason:
                continue
            key = "day" if name == "date" else name
            text = result.errors.get(key, "")
            label = self.query_one(f"#{name}-error", Static)
            widget = self.query_one(f"#{name}")
            # An untouched empty field is a hint, not yet an error.
            empty = (reason if key == "reason" else raw.get(key)) in ("", None)
            if text and empty and key in T.EMPTY_FIELD:
                text = T.EMPTY_FIELD[key]
            quiet = bool(text) and empty and name not in self.touched
            label.update(text)
            label.set_class(bool(text), "-shown")
            label.set_class(quiet, "-quiet")
            widget.set_class(bool(text) and not quiet, "-bad")
        findings = self.query_one(Findings)
        if result.verdict is not None and result.candidate is not None and result.rest is not None:
            c = result.candidate
            # The reason Save will offer: the form's reason field, else the one saved before.
            offered = reason or ((self.editing.override_reason or "") if self.editing else "")
            findings.show(result.verdict, c.area, c.date, result.rest, rechecked=result.rechecked, reason=offered)
        else:
            findings.waiting(result.errors.get("form"))
        self.query_one("#save", Button).disabled = bool(result.errors) or result.candidate is None

    # -- events -----------------------------------------------------------------------------

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        if event.input.id:
            self.touched.add(event.input.id)
        self.check_soon()

    @on(SelectionList.SelectedChanged)
    def _products_changed(self) -> None:
        self.check_soon()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "device":
            self._show_skin_fields()
        if event.select.id == "device" and event.value in self.devices:
            d = self.devices[event.value]
            if d.kind in FIXED_NEEDLE_KINDS and d.needle_um is not None:
                self.query_one("#needle", Input).value = um_to_mm_text(d.needle_um)
        if event.select.id:
            self.touched.add(event.select.id)
        self.check_soon()

    @on(Checkbox.Changed)
    def _checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.check_soon()

    @on(Button.Pressed, ".preset")
    def _preset(self, event: Button.Pressed) -> None:
        needle = self.query_one("#needle", Input)
        needle.value = str(event.button.label)
        needle.focus()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def reload(self) -> None:
        """The journal may have changed elsewhere: check again."""
        self.check_now()

    # -- saving -----------------------------------------------------------------------------

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_sources(self) -> None:
        verdict = self.last_check.verdict if self.last_check else None
        if verdict is None or not verdict.findings:
            self.app.notify(T.FINDINGS_NO_SOURCES)
            return
        from homelog.tui.screens.sources import SourcesScreen

        self.app.push_screen(SourcesScreen(verdict.findings))

    def on_click(self, event: events.Click) -> None:
        if event.widget is self.query_one(Findings):
            self.action_sources()

    def _save(self, override: str | None) -> SaveResult | None:
        app = homelog_app(self)
        journal = app.journal
        raw = self.raw()
        if self.editing is None:
            candidate = app.attempt(journal.session_input, **{k: raw[k] for k in raw})
            if not isinstance(candidate, SessionInput):
                return None
            result = app.attempt(journal.add, candidate, override=override)
        else:
            e = self.editing
            unchanged_disinfected = e.disinfected is None and raw["disinfected"] is False
            result = app.attempt(
                journal.edit,
                e.id,
                area=raw["area"],
                needle=raw["needle"],
                day=raw["day"],
                device=raw["device"],
                disinfected=UNSET if unchanged_disinfected else raw["disinfected"],
                notes=raw["notes"],
                override=override,
                products=raw["products"],
                cartridge=raw["cartridge"],
            )
        return result if isinstance(result, SaveResult) else None

    def action_save(self) -> None:
        self.check_now()
        if self.query_one("#save", Button).disabled:
            self.touched.update(FIELDS)
            self.recheck()
            self.app.notify(T.FIX_FIELDS, severity="warning")
            return
        reason = self.reason_text()
        kept = self.editing.override_reason if self.editing else None
        # A reason the person changed is saved as the new one; an unchanged one only when a rule asks again.
        given = reason if reason and reason != kept else None
        result = self._save(given)
        if result is None:
            return
        if result.saved:
            went_past = given is not None and result.session is not None and bool(result.session.overridden_rules)
            self.dismiss(Outcome(result, self.editing is not None, given if went_past else None))
            return
        from homelog.tui.screens.reason import ReasonScreen

        def with_reason(reason: str | None) -> None:
            if not reason:
                self.app.notify(T.NOT_SAVED, severity="warning")
                return
            again = self._save(reason)
            if again is not None and again.saved:
                self.dismiss(Outcome(again, self.editing is not None, reason))

        saved_reason = (self.editing.override_reason or "") if self.editing else ""
        self.app.push_screen(ReasonScreen(result.verdict.findings, reason or saved_reason), with_reason)
