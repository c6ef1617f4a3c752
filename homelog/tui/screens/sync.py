"""Sync with your other machines through a synced folder: preview, then merge."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from homelog import messages as msg
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.form_fields import FormInput


class SyncScreen(ModalScreen[bool]):
    """Dismisses with True when a sync changed the journal."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, folder: str = "") -> None:
        super().__init__()
        self.folder = folder
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="sync-dialog", classes="dialog") as dialog:
            dialog.border_title = T.SYNC_TITLE
            yield Static(T.SYNC_EXPLAIN, id="sync-explain")
            yield FormInput(value=self.folder, placeholder=T.SYNC_PLACEHOLDER, id="sync-folder")
            yield Static("", id="sync-result")
            with Horizontal(classes="buttons"):
                yield Button(T.SYNC_PREVIEW, id="preview", compact=True)
                yield Button(T.SYNC_GO, id="go", variant="primary", compact=True)
                yield Button(T.CLOSE, id="close", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#sync-folder", Input).focus()

    def _run(self, *, dry_run: bool) -> None:
        from homelog.service.sync import SyncResult, sync

        text = self.query_one("#sync-folder", Input).value.strip()
        if not text:
            self.app.notify(T.SYNC_NO_FOLDER, severity="warning")
            return
        app = homelog_app(self)
        result = app.attempt(sync, app.journal, Path(text).expanduser(), dry_run=dry_run)
        if not isinstance(result, SyncResult):
            return  # the error was shown
        n = len(result.files)
        words = msg.SYNC_WOULD if dry_run else msg.SYNC_DONE
        lines = [words.format(files=msg.plural(n, "sync file"), summary=msg.sync_summary(result.counts), own=result.written)]
        for f in result.findings:
            lines.append(f"{f.level.upper()} {f.rule}: {msg.plural(f.count, 'session')}")
            lines += [f"   {where}: {message}" for where, message in f.examples]
        self.query_one("#sync-result", Static).update("\n".join(lines))
        self.changed = self.changed or (not dry_run and result.changed > 0)

    @on(Button.Pressed, "#preview")
    def _preview(self) -> None:
        self._run(dry_run=True)

    @on(Input.Submitted, "#sync-folder")
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        self._run(dry_run=False)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(self.changed)
