"""The area panel says why an area is not ready, at every width the main screen gives it."""

from __future__ import annotations

from datetime import date

import pytest

from homelog.records import AreaStatus, Finding, Verdict
from homelog.tui import text as T
from homelog.tui.widgets.area_panel import AreaPanel
from homelog.tui.widgets.findings import Findings

AS_OF = date(2025, 3, 1)
WIDTHS = (38, 29, 27)  # #areas-box content at wide, medium and narrow (app.tcss: width less border and padding)


def hold(rule: str, level: str, message: str = "", until: date | None = None) -> Finding:
    return Finding(rule, level, message, until, "source")


RETINOID = hold("contraindication", "stop", 'Condition "retinoid" (from 2025-02-20, on the face) rules out needling', date(2025, 3, 20))
ACNE = hold("contraindication", "caution", 'Condition "acne" (from 2025-02-01, for every area): take extra care')
RECOVERY = hold("recovery", "stop", "Face: the skin after the session on 2025-02-28 was not healed")

STATUSES = [
    AreaStatus("face", "face", None, date(2025, 3, 12), aftercare_until=date(2025, 3, 5), holds=(RECOVERY, RETINOID)),
    AreaStatus("neck", "face", None, None, holds=(RECOVERY,)),
    AreaStatus("arms", "body", None, None, holds=(ACNE,)),
    AreaStatus("legs", "body", None, None, aftercare_until=date(2025, 3, 3)),
    AreaStatus("scalp", "scalp", None, None, holds=(hold("frequency-cap", "stop"),)),
    AreaStatus("back", "body", None, date(2025, 3, 4), holds=(hold("rest-period", "stop", "resting"),)),
]


def lines(width: int) -> list[str]:
    panel = AreaPanel()
    panel.show(STATUSES, AS_OF)
    return [line.plain for line in panel.lines(width)]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_reason_shows_and_fits(width):
    shown = lines(width)
    assert max(len(line) for line in shown) <= width
    text = "\n".join(shown)
    assert shown[0].startswith("✗ face") and "until" in shown[0]  # resting comes first
    assert "✗ recovering" in text and "✗ neck  recovering" in text  # held without resting
    assert "retinoid" in text and "! " in text and "acne" in text
    assert "✓ arms" in text  # a caution does not make it not ready
    assert "aftercare" in text and "03-05" in text and "03-03" in text
    assert "frequency-cap" in text  # a rule without its own words still shows
    assert "resting" not in text  # a rest-period hold is the "until" already said
    assert sum(1 for line in shown if line.startswith(("✓", "✗"))) == len(STATUSES)


def test_the_longest_forms_at_the_widest():
    text = "\n".join(lines(60))
    assert "✗ face  until 2025-03-12 · 11 days left" in text
    assert "  ✗ contraindicated: retinoid to 03-20" in text
    assert "! take care: acne" in text
    assert "✗ recovering: log it healed (h)" in text
    assert "~ aftercare until 2025-03-05" in text
    assert "held by frequency-cap" in text


def test_the_medium_panel_still_says_contraindicated():
    assert "  ✗ contraindicated: retinoid" in lines(29)


def test_the_panel_is_as_tall_as_its_lines():
    panel = AreaPanel()
    panel.show(STATUSES, AS_OF)
    assert panel.get_content_height(None, None, 40) == len(panel.lines(40)) > len(STATUSES)


def test_new_rule_ids_and_levels_show_in_the_form_findings():
    """Nothing in the form's findings is a fixed list of rules: the skin rules show as they come."""
    findings = Findings()
    verdict = Verdict((RECOVERY, hold("frequency-cap", "caution", "4 sessions in 7 days"), hold("aftercare", "note", "Aftercare")), AS_OF)
    findings.show(verdict, "face", AS_OF)
    text = findings.plain
    assert "✗ STOP" in text and "[recovery]" in text
    assert "! CAUTION 4 sessions in 7 days  [frequency-cap]" in text
    assert "i NOTE Aftercare  [aftercare]" in text
    assert T.FINDINGS_STOP_HINT in text
