"""The area panel says why an area is not ready, at every width the main screen gives it."""

from __future__ import annotations

from datetime import date

import pytest

from homelog.records import AreaStatus, Finding, Readiness, Verdict
from homelog.tui import text as T
from homelog.tui.widgets.area_panel import AreaPanel, details
from homelog.tui.widgets.findings import Findings

AS_OF = date(2025, 3, 1)
WIDTHS = (38, 29, 27)  # #areas-box content at wide, medium and narrow (app.tcss: width less border and padding)


def hold(rule: str, level: str, message: str = "", until: date | None = None) -> Finding:
    return Finding(rule, level, message, until, "source")


RETINOID = hold("contraindication", "stop", 'Condition "retinoid" (from 2025-02-20, on the face) rules out needling', date(2025, 3, 20))
ACNE = hold("contraindication", "caution", 'Condition "acne" (from 2025-02-01, for every area): take extra care')
RECOVERY = hold("recovery", "stop", "Face: the skin after the session on 2025-02-28 was not healed")

REST = hold("rest-period", "stop", "Face is still resting", date(2025, 3, 12))
CARE_REST = hold("rest-period", "caution", "Legs is still resting", date(2025, 3, 3))
PREGNANCY = hold("contraindication", "stop", 'Condition "pregnancy" (from 2025-01-01, for every area) rules out needling')


def status(area: str, ready_on: date | None, held_by=(), holds=(), aftercare=None, group="face") -> AreaStatus:
    resting = ready_on if any(f.rule == "rest-period" for f in held_by) else None
    return AreaStatus(area, group, None, resting, aftercare, tuple(holds), AS_OF, Readiness(ready_on, tuple(held_by)))


STATUSES = [
    status("face", date(2025, 3, 20), (REST, RETINOID), (REST, RETINOID), aftercare=date(2025, 3, 5)),
    status("neck", None, (RECOVERY,), (RECOVERY,)),
    status("chest", None, (PREGNANCY,), (PREGNANCY,)),
    status("arms", AS_OF, holds=(ACNE,), group="body"),
    status("legs", AS_OF, holds=(CARE_REST,), group="body"),
    status("scalp", AS_OF, aftercare=date(2025, 3, 3), group="scalp"),
    status("back", date(2025, 3, 4), (hold("frequency-cap", "stop"),), group="body"),
]


def lines(width: int) -> list[str]:
    panel = AreaPanel()
    panel.show(STATUSES, AS_OF)
    return [line.plain for line in panel.lines(width)]


@pytest.mark.parametrize("width", WIDTHS)
def test_one_line_per_area_that_fits(width):
    shown = lines(width)
    assert len(shown) == len(STATUSES)
    assert max(len(line) for line in shown) <= width
    assert [line.split()[1] for line in shown] == [st.area for st in STATUSES]
    face, neck, chest, arms, legs, scalp, back = shown
    # The word is what holds the area up to its ready day: the retinoid outlasts the rest.
    assert face.startswith("✗ face") and "retinoid" in face and "03-20" in face
    assert neck.startswith("✗ neck") and "healing" in neck and neck.endswith(T.AREA_NO_DATE)
    assert chest.startswith("✗ chest") and "pregnan" in chest and chest.endswith(T.AREA_NO_DATE)
    # Caution only: not drawn as a stop.
    assert arms.startswith("! arms") and "acne" in arms
    assert legs.startswith("! legs") and "resting" in legs and "03-03" in legs
    assert scalp.startswith("✓ scalp") and "ready" in scalp and "~03-03" in scalp
    assert back.startswith("✗ back") and "too-often" in back  # a rule with no kind still shows


def test_the_full_dates_at_the_widest():
    face = lines(60)[0]
    assert face.startswith("✗ face") and face.endswith("2025-03-20")


def test_the_details_say_every_finding():
    text = details(STATUSES[0])
    assert "2025-03-20" in text and "Face is still resting" in text and "retinoid" in text and "aftercare" in text
    assert T.AREA_NO_DATE in details(STATUSES[1])


def test_the_panel_is_one_line_per_area_tall():
    panel = AreaPanel()
    panel.show(STATUSES, AS_OF)
    assert panel.get_content_height(None, None, 40) == len(STATUSES)


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
