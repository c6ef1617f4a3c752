"""Sync with your other machines through a synced folder: preview, then merge.

The folder is encrypted: when this machine has no key for it the screen asks
for its passphrase (twice for a folder set up now), never echoed. Enter in the
folder field previews (it writes nothing); only the Sync button merges. The
folder synced last is filled in."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from homelog import messages as msg
from homelog.errors import HomelogError, PassphraseNeeded
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.form_fields import FormInput


class SyncScreen(ModalScreen[bool]):
    """Dismisses with True when a sync changed the journal."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, folder: str | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.changed = False
        self._asked: PassphraseNeeded | None = None  # the passphrase the folder needs, once asked
        self._pending_dry_run = True  # what Enter in a passphrase field runs again

    def compose(self) -> ComposeResult:
        from homelog.service.sync_open import last_folder

        folder = self.folder if self.folder is not None else last_folder(homelog_app(self).config_dir) or ""
        with Vertical(id="sync-dialog", classes="dialog") as dialog:
            dialog.border_title = T.SYNC_TITLE
            yield Static(T.SYNC_EXPLAIN, id="sync-explain")
            yield FormInput(value=folder, placeholder=T.SYNC_PLACEHOLDER, id="sync-folder")
            yield FormInput(placeholder=T.SYNC_PASSPHRASE, password=True, id="sync-passphrase")
            yield FormInput(placeholder=T.SYNC_PASSPHRASE_AGAIN, password=True, id="sync-passphrase-again")
            yield Static("", id="sync-result", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(T.SYNC_PREVIEW, id="preview", compact=True)
                yield Button(T.SYNC_GO, id="go", variant="primary", compact=True)
                yield Button(T.CLOSE, id="close", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for field in ("#sync-passphrase", "#sync-passphrase-again"):
            self.query_one(field, Input).display = False
        self.query_one("#sync-folder", Input).focus()

    def _ask(self, needed: PassphraseNeeded, dry_run: bool) -> None:
        self._asked, self._pending_dry_run = needed, dry_run
        first, again = self.query_one("#sync-passphrase", Input), self.query_one("#sync-passphrase-again", Input)
        first.display = True
        again.display = needed.new
        self.query_one("#sync-result", Static).update(T.SYNC_ASK_NEW if needed.new else T.SYNC_ASK)
        first.focus()

    def _passphrase(self) -> str | None:
        """The typed passphrase (None: none asked); a differing second one is notified, and ''."""
        if self._asked is None:
            return None
        first = self.query_one("#sync-passphrase", Input).value
        if self._asked.new and self.query_one("#sync-passphrase-again", Input).value != first:
            self.app.notify(T.SYNC_DIFFER, severity="warning")
            return ""
        return first or None

    def _run(self, *, dry_run: bool) -> None:
        from homelog.service.sync import sync

        text = self.query_one("#sync-folder", Input).value.strip()
        if not text:
            self.app.notify(T.SYNC_NO_FOLDER, severity="warning")
            return
        passphrase = self._passphrase()
        if passphrase == "":
            return
        app = homelog_app(self)
        try:
            result = sync(app.journal, Path(text).expanduser(), config_dir=app.config_dir, passphrase=passphrase, dry_run=dry_run)
        except PassphraseNeeded as needed:
            self._ask(needed, dry_run)
            return
        except HomelogError as exc:
            app.notify(str(exc), title=T.ERROR_TITLE, severity="error", timeout=10)
            return
        if self._asked is not None and not (self._asked.new and dry_run):  # the key is remembered now
            for field in ("#sync-passphrase", "#sync-passphrase-again"):
                self.query_one(field, Input).value = ""
                self.query_one(field, Input).display = False
            self._asked = None
            self.query_one("#sync-folder", Input).focus()
        n = len(result.files)
        words = msg.SYNC_WOULD if dry_run else msg.SYNC_DONE
        lines = [msg.SYNC_SET_UP.format(path=msg.shown(text))] if result.set_up else []
        lines.append(words.format(files=msg.plural(n, "sync file"), summary=msg.sync_summary(result.counts), own=result.written))
        lines += [f"⚠ {line}" for line in result.skipped]
        for f in result.findings:
            lines.append(f"{f.level.upper()} {f.rule}: {msg.plural(f.count, 'session')}")
            lines += [f"   {where}: {message}" for where, message in f.examples]
        self.query_one("#sync-result", Static).update("\n".join(lines))
        self.changed = self.changed or (not dry_run and result.changed > 0)

    @on(Input.Submitted, "#sync-folder")
    @on(Button.Pressed, "#preview")
    def _preview(self) -> None:
        self._run(dry_run=True)

    @on(Input.Submitted, "#sync-passphrase")
    @on(Input.Submitted, "#sync-passphrase-again")
    def _again(self) -> None:
        self._run(dry_run=self._pending_dry_run)

    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        self._run(dry_run=False)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(self.changed)
