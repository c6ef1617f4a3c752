"""Keys, what the finding levels mean, and the not-medical-advice note."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from homelog import messages as msg
from homelog.tui import text as T
from homelog.tui.screens.main import MainScreen
from homelog.tui.widgets.definitions import Definitions
from homelog.tui.widgets.findings import TERM_WIDTH, level_term


def key_name(key: str) -> str:
    return T.KEY_NAMES.get(key, key.upper() if key[:1] == "f" and key[1:].isdigit() else key)


def key_items(app: App) -> list[tuple[str, str]]:
    """(keys, what they do) from the main screen's and the app's bindings, then the palette's and escape."""
    bindings = [b for b in [*MainScreen.BINDINGS, *type(app).BINDINGS] if isinstance(b, Binding)]
    bindings.append(Binding(app.COMMAND_PALETTE_BINDING, "command_palette"))
    items = []
    for b in bindings:
        keys = [*b.key.split(","), *T.HELP_MORE_KEYS.get(b.action, ())]
        items.append((" / ".join(key_name(k) for k in keys), T.HELP_ACTIONS[b.action]))
    return [*items, T.HELP_CLOSE]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark", "close", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog") as box:
            box.border_title = T.HELP_TITLE
            with VerticalScroll(id="help-body"):
                yield Static(Content.assemble((T.HELP_KEYS_TITLE, "bold $text-accent")), classes="heading")
                yield Definitions(
                    [(Content.assemble((key, "bold")), what) for key, what in key_items(self.app)], id="help-keys"
                )
                yield Static(Content.assemble((T.HELP_LEVELS_TITLE, "bold $text-accent")), classes="heading")
                yield Definitions(
                    [(level_term(level), what) for level, what in T.HELP_LEVELS],
                    term_width=TERM_WIDTH,
                    id="help-levels",
                )
                yield Static(T.HELP_FORM, classes="para")
                yield Static(Content.assemble((msg.DISCLAIMER, "bold $text-warning")), id="help-disclaimer")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()  # arrows and page keys scroll

    @property
    def plain(self) -> str:
        parts = []
        for widget in self.query("#help-body > *"):
            parts.append(widget.plain if isinstance(widget, Definitions) else str(widget.render()))
        return "\n".join(parts)

    def action_close(self) -> None:
        self.dismiss(None)
