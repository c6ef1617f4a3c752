"""Devices: uses, first use, and wear by the rules' own thresholds."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from homelog import messages as msg
from homelog.records import Device, DeviceOutlook, um_to_mm_text
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.id_table import IdTable
from homelog.tui.widgets.read_only import ChangesJournal


def wear_text(d: Device, outlook: DeviceOutlook) -> tuple[str, str]:
    """(text, level) for the next session with this device, from the service's ``device_outlook``."""
    if outlook.rule == "shared-device":
        return T.WEAR_SHARED, str(outlook.level)
    if d.retired:
        return T.WEAR_RETIRED, ""
    if outlook.rule == "device-wear":
        return (T.WEAR_REPLACE if outlook.level == "stop" else T.WEAR_SOON), str(outlook.level)
    if outlook.rule == "device-age":
        return T.WEAR_OLD, str(outlook.level)
    if outlook.new_cartridge:
        return T.WEAR_CARTRIDGE, "ok"
    if outlook.uses_left is not None:
        return T.WEAR_OK.format(left=outlook.uses_left), "ok"
    return T.WEAR_OK_SHORT, "ok"


def wear_styles(variables: dict[str, str]) -> dict[str, str]:
    """Rich styles from the theme's colours (a DataTable cell is a Rich renderable)."""
    return {
        "stop": f"bold {variables.get('text-error', 'red')}",
        "caution": f"bold {variables.get('text-warning', 'yellow')}",
        "note": "",
        "ok": variables.get("text-success", "green"),
        "": "italic",  # retired: said in words; not dim, which terminals draw too faint to read
    }


def device_cells(d: Device, outlook: DeviceOutlook, styles: dict[str, str]) -> tuple:
    wear, level = wear_text(d, outlook)
    return (
        Text(str(d.id), justify="right"),
        Text(msg.safe(d.name), no_wrap=True, overflow="ellipsis"),
        Text(d.kind),
        Text("-" if d.needle_um is None else um_to_mm_text(d.needle_um), justify="right"),
        Text(str(d.uses), justify="right"),
        Text(d.first_used.isoformat() if d.first_used else "-"),
        Text(T.DEVICE_RETIRED_STATE if d.retired else T.DEVICE_IN_USE, style=styles[""] if d.retired else ""),
        Text(wear, style=styles.get(level, "")),
    )


class DevicesScreen(ChangesJournal, Screen[None]):
    CHANGES = ("add", "retire", "undo")
    BINDINGS = [
        Binding("a", "add", "Add device"),
        Binding("x", "retire", "Retire"),
        Binding("s", "shared", "Used on someone else"),
        Binding("u", "undo", "Undo"),
        Binding("escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble((T.DEVICES_TITLE, "bold")), classes="screen-title")
        # A name is cut with "…" past what the other columns leave, but never below 16
        # characters: at 80 columns the Wear words are cut (the table scrolls) first.
        yield IdTable(id="devices", flex=T.DEVICE_COLUMNS[1], flex_min=16)
        yield Static(id="devices-info")
        yield Static(id="wear-rules")
        yield Footer(compact=True)

    @property
    def table(self) -> IdTable:
        return self.query_one("#devices", IdTable)

    def on_mount(self) -> None:
        for label in T.DEVICE_COLUMNS:
            self.table.add_column(label, key=label)
        self.table.focus()
        self.reload()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.reload())

    def reload(self, keep_id: int | None = None) -> None:
        app = homelog_app(self)
        found = app.attempt(app.journal.devices)
        if not isinstance(found, list):
            return
        journal = app.journal
        today = app.today()
        styles = wear_styles(app.get_css_variables())
        self.table.refill(((d.id, device_cells(d, journal.device_outlook(d, today), styles)) for d in found), keep_id)
        limits = journal.device_limits()
        template = T.WEAR_RULES if limits.wear_caution_above < limits.wear_stop_above else T.WEAR_RULES_NO_CAUTION
        wear = template.format(
            caution=limits.wear_caution_above, stop=limits.wear_stop_above, days=limits.age_caution_above_days
        )
        self.query_one("#wear-rules", Static).update(Content.assemble((wear, "$text-muted")))
        info = self.query_one("#devices-info", Static)
        info.update(Content.assemble((T.DEVICES_EMPTY if not found else "", "$text-muted")))
        info.display = not found

    def action_back(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        from homelog.tui.screens.device_form import DeviceForm

        def added(device: Device | None) -> None:
            if device is not None:
                self.reload(keep_id=device.id)

        self.app.push_screen(DeviceForm(), added)

    def action_undo(self) -> None:
        """The app's one undo (the last change, whatever it was), then show what it did here."""
        homelog_app(self).main_screen.action_undo()
        self.reload()

    def action_retire(self) -> None:
        app = homelog_app(self)
        self._change_selected(
            T.RETIRE_QUESTION, T.RETIRE_TITLE,
            lambda device: app.attempt(app.journal.retire_device, device.id),
            lambda device: msg.DEVICE_RETIRED.format(id=device.id, name=device.name),
        )

    def action_shared(self) -> None:
        app = homelog_app(self)
        self._change_selected(
            T.SHARED_QUESTION, T.SHARED_TITLE,
            lambda device: app.attempt(app.journal.mark_shared, device.id, day=app.today()),
            lambda device: msg.DEVICE_SHARED.format(id=device.id, name=device.name, date=device.shared_from.isoformat()),
            severity="warning",
        )

    def _change_selected(self, question: str, title: str, change, notice, severity: str = "information") -> None:
        """Ask ``question`` about the selected device; on yes, ``change`` it (the journal's
        answer, or None when it refused and said why) and say ``notice`` of the result."""
        from homelog.tui.screens.confirm import ConfirmScreen

        device_id = self.table.selected_id
        if device_id is None:
            self.app.notify(T.NO_DEVICE_SELECTED, severity="warning")
            return
        app = homelog_app(self)
        device = app.attempt(app.journal.device, device_id)
        if not isinstance(device, Device):
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return
            changed = change(device)
            if isinstance(changed, Device):
                app.notify(notice(changed), severity=severity)
                self.reload(keep_id=changed.id)

        app.push_screen(ConfirmScreen(question.format(id=device.id, name=device.name), title=title), done)
