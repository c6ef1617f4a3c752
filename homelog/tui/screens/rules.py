"""The rule table in effect, each rule with where its numbers come from.

Rendered from ``RuleTable.describe()`` (the lines ``homelog rules`` prints):
headings stand out, tables keep their columns, sources wrap under themselves."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from homelog import messages as msg
from homelog.tui import text as T
from homelog.tui.typed import homelog_app

SOURCE = "Source:"


def rules_widgets(lines: list[str]) -> list[Widget]:
    out: list[Widget] = []
    for line in lines:
        stripped = line.strip()
        if not line:
            out.append(Static("", classes="gap"))
        elif not line.startswith(" "):
            out.append(Static(Content.assemble((line, "bold $text-accent")), classes="rule-heading"))
        elif stripped.startswith(SOURCE):
            text = Content.assemble((SOURCE + " ", "italic"), stripped[len(SOURCE):].strip())
            out.append(Static(text, classes="rule-source"))
        else:
            out.append(Static(Content(line), classes="rule-line"))
    out.append(Static("", classes="gap"))
    out.append(Static(Content.assemble((T.RULES_FOOT, "$text-muted")), classes="rule-foot"))
    out.append(Static(Content.assemble((msg.DISCLAIMER, "bold $text-warning")), classes="rule-foot"))
    return out


class RulesScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble((T.RULES_TITLE, "bold")), classes="screen-title")
        with VerticalScroll(id="rules-body"):
            yield from rules_widgets(homelog_app(self).journal.rules.describe())
        yield Footer(compact=True)

    @property
    def plain(self) -> str:
        return "\n".join(str(w.render()) for w in self.query("#rules-body Static"))

    def on_mount(self) -> None:
        self.query_one("#rules-body").focus()
