"""The sources behind the findings of the add form: for each finding's rule, its
evidence line and its sources with their links (opened from the form)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from homelog.records import Finding
from homelog.tui import text as T
from homelog.tui.typed import homelog_app
from homelog.tui.widgets.rule_lines import rule_widgets


class SourcesScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def __init__(self, findings: tuple[Finding, ...] | list[Finding]) -> None:
        super().__init__()
        self.findings = tuple(findings)

    def lines(self) -> list[str]:
        """Each finding's rule once: a heading (rule id and level), its evidence and sources."""
        rules = homelog_app(self).journal.rules
        out: list[str] = []
        for rule in dict.fromkeys(f.rule for f in self.findings):
            levels = ", ".join(dict.fromkeys(T.LEVEL_LABEL.get(f.level, f.level) for f in self.findings if f.rule == rule))
            out += [*([""] if out else []), f"{rule} ({levels})", *(f"  {line}" for line in rules.evidence_lines(rule))]
        return out

    def compose(self) -> ComposeResult:
        with Vertical(id="sources-dialog", classes="dialog") as dialog:
            dialog.border_title = T.SOURCES_TITLE
            with VerticalScroll(id="sources-body"):
                yield from rule_widgets(self.lines())
            yield Static(Content.assemble((T.SOURCES_FOOT, "$text-muted")), id="sources-foot")
        yield Footer(compact=True)

    @property
    def plain(self) -> str:
        return "\n".join(str(w.render()) for w in self.query("#sources-body Static"))

    def on_mount(self) -> None:
        self.query_one("#sources-body").focus()
