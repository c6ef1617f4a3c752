"""The rule table in effect, each rule with its evidence line and its sources.

Rendered from ``RuleTable.describe()`` (the lines ``homelog rules`` prints)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from homelog import messages as msg
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.rule_lines import rule_widgets


class RulesScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble((T.RULES_TITLE, "bold")), classes="screen-title")
        with VerticalScroll(id="rules-body"):
            yield from rule_widgets(homelog_app(self).journal.rules.describe())
            yield Static("", classes="gap")
            yield Static(Content.assemble((T.RULES_FOOT, "$text-muted")), classes="rule-foot")
            yield Static(Content.assemble((msg.DISCLAIMER, "bold $text-warning")), classes="rule-foot")
        yield Footer(compact=True)

    @property
    def plain(self) -> str:
        return "\n".join(str(w.render()) for w in self.query("#rules-body Static"))

    def on_mount(self) -> None:
        self.query_one("#rules-body").focus()
