"""The sources every rule rests on: for each rule, its evidence line and its
sources with their links. Opened from anywhere (the `i` key, the palette's
"Sources", the help screen), or from a form's findings: then each finding's
rule is marked with its level and the screen opens at the first one."""

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

    def __init__(self, findings: tuple[Finding, ...] | list[Finding] = ()) -> None:
        super().__init__()
        self.findings = tuple(findings)

    @property
    def at_rule(self) -> str | None:
        """The rule the screen opens at: the first finding's."""
        return self.findings[0].rule if self.findings else None

    def rule_ids(self) -> list[str]:
        """Every rule in the table's order, the findings' rules first."""
        rules = homelog_app(self).journal.rules
        found = dict.fromkeys(f.rule for f in self.findings)
        return [*found, *(r for r in rules.source_keys if r not in found)]

    def heading(self, rule: str) -> str:
        levels = ", ".join(dict.fromkeys(T.LEVEL_LABEL.get(f.level, f.level) for f in self.findings if f.rule == rule))
        return f"{rule} ({levels})" if levels else rule

    def lines(self) -> list[str]:
        """Each rule once: a heading (rule id, and the findings' levels), its evidence and sources."""
        rules = homelog_app(self).journal.rules
        out: list[str] = []
        for rule in self.rule_ids():
            out += [*([""] if out else []), self.heading(rule), *(f"  {line}" for line in rules.evidence_lines(rule))]
        return out

    def compose(self) -> ComposeResult:
        with Vertical(id="sources-dialog", classes="dialog") as dialog:
            dialog.border_title = T.SOURCES_FINDINGS_TITLE if self.findings else T.SOURCES_TITLE
            with VerticalScroll(id="sources-body"):
                yield from rule_widgets(self.lines())
            yield Static(Content.assemble((T.SOURCES_FOOT, "$text-muted")), id="sources-foot")
        yield Footer(compact=True)

    @property
    def plain(self) -> str:
        return "\n".join(str(w.render()) for w in self.query("#sources-body Static"))

    def on_mount(self) -> None:
        self.query_one("#sources-body").focus()
