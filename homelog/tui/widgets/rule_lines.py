"""The lines of ``RuleTable.describe()`` (or of one rule's evidence) as widgets:
headings stand out, tables keep their columns, the evidence line and each source
wrap under themselves."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

# The labels ``RuleTable`` puts before a rule's evidence line and its sources.
LABELS = ("Evidence:", "Sources:")
ITEM = "- "  # a source, one a line under "Sources:"


def rule_widgets(lines: list[str]) -> list[Widget]:
    out: list[Widget] = []
    for line in lines:
        stripped = line.strip()
        label = next((x for x in LABELS if stripped.startswith(x)), None)
        if not line:
            out.append(Static("", classes="gap"))
        elif not line.startswith(" "):
            out.append(Static(Content.assemble((line, "bold $text-accent")), classes="rule-heading"))
        elif label:
            text = Content.assemble((label + " ", "italic"), stripped[len(label):].strip())
            out.append(Static(text, classes="rule-source"))
        elif stripped.startswith(ITEM):
            out.append(Static(Content(stripped), classes="rule-source-item"))
        else:
            out.append(Static(Content(line), classes="rule-line"))
    return out
