"""What the rules say about a candidate session, shown live in the form."""

from __future__ import annotations

from datetime import date, timedelta

from textual.content import Content

from homelog import messages as msg
from homelog.records import Finding, Verdict
from homelog.tui import text as T
from homelog.tui.widgets.definitions import Definitions, Item

LEVEL_STYLE = {"stop": "bold $text-error", "caution": "bold $text-warning", "note": "bold $text-primary"}
TERM_WIDTH = 10  # "! CAUTION" and a space


def level_term(level: str) -> Content:
    label = f"{T.LEVEL_SYMBOL.get(level, '?')} {T.LEVEL_LABEL.get(level, level.upper())}"
    return Content.assemble((label, LEVEL_STYLE.get(level, "bold")))


def finding_items(findings: tuple[Finding, ...] | list[Finding]) -> list[Item]:
    if not findings:
        return [(None, Content.assemble((T.FINDINGS_NONE, "$text-success")))]
    return [
        (level_term(f.level), Content.assemble(msg.safe(f.message), (f"  [{f.rule}]", "$text-muted")))
        for f in findings
    ]


class Findings(Definitions):
    """Findings plus the next safe date, or a hint while a field is invalid."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(term_width=TERM_WIDTH, id=id)

    def show(
        self, verdict: Verdict, area: str, on: date, rest_days: int = 0, *, rechecked: bool = True, reason: str = ""
    ) -> None:
        """``rest_days``: how long this session would rest its area (0: say nothing).
        ``rechecked`` False: an edit Save does not check again (say so, and no findings);
        ``reason``: the override reason saved before, which Save will offer again."""
        if not rechecked:
            self.set_items([(None, Content.assemble((T.EDIT_NOT_RECHECKED, "$text-muted")))])
            return
        items = finding_items(verdict.findings)
        if not verdict.ok:
            hint = T.FINDINGS_STOP_HINT_REASON if reason else T.FINDINGS_STOP_HINT
            items.append((None, Content.assemble((hint, "$text-error"))))
        if verdict.findings:
            items.append((None, Content.assemble((T.FINDINGS_SOURCES_HINT, "$text-muted"))))
        nsd = verdict.next_safe_date
        if nsd is None:
            rules = ", ".join(verdict.readiness.rules) if verdict.readiness is not None else ""
            line = T.NEXT_SAFE_NONE.format(area=area, rules=rules)
        else:
            line = (T.NEXT_SAFE_TODAY if nsd <= on else T.NEXT_SAFE).format(area=area, date=nsd.isoformat())
        items.append((None, Content.assemble((line, "bold"))))
        if rest_days > 0:
            days = "1 day" if rest_days == 1 else f"{rest_days} days"
            until = (on + timedelta(days=rest_days)).isoformat()
            items.append((None, Content.assemble((T.AFTER_THIS.format(area=area, days=days, date=until), "$text-muted"))))
        self.set_items(items)

    def waiting(self, problem: str | None = None) -> None:
        if problem:
            self.set_items([(None, Content.assemble((msg.safe(problem), "$text-error")))])
        else:
            self.set_items([(None, Content.assemble((T.FINDINGS_WAITING, "$text-muted")))])
